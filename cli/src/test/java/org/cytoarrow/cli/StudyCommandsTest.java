package org.cytoarrow.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.cohort.CohortTable;
import org.cytoarrow.core.cohort.KruskalWallis;
import org.cytoarrow.core.stats.PopulationStatistics;
import org.cytoarrow.fcs.FcsReader;
import org.cytoarrow.gating.GatingResult;
import org.cytoarrow.gating.GatingStrategy;
import org.cytoarrow.testdata.DemoCohort;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stats} and {@code cohort} on a generated cohort (1 MGUS + 2 MM patients, 4 tubes each). The gating file
 * is the study panel's scatter part (Cells, Singlets: uncompensated), whose counts the generator's truth.csv gives
 * exactly; value statistics are checked against the library computed in the test, cohort tests against
 * Kruskal-Wallis run on the truth-derived percentages.
 */
class StudyCommandsTest {
    private static final String SCATTER = """
            <?xml version="1.0" encoding="UTF-8"?>
            <gating:Gating-ML xmlns:gating="http://www.isac-net.org/std/Gating-ML/v2.0/gating"
                xmlns:data-type="http://www.isac-net.org/std/Gating-ML/v2.0/datatypes">
              <gating:PolygonGate gating:id="Cells">
                <gating:dimension gating:compensation-ref="uncompensated"><data-type:fcs-dimension data-type:name="FSC-A"/></gating:dimension>
                <gating:dimension gating:compensation-ref="uncompensated"><data-type:fcs-dimension data-type:name="SSC-A"/></gating:dimension>
                <gating:vertex><gating:coordinate data-type:value="25000"/><gating:coordinate data-type:value="-5000"/></gating:vertex>
                <gating:vertex><gating:coordinate data-type:value="270000"/><gating:coordinate data-type:value="-5000"/></gating:vertex>
                <gating:vertex><gating:coordinate data-type:value="270000"/><gating:coordinate data-type:value="270000"/></gating:vertex>
                <gating:vertex><gating:coordinate data-type:value="40000"/><gating:coordinate data-type:value="270000"/></gating:vertex>
                <gating:vertex><gating:coordinate data-type:value="25000"/><gating:coordinate data-type:value="60000"/></gating:vertex>
              </gating:PolygonGate>
              <gating:PolygonGate gating:id="Singlets" gating:parent_id="Cells">
                <gating:dimension gating:compensation-ref="uncompensated"><data-type:fcs-dimension data-type:name="FSC-A"/></gating:dimension>
                <gating:dimension gating:compensation-ref="uncompensated"><data-type:fcs-dimension data-type:name="FSC-H"/></gating:dimension>
                <gating:vertex><gating:coordinate data-type:value="20000"/><gating:coordinate data-type:value="13600"/></gating:vertex>
                <gating:vertex><gating:coordinate data-type:value="270000"/><gating:coordinate data-type:value="183600"/></gating:vertex>
                <gating:vertex><gating:coordinate data-type:value="270000"/><gating:coordinate data-type:value="297000"/></gating:vertex>
                <gating:vertex><gating:coordinate data-type:value="20000"/><gating:coordinate data-type:value="22000"/></gating:vertex>
              </gating:PolygonGate>
            </gating:Gating-ML>
            """;

    @TempDir
    static Path dir;
    static DemoCohort.Result cohort;
    static Path gating;
    static Path stats;
    static Map<String, Map<String, String>> truth;
    static CliTestSupport.Run statsRun;

    @BeforeAll
    static void generate() throws IOException {
        cohort = DemoCohort.generate(dir.resolve("cohort"), new DemoCohort.Config(11L, 1, 2, 0.04));
        gating = Files.writeString(dir.resolve("scatter.xml"), SCATTER);
        truth = csvByFirstColumn(cohort.truth());
        stats = dir.resolve("out/stats.csv");
        List<String> args = new ArrayList<>(List.of("stats", "--gating", gating.toString(), "--stat", "median",
                "--stat", "p99.5", "--channel", "FSC-A", "--scale", "scaled", "-o", stats.toString()));
        cohort.files().forEach(f -> args.add(f.toString()));
        statsRun = CliTestSupport.run(args.toArray(String[]::new));
    }

    static Map<String, Map<String, String>> csvByFirstColumn(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",", -1);
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], f[i]);
            }
            out.put(f[0], row);
        }
        return out;
    }

    @Test
    void statsWritesTheLongTable() throws IOException {
        assertEquals(0, statsRun.exitCode(), statsRun.err());
        List<String> lines = Files.readAllLines(stats);
        assertEquals("sample,file,population,statistic,channel,value", lines.get(0));
        // 12 files x 2 populations x (count, freq_parent, freq_total, median, p99.5).
        assertEquals(1 + 12 * 2 * 5, lines.size());
        Map<String, String> values = new HashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",", -1);
            assertTrue(f[1].endsWith(f[0] + ".fcs"), l);
            values.put(f[0] + "|" + f[2] + "|" + f[4] + "|" + f[3], f[5]);
        }
        try (BufferAllocator a = Memory.newRootAllocator()) {
            GatingStrategy s = GatingStrategy.read(gating);
            for (Path f : cohort.files()) {
                String sample = f.getFileName().toString().replace(".fcs", "");
                Map<String, String> t = truth.get("fcs/" + f.getFileName());
                assertEquals(t.get("Cells"), values.get(sample + "|/Cells||count"), sample);
                assertEquals(t.get("Singlets"), values.get(sample + "|/Cells/Singlets||count"), sample);
                double pct = 100.0 * Integer.parseInt(t.get("Singlets")) / Integer.parseInt(t.get("Cells"));
                assertEquals(pct, Double.parseDouble(values.get(sample + "|/Cells/Singlets||freq_parent")), 1e-9);
                try (EventFrame frame = FcsReader.read(f, a)) {
                    GatingResult r = s.evaluate(frame);
                    double[] fsc = frame.scaledColumn("FSC-A");
                    assertEquals(PopulationStatistics.median(fsc, r.mask("Singlets")),
                            Double.parseDouble(values.get(sample + "|/Cells/Singlets|FSC-A|median")), 0.0);
                    assertEquals(PopulationStatistics.percentile(fsc, r.mask("Cells"), 99.5),
                            Double.parseDouble(values.get(sample + "|/Cells|FSC-A|p99.5")), 0.0);
                }
            }
            assertEquals(0, a.getAllocatedMemory());
        }
    }

    @Test
    void statsParquetAndBadOptions() throws IOException {
        Path parquet = dir.resolve("out/stats.parquet");
        CliTestSupport.Run run = CliTestSupport.run("stats", "--gating", gating.toString(), "-o", parquet.toString(),
                cohort.files().get(0).toString());
        assertEquals(0, run.exitCode(), run.err());
        byte[] bytes = Files.readAllBytes(parquet);
        assertArrayEquals("PAR1".getBytes(), java.util.Arrays.copyOf(bytes, 4));
        assertArrayEquals("PAR1".getBytes(), java.util.Arrays.copyOfRange(bytes, bytes.length - 4, bytes.length));
        assertEquals(3, CliTestSupport.run("stats", "--gating", gating.toString(), "--scale", "log", "-o",
                dir.resolve("x.csv").toString(), cohort.files().get(0).toString()).exitCode());
        assertEquals(3, CliTestSupport.run("stats", "--gating", gating.toString(), "--stat", "p101", "-o",
                dir.resolve("x.csv").toString(), cohort.files().get(0).toString()).exitCode());
        assertEquals(3, CliTestSupport.run("stats", "--gating", gating.toString(), "--channel", "NOPE", "--scale",
                "raw", "-o", dir.resolve("x.csv").toString(), cohort.files().get(0).toString()).exitCode());
        assertEquals(2, CliTestSupport.run("stats", cohort.files().get(0).toString()).exitCode());
    }

    @Test
    void cohortTestsEndpointsByStage() throws IOException {
        assertEquals(0, statsRun.exitCode(), statsRun.err());
        Path out = dir.resolve("cohort-out");
        String endpoint = "/Cells/Singlets freq_parent";
        CliTestSupport.Run run = CliTestSupport.run("cohort", stats.toString(), "--samples",
                cohort.sampleSheet().toString(), "--by", "stage", "--by-fallback", "diagnosis", "--order",
                "MGUS,I,II", "--endpoint", endpoint, "--endpoint", "/Cells count", "--time", "ttp_months",
                "--event", "progression", "--split", endpoint + ":median", "-o", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = Files.readAllLines(out.resolve("tests.csv"));
        assertEquals(CohortTable.HEADER, lines.get(0));
        // By hand from truth.csv: P001 is MGUS (no stage), P002 stage I, P003 stage II; 4 tubes each.
        Map<String, List<Double>> groups = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> e : truth.entrySet()) {
            String patient = e.getValue().get("patient");
            String g = patient.equals("P001") ? "MGUS" : patient.equals("P002") ? "I" : "II";
            groups.computeIfAbsent(g, k -> new ArrayList<>()).add(100.0
                    * Integer.parseInt(e.getValue().get("Singlets")) / Integer.parseInt(e.getValue().get("Cells")));
        }
        KruskalWallis.Result kw = KruskalWallis.test(List.of("MGUS", "I", "II"), groups.values().stream()
                .map(v -> v.stream().mapToDouble(Double::doubleValue).toArray()).toList());
        String kwLine = lines.stream().filter(l -> l.startsWith("\"" + endpoint + "\",stage,all,kruskal_wallis")
                || l.startsWith(endpoint + ",stage,all,kruskal_wallis")).findFirst().orElseThrow();
        String[] f = kwLine.split(",", -1);
        assertEquals(kw.h(), Double.parseDouble(f[4]), 1e-9);
        assertEquals(kw.p(), Double.parseDouble(f[5]), 1e-9);
        // Summaries: one per group and endpoint, each with n = 4.
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(1 + 2 * 3, summary.size());
        assertTrue(summary.stream().skip(1).allMatch(l -> l.endsWith(",4")), summary.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains(",jonckheere_terpstra,")));
        assertTrue(lines.stream().anyMatch(l -> l.contains(",dunn,")));
        assertTrue(lines.stream().anyMatch(l -> l.contains(",logrank,")));
        byte[] png = Files.readAllBytes(out.resolve("km_1.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        assertTrue(run.out().contains("kruskal_wallis"), run.out());
    }

    @Test
    void cohortRejectsBadInput() throws IOException {
        Path out = dir.resolve("bad-out");
        assertEquals(3, CliTestSupport.run("cohort", dir.resolve("missing.csv").toString(), "-o", out.toString())
                .exitCode());
        assertEquals(3, CliTestSupport.run("cohort", stats.toString(), "--samples", cohort.sampleSheet().toString(),
                "--by", "nope", "-o", out.toString()).exitCode());
        assertEquals(3, CliTestSupport.run("cohort", stats.toString(), "--compare", "diagnosis", "-o",
                out.toString()).exitCode());
    }
}
