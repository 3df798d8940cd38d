package org.cytoarrow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the HTML report in headless Chromium and checks the DOM after the inline script ran: the rows are there,
 * the script finished ({@code data-ready}), sorting from {@code #sort=-events} reorders the rows, and text that
 * looks like markup stayed text. Skipped when Chromium is not installed.
 */
class HtmlReportChromiumTest {
    private static final String EVIL = "<script>document.title='pwned'</script> & \"quoted\" 'single'";

    static Path chromium() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        return null;
    }

    private static ReportModel model() {
        List<ReportModel.Row> rows = new ArrayList<>();
        rows.add(new ReportModel.Row("A01", List.of("tube 1", "1500", "12.5"),
                List.of(new ReportModel.Thumbnail("plots/A 01/01_Cells.png", "Cells"))));
        rows.add(new ReportModel.Row("B02", List.of("tube 2", "90000", "3.25"), List.of()));
        rows.add(new ReportModel.Row(EVIL, List.of(EVIL, "200", ""), List.of()));
        rows.add(new ReportModel.Row("C10", List.of("tube 10", "20000", "40"), List.of()));
        return new ReportModel("Report " + EVIL, List.of("tube", "events", "CD3+ freq_parent"), rows,
                List.of(new ReportModel.Threshold("/Cells/CD3+", "FL1-H", "p99", 2.5, "median of 2 controls")),
                List.of(new ReportModel.ErrorItem("/data/bad.fcs", "NOT_FCS", EVIL)), List.of("4 samples"));
    }

    @Test
    void escapesEverything() {
        String html = HtmlReport.render(model());
        assertFalse(html.contains("<script>document"), "markup in data must be escaped");
        assertTrue(html.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt; &amp; &quot;quoted&quot;"));
        assertTrue(html.contains("href=\"plots/A%2001/01_Cells.png\""));
        assertEquals(2, html.split("<script>", -1).length, "exactly one (inline) script element");
    }

    @Test
    void pageLoadsAndSortsInHeadlessChromium(@TempDir Path dir) throws Exception {
        Path chromium = chromium();
        Assumptions.assumeTrue(chromium != null, "chromium not installed: skipping the headless browser check"
                + " (apt-get install -y chromium)");
        Path plot = dir.resolve("plots/A 01/01_Cells.png");
        new PlotRenderer().writePng(PlotSpec.histogram("A01", "FSC-A", new Range(0, 10), new double[] {1, 2, 2, 3},
                null, List.of(new GateShape.Interval(1.5, 2.5)), "50%"), plot);
        Path page = dir.resolve("report.html");
        HtmlReport.write(model(), page);

        String dom = dumpDom(chromium, dir, page.toUri() + "#sort=-events");
        assertTrue(dom.contains("data-ready=\"true\""), "the inline script ran to the end:\n" + dom);
        List<String> samples = firstCells(dom);
        assertEquals(List.of("B02", "C10", "A01", EVIL.replace("&", "&amp;").replace("<", "&lt;")
                .replace(">", "&gt;")), samples, "rows sorted by events, descending");
        assertTrue(dom.contains("aria-sort=\"descending\""));
        assertFalse(dom.contains("pwned</title>"), "the escaped script did not run");
        assertTrue(dom.contains("<table id=\"errors\">") && dom.contains("/data/bad.fcs"));
        assertTrue(dom.contains("<table id=\"thresholds\">"));

        String plain = dumpDom(chromium, dir, page.toUri().toString());
        assertEquals(List.of("A01", "B02"), firstCells(plain).subList(0, 2), "unsorted without #sort");
    }

    /** The text of the first cell of every row of the summary table's body. */
    private static List<String> firstCells(String dom) {
        int start = dom.indexOf("<table id=\"summary\"");
        int end = dom.indexOf("</table>", start);
        String table = dom.substring(start, end);
        String body = table.substring(table.indexOf("<tbody>"));
        Matcher m = Pattern.compile("<tr><td>(.*?)</td>").matcher(body);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static String dumpDom(Path chromium, Path dir, String url) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        Path out = dir.resolve("dom.html");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--dump-dom", url)
                .redirectOutput(out.toFile()).redirectError(dir.resolve("chromium.err").toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s");
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(dom.contains("<table"), "chromium printed a DOM (exit " + p.exitValue() + "): "
                + Files.readString(dir.resolve("chromium.err")));
        return dom;
    }
}
