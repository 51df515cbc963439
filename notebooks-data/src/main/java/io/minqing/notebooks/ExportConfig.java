package io.minqing.notebooks;

import io.minqing.contract.Lake;
import io.minqing.contract.TableSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ExportJob} exports and where.
 *
 * @param lake   the lake whose marts are exported
 * @param outDir the notebooks-data folder (parquet/, csv/, minqing.duckdb, README.md are written there)
 * @param tables the mart tables to export, in the order the data dictionary lists them; a table whose folder is
 *               missing under lake/marts is reported as missing, not an error, unless no table exists at all
 */
public record ExportConfig(Lake lake, Path outDir, List<TableSchema> tables) {

    public ExportConfig {
        Objects.requireNonNull(lake, "lake");
        outDir = outDir.toAbsolutePath().normalize();
        tables = List.copyOf(tables);
    }
}
