package org.cytoarrow.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.io.Csv;
import org.cytoarrow.gating.BooleanGate;
import org.cytoarrow.gating.GatingStrategy;
import org.cytoarrow.testdata.DemoCohort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batch} with the real gating processor, against ground truth: the ISAC Gating-ML 2.0 compliance counts
 * (cases.csv {@code expected_in_gate}, which the test first checks against the 1s of each truth file), the
 * MANIFEST event counts of a two-data-set file, and the generated demo cohort's truth.csv (exact gate counts,
 * and percentages within 4 binomial standard errors of the probabilities the events were drawn with).
 */
class GatingProcessorTest {

    /** Long-table rows by sample: (population, statistic, channel) to value. */
    static Map<String, Map<List<String>, Double>> table(Path statisticsCsv) throws Exception {
        Map<String, Map<List<String>, Double>> out = new LinkedHashMap<>();
        for (List<String> r : BatchFaultsTest.dataLines(statisticsCsv)) {
            out.computeIfAbsent(r.get(0), k -> new HashMap<>()).put(List.of(r.get(2), r.get(3), r.get(4)),
                    Double.parseDouble(r.get(5)));
        }
        return out;
    }

    static List<List<String>> csv(Path file) throws Exception {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return Csv.read(r);
        }
    }

    /** The value of {@code statistic} of the population whose path ends in {@code /id}. */
    static double leaf(Map<List<String>, Double> rows, String id, String statistic) {
        Double found = null;
        for (Map.Entry<List<String>, Double> e : rows.entrySet()) {
            List<String> k = e.getKey();
            if (k.get(0).endsWith("/" + id) && k.get(1).equals(statistic) && k.get(2).isEmpty()) {
                assertTrue(found == null, "population id " + id + " is not unique");
                found = e.getValue();
            }
        }
        assertTrue(found != null, "no " + statistic + " row for population " + id);
        return found;
    }

    static String pathOf(Map<List<String>, Double> rows, String id) {
        return rows.keySet().stream().map(k -> k.get(0)).filter(p -> p.endsWith("/" + id)).findFirst().orElseThrow();
    }

    @Test
    void complianceCountsOfAllGatesOnData1(@TempDir Path tmp) throws Exception {
        Path data = SampleProcessorsTest.testdata().resolve("gatingml");
        Path xml = data.resolve("gml/gml_all_gates.xml");
        BatchSummary s;
        try (BufferAllocator root = Memory.newRootAllocator()) {
            s = new BatchRunner(BatchOptions.of(tmp).withThreads(1), SampleProcessors.forGating(xml),
                    new PrintWriter(new StringWriter())).run(List.of(data.resolve("data1.fcs")), root);
            assertEquals(0, root.getAllocatedMemory());
        }
        assertEquals(List.of(), s.failures());
        Map<List<String>, Double> rows = table(tmp.resolve("statistics.csv")).get("data1");
        assertEquals(13367, rows.get(List.of("/", "count", "")));

        List<List<String>> cases = csv(data.resolve("cases.csv"));
        List<String> h = cases.get(0);
        int checked = 0;
        for (List<String> c : cases.subList(1, cases.size())) {
            if (!c.get(h.indexOf("xml_file")).equals("gml/gml_all_gates.xml")) {
                continue;
            }
            String gate = c.get(h.indexOf("gate_id"));
            int expected = Integer.parseInt(c.get(h.indexOf("expected_in_gate")));
            long ones;
            try (Stream<String> lines = Files.lines(data.resolve(c.get(h.indexOf("truth_file"))))) {
                ones = lines.filter(l -> l.strip().equals("1")).count();
            }
            assertEquals(expected, ones, "cases.csv against " + c.get(h.indexOf("truth_file")));
            assertEquals(expected, leaf(rows, gate, "count"), 0, gate);
            assertEquals(100.0 * expected / 13367, leaf(rows, gate, "freq_total"), 1e-9, gate);
            checked++;
        }
        assertTrue(checked >= 40, "only " + checked + " all-gates cases");

        // percent of parent = 100 x count / parent count, for the nested gates (hand rule)
        for (Map.Entry<List<String>, Double> e : rows.entrySet()) {
            String path = e.getKey().get(0);
            if (e.getKey().get(1).equals("freq_parent") && path.lastIndexOf('/') > 0) {
                double parent = rows.get(List.of(path.substring(0, path.lastIndexOf('/')), "count", ""));
                double count = rows.get(List.of(path, "count", ""));
                assertEquals(parent == 0 ? Double.NaN : 100 * count / parent, e.getValue(), 1e-9, path);
            }
        }
        // value statistics on the gated scale: a median per population and gated channel (FSC-H gated by Range1)
        assertTrue(rows.containsKey(List.of("/Range1", "median", "FSC-H")));
        // every statistic name of the long table is the canonical Statistic label (the names `stats` writes)
        for (List<String> key : rows.keySet()) {
            assertEquals(key.get(1), org.cytoarrow.core.stats.Statistic.parse(key.get(1)).label(), key.toString());
        }

        // one plot per geometric gate (quadrant gates: one per gate), none for Boolean gates
        GatingStrategy strategy = GatingStrategy.read(xml);
        long geometric = strategy.gates().stream().filter(g -> !(g instanceof BooleanGate)).count();
        List<Path> pngs;
        try (Stream<Path> files = Files.list(tmp.resolve("plots/data1"))) {
            pngs = files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        assertEquals(geometric, pngs.size());
        for (Path p : pngs) {
            byte[] head = Files.readAllBytes(p);
            assertEquals((byte) 0x89, head[0]);
            assertEquals('P', head[1]);
        }
        String html = Files.readString(tmp.resolve("report.html"));
        assertTrue(html.contains("plots/data1/"), "report has thumbnails");
    }

    @Test
    void eachDataSetOfATwoDataSetFileIsItsOwnSample(@TempDir Path tmp) throws Exception {
        Path data = SampleProcessorsTest.testdata();
        Path lmd = data.resolve("fcs/beckman-coulter/coulter.lmd");
        Path xml = tmp.resolve("all.xml");
        // an open range on FS selects every event that has a number: count = $TOT of each data set
        Files.writeString(xml, """
                <?xml version="1.0" encoding="UTF-8"?>
                <gating:Gating-ML xmlns:gating="http://www.isac-net.org/std/Gating-ML/v2.0/gating"
                    xmlns:data-type="http://www.isac-net.org/std/Gating-ML/v2.0/datatypes">
                  <gating:RectangleGate gating:id="All">
                    <gating:dimension gating:min="-1E300" gating:compensation-ref="uncompensated">
                      <data-type:fcs-dimension data-type:name="FS"/>
                    </gating:dimension>
                  </gating:RectangleGate>
                </gating:Gating-ML>
                """);
        Map<String, String> tot = new HashMap<>();
        List<List<String>> manifest = csv(data.resolve("MANIFEST.csv"));
        List<String> h = manifest.get(0);
        for (List<String> r : manifest.subList(1, manifest.size())) {
            if (r.get(h.indexOf("path")).equals("fcs/beckman-coulter/coulter.lmd")) {
                tot.put("coulter#" + r.get(h.indexOf("dataset_index")), r.get(h.indexOf("tot")));
            }
        }
        assertEquals(2, tot.size());
        BatchSummary s;
        try (BufferAllocator root = Memory.newRootAllocator()) {
            s = new BatchRunner(BatchOptions.of(tmp.resolve("out")).withThreads(1), SampleProcessors.forGating(xml),
                    new PrintWriter(new StringWriter())).run(List.of(lmd), root);
            assertEquals(0, root.getAllocatedMemory());
        }
        assertEquals(List.of(), s.failures());
        Map<String, Map<List<String>, Double>> t = table(tmp.resolve("out/statistics.csv"));
        // data set 0 (FCS 2.0) names the channel "FS Lin": skipped, noted in the report; data set 1 is gated
        assertEquals(java.util.Set.of("coulter#1"), t.keySet());
        for (String sample : t.keySet()) {
            double n = Double.parseDouble(tot.get(sample));
            assertEquals(n, t.get(sample).get(List.of("/", "count", "")), sample);
            assertEquals(n, t.get(sample).get(List.of("/All", "count", "")), sample);
        }
        assertEquals(Long.parseLong(tot.get("coulter#1")), s.events());
        String html = Files.readString(tmp.resolve("out/report.html"));
        assertTrue(html.contains("coulter#1") && html.contains("1 data set(s): "), html);
    }

    @Test
    void demoCohortCountsAndPercentagesMatchItsTruth(@TempDir Path tmp) throws Exception {
        DemoCohort.Result cohort = DemoCohort.generate(tmp.resolve("cohort"),
                DemoCohort.Config.small().withPatients(1, 2));
        List<List<String>> truth = csv(cohort.truth());
        List<String> h = truth.get(0);
        List<Path> il6 = new ArrayList<>();
        List<Path> pi = new ArrayList<>();
        for (List<String> r : truth.subList(1, truth.size())) {
            String tube = r.get(h.indexOf("tube"));
            Path f = cohort.directory().resolve(r.get(h.indexOf("file")));
            (tube.equals("stained") || tube.equals("isotype") ? il6 : pi).add(f);
        }
        Map<String, Map<List<String>, Double>> t = new HashMap<>();
        for (Map.Entry<String, List<Path>> run : Map.of("myeloma_il6.xml", il6, "apoptosis_pi.xml", pi).entrySet()) {
            Path out = tmp.resolve("out-" + run.getKey());
            try (BufferAllocator root = Memory.newRootAllocator()) {
                BatchSummary s = new BatchRunner(BatchOptions.of(out).withThreads(2),
                        SampleProcessors.forGating(cohort.panel().resolve(run.getKey())),
                        new PrintWriter(new StringWriter())).run(run.getValue(), root);
                assertEquals(List.of(), s.failures());
                assertEquals(0, root.getAllocatedMemory());
            }
            t.putAll(table(out.resolve("statistics.csv")));
        }
        int checked = 0;
        for (List<String> r : truth.subList(1, truth.size())) {
            String file = r.get(h.indexOf("file"));
            String sample = file.substring(file.lastIndexOf('/') + 1, file.length() - 4);
            Map<List<String>, Double> rows = t.get(sample);
            assertEquals(Double.parseDouble(r.get(h.indexOf("events"))), rows.get(List.of("/", "count", "")));
            for (String gate : List.of("Cells", "Singlets", "PlasmaCells", "CD138pos", "IL6pos", "PIpos")) {
                String v = r.get(h.indexOf(gate));
                if (!v.isEmpty()) {
                    assertEquals(Double.parseDouble(v), leaf(rows, gate, "count"), 0, sample + " " + gate);
                    checked++;
                }
            }
            // percentages against the drawing probabilities: |observed - p| <= 4 binomial SEs of the parent size
            Map<String, String> prob = Map.of("PlasmaCells", "p_plasma", "CD138pos", "p_cd138", "IL6pos", "p_il6",
                    "PIpos", "p_pi");
            for (Map.Entry<String, String> e : prob.entrySet()) {
                String count = r.get(h.indexOf(e.getKey()));
                if (count.isEmpty()) {
                    continue;
                }
                double p = Double.parseDouble(r.get(h.indexOf(e.getValue())));
                double pct = leaf(rows, e.getKey(), "freq_parent");
                String path = pathOf(rows, e.getKey());
                double parentN = rows.get(List.of(path.substring(0, path.lastIndexOf('/')), "count", ""));
                double se = 100 * Math.sqrt(p * (1 - p) / parentN);
                assertTrue(Math.abs(pct - 100 * p) <= 4 * se + 1e-9, sample + " " + e.getKey() + ": " + pct
                        + "% vs p = " + p + " (SE " + se + ")");
            }
        }
        assertTrue(checked > 20);
        assertFalse(t.isEmpty());
    }
}
