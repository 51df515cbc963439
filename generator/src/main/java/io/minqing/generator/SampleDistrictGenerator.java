package io.minqing.generator;

import io.minqing.contract.Progress;
import io.minqing.generator.District.Community;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code minqing generate}: writes a deterministic, realistic 民情速递 district — exports (clean or messy), the ground
 * truth, and manifest.json — into {@link GeneratorConfig#out()}. Streams community-month by community-month, so
 * memory stays bounded whatever {@code --cases} is. Writes into a scratch folder first and moves the result into place,
 * so a crash leaves the previous output and a rerun never mixes old and new files.
 */
public final class SampleDistrictGenerator {

    private static final double[] HOUR_WEIGHTS = {1, 0.5, 0.3, 0.2, 0.2, 0.5, 1.5, 4, 8, 10, 10, 9, 6, 7, 9, 9, 8, 7, 6, 5, 4, 3,
            2, 1.5};
    static final String TRUTH = "truth/case_truth.csv";
    static final String MANIFEST = "manifest.json";

    private final GeneratorConfig cfg;
    private final PrintStream progressOut;

    public SampleDistrictGenerator(GeneratorConfig cfg, PrintStream progressOut) {
        this.cfg = cfg;
        this.progressOut = progressOut;
    }

    public SampleDistrictGenerator(GeneratorConfig cfg) {
        this(cfg, null);
    }

    public GeneratorResult run() {
        long started = System.nanoTime();
        Path out = cfg.out().toAbsolutePath().normalize();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw GeneratorErrors.outNotADirectory(out);
        }
        Path tmp = out.resolve(".generate-tmp");
        try {
            Files.createDirectories(out);
            deleteRecursively(tmp);
            Files.createDirectories(tmp.resolve("exports"));
            Files.createDirectories(tmp.resolve("truth"));
        } catch (IOException e) {
            throw GeneratorErrors.cannotWrite(out, e);
        }
        try {
            GeneratorResult r = generate(tmp, out, started);
            for (String name : List.of("exports", "truth", MANIFEST)) {
                deleteRecursively(out.resolve(name));
                Files.move(tmp.resolve(name), out.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            }
            deleteRecursively(tmp);
            return r;
        } catch (IOException e) {
            throw GeneratorErrors.cannotWrite(tmp, e);
        } catch (UncheckedIOException e) {
            throw GeneratorErrors.cannotWrite(tmp, e.getCause());
        }
    }

    private GeneratorResult generate(Path tmp, Path out, long started) throws IOException {
        Plan plan = Plan.of(cfg.seed(), cfg.from(), cfg.to(), cfg.cases());
        List<YearMonth> months = Stories.months(cfg.from(), cfg.to());
        CaseFactory factory = new CaseFactory(cfg.seed(), cfg.asOf());
        Progress progress = progressOut == null ? null : new Progress(progressOut, months.size() + 1);
        DefectLog defects = cfg.messy() ? new DefectLog(tmp.resolve("defects.jsonl")) : null;
        ExportSink sink = cfg.messy() ? new MessyExport(tmp, cfg.seed(), cfg.messyRate(), defects) : new CleanExport(tmp);
        Map<YearMonth, Long> casesByMonth = new LinkedHashMap<>();
        Map<String, Long> storyCases = new LinkedHashMap<>();
        long cases = 0;
        long surveys = 0;
        long general = 0;
        long truthRows;
        try (CsvSink truth = new CsvSink(tmp.resolve(TRUTH), StandardCharsets.UTF_8, false, "\n")) {
            truth.header(Rows.TRUTH_HEADERS);
            YearMonth current = null;
            long monthCases = 0;
            for (Plan.Cell cell : plan.cells()) {
                if (!cell.month().equals(current)) {
                    if (current != null && progress != null) {
                        progress.done("generate " + current, monthCases, "cases");
                    }
                    current = cell.month();
                    monthCases = 0;
                    if (progress != null) {
                        progress.start();
                    }
                }
                Community c = cell.community();
                YearMonth m = cell.month();
                LocalDateTime[] times = receivedTimes(c, m, cell.count());
                String prefix = c.code() + "-" + Rows.pad(new StringBuilder(), m.getYear(), 4)
                        + Rows.pad(new StringBuilder(), m.getMonthValue(), 2) + "-";
                String previous = null;
                for (int i = 0; i < times.length; i++) {
                    String id = prefix + Rows.pad(new StringBuilder(), i + 1, 4);
                    CaseFactory.Made made = factory.make(c, m, i, id, previous, times[i], cell.mix());
                    SyntheticCase sc = made.c();
                    sink.writeCase(sc);
                    truth.row(Rows.truthValues(sc));
                    if (sc.storyId() != null) {
                        storyCases.merge(sc.storyId(), 1L, Long::sum);
                    }
                    if (made.survey() != null) {
                        surveys++;
                        sink.writeSurvey(withId(made.survey(), surveys));
                    }
                    previous = id;
                }
                cases += times.length;
                monthCases += times.length;
                casesByMonth.merge(m, (long) times.length, Long::sum);
                // general surveys (not about a case): about 4 per 100 cases, in working hours of the month
                Rng g = Rng.of(cfg.seed(), 0x4753L, c.index(), m.getYear() * 12L + m.getMonthValue());
                int n = (int) Math.round(times.length * 0.04 + g.uniform() - 0.5);
                for (int j = 0; j < n; j++) {
                    LocalDateTime at = m.atDay(1 + g.nextInt(m.lengthOfMonth())).atTime(9 + g.nextInt(8), g.nextInt(60), g.nextInt(60));
                    surveys++;
                    general++;
                    sink.writeSurvey(withId(factory.generalSurvey(c, at, g), surveys));
                }
            }
            if (current != null && progress != null) {
                progress.done("generate " + current, monthCases, "cases");
            }
            truthRows = truth.rows();
        }
        if (progress != null) {
            progress.start();
        }
        List<ExportSink.ExportFile> exports = sink.finish();
        if (defects != null) {
            defects.close();
        }
        Manifest.write(tmp.resolve(MANIFEST), cfg, months, casesByMonth, cases, surveys, general, exports, truthRows,
                storyCases, defects);
        if (defects != null) {
            Files.delete(defects.scratch());
        }
        List<GeneratorResult.WrittenFile> files = new ArrayList<>();
        for (ExportSink.ExportFile f : exports) {
            files.add(new GeneratorResult.WrittenFile(f.path(), f.kind(), f.rows()));
        }
        files.add(new GeneratorResult.WrittenFile(TRUTH, "truth", truthRows));
        files.add(new GeneratorResult.WrittenFile(MANIFEST, "manifest", 0));
        if (progress != null) {
            progress.done("write exports and " + MANIFEST + " to " + out, cases, "cases");
        }
        return new GeneratorResult(out, files, cases, surveys, defects == null ? 0 : defects.count(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** The cell's 收件 times: a day of the month and a time of day (busier in office hours), in increasing order. */
    private LocalDateTime[] receivedTimes(Community c, YearMonth m, int count) {
        Rng r = Rng.of(cfg.seed(), 0x5254L, c.index(), m.getYear() * 12L + m.getMonthValue());
        int days = m.lengthOfMonth();
        long[] offsets = new long[count];
        for (int i = 0; i < count; i++) {
            long day = r.nextInt(days);
            long hour = r.weighted(HOUR_WEIGHTS);
            offsets[i] = day * 86400 + hour * 3600 + r.nextInt(3600);
        }
        Arrays.sort(offsets);
        LocalDateTime start = m.atDay(1).atStartOfDay();
        LocalDateTime[] out = new LocalDateTime[count];
        for (int i = 0; i < count; i++) {
            out[i] = start.plusSeconds(offsets[i]);
        }
        return out;
    }

    private static SyntheticSurvey withId(SyntheticSurvey s, long seq) {
        String id = "CP" + Rows.pad(new StringBuilder(), (int) Math.min(Integer.MAX_VALUE, seq), 7);
        return new SyntheticSurvey(id, s.caseId(), s.community(), s.surveyedAt(), s.method(), s.contacted(), s.resolved(),
                s.satisfaction(), s.comment(), s.phone());
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
