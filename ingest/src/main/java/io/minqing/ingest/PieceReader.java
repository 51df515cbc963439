package io.minqing.ingest;

import io.minqing.contract.MinqingException;
import io.minqing.ingest.read.Inputs;
import io.minqing.ingest.read.RecordSource;
import io.minqing.ingest.read.SourceRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * Reads one piece (a file, a sheet or a range of a large CSV) through the profile's {@link RecordMapper}, streaming:
 * one {@link Outcome} per record (a staged case, a staged survey or a reject), then exactly one last outcome of kind
 * {@link Outcomes#UNIT} with the piece's read count, reader counters, headers and encoding (or the file-level error).
 * Engine-neutral: the Spark job turns the outcomes into rows inside its tasks, the embedded job appends them to
 * DuckDB; both read through this one loop.
 */
public final class PieceReader implements Iterator<PieceReader.Outcome> {

    /**
     * What became of one record, or (kind UNIT) of the piece. {@code staged} is in contract column order,
     * {@code reject} in REJECTS order.
     */
    public record Outcome(String kind, int unit, String table, Object[] staged, Object[] reject, String raw,
                          PieceInfo info) {
    }

    /** The last outcome of a piece: its counters (with "read"), headers and encoding, or the error it hit. */
    public record PieceInfo(int unit, int piece, String table, String encoding, Map<String, Long> counters,
                            List<String> headers, String error, Integer errorExit) {
    }

    private final Inputs.Piece piece;
    private final RecordMapper mapper;
    private final RecordSource src;
    private final String table;
    private final boolean withRaw;
    private final Map<String, Long> counters = new TreeMap<>();
    private MinqingException failed;
    private long read;
    private boolean unitDone;

    public PieceReader(Inputs.Piece piece, RecordMapper mapper, String encoding) {
        this(piece, mapper, encoding, true);
    }

    /**
     * @param withRaw whether staged outcomes carry their redacted raw record; without it {@link Outcome#raw} is null
     *                and {@link #raws} gives it for the rows that need it
     */
    public PieceReader(Inputs.Piece piece, RecordMapper mapper, String encoding, boolean withRaw) {
        this.withRaw = withRaw;
        this.piece = piece;
        this.mapper = mapper;
        Inputs.Unit u = piece.unit();
        RecordSource s = null;
        String t = null;
        try {
            s = Inputs.source(piece, encoding);
            t = mapper.tableFor(s.headers());
            mapper.requireHeaders(u.label(), t, s.headers());
        } catch (MinqingException e) {
            // a file-level problem: reported once all pieces are read, in unit order
            failed = e;
        } catch (UncheckedIOException e) {
            failed = damaged(u, e);
        }
        this.src = s;
        this.table = t;
    }

    private boolean hasNextRecord() {
        if (failed != null) {
            return false;
        }
        try {
            return src.hasNext();
        } catch (MinqingException e) {
            failed = e;
            return false;
        } catch (UncheckedIOException e) {
            failed = damaged(piece.unit(), e);
            return false;
        }
    }

    /**
     * A unit whose bytes cannot be read to the end (a truncated .gz or .zip entry, a file cut short while copying): an
     * input error naming the file (exit 3), never an internal one; nothing of the run is staged.
     */
    private static MinqingException damaged(Inputs.Unit u, UncheckedIOException e) {
        IOException cause = e.getCause();
        return IngestErrors.unreadableFile(u.label(), (u.compressed() ? "the compressed data ends early or is damaged"
                : "reading it failed") + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")");
    }

    /**
     * Reads the piece again and returns the redacted raw record ({@link RecordMapper#raw}) of each record whose row
     * is in {@code rows}, by row; the records in between are only read, not mapped.
     */
    public static Map<Long, String> raws(Inputs.Piece piece, RecordMapper mapper, String encoding, java.util.Set<Long> rows) {
        Map<Long, String> out = new java.util.HashMap<>();
        PieceReader reader = new PieceReader(piece, mapper, encoding, false);
        try {
            while (out.size() < rows.size() && reader.hasNextRecord()) {
                SourceRecord r = reader.src.next();
                if (rows.contains(r.row())) {
                    out.put(r.row(), mapper.raw(reader.table, r));
                }
            }
        } finally {
            if (reader.src != null) {
                try {
                    reader.src.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        if (reader.failed != null) {
            throw reader.failed;
        }
        return out;
    }

    @Override
    public boolean hasNext() {
        return hasNextRecord() || !unitDone;
    }

    @Override
    public Outcome next() {
        Inputs.Unit u = piece.unit();
        if (hasNextRecord()) {
            SourceRecord r = src.next();
            read++;
            RecordMapper.Mapped m = mapper.map(table, u.label(), r, counters, withRaw);
            if (m.isReject()) {
                return new Outcome(Outcomes.REJECT, u.index(), table, null, m.reject(), null, null);
            }
            return new Outcome(table.equals(RecordMapper.CASES) ? Outcomes.CASE : Outcomes.SURVEY, u.index(), table,
                    m.staged(), null, m.raw(), null);
        }
        if (unitDone) {
            throw new NoSuchElementException();
        }
        unitDone = true;
        if (src != null) {
            try {
                src.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        int pieceIndex = piece.split() == null ? 0 : piece.split().index();
        if (failed != null) {
            return new Outcome(Outcomes.UNIT, u.index(), null, null, null, null,
                    new PieceInfo(u.index(), 0, null, null, null, null, failed.getMessage(), failed.exitCode().code()));
        }
        Map<String, Long> all = new TreeMap<>(src.counters());
        counters.forEach((k, v) -> all.merge(k, v, Long::sum));
        all.put("read", read);
        return new Outcome(Outcomes.UNIT, u.index(), table, null, null, null,
                new PieceInfo(u.index(), pieceIndex, table, src.encoding(), all, List.copyOf(src.headers()), null, null));
    }
}
