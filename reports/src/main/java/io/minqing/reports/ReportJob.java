package io.minqing.reports;

import io.minqing.contract.Lake;
import io.minqing.contract.Progress;
import io.minqing.reports.Pack.CommunityRow;
import io.minqing.reports.Pack.CommunityTrend;
import io.minqing.reports.Pack.TopicRow;
import java.io.IOException;
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

    public Result run() {
        long t0 = System.nanoTime();
        Progress progress = new Progress(progressOut, 5);
        progress.start();
        CjkFonts.family(); // fail before any work when no CJK font is installed
        Pack pack;
        IssueTracker.Result tracking;
        try (MartReader reader = new MartReader(config.lake())) {
            Pack.Quality quality = QualityReader.read(reader.connection(), config.lake().quality().resolve("ingest-summary.json"));
            pack = reader.read(config.month(), quality);
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
                    putSvg(own, "trend_composite", Charts.compareTrend(r.community(), trend.points(), pack.districtTrend(),
                            Pack.TrendPoint::composite, "综合得分"), 640, 360, id + "_tc");
                    for (int i = 0; i < Pack.RATE_STEMS.size(); i++) {
                        putSvg(own, "trend_" + Pack.RATE_STEMS.get(i), Charts.rateTrendWithInterval(r.community(), trend.points(),
                                pack.districtTrend(), i, Pack.RATE_NAMES.get(i)), 640, 360, id + "_t" + i);
                    }
                }
                putSvg(own, "km", Charts.km(pack.kmCurves(), r.community(), Set.of()), ChartFiles.WIDTH, 420, id + "_km");
                write(communityDir.resolve(fileOf(pages.get(r.community()))), HtmlReport.community(pack, r, trend, own, tracking));
            }
            progress.done("community pages", pages.size(), "pages");

            progress.start();
            write(tmp.resolve("index.html"), HtmlReport.index(pack, svgs, pages, tracking));
            DocxHandout.write(pack, tracking, pngs, tmp);
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

    /** Puts the chart's SVG under {@code name}, or nothing when there is no chart (no data). */
    private static void putSvg(Map<String, String> svgs, String name, JFreeChart chart, int w, int h, String id) {
        if (chart != null) {
            svgs.put(name, ChartFiles.svg(chart, w, h, id));
        }
    }

    /** Layout size of a chart inline in index.html: half-width charts smaller, the ranking as tall as its rows. */
    static int[] inlineSize(String chart, int communities) {
        return switch (chart) {
            case "funnel_response", "funnel_on_time", "funnel_resolution", "funnel_satisfaction", "channels", "proactive" ->
                    new int[] {560, 420};
            case "ranking" -> new int[] {ChartFiles.WIDTH, Math.max(320, 120 + 30 * communities)};
            default -> new int[] {ChartFiles.WIDTH, ChartFiles.HEIGHT};
        };
    }

    /** The charts of index.html and the handout, by name (also the charts/ file names). */
    static Map<String, JFreeChart> indexCharts(Pack p) {
        Map<String, JFreeChart> c = new LinkedHashMap<>();
        String src = "来源：minqing marts，" + p.month() + (p.partial() ? "（未完，临时数）" : "") + "，统计截止 "
                + (p.asOf() == null ? Fmt.NONE : HtmlReport.TS.format(p.asOf()));
        put(c, "ranking", Charts.ranking(p.communities(), p.district().composite().value()),
                "社区综合得分及95%区间（" + HtmlReport.monthZh(p) + "）", src);
        String[] dens = {"派件时限已到的件数（响应率分母）", "按期办结率分母（已办结＋超期未办结）", "测评数（解决率分母）", "有效测评数"};
        for (int i = 0; i < Pack.RATE_STEMS.size(); i++) {
            String stem = Pack.RATE_STEMS.get(i);
            put(c, "funnel_" + stem, Charts.funnel(p.funnel(stem), Pack.RATE_NAMES.get(i), dens[i]),
                    Pack.RATE_NAMES.get(i) + "漏斗图", src);
        }
        Set<String> slowest = p.communities().stream().filter(r -> r.kmP50Hours() != null)
                .sorted(Comparator.comparing(CommunityRow::kmP50Hours).reversed().thenComparing(CommunityRow::community))
                .limit(3).map(CommunityRow::community).collect(Collectors.toCollection(HashSet::new));
        put(c, "km", Charts.km(p.kmCurves(), null, slowest), "收件后仍未办结的比例（Kaplan–Meier）", src);
        put(c, "trend", Charts.rateTrend(p.districtTrend()), "全区四率与综合得分走势", src);
        put(c, "channels", Charts.channelMix(p.channelMix()), "收件渠道构成", src);
        put(c, "proactive", Charts.proactiveShare(p.districtTrend()), "主动发现占比", src);
        if (p.topics().available()) {
            List<TopicRow> top = p.topics().topics().stream().filter(t -> t.casesThisMonth() > 0).limit(12).toList();
            if (!top.isEmpty()) {
                put(c, "heatmap", Charts.heatMap(p.communities().stream().map(CommunityRow::community).sorted().toList(),
                        top, p.topics().cells()), "社区 × 诉求主题（本月件数）", src);
            }
        }
        return c;
    }

    /** A chart only when there is one: the chart methods return null for no data (never an empty chart). */
    private static void put(Map<String, JFreeChart> charts, String name, JFreeChart chart, String title, String src) {
        if (chart != null) {
            charts.put(name, Charts.titled(chart, title, src));
        }
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
