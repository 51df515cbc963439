package io.minqing.ingest;

import io.minqing.contract.Codes.RejectReason;
import io.minqing.contract.Contract;
import io.minqing.contract.ExitCode;
import io.minqing.contract.MinqingException;
import io.minqing.contract.Progress;
import io.minqing.ingest.IngestJob.FileCounts;
import io.minqing.ingest.read.CsvSplits;
import io.minqing.ingest.read.Inputs;
import java.io.PrintStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The rules of an ingest run that do not depend on the engine, defined once and used by the Spark job
 * ({@link IngestJob}) and the embedded one ({@link EmbeddedIngestJob}): how a run is cut into pieces, which of the
 * versions of a repeated key is staged and what the DUPLICATE_KEY reject says, the per-file row accounting, the
 * reject threshold, and the end of a run (moves into the lake, quality summary, console table, exit 4).
 * Where an engine has to evaluate a rule itself (the ranking, the message), the rule is data here that each engine
 * renders into its own expressions.
 */
final class IngestRules {

    private IngestRules() {
    }

    /** One key of an ordering. */
    record SortKey(String column, boolean descending, boolean nullsLast) {
    }

    /**
     * The column each engine adds to the rows of a repeated case key before ranking them: the row's
     * {@link RecordMapper#completeness} (place, category, text), computed by that one Java method in both engines.
     */
    static final String COMPLETE = "_complete";

    /**
     * Among rows of one (source, key), the one ranked first is staged and the others become DUPLICATE_KEY rejects:
     * the most complete ({@link #COMPLETE}; cases only), then the most recently updated (updated_at, nulls last;
     * cases only), then the later input unit (rows already staged take part as unit -1), then the later row.
     */
    static List<SortKey> dedupeOrder(boolean hasUpdatedAt) {
        List<SortKey> keys = new ArrayList<>();
        if (hasUpdatedAt) {
            keys.add(new SortKey(COMPLETE, true, true));
            keys.add(new SortKey("updated_at", true, true));
        }
        keys.add(new SortKey("unit", true, true));
        keys.add(new SortKey("source_row", true, true));
        return keys;
    }

    // What the ranking decides, as SQL predicates over the ranked rows (_rank from dedupeOrder, _new false for the rows
    // already staged) that both engines evaluate as written.
    /** Staged: ranked first (a key that occurs once is ranked first). */
    static final String STAGED = "_rank = 1";
    /** This run's staged rows: their months are rewritten. */
    static final String NEW_STAGED = "_rank = 1 AND _new";
    /** This run's rows that lost: DUPLICATE_KEY rejects. */
    static final String NEW_DUPLICATE = "_rank > 1 AND _new";
    /** Rows already staged that lost to a row of this run: their months are rewritten without them. */
    static final String REPLACED = "_rank > 1 AND NOT _new";
    /** Of the staged rows, those already staged (written again unchanged when their month is rewritten). */
    static final String KEPT = "NOT _new";

    /**
     * The community values of a case staged at the default place: {@link Profile#UNSPECIFIED} and the profile's declared
     * {@code communities.default}, if any. This run's staged cases with one of them are the summary's
     * {@code unspecified_place} (the {@code default:community} normalisation counts every record read that named no
     * place, also those then rejected or dropped as duplicates).
     */
    static List<String> defaultPlaces(Profile profile) {
        String declared = profile.communities().dflt();
        return declared == null || declared.equals(Profile.UNSPECIFIED) ? List.of(Profile.UNSPECIFIED)
                : List.of(Profile.UNSPECIFIED, declared);
    }

    /** The months a run rewrites: of its staged rows, and of the staged rows it replaced. */
    static final String MONTH_TO_WRITE = "(" + NEW_STAGED + ") OR (" + REPLACED + ")";

    /** The order of rows in a unit's reject file (a row has at most one reject). */
    static final List<String> REJECT_ORDER = List.of("source_row", "reason");

    /** One part of a message: a literal text or (literal null) the value of a column as text. */
    record Part(String literal, String column) {
    }

    /**
     * The DUPLICATE_KEY message, as parts to concatenate: the key, and where the staged version ({@code _kept_file},
     * {@code _kept_row}: source_file and source_row of the row ranked first) came from.
     */
    static List<Part> duplicateMessage(String table, String key) {
        return List.of(new Part("Key " + key + " '", null), new Part(null, key), new Part("' occurs again in ", null),
                new Part(null, "_kept_file"), new Part(" at line/row ", null), new Part(null, "_kept_row"),
                new Part(", the version kept by the duplicate rule ("
                        + (table.equals("cases") ? "more complete — place, category, text — then later updated_at, then " : "later ")
                        + "file, then row), which was staged. Nothing to fix unless that version is wrong; drop repeated rows "
                        + "from the export.", null));
    }

    /**
     * The pieces a run reads: one per unit, except CSV files larger than twice the split size, which are scanned in
     * parallel ({@code scanner}: the engine's way to run {@link CsvSplits#scan} over chunks) and cut into
     * line-aligned ranges. A compressed unit (.gz, or a member of a .zip) is never split: its bytes are not the text.
     */
    static List<Inputs.Piece> pieces(List<Inputs.Unit> units, IngestConfig config,
                                     Function<List<CsvSplits.Chunk>, List<CsvSplits.ChunkScan>> scanner) {
        List<CsvSplits.Chunk> chunks = new ArrayList<>();
        Map<Integer, Long> lengths = new TreeMap<>();
        for (Inputs.Unit u : units) {
            if (u.format() == Inputs.Format.CSV && !u.compressed()) {
                long len = Inputs.length(u.uri());
                if (len > 2 * config.splitBytes()) {
                    lengths.put(u.index(), len);
                    chunks.addAll(CsvSplits.chunks(u.index(), u.uri(), len, config.splitBytes()));
                }
            }
        }
        Map<Integer, List<CsvSplits.ChunkScan>> scans = new TreeMap<>();
        if (!chunks.isEmpty()) {
            for (CsvSplits.ChunkScan c : scanner.apply(chunks)) {
                scans.computeIfAbsent(c.unit(), k -> new ArrayList<>()).add(c);
            }
        }
        List<Inputs.Piece> out = new ArrayList<>();
        for (Inputs.Unit u : units) {
            if (!scans.containsKey(u.index())) {
                out.add(new Inputs.Piece(u, null));
                continue;
            }
            List<CsvSplits.ChunkScan> s = new ArrayList<>(scans.get(u.index()));
            s.sort(java.util.Comparator.comparingInt(CsvSplits.ChunkScan::index));
            for (CsvSplits.Split sp : CsvSplits.plan(s, lengths.get(u.index()), config.encoding(), () -> Inputs.open(u.uri()))) {
                out.add(new Inputs.Piece(u, sp));
            }
        }
        return out;
    }

    /** A unit's outcome, added up over its pieces. */
    record UnitOutcome(String table, String encoding, Map<String, Long> counters, List<String> headers) {
    }

    /**
     * Adds up the pieces of each unit; the first file-level error (in unit, then piece order) is thrown as it was
     * raised in the reader.
     */
    static Map<Integer, UnitOutcome> mergePieces(List<PieceReader.PieceInfo> pieces) {
        List<PieceReader.PieceInfo> sorted = new ArrayList<>(pieces);
        sorted.sort(java.util.Comparator.comparingInt(PieceReader.PieceInfo::unit).thenComparingInt(PieceReader.PieceInfo::piece));
        for (PieceReader.PieceInfo p : sorted) {
            if (p.error() != null) {
                throw new MinqingException(exitCode(p.errorExit()), p.error());
            }
        }
        Map<Integer, UnitOutcome> out = new TreeMap<>();
        for (PieceReader.PieceInfo p : sorted) {
            Map<String, Long> counters = new TreeMap<>(p.counters());
            UnitOutcome prev = out.get(p.unit());
            if (prev == null) {
                out.put(p.unit(), new UnitOutcome(p.table(), p.encoding(), counters, p.headers() == null ? List.of() : List.copyOf(p.headers())));
            } else {
                counters.forEach((k, v) -> prev.counters().merge(k, v, Long::sum));
            }
        }
        return out;
    }

    static long read(Map<Integer, UnitOutcome> units) {
        return units.values().stream().mapToLong(u -> u.counters().getOrDefault("read", 0L)).sum();
    }

    private static ExitCode exitCode(int code) {
        for (ExitCode c : ExitCode.values()) {
            if (c.code() == code) {
                return c;
            }
        }
        throw new IllegalStateException("No exit code " + code);
    }

    /**
     * Per unit: read (the reader's own count) against what became of each record. {@code valid}: records mapped to a
     * staged row, per unit; {@code rejectBy}: rejects per unit and reason, the mapper's; {@code duplicates}: this run's
     * rows the ranking turned into DUPLICATE_KEY rejects, per unit. Throws when a unit's rows do not add up.
     */
    static List<FileCounts> fileCounts(List<Inputs.Unit> units, Map<Integer, UnitOutcome> byUnit, Map<Integer, Long> valid,
                                       Map<Integer, Map<String, Long>> rejectBy, Map<Integer, Long> duplicates,
                                       RecordMapper mapper) {
        Map<Integer, Long> staged = new TreeMap<>(valid);
        Map<Integer, Map<String, Long>> reasonsBy = new TreeMap<>();
        rejectBy.forEach((u, m) -> reasonsBy.put(u, new TreeMap<>(m)));
        duplicates.forEach((u, n) -> {
            reasonsBy.computeIfAbsent(u, k -> new TreeMap<>()).merge(RejectReason.DUPLICATE_KEY.code(), n, Long::sum);
            staged.merge(u, -n, Long::sum);
        });
        List<FileCounts> out = new ArrayList<>();
        for (Inputs.Unit u : units) {
            UnitOutcome r = byUnit.get(u.index());
            if (r == null) {
                throw new IllegalStateException("No outcome row for input unit " + u.label() + " (a bug)");
            }
            Map<String, Long> counters = new TreeMap<>(r.counters());
            long read = counters.remove("read");
            long st = staged.getOrDefault(u.index(), 0L);
            Map<String, Long> reasons = reasonsBy.getOrDefault(u.index(), Map.of());
            long rejected = reasons.values().stream().mapToLong(Long::longValue).sum();
            if (read != st + rejected) {
                throw new IllegalStateException("Row accounting broken for " + u.label() + ": read " + read + " but staged "
                        + st + " + rejected " + rejected + " = " + (st + rejected) + " (a bug in ingest; please report it)");
            }
            long dup = reasons.getOrDefault(RejectReason.DUPLICATE_KEY.code(), 0L);
            out.add(new FileCounts(u.label(), r.table(), r.encoding(), read, st, rejected, rejected - dup,
                    new TreeMap<>(reasons), counters, ignoredHeaders(mapper, r.table(), r.headers()),
                    mapper.missingHeaders(r.table(), r.headers())));
        }
        return out;
    }

    /** The rows written to staged must be this run's staged rows plus the rows already staged that were kept. */
    static void checkWritten(long written, long staged, long kept) {
        if (written != staged + kept) {
            throw new IllegalStateException("Row accounting broken: " + written + " rows written to staged but the files' "
                    + "outcomes add up to " + staged + " and " + kept + " rows already staged were kept "
                    + "(a bug in ingest; please report it)");
        }
    }

    private static List<String> ignoredHeaders(RecordMapper mapper, String table, List<String> headers) {
        Profile p = mapper.profile();
        Profile.TableMapping m = table.equals(RecordMapper.CASES) ? p.cases() : p.surveys();
        List<String> used = new ArrayList<>();
        m.columns().values().forEach(used::addAll);
        used.addAll(m.resident());
        used.addAll(m.handler());
        return headers.stream().filter(h -> !used.contains(h)).toList();
    }

    /** The files whose rejects (duplicates not counted) exceed the threshold, each with its numbers. */
    static List<String> overThreshold(List<FileCounts> files, double threshold) {
        List<String> over = new ArrayList<>();
        for (FileCounts f : files) {
            if (f.read() > 0 && (double) f.rejectedNotDuplicate() / f.read() > threshold) {
                over.add(f.file() + ": " + f.rejectedNotDuplicate() + " of " + f.read() + " rows rejected ("
                        + IngestErrors.pct((double) f.rejectedNotDuplicate() / f.read()) + "), mostly "
                        + topReasons(f.byReason()));
            }
        }
        return over;
    }

    static String topReasons(Map<String, Long> byReason) {
        List<Map.Entry<String, Long>> e = new ArrayList<>(byReason.entrySet());
        e.removeIf(x -> x.getKey().equals(RejectReason.DUPLICATE_KEY.code()));
        e.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < Math.min(3, e.size()); i++) {
            parts.add(e.get(i).getKey() + " " + e.get(i).getValue());
        }
        return String.join(", ", parts);
    }

    /**
     * The end of a run, once its staged and reject files are under {@code runTmp} ({@code cases/}, {@code surveys/}
     * partitioned by month, {@code rejects_<table>/unit=<i>/}): unless a file is over the threshold, the staged files
     * are moved into the lake; the rejects are moved in any case; then the quality summary, the console table, and
     * the threshold error (exit 4, staged not updated).
     */
    static IngestJob.Result finish(IngestConfig config, PrintStream out, Progress progress, Path runTmp, List<Inputs.Unit> units,
                                   List<FileCounts> files, Map<String, Object> summaryContent, List<String> casesMonthsToWrite,
                                   List<String> surveysMonthsToWrite, long t0) {
        String source = config.profile().name();
        long read = files.stream().mapToLong(FileCounts::read).sum();
        long staged = files.stream().mapToLong(FileCounts::staged).sum();
        long rejected = files.stream().mapToLong(FileCounts::rejected).sum();
        List<String> over = overThreshold(files, config.rejectThreshold());
        progress.start();
        LakeMoves moves = new LakeMoves(config.lake(), source);
        List<String> casesMonths = List.of();
        List<String> surveysMonths = List.of();
        if (over.isEmpty()) {
            casesMonths = moves.moveStaged(runTmp.resolve("cases"), "cases", Contract.CASES.partitionColumn(), config.replaceSource(),
                    casesMonthsToWrite);
            surveysMonths = moves.moveStaged(runTmp.resolve("surveys"), "surveys", Contract.SURVEYS.partitionColumn(), config.replaceSource(),
                    surveysMonthsToWrite);
        }
        for (String table : List.of("cases", "surveys")) {
            moves.moveRejects(runTmp.resolve("rejects_" + table), table, units);
        }
        progress.done("write staged (" + casesMonths.size() + " case months, " + surveysMonths.size()
                + " survey months) and rejects" + (over.isEmpty() ? "" : " (staged NOT updated)"), staged, "rows");

        progress.start();
        Path summary = QualitySummary.write(config, summaryContent, casesMonths, surveysMonths, over.isEmpty());
        progress.done("quality summary " + summary, files.size(), "files");
        QualitySummary.printTable(out, files, ((Number) summaryContent.get("unspecified_place")).longValue());
        if (!over.isEmpty()) {
            throw IngestErrors.tooManyRejects(over, config.rejectThreshold(),
                    config.lake().rejects("cases").resolve("source=" + source) + " (or rejects/surveys), summary "
                            + summary);
        }
        return new IngestJob.Result(source, read, staged, rejected, files, casesMonths, surveysMonths, summary,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Removes a run's temporary folder. Here, not in a job class, so the embedded engine never loads Spark's classes. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("removing temporary folder " + dir, e);
        }
    }
}
