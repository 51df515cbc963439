package io.minqing.reports;

import io.minqing.contract.Lake;
import io.minqing.contract.Progress;
import io.minqing.reports.Pack.CommunityRow;
import io.minqing.reports.Pack.CommunityTrend;
import io.minqing.reports.Pack.TopicRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jfree.chart.JFreeChart;

/**
 * {@code minqing report}: reads one month from the marts and writes the 民情分析会 pack under {@code <out>/<yyyy-MM>/}:
 * index.html, community/&lt;社区&gt;.html, 民情分析会-yyyy-MM.docx, charts/*.png|svg, tables/*.csv. The pack is
 * written to a temporary folder beside it and moved into place, so a failed run leaves the previous pack intact.
 */
public final class ReportJob {

    public record Config(YearMonth month, Lake lake, Path out) {
    }

    public record Result(Path dir, Path index, Path docx, int communityPages, int charts, int tables, Duration elapsed) {
    }

    private final Config config;
    private final PrintStream progressOut;

    public ReportJob(Config config, PrintStream progressOut) {
        this.config = config;
        this.progressOut = progressOut;
    }

    public static YearMonth parseMonth(String s) {
        try {
            return YearMonth.parse(s.strip());
        } catch (RuntimeException e) {
            throw ReportErrors.badMonth(s);
        }
    }

    /** docs/metrics.md as packed into the jar at build time; null when this build has none. */
    static String metricDefinitions() {
        try (InputStream in = ReportJob.class.getResourceAsStream("docs/metrics.md")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Reading the packed docs/metrics.md", e);
        }
    }

    public Result run() {
        long t0 = System.nanoTime();
        Progress progress = new Progress(progressOut, 5);
        progress.start();
        CjkFonts.family(); // fail before any work when no CJK font is installed
        Pack pack;
        IssueTracker.Result tracking;
        try (MartReader reader = new MartReader(config.lake())) {
            Pack.Quality quality = QualityReader.read(reader.connection(), config.lake().quality().resolve("ingest-summary.json"));
            pack = reader.read(config.month(), metricDefinitions(), quality);
            tracking = IssueTracker.read(reader.connection(), config.lake(), config.month());
        }
        progress.done("read marts for " + config.month(), pack.communities().size(), "communities");

        progress.start();
        Path target = config.out().toAbsolutePath().normalize().resolve(config.month().toString());
        Path tmp = target.resolveSibling("." + config.month() + ".tmp-" + ProcessHandle.current().pid());
        deleteTree(tmp);
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw ReportErrors.cannotWrite(tmp, e);
        }

        Map<String, String> svgs = new LinkedHashMap<>();
        Map<String, String> pages;
        List<Path> tables;
        try {
            Map<String, byte[]> pngs = new HashMap<>();
            Path chartsDir = tmp.resolve("charts");
            for (Map.Entry<String, JFreeChart> c : indexCharts(pack).entrySet()) {
                int[] svgSize = inlineSize(c.getKey(), pack.communities().size());
                svgs.put(c.getKey(), ChartFiles.write(c.getValue(), chartsDir, c.getKey(), ChartFiles.WIDTH, ChartFiles.HEIGHT,
                        svgSize[0], svgSize[1]));
                pngs.put(c.getKey(), readBytes(chartsDir.resolve(c.getKey() + ".png")));
            }
            progress.done("charts", svgs.size(), "charts");

            progress.start();
            pages = communityPages(pack);
            Path communityDir = tmp.resolve("community");
            Map<String, CommunityTrend> trends = pack.communityTrends().stream()
                    .collect(Collectors.toMap(CommunityTrend::community, t -> t, (a, b) -> a));
            for (CommunityRow r : pack.communities()) {
                CommunityTrend trend = trends.get(r.community());
                Map<String, String> own = new HashMap<>();
                String id = "p" + Integer.toHexString(r.community().hashCode());
                if (trend != null) {
                    own.put("trend_composite", ChartFiles.svg(Charts.compareTrend(r.community(), trend.points(), pack.districtTrend(),
                            Pack.TrendPoint::composite, "综合得分"), 640, 360, id + "_tc"));
                    own.put("trend_resolution", ChartFiles.svg(Charts.compareTrend(r.community(), trend.points(), pack.districtTrend(),
                            Pack.TrendPoint::resolution, "解决率"), 640, 360, id + "_tr"));
                }
                own.put("km", ChartFiles.svg(Charts.km(pack.kmCurves(), r.community(), Set.of()), ChartFiles.WIDTH, 420, id + "_km"));
                write(communityDir.resolve(fileOf(pages.get(r.community()))), HtmlReport.community(pack, r, trend, own));
            }
            progress.done("community pages", pages.size(), "pages");

            progress.start();
            write(tmp.resolve("index.html"), HtmlReport.index(pack, svgs, pages, tracking));
            DocxHandout.write(pack, pngs, tmp);
            tables = new java.util.ArrayList<>(CsvTables.write(pack, tmp.resolve("tables")));
            tables.add(IssueTracker.csv(tracking, tmp.resolve("tables")));
            progress.done("index.html, handout and tables", tables.size(), "tables");
        } catch (RuntimeException e) {
            deleteTree(tmp); // a failed render leaves no half-written folder behind
            throw e;
        }
        progress.start();
        deleteTree(target);
        try {
            Files.createDirectories(target.getParent());
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw ReportErrors.cannotWrite(target, e);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        progress.done("pack in place at " + target, 1, "pack");
        return new Result(target, target.resolve("index.html"), target.resolve(DocxHandout.fileName(pack)), pages.size(),
                svgs.size(), tables.size(), elapsed);
    }

    /** Layout size of a chart inline in index.html: half-width charts smaller, the ranking as tall as its rows. */
    static int[] inlineSize(String chart, int communities) {
        return switch (chart) {
            case "funnel_resolution", "funnel_satisfaction", "channels", "proactive" -> new int[] {560, 420};
            case "ranking" -> new int[] {ChartFiles.WIDTH, Math.max(320, 120 + 30 * communities)};
            default -> new int[] {ChartFiles.WIDTH, ChartFiles.HEIGHT};
        };
    }

    /** The charts of index.html and the handout, by name (also the charts/ file names). */
    static Map<String, JFreeChart> indexCharts(Pack p) {
        Map<String, JFreeChart> c = new LinkedHashMap<>();
        String src = "来源：minqing marts，" + p.month() + "，统计截止 " + (p.asOf() == null ? Fmt.NONE : HtmlReport.TS.format(p.asOf()));
        c.put("ranking", Charts.titled(Charts.ranking(p.communities(), p.district().composite().value()),
                "社区综合得分及95%区间（" + HtmlReport.monthZh(p) + "）", src));
        c.put("funnel_resolution", Charts.titled(Charts.funnel(p.resolutionFunnel(), "解决率", "测评数（解决率分母）"),
                "解决率漏斗图", src));
        c.put("funnel_satisfaction", Charts.titled(Charts.funnel(p.satisfactionFunnel(), "满意率", "有效测评数"),
                "满意率漏斗图", src));
        Set<String> slowest = p.communities().stream().filter(r -> r.kmP50Hours() != null)
                .sorted(Comparator.comparing(CommunityRow::kmP50Hours).reversed().thenComparing(CommunityRow::community))
                .limit(3).map(CommunityRow::community).collect(Collectors.toCollection(HashSet::new));
        c.put("km", Charts.titled(Charts.km(p.kmCurves(), null, slowest), "收件后仍未办结的比例（Kaplan–Meier）", src));
        c.put("trend", Charts.titled(Charts.rateTrend(p.districtTrend()), "全区三率与综合得分走势", src));
        c.put("channels", Charts.titled(Charts.channelMix(p.channelMix()), "收件渠道构成", src));
        c.put("proactive", Charts.titled(Charts.proactiveShare(p.districtTrend()), "主动发现占比", src));
        if (p.topics().available()) {
            List<TopicRow> top = p.topics().topics().stream().filter(t -> t.casesThisMonth() > 0).limit(12).toList();
            c.put("heatmap", Charts.titled(Charts.heatMap(p.communities().stream().map(CommunityRow::community).sorted().toList(),
                    top, p.topics().cells()), "社区 × 诉求主题（本月件数）", src));
        }
        return c;
    }

    /** Community → relative link from index.html; file names are safe and unique even if two names sanitise alike. */
    static Map<String, String> communityPages(Pack p) {
        Map<String, String> links = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        for (String c : p.communities().stream().map(CommunityRow::community).sorted().toList()) {
            String base = Html.safeFileName(c);
            String name = base;
            for (int i = 2; !used.add(name.toLowerCase(java.util.Locale.ROOT)); i++) {
                name = base + "-" + i;
            }
            links.put(c, "community/" + Html.href(name + ".html"));
        }
        return links;
    }

    private static String fileOf(String link) {
        return java.net.URLDecoder.decode(link.substring("community/".length()), StandardCharsets.UTF_8);
    }

    private static void write(Path file, String html) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ReportErrors.cannotWrite(file, e);
        }
    }

    private static byte[] readBytes(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw ReportErrors.cannotWrite(f, e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw ReportErrors.cannotWrite(dir, e);
        }
    }
}
