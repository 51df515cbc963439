package io.minqing.generator;

import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * One messy export file (CSV or XLSX) as an office writes it: its own header names and extra columns, its own
 * time format. Rows come in as canonical cells ({@link LocalDateTime} for times written the file's normal way,
 * {@link String} for everything else, including deliberately odd time text); the target lays them out and says
 * where each landed (CSV line or XLSX sheet + row), so defects can point at them.
 */
abstract class Target {

    /** Where a row landed: CSV physical line, or XLSX sheet and row (all 1-based, header = 1). */
    record Loc(Long line, String sheet, Long row) {
    }

    /** A copy of a row to write again a few rows later (a duplicate as offices make them). */
    private static final class Pending {
        final Object[] cells;
        final String key;
        int wait;

        Pending(Object[] cells, String key, int wait) {
            this.cells = cells;
            this.key = key;
            this.wait = wait;
        }
    }

    interface DuplicateListener {
        void written(String key, Loc at) throws IOException;
    }

    final String path;
    final String kind;
    final List<String> canonical;
    /** Written header per file column. */
    final List<String> headers;
    /** Per file column: index into the canonical row, or -1 for 序号 (running number), -2 for an empty extra column. */
    final int[] layout;
    long rows;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private DuplicateListener listener;

    Target(String path, String kind, List<String> canonical, List<String> headers, int[] layout) {
        this.path = path;
        this.kind = kind;
        this.canonical = canonical;
        this.headers = List.copyOf(headers);
        this.layout = layout;
    }

    void onDuplicateWritten(DuplicateListener l) {
        this.listener = l;
    }

    /** The header as written in this file for canonical column {@code canonicalIndex}. */
    String header(int canonicalIndex) {
        for (int i = 0; i < layout.length; i++) {
            if (layout[i] == canonicalIndex) {
                return headers.get(i);
            }
        }
        throw new IllegalArgumentException("column " + canonicalIndex + " not in " + path);
    }

    /** Writes a data row, then any due duplicate copies. */
    Loc write(Object[] cells) throws IOException {
        Loc at = writeRow(lay(cells));
        rows++;
        Iterator<Pending> it = pending.iterator();
        List<Pending> due = new ArrayList<>();
        while (it.hasNext()) {
            Pending p = it.next();
            if (--p.wait <= 0) {
                due.add(p);
                it.remove();
            }
        }
        for (Pending p : due) {
            Loc copyAt = writeRow(lay(p.cells));
            rows++;
            listener.written(p.key, copyAt);
        }
        return at;
    }

    /** Writes {@code cells} again after {@code wait} more rows (or when the file is finished). */
    void duplicateLater(Object[] cells, String key, int wait) {
        pending.add(new Pending(cells.clone(), key, wait));
    }

    void flushPending() throws IOException {
        while (!pending.isEmpty()) {
            Pending p = pending.poll();
            Loc copyAt = writeRow(lay(p.cells));
            rows++;
            listener.written(p.key, copyAt);
        }
    }

    private Object[] lay(Object[] cells) {
        Object[] out = new Object[layout.length];
        for (int i = 0; i < layout.length; i++) {
            int k = layout[i];
            out[i] = k >= 0 ? cells[k] : k == -1 ? Long.toString(rows + 1) : "";
        }
        return out;
    }

    abstract Loc writeRow(Object[] fileCells) throws IOException;

    abstract Loc blank() throws IOException;

    /** Location of the header row. */
    abstract Loc headerLoc();

    /** How this file writes a normal time, for defects' {@code value}. */
    abstract String formatTime(LocalDateTime t);

    abstract ExportSink.ExportFile finish() throws IOException;
}
