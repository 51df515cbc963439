package io.minqing.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code make bench}: for each input size, every stage of the pipeline as its own process through the launcher
 * (generate → ingest → metrics (transform) → topics → report → export), and the hand-written DuckDB counterparts of
 * ingest (a plain {@code COPY}, and {@link DuckWorkSql} doing the same per-row work) and metrics on the same files in
 * the same run; then checks that the work counterpart staged as many rows as minqing and that DuckDB's community_month
 * equals minqing's,
 * and writes bench.txt (the table), bench.csv and bench.png under the output folder after every size, so a long
 * run that is stopped keeps what finished.
 *
 * <p>Options: {@code --sizes "100000 1000000 10000000"}, {@code --minqing cli/target/minqing}, {@code --out target/bench},
 * {@code --work DIR} (default OUT/work), {@code --month 2021-08}, {@code --keep} (keep each size's generated data and
 * lake; by default a size's folder is deleted once measured), {@code --time /usr/bin/time}, {@code --engines "duckdb spark"}
 * (minqing's ingest, metrics and topics also with {@code --engine spark}, into a second lake, beside the default
 * engine; {@code "duckdb"} times the default engine only).
 */
public final class PipelineBench {

    /** The note on the duckdb-work row: what the SQL does and does not do relative to minqing's ingest. */
    static final String WORK_NOTE = "SQL doing ingest's per-row work (DuckWorkSql): keyed sha256 for HMAC, no line numbers, no per-line "
            + "encoding/quoting rejects, plain phone/ID masking only";

    /** Topics again on the same cases (model loaded, every month unchanged and kept). */
    static final String TOPICS_RERUN = "topics-rerun";
    /** Topics' first run on all months but the last, in a second lake (the set-up of {@link #TOPICS_MONTH}). */
    static final String TOPICS_SETUP = "topics-setup";
    /** Topics after the last month's cases were added to that lake (model loaded, the month's texts new). */
    static final String TOPICS_MONTH = "topics-month";

    /** Parsed options. */
    record Options(List<Long> sizes, Path minqing, Path out, Path work, String month, boolean keep, Path time, boolean spark) {
    }

    private PipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (!Files.isExecutable(o.minqing())) {
            System.err.println("bench: the launcher " + o.minqing() + " is missing or not executable. Build it first with `make build`.");
            System.exit(2);
        }
        if (!Files.isExecutable(o.time())) {
            System.err.println("bench: " + o.time() + " (GNU time, for peak memory) is missing. Install it: apt-get install time.");
            System.exit(2);
        }
        System.exit(new PipelineBench.Run(o).call());
    }

    static Options parse(String[] args) {
        List<Long> sizes = List.of(100_000L, 1_000_000L, 10_000_000L);
        Path minqing = Path.of("cli/target/minqing");
        Path out = Path.of("target/bench");
        Path work = null;
        String month = "2021-08";
        boolean keep = false;
        Path time = Path.of("/usr/bin/time");
        boolean spark = true;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--keep")) {
                keep = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--sizes" -> sizes = parseSizes(v);
                case "--minqing" -> minqing = Path.of(v);
                case "--out" -> out = Path.of(v);
                case "--work" -> work = Path.of(v);
                case "--month" -> month = v;
                case "--time" -> time = Path.of(v);
                case "--engines" -> spark = parseEngines(v);
                default -> throw new IllegalArgumentException("unknown option " + a
                        + " (known: --sizes, --minqing, --out, --work, --month, --keep, --time, --engines)");
            }
        }
        return new Options(sizes, minqing.toAbsolutePath(), out.toAbsolutePath(), (work == null ? out.resolve("work") : work).toAbsolutePath(),
                month, keep, time, spark);
    }

    /** "duckdb spark" (the default) or "duckdb": whether minqing's stages are also timed with --engine spark. */
    static boolean parseEngines(String text) {
        java.util.Set<String> e = new java.util.TreeSet<>(List.of(text.trim().toLowerCase(Locale.ROOT).split("[\\s,]+")));
        if (!e.contains("duckdb") || !java.util.Set.of("duckdb", "spark").containsAll(e)) {
            throw new IllegalArgumentException("Invalid engines '" + text + "' in BENCH_ENGINES/--engines. Give \"duckdb spark\" "
                    + "(both, the default) or \"duckdb\" (the default engine only).");
        }
        return e.contains("spark");
    }

    /** "100000 1000000", "100000,1e6" or "100k 1M 10M" → case counts. */
    static List<Long> parseSizes(String text) {
        List<Long> out = new ArrayList<>();
        for (String t : text.trim().split("[\\s,]+")) {
            if (t.isEmpty()) {
                continue;
            }
            String s = t.toLowerCase(Locale.ROOT).replace("_", "");
            long mult = 1;
            if (s.endsWith("k")) {
                mult = 1_000;
                s = s.substring(0, s.length() - 1);
            } else if (s.endsWith("m")) {
                mult = 1_000_000;
                s = s.substring(0, s.length() - 1);
            }
            double v;
            try {
                v = Double.parseDouble(s) * mult;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid size '" + t + "' in BENCH_SIZES/--sizes '" + text
                        + "'. Give case counts separated by spaces, e.g. \"100000 1000000\" or \"100k 1M\".");
            }
            if (v < 1 || v != Math.rint(v)) {
                throw new IllegalArgumentException("Invalid size '" + t + "' in BENCH_SIZES/--sizes '" + text + "'. A size is a whole number of cases ≥ 1.");
            }
            out.add((long) v);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("No sizes in BENCH_SIZES/--sizes '" + text + "'.");
        }
        return List.copyOf(out);
    }

    /** One run over all sizes. */
    static final class Run {
        private final Options o;
        private final List<Measurement> rows = new ArrayList<>();
        private final List<String> checks = new ArrayList<>();
        private final StageRunner runner;

        Run(Options o) {
            this.o = o;
            this.runner = new StageRunner(o.time(), o.out().resolve("logs"), PipelineBench::say);
        }

        int call() throws Exception {
            Files.createDirectories(o.out());
            say("minqing bench " + Instant.now() + ": sizes " + o.sizes() + ", launcher " + o.minqing() + ", output " + o.out());
            boolean topics = hasSubcommand("topics");
            say(topics ? "topics: available" : "topics: not available (no `minqing topics` in this build); its rows say so");
            for (long n : o.sizes()) {
                size(n, topics);
                write();
            }
            say("");
            say(new Results(rows).table());
            checks.forEach(PipelineBench::say);
            say("written: " + o.out().resolve("bench.csv") + ", " + o.out().resolve("bench.png") + ", " + o.out().resolve("bench.txt"));
            return rows.stream().allMatch(m -> m.exitCode() == 0) ? 0 : 1;
        }

        private void size(long n, boolean topics) throws Exception {
            Path w = o.work().resolve(Long.toString(n));
            deleteTree(w);
            Files.createDirectories(w);
            String mq = o.minqing().toString();
            Path exports = w.resolve("sample/exports");
            Path lake = w.resolve("lake");
            Measurement gen = stage(n, "generate", Measurement.MINQING, List.of(mq, "generate", "--out", w.resolve("sample").toString(),
                    "--cases", Long.toString(n)));
            if (!gen.ok()) {
                skipRest(n, List.of("ingest", "metrics", "topics", "report", "export"), "generate failed");
                return;
            }
            // DuckDB's ingests first: they need only the CSV, so a long run stopped during minqing's ingest still has them
            stage(n, "ingest", Measurement.DUCKDB, duck("ingest", exports, w.resolve("duckdb-ingest")));
            Measurement work = stage(n, "ingest", Measurement.DUCKDB_WORK, duck("ingest-work", exports, w.resolve("duckdb-work")), WORK_NOTE);
            Measurement ingest = stage(n, "ingest", Measurement.MINQING, List.of(mq, "ingest", "--input", exports.toString(),
                    "--profile", "sample-district", "--demo", "--lake", lake.toString()));
            if (ingest.ok() && work.ok()) {
                String s = String.format(Locale.ROOT, "%,d cases: ", n) + IngestCheck.compare(lake, w.resolve("duckdb-work")).summary();
                say("   " + s);
                checks.add(s);
            }
            if (!ingest.ok()) {
                skipRest(n, List.of("metrics", "topics", "report", "export"), "minqing ingest failed");
                return;
            }
            // transform's metric marts only: topics is its own row below (transform runs both by default)
            Measurement metrics = stage(n, "metrics", Measurement.MINQING, List.of(mq, "transform", "--no-topics", "--lake", lake.toString()));
            Measurement duckMetrics = stage(n, "metrics", Measurement.DUCKDB, duck("metrics", lake, w.resolve("duckdb-metrics")));
            if (metrics.ok() && duckMetrics.ok()) {
                String s = String.format(Locale.ROOT, "%,d cases: ", n)
                        + MartCheck.compare(lake, w.resolve("duckdb-metrics/community_month.parquet")).summary();
                say("   " + s);
                checks.add(s);
            }
            if (!metrics.ok()) {
                skipRest(n, List.of("topics", "report", "export"), "minqing transform failed");
                return;
            }
            if (topics) {
                Measurement first = stage(n, "topics", Measurement.MINQING, List.of(mq, "topics", "--lake", lake.toString()));
                if (first.ok()) {
                    // the same cases again: the saved model is loaded, every text comes from the token cache
                    stage(n, TOPICS_RERUN, Measurement.MINQING, List.of(mq, "topics", "--lake", lake.toString()));
                }
            } else {
                rows.add(Measurement.skipped(n, "topics", Measurement.MINQING, "not available"));
            }
            if (o.spark()) {
                spark(n, mq, exports, w.resolve("lake-spark"), w, topics);
            }
            stage(n, "report", Measurement.MINQING, List.of(mq, "report", "--month", o.month(), "--lake", lake.toString(),
                    "--out", w.resolve("report").toString()));
            stage(n, "export", Measurement.MINQING, List.of(mq, "export", "--lake", lake.toString(), "--out", w.resolve("notebooks-data").toString()));
            if (topics) {
                newMonth(n, mq, lake, w.resolve("lake-month"));
            }
            if (!o.keep()) {
                deleteTree(w);
            }
        }

        /**
         * The same ingest, metrics and topics with {@code --engine spark} into a second lake, timed beside the default
         * engine; its community_month is checked against the DuckDB baseline's too, so both engines are shown to agree.
         */
        private void spark(long n, String mq, Path exports, Path lake, Path w, boolean topics) throws Exception {
            Measurement ingest = stage(n, "ingest", Measurement.MINQING_SPARK, List.of(mq, "ingest", "--engine", "spark",
                    "--input", exports.toString(), "--profile", "sample-district", "--demo", "--lake", lake.toString()));
            if (!ingest.ok()) {
                return;
            }
            Measurement metrics = stage(n, "metrics", Measurement.MINQING_SPARK, List.of(mq, "transform", "--engine", "spark",
                    "--no-topics", "--lake", lake.toString()));
            Path duckMart = w.resolve("duckdb-metrics/community_month.parquet");
            if (metrics.ok() && Files.exists(duckMart)) {
                String s = String.format(Locale.ROOT, "%,d cases (Spark engine): ", n) + MartCheck.compare(lake, duckMart).summary();
                say("   " + s);
                checks.add(s);
            }
            if (metrics.ok() && topics) {
                stage(n, "topics", Measurement.MINQING_SPARK, List.of(mq, "topics", "--engine", "spark", "--lake", lake.toString()));
            }
        }

        /**
         * Topics when one month of new cases arrives (engine issue: at most a minute at 10M). A second lake gets the
         * staged cases of every month but the last (hard links of the first lake's files, the state before that
         * month's ingest), and topics fits its model there (row {@value #TOPICS_SETUP}); then the last month's staged
         * partition is added, as its ingest would have written it (hard links again; ingest's own cost is the ingest row),
         * and topics runs again (row {@value #TOPICS_MONTH}): the saved model is loaded, the earlier months keep their
         * results (unchanged staged files), only the new month's cases are assigned, and the marts are rewritten.
         */
        private void newMonth(long n, String mq, Path lake, Path monthLake) throws Exception {
            Path staged = lake.resolve("staged/cases").toRealPath();
            List<Path> months;
            try (Stream<Path> s = Files.list(staged)) {
                months = s.filter(Files::isDirectory).sorted().toList();
            }
            if (months.size() < 2) {
                rows.add(Measurement.skipped(n, TOPICS_MONTH, Measurement.MINQING, "skipped: fewer than two months staged"));
                return;
            }
            Path last = months.get(months.size() - 1);
            Path into = monthLake.resolve("staged/cases");
            for (Path m : months.subList(0, months.size() - 1)) {
                linkTree(m, into.resolve(m.getFileName().toString()));
            }
            String note = "first run without " + last.getFileName();
            Measurement setup = stage(n, TOPICS_SETUP, Measurement.MINQING, List.of(mq, "topics", "--lake", monthLake.toString()), note);
            if (!setup.ok()) {
                return;
            }
            // the committed snapshot's staged folder (lake-month/staged is a link to it after the setup run's commit)
            linkTree(last, monthLake.resolve("staged/cases").toRealPath().resolve(last.getFileName().toString()));
            stage(n, TOPICS_MONTH, Measurement.MINQING, List.of(mq, "topics", "--lake", monthLake.toString()),
                    "model loaded; " + last.getFileName() + " new");
        }

        private static void linkTree(Path from, Path to) throws IOException {
            try (Stream<Path> s = Files.walk(from)) {
                for (Path p : s.toList()) {
                    Path q = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(q);
                    } else {
                        Files.createLink(q, p);
                    }
                }
            }
        }

        private Measurement stage(long n, String stage, String engine, List<String> cmd, String note) throws IOException, InterruptedException {
            Measurement m = runner.run(n, stage, engine, cmd);
            if (m.note().isEmpty()) {
                m = new Measurement(m.cases(), m.stage(), m.engine(), m.wallSeconds(), m.maxRssMb(), m.cpuSeconds(), m.load1(), m.exitCode(), note);
            }
            rows.add(m);
            write();
            return m;
        }

        private Measurement stage(long n, String stage, String engine, List<String> cmd) throws IOException, InterruptedException {
            Measurement m = runner.run(n, stage, engine, cmd);
            rows.add(m);
            write(); // after every process, so a run stopped mid-size keeps what finished
            return m;
        }

        private void skipRest(long n, List<String> stages, String why) {
            for (String s : stages) {
                rows.add(Measurement.skipped(n, s, Measurement.MINQING, "skipped: " + why));
            }
        }

        /** A DuckDB counterpart as its own JVM with the harness's classpath (DuckDB, no Spark). */
        private List<String> duck(String what, Path in, Path out) {
            return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                    "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8", DuckStage.class.getName(), what, in.toString(), out.toString());
        }

        /**
         * Whether {@code minqing NAME} exists, from the command list of {@code minqing --help} (not {@code minqing NAME
         * --help}: picocli answers that with the root usage and exit 0 even for an unknown NAME).
         */
        private boolean hasSubcommand(String name) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(o.minqing().toString(), "--help").redirectErrorStream(true).start();
            String help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return listsCommand(help, name);
        }

        /** Rewrites bench.csv, bench.txt and bench.png, each through a temporary file and a move, so a run stopped mid-write keeps the last whole files. */
        private void write() throws IOException {
            Results r = new Results(rows);
            Path dir = o.out();
            Path csv = dir.resolve(".bench.csv.tmp");
            r.writeCsv(csv);
            StringBuilder txt = new StringBuilder(r.table());
            txt.append('\n');
            checks.forEach(c -> txt.append(c).append('\n'));
            Path table = dir.resolve(".bench.txt.tmp");
            Files.writeString(table, txt.toString(), StandardCharsets.UTF_8);
            Path png = dir.resolve(".bench.png.tmp");
            CostChart.write(rows, png);
            Files.move(csv, dir.resolve("bench.csv"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(table, dir.resolve("bench.txt"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(png, dir.resolve("bench.png"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Whether a picocli usage text lists NAME among its commands (a line "  NAME   description" after "Commands:"). */
    static boolean listsCommand(String usage, String name) {
        int at = usage.indexOf("Commands:");
        if (at < 0) {
            return false;
        }
        for (String line : usage.substring(at).split("\\R")) {
            if (line.matches("^ {1,4}" + java.util.regex.Pattern.quote(name) + "(\\s.*)?$")) {
                return true;
            }
        }
        return false;
    }

    static void say(String s) {
        System.out.println(s);
        System.out.flush();
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
