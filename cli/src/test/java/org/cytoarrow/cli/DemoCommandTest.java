package org.cytoarrow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cytoarrow.gating.BooleanGate;
import org.cytoarrow.gating.Gate;
import org.cytoarrow.gating.GatingStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cytoarrow demo} end to end on a tiny cohort (4 patients, about 2,000 events per tube). */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void demoRunsEndToEndAndReusesItsCohort() throws IOException {
        Path work = dir.resolve("demo");
        CliTestSupport.Run run = demo(work, 4, 2000);
        assertTrue(run.out().contains("generating 4 patients (1 MGUS, 3 MM)"), run.out());
        assertTrue(run.out().contains("Kruskal-Wallis p = "), run.out());
        assertTrue(run.out().contains("MM vs MGUS: Hodges-Lehmann shift"), run.out());
        assertTrue(run.out().contains("16 tubes of 4 patients processed (0 failed)"), run.out());
        assertTrue(Files.isRegularFile(work.resolve("batch/report.html")));
        assertTrue(Files.isRegularFile(work.resolve("cohort-results/km_1.png")));
        List<String> patients = Files.readAllLines(work.resolve("patients.csv"));
        assertEquals(5, patients.size());
        assertTrue(patients.get(0).startsWith("patient,diagnosis,stage,group,age"), patients.get(0));
        for (String col : List.of("pct_il6_of_cd138", "specific_apoptosis", "il6_threshold_control")) {
            assertTrue(patients.get(0).contains(col), col);
        }
        List<String> thresholds = Files.readAllLines(work.resolve("thresholds.csv"));
        assertEquals(5, thresholds.size());
        assertTrue(thresholds.get(1).startsWith("P001_stained,P001,il6,P001_isotype,"), thresholds.get(1));

        // Every tube gets one plot per gate (a quadrant gate is one plot, Boolean gates have none), as many as
        // its tube type's strategy in the generated panel has; the report shows each as a thumbnail.
        Path panel = work.resolve("cohort/panel");
        Map<String, Integer> perTube = Map.of(
                "stained", plottedGates(panel.resolve("myeloma_il6.xml")),
                "isotype", plottedGates(panel.resolve("myeloma_il6.xml")),
                "untreated", plottedGates(panel.resolve("apoptosis_pi.xml")),
                "dexamethasone", plottedGates(panel.resolve("apoptosis_pi.xml")));
        assertEquals(5, perTube.get("stained"), "Cells, Singlets, PlasmaCells, CD138pos, CD138xIL6");
        assertEquals(3, perTube.get("untreated"), "Cells, Singlets, PIpos");
        String report = Files.readString(work.resolve("batch/report.html"));
        int total = 0;
        try (Stream<Path> dirs = Files.list(work.resolve("batch/plots"))) {
            for (Path d : dirs.toList()) {
                String sample = d.getFileName().toString();
                List<Path> pngs;
                try (Stream<Path> f = Files.list(d)) {
                    pngs = f.filter(x -> x.toString().endsWith(".png")).toList();
                }
                int expected = perTube.get(sample.substring(sample.indexOf('_') + 1));
                assertEquals(expected, pngs.size(), sample + ": " + pngs);
                for (Path png : pngs) {
                    assertTrue(report.contains("<img src=\"plots/" + sample + "/" + png.getFileName() + "\""),
                            png.toString());
                }
                total += pngs.size();
            }
        }
        assertEquals(4 * (5 + 5 + 3 + 3), total, "16 tubes of 4 patients");

        // The report lists each patient's IL-6 threshold from its isotype control, as in thresholds.csv (on APC-A,
        // the IL-6 detector of the panel); the stained tube is the only one with a threshold rule.
        int rows = 0;
        for (String line : thresholds.subList(1, thresholds.size())) {
            String[] c = line.split(",");
            String row = "<tr><td>" + c[4] + "</td><td>APC-A</td><td>p99.5</td><td class=\"num\">"
                    + String.format(java.util.Locale.ROOT, "%.6g", Double.parseDouble(c[8])) + "</td><td class=\"num\">"
                    + c[9] + "</td><td>" + c[3] + " (rule " + c[2] + ", " + c[5] + " " + c[6] + ")</td></tr>";
            assertTrue(report.contains(row), row + " in " + report.substring(report.indexOf("Control thresholds")));
            rows++;
        }
        assertEquals(4, rows);
        assertEquals(4, report.split("<table id=\"thresholds\">")[1].split("</table>")[0].split("<tr><td>").length - 1);

        CliTestSupport.Run again = CliTestSupport.run("demo", "--dir", work.toString(), "--threads", "1");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("using the cohort in"), again.out());
        assertEquals(patients, Files.readAllLines(work.resolve("patients.csv")));
    }

    /**
     * Two independent paths to the study's headline number: the demo's study workflow (each patient's IL-6+
     * threshold from that patient's isotype tube) and {@code batch --controls '*isotype*:p99.5' --control-group
     * patient} on the same files with the cohort's own sample sheet. Pooling the controls instead would give other
     * values, so this also checks that the pairing follows the sheet.
     */
    @Test
    void batchWithPairedControlsReproducesTheStudyWorkflow() throws IOException {
        Path work = dir.resolve("demo");
        demo(work, 5, 3000);
        Path cohort = work.resolve("cohort");
        Path out = dir.resolve("batch");
        CliTestSupport.Run batch = CliTestSupport.run("batch", cohort.resolve("fcs").toString(), "--gating",
                cohort.resolve("panel/myeloma_il6.xml").toString(), "-o", out.toString(), "--samples",
                cohort.resolve("sample_sheet.csv").toString(), "--controls", "*isotype*:p99.5", "--control-group",
                "patient", "--threads", "1");
        assertEquals(0, batch.exitCode(), batch.out() + batch.err());

        Map<String, Double> batchValue = new java.util.HashMap<>();
        for (String line : Files.readAllLines(out.resolve("statistics.csv"))) {
            String[] c = line.split(",");
            if (c[2].equals("/Cells/Singlets/PlasmaCells/CD138pos") && c[3].equals("pct_above_control")
                    && c[4].equals("APC-A") && c[0].endsWith("_stained")) {
                batchValue.put(c[0].substring(0, c[0].indexOf('_')), Double.parseDouble(c[5]));
            }
        }
        List<String> patients = Files.readAllLines(work.resolve("patients.csv"));
        List<String> header = List.of(patients.get(0).split(","));
        int pct = header.indexOf("pct_il6_of_cd138");
        for (String line : patients.subList(1, patients.size())) {
            String[] c = line.split(",", -1);
            double study = Double.parseDouble(c[pct]);
            assertTrue(batchValue.containsKey(c[0]), c[0] + " has no pct_above_control row: " + batchValue);
            assertEquals(study, batchValue.get(c[0]), 1e-9, c[0]);
        }
        assertEquals(5, batchValue.size());
    }

    /** Runs {@code cytoarrow demo} on one thread into {@code work} and checks it succeeded. */
    private static CliTestSupport.Run demo(Path work, int patients, int events) {
        CliTestSupport.Run run = CliTestSupport.run("demo", "--dir", work.toString(), "--patients",
                Integer.toString(patients), "--events", Integer.toString(events), "--threads", "1");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        return run;
    }

    private static int plottedGates(Path gatingMl) {
        int n = 0;
        for (Gate g : GatingStrategy.read(gatingMl).gates()) {
            n += g instanceof BooleanGate ? 0 : 1;
        }
        return n;
    }

    @Test
    void badSizesAreUsageErrors() {
        assertEquals(2, CliTestSupport.run("demo", "--dir", dir.toString(), "--patients", "1").exitCode());
        assertEquals(2, CliTestSupport.run("demo", "--dir", dir.toString(), "--events", "5").exitCode());
    }
}
