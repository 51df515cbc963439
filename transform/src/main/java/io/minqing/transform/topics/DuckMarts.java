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
        try (Sink sink = new Sink(conn, table, name)) {
            for (Object[] r : rows) {
                sink.add(r);
            }
        }
    }

    /**
     * A mart written row by row (so its rows need not all be in the JVM at once): rows go to a DuckDB table through an
     * appender; {@link #finish} writes the table like {@link #write} and moves it into place.
     */
    static final class Sink implements AutoCloseable {
        private final Connection conn;
        private final TableSchema table;
        private final String name;
        private final List<Column> cols;
        private DuckDBAppender app;
        private long rows;

        Sink(Connection conn, TableSchema table) throws SQLException {
            this(conn, table, "mart_" + table.name());
        }

        private Sink(Connection conn, TableSchema table, String name) throws SQLException {
            this.conn = conn;
            this.table = table;
            this.name = name;
            this.cols = table.columns();
            try (Statement st = conn.createStatement()) {
                st.execute("CREATE OR REPLACE TABLE " + name + " (" + cols.stream()
                        .map(c -> c.name() + " " + c.type().duckdbType()).collect(Collectors.joining(", ")) + ")");
            }
            this.app = conn.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA, name);
        }

        void add(Object[] r) throws SQLException {
            if (r.length != cols.size()) {
                throw new IllegalStateException(table.name() + " row has " + r.length + " values for " + cols.size() + " columns");
            }
            app.beginRow();
            for (int i = 0; i < r.length; i++) {
                append(app, cols.get(i), r[i]);
            }
            app.endRow();
            rows++;
        }

        /** Writes the rows to {@code target} (sorted by {@code sortBy}); returns how many. */
        long finish(Path target, Path tmpRoot, String... sortBy) {
            try {
                close();
            } catch (SQLException e) {
                throw new IllegalStateException("writing marts/" + table.name() + " with DuckDB: " + e.getMessage(), e);
            }
            copy(conn, table, name, rows == 0, target, tmpRoot, sortBy);
            return rows;
        }

        /**
         * As {@link #finish}, for a partitioned mart of which some partitions are kept as they are: the folders
         * {@code keep} (partitions of the mart now at {@code target}, none of them among this sink's rows) are moved
         * beside the new partitions before the whole is moved into place. Returns the rows of this sink.
         */
        long finishKeeping(Path target, Path tmpRoot, List<Path> keep, String... sortBy) {
            if (keep.isEmpty()) {
                return finish(target, tmpRoot, sortBy);
            }
            try {
                close();
            } catch (SQLException e) {
                throw new IllegalStateException("writing marts/" + table.name() + " with DuckDB: " + e.getMessage(), e);
            }
            Path tmp = tmpRoot.resolve(table.name() + "-" + System.nanoTime());
            if (rows > 0) {
                copyInto(conn, table, name, false, tmp, sortBy);
            } else {
                drop(conn, name);
            }
            try {
                Files.createDirectories(tmp);
                for (Path p : keep) {
                    Path q = tmp.resolve(p.getFileName().toString());
                    if (Files.exists(q)) {
                        throw new IllegalStateException("marts/" + table.name() + ": partition " + q.getFileName() + " both kept and written");
                    }
                    Files.move(p, q, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("keeping partitions of " + target, e);
            }
            moveIntoPlace(tmp, target);
            return rows;
        }

        @Override
        public void close() throws SQLException {
            if (app != null) {
                DuckDBAppender a = app;
                app = null;
                a.close();
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
        try {
            load(conn, name, table, rows);
        } catch (SQLException e) {
            throw new IllegalStateException("writing marts/" + table.name() + " with DuckDB: " + e.getMessage(), e);
        }
        copy(conn, table, name, rows.isEmpty(), target, tmpRoot, sortBy);
        return rows.size();
    }

    /** COPY of the loaded table {@code name} into lake/_tmp, ordered, then moved into place; drops the table. */
    private static void copy(Connection conn, TableSchema table, String name, boolean empty, Path target, Path tmpRoot, String... sortBy) {
        Path tmp = tmpRoot.resolve(table.name() + "-" + System.nanoTime());
        copyInto(conn, table, name, empty, tmp, sortBy);
        moveIntoPlace(tmp, target);
    }

    private static void drop(Connection conn, String name) {
        try (Statement st = conn.createStatement()) {
            st.execute("DROP TABLE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("dropping " + name + " in DuckDB: " + e.getMessage(), e);
        }
    }

    /** COPY of the loaded table {@code name} into the new folder {@code tmp}, ordered; drops the table. */
    private static void copyInto(Connection conn, TableSchema table, String name, boolean empty, Path tmp, String... sortBy) {
        try {
            Files.createDirectories(tmp);
            String select = "SELECT " + String.join(", ", table.columnNames()) + " FROM " + name + " ORDER BY "
                    + String.join(", ", sortBy);
            try (Statement st = conn.createStatement()) {
                st.execute("SET threads = 1");
                if (table.partitionColumn() != null && !empty) {
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
