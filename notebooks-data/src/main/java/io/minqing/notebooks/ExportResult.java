package io.minqing.notebooks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What one export wrote. */
public record ExportResult(List<Table> tables, List<String> missing, Path database, Path readme, Duration elapsed) {

    /** One exported table. */
    public record Table(String name, long rows, Path parquet, Path csv) {
    }

    public ExportResult {
        tables = List.copyOf(tables);
        missing = List.copyOf(missing);
    }

    public long totalRows() {
        return tables.stream().mapToLong(Table::rows).sum();
    }
}
