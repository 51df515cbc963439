package io.minqing.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small marts as Parquet with DuckDB itself (CREATE TABLE …; COPY … TO), following the mart schemas, with
 * hand-chosen numbers. Unset columns are 0 for counts and NULL otherwise, so a fixture states only what a test reads.
 */
final class FixtureLake implements AutoCloseable {

    final Path root;
    private final Connection db;
    private final Map<String, Map<String, String>> tables = new LinkedHashMap<>();

    FixtureLake(Path root) throws SQLException {
        this.root = root;
        this.db = DriverManager.getConnection("jdbc:duckdb:");
    }

    /** Declares a table with {@code columns} (name → DuckDB type). */
    FixtureLake table(String name, Map<String, String> columns) throws SQLException {
        tables.put(name, new LinkedHashMap<>(columns));
        List<String> defs = new ArrayList<>();
        columns.forEach((c, t) -> defs.add("\"" + c + "\" " + t));
        exec("CREATE OR REPLACE TABLE \"" + name + "\" (" + String.join(", ", defs) + ")");
        return this;
    }

    /** Inserts one row; columns not given are 0 (integer types) or NULL. */
    FixtureLake row(String table, Object... nameValue) throws SQLException {
        Map<String, String> cols = tables.get(table);
        Map<String, Object> given = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            if (!cols.containsKey((String) nameValue[i])) {
                throw new IllegalArgumentException("fixture " + table + " has no column " + nameValue[i]);
            }
            given.put((String) nameValue[i], nameValue[i + 1]);
        }
        List<String> names = new ArrayList<>(cols.keySet());
        StringBuilder sql = new StringBuilder("INSERT INTO \"" + table + "\" VALUES (");
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String c = names.get(i);
            String type = cols.get(c);
            sql.append(i == 0 ? "" : ", ");
            if (given.containsKey(c)) {
                Object v = given.get(c);
                if (v instanceof List<?> l) {
                    sql.append("[");
                    for (int k = 0; k < l.size(); k++) {
                        sql.append(k == 0 ? "?" : ", ?");
                        params.add(l.get(k));
                    }
                    sql.append("]::").append(type);
                } else {
                    sql.append("CAST(? AS ").append(type).append(")");
                    params.add(v == null ? null : v.toString());
                }
            } else if (type.equals("BIGINT") || type.equals("INTEGER")) {
                sql.append("0");
            } else if (type.equals("BOOLEAN")) {
                sql.append("false");
            } else if (type.endsWith("[]")) {
                sql.append("[]::").append(type);
            } else {
                sql.append("NULL");
            }
        }
        sql.append(")");
        try (PreparedStatement ps = db.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            ps.execute();
        }
        return this;
    }

    /** Writes every declared table to {@code <root>/<folder>/<table>/}, partitioned when {@code partition} is set. */
    void write(String folder, String table, String partition) throws SQLException, IOException {
        Path dir = root.resolve(folder).resolve(table);
        Files.createDirectories(dir.getParent());
        String target = dir.toString().replace("'", "''");
        if (partition == null) {
            Files.createDirectories(dir);
            exec("COPY \"" + table + "\" TO '" + target + "/part-00000.parquet' (FORMAT parquet)");
        } else {
            exec("COPY \"" + table + "\" TO '" + target + "' (FORMAT parquet, PARTITION_BY (" + partition + "), OVERWRITE_OR_IGNORE)");
        }
    }

    void exec(String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
