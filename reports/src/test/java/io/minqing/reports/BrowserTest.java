package io.minqing.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.minqing.contract.Lake;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the rendered index.html in headless Chromium (no network, no sandbox, throwaway profile): the DOM Chromium
 * builds has every section and chart and no broken image; a screenshot and an A4 PDF print are kept under
 * reports/target/browser/ to look at. Chromium comes from Debian's chromium package (scripts/ensure-report-deps.sh).
 */
class BrowserTest {

    static final Path ARTEFACTS = Path.of("target", "browser").toAbsolutePath();

    @TempDir
    static Path tmp;
    static ReportJob.Result result;

    @BeforeAll
    static void render() throws Exception {
        Path lake = tmp.resolve("lake");
        SampleMarts.build(lake);
        result = new ReportJob(new ReportJob.Config(SampleMarts.MONTH, new Lake(lake), tmp.resolve("out")),
                new PrintStream(new ByteArrayOutputStream())).run();
        Files.createDirectories(ARTEFACTS);
    }

    static Path chromium() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        fail("Chromium is not installed, so the report cannot be checked in a browser. Run scripts/ensure-report-deps.sh "
                + "as root (it installs Debian's chromium and fonts-wqy-microhei); `make test` runs it before the tests.");
        return null;
    }

    /** Runs headless Chromium with {@code args} on {@code page}; returns stdout. */
    static String chromium(Path page, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--hide-scrollbars", "--user-data-dir=" + tmp.resolve("profile")));
        cmd.addAll(List.of(args));
        cmd.add(page.toUri().toString());
        Path log = tmp.resolve("chromium.log");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                p.getInputStream().transferTo(out);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        reader.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("Chromium did not finish within 90 s: " + cmd + "\n" + Files.readString(log));
        }
        reader.join();
        assertEquals(0, p.exitValue(), "chromium " + cmd + "\n" + Files.readString(log));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void domHasEverySectionChartsAndNoBrokenImages() throws Exception {
        String dom = chromium(result.index(), "--dump-dom");
        Files.writeString(ARTEFACTS.resolve("index.dom.html"), dom);
        Document d = Jsoup.parse(dom);
        assertEquals("民情分析会月报 · 2021年8月", d.title());
        for (String id : HtmlReport.SECTIONS.keySet()) {
            Element s = d.getElementById(id);
            assertNotNull(s, "section " + id + " is in the DOM Chromium built");
            assertEquals(HtmlReport.SECTIONS.get(id), s.selectFirst("h2").text());
        }
        assertTrue(d.select("img").isEmpty(), "charts are inline SVG, so there is no image that could break");
        assertTrue(d.select("figure.chart svg").size() >= 7, "inline charts: " + d.select("figure.chart svg").size());
        assertTrue(d.select("svg text").eachText().contains("居南社区"), "chart labels are real text");
        assertEquals(3, d.select("#ranking-table tbody tr").size());
    }

    /**
     * Measures {@code page} in Chromium laid out {@code width} CSS px wide. Headless Chromium will not make a window
     * narrower than 500 px, so the page is loaded in an iframe of that width inside a probe page beside it (the report
     * itself has no script); the probe writes the page's scroll width, its viewport width and the smallest rendered size
     * of chart text — font size × the SVG's scale on screen — into its own DOM, which --dump-dom returns.
     */
    static Document measure(Path page, int width) throws Exception {
        String probe = """
                <!DOCTYPE html><html><body style="margin:0">
                <iframe id="f" src="%s" style="width:%dpx;height:30000px;border:0;display:block"></iframe>
                <script>
                document.getElementById('f').addEventListener('load', () => {
                  const w = document.getElementById('f').contentWindow, d = w.document;
                  let min = Infinity, text = '', n = 0;
                  for (const t of d.querySelectorAll('figure.chart svg text')) {
                    if (!t.textContent.trim()) continue;
                    const m = t.getScreenCTM();
                    const px = parseFloat(w.getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
                    n++;
                    if (px < min) { min = px; text = t.textContent; }
                  }
                  const out = document.createElement('pre');
                  out.id = 'probe';
                  out.dataset.scrollWidth = d.scrollingElement.scrollWidth;
                  out.dataset.innerWidth = w.innerWidth;
                  out.dataset.minFont = min;
                  out.dataset.minText = text;
                  out.dataset.texts = n;
                  document.body.appendChild(out);
                });
                </script></body></html>
                """.formatted(page.getFileName().toUri().getRawPath().replaceAll(".*/", ""), width);
        Path copy = page.resolveSibling("probe-" + width + ".html");
        Files.writeString(copy, probe);
        Document d = Jsoup.parse(chromium(copy, "--dump-dom", "--allow-file-access-from-files", "--window-size=" + (width + 100) + ",2000"));
        Files.delete(copy);
        return d;
    }

    @Test
    void noSidewaysScrollingAndChartTextAtLeastNinePixelsOnDesktopAndPhone() throws Exception {
        Path community = result.dir().resolve("community");
        Path page;
        try (var s = Files.list(community)) {
            page = s.filter(p -> p.toString().endsWith(".html")).sorted().findFirst().orElseThrow();
        }
        for (Path p : List.of(result.index(), page)) {
            for (int width : new int[] {1400, 390}) {
                Element probe = measure(p, width).getElementById("probe");
                assertNotNull(probe, "the probe ran in " + p.getFileName() + " at " + width + " px");
                String where = p.getFileName() + " at " + width + " px: ";
                assertEquals(width, Integer.parseInt(probe.attr("data-inner-width")), where + "viewport");
                assertTrue(Integer.parseInt(probe.attr("data-scroll-width")) <= width,
                        where + "the page is " + probe.attr("data-scroll-width") + " px wide: something overflows the body");
                assertTrue(Integer.parseInt(probe.attr("data-texts")) > 20, where + "chart texts measured: " + probe.attr("data-texts"));
                double min = Double.parseDouble(probe.attr("data-min-font"));
                assertTrue(min >= HtmlReport.MIN_CHART_TEXT_PX - 0.01,
                        where + "chart text '" + probe.attr("data-min-text") + "' renders at " + min + " px");
            }
        }
    }

    @Test
    void screenshotShowsARenderedPageAndItPrintsToA4() throws Exception {
        Path shot = ARTEFACTS.resolve("index.png");
        Files.deleteIfExists(shot);
        chromium(result.index(), "--screenshot=" + shot, "--window-size=1280,2400");
        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(1280, img.getWidth());
        // the header band is the primary blue (#1F5FA8) and the page below it is not blank
        int header = img.getRGB(640, 10) & 0xFFFFFF;
        assertEquals(0x1F5FA8, header, "header colour " + Integer.toHexString(header));
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 100; y < 2400; y += 7) {
            for (int x = 0; x < 1280; x += 7) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 50, "the page has content, not a blank screen: " + colours.size() + " colours");

        Path pdf = ARTEFACTS.resolve("index.pdf");
        Files.deleteIfExists(pdf);
        chromium(result.index(), "--print-to-pdf=" + pdf, "--no-pdf-header-footer");
        String raw = new String(Files.readAllBytes(pdf), StandardCharsets.ISO_8859_1);
        int pages = raw.split("/Type\\s*/Page[^s]", -1).length - 1;
        assertTrue(pages >= 5, "the sections start on new A4 pages: " + pages + " pages");
        // A4 is 595.3 × 841.9 points (Chromium writes 594.96 × 841.92)
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("/MediaBox\\s*\\[\\s*0\\s+0\\s+([\\d.]+)\\s+([\\d.]+)").matcher(raw);
        assertTrue(m.find(), "a page size");
        assertEquals(595, Double.parseDouble(m.group(1)), 1.0, "A4 width");
        assertEquals(842, Double.parseDouble(m.group(2)), 1.0, "A4 height");
    }
}
