package io.minqing.transform.topics;

import io.minqing.contract.Column;
import io.minqing.contract.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes a topic mart through embedded DuckDB, the way {@link MartWriter} does through Spark: rows (in the mart's
 * column order) are appended to an in-memory table, then {@code COPY … ORDER BY …} writes Parquet into
 * {@code lake/_tmp/<table>-…}, which is moved into {@code lake/marts/<table>} (the previous version moved aside first,
 * deleted after). One writer thread and a fixed order, so a rerun gives byte-identical files. A partitioned mart with
 * no rows is written as one empty file (with the partition column) so readers still find its columns.
 */
final class DuckMarts {

    private DuckMarts() {
    }

    /** Creates table {@code name} with the schema's columns and appends the rows. */
    static void load(Connection conn, String name, TableSchema table, Collection<Object[]> rows) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE OR REPLACE TABLE " + name + " (" + table.columns().stream()
                    .map(c -> c.name() + " " + c.type().duckdbType()).collect(Collectors.joining(", ")) + ")");
        }
        List<Column> cols = table.columns();
        try (DuckDBAppender app = conn.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA, name)) {
            for (Object[] r : rows) {
                if (r.length != cols.size()) {
                    throw new IllegalStateException(table.name() + " row has " + r.length + " values for " + cols.size() + " columns");
                }
                app.beginRow();
                for (int i = 0; i < r.length; i++) {
                    append(app, cols.get(i), r[i]);
                }
                app.endRow();
            }
        }
    }

    private static void append(DuckDBAppender app, Column c, Object v) throws SQLException {
        if (v == null) {
            app.appendNull();
            return;
        }
        switch (c.type()) {
            case STRING -> app.append((String) v);
            case BOOLEAN -> app.append((boolean) (Boolean) v);
            case INT -> app.append((int) (Integer) v);
            case LONG -> app.append((long) (Long) v);
            case DOUBLE -> app.append((double) (Double) v);
            case STRING_LIST -> app.append((Collection<?>) v);
            default -> throw new IllegalStateException("topic marts have no " + c.type() + " column: " + c.name());
        }
    }

    static long write(Connection conn, TableSchema table, Collection<Object[]> rows, Path target, Path tmpRoot, String... sortBy) {
        String name = "mart_" + table.name();
        Path tmp = tmpRoot.resolve(table.name() + "-" + System.nanoTime());
        try {
            load(conn, name, table, rows);
            Files.createDirectories(tmp);
            String select = "SELECT " + String.join(", ", table.columnNames()) + " FROM " + name + " ORDER BY "
                    + String.join(", ", sortBy);
            try (Statement st = conn.createStatement()) {
                st.execute("SET threads = 1");
                if (table.partitionColumn() != null && !rows.isEmpty()) {
                    st.execute("COPY (" + select + ") TO '" + sql(tmp) + "' (FORMAT parquet, PARTITION_BY (" + table.partitionColumn()
                            + "), FILENAME_PATTERN 'part-{i}', OVERWRITE_OR_IGNORE)");
                } else {
                    st.execute("COPY (" + select + ") TO '" + sql(tmp.resolve("part-00000.parquet")) + "' (FORMAT parquet)");
                }
                st.execute("DROP TABLE " + name);
                st.execute("RESET threads");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("writing marts/" + table.name() + " with DuckDB: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("creating " + tmp, e);
        }
        moveIntoPlace(tmp, target);
        return rows.size();
    }

    static void moveIntoPlace(Path tmp, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Path old = target.resolveSibling(target.getFileName() + ".old-" + System.nanoTime());
            if (Files.exists(target)) {
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            TopicModel.deleteTree(old);
        } catch (IOException e) {
            throw new UncheckedIOException("moving " + tmp + " into place as " + target, e);
        }
    }

    static String sql(Path p) {
        return p.toAbsolutePath().toString().replace("'", "''");
    }
}
