package org.cytoarrow.batch;

import static org.cytoarrow.batch.BatchControlsTest.CHANNELS;
import static org.cytoarrow.batch.BatchControlsTest.POPULATIONS;
import static org.cytoarrow.batch.BatchControlsTest.pctAbove;
import static org.cytoarrow.batch.BatchControlsTest.thresholds;
import static org.cytoarrow.batch.BatchControlsTest.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.SampleSheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batch --controls GLOB:STAT --control-group COLUMN}: each sample gets the thresholds of the controls with
 * its own sample-sheet value of COLUMN (here {@code patient}), checked against a plain-loop truth per group (the
 * helpers and data of {@link BatchControlsTest}); a group without a control gets no rows and a note; a changed
 * control redoes its own group's samples only.
 */
class BatchControlGroupsTest {
    private static final String RULE = "*iso*:p99.5";

    private record Run(BatchSummary summary, String log, Set<String> processed) {
    }

    /** A batch over {@code in} with the sheet {@code in/../sheet.csv} (lines "file,patient"), paired by patient. */
    private static Run batch(Path in, Path out, String sheetLines) throws Exception {
        Path sheet = Files.writeString(in.resolveSibling("sheet.csv"), "file,patient\n" + sheetLines);
        StringWriter log = new StringWriter();
        BatchOptions options = BatchOptions.of(out).withThreads(2).withSheet(SampleSheet.read(sheet, SampleSheet.FILE))
                .withControls(ControlRule.parse(RULE).withGroupColumn("patient"));
        BatchSummary s;
        try (BufferAllocator root = Memory.newRootAllocator()) {
            Path xml = Files.writeString(in.resolveSibling("gating.xml"), BatchControlsTest.GATING);
            s = new BatchRunner(options, SampleProcessors.forGating(xml, options), new PrintWriter(log))
                    .run(List.of(in), root);
            assertEquals(0, root.getAllocatedMemory());
        }
        Set<String> processed = new TreeSet<>();
        Matcher m = BatchControlsTest.DONE.matcher(log.toString());
        while (m.find()) {
            processed.add(m.group(1));
        }
        return new Run(s, log.toString(), processed);
    }

    /**
     * Every stained sample's pct_above_control rows (long table and per-sample file) against the truth computed
     * with its own group's thresholds; none for {@code without} and for the controls.
     */
    private static void assertApplied(Path out, Map<String, double[][]> stained,
            Map<String, Map<List<String>, Double>> thresholdsOf, Set<String> without) throws Exception {
        Map<String, Map<List<String>, Double>> t = GatingProcessorTest.table(out.resolve("statistics.csv"));
        for (String sample : t.keySet()) {
            boolean applied = t.get(sample).keySet().stream()
                    .anyMatch(k -> k.get(1).equals(ControlThresholds.STATISTIC));
            assertEquals(stained.containsKey(sample), applied, sample + " has applied rows");
        }
        for (String w : without) {
            assertTrue(t.containsKey(w), w + " has results");
        }
        for (Map.Entry<String, double[][]> s : stained.entrySet()) {
            Map<List<String>, Double> rows = t.get(s.getKey());
            Map<List<String>, Double> perSample = GatingProcessorTest.table(out.resolve("samples/" + s.getKey()
                    + ".csv")).get(s.getKey());
            for (String pop : POPULATIONS) {
                for (int c = 0; c < CHANNELS.size(); c++) {
                    double threshold = thresholdsOf.get(s.getKey()).get(List.of(pop, CHANNELS.get(c)));
                    double expected = pctAbove(s.getValue(), pop, c, threshold);
                    List<String> key = List.of(pop, ControlThresholds.STATISTIC, CHANNELS.get(c));
                    assertEquals(expected, rows.get(key), 1e-9, s.getKey() + " " + key);
                    assertEquals(expected, perSample.get(key), 1e-9, s.getKey() + " per-sample " + key);
                }
            }
        }
    }

    /** thresholds.csv: the pooled columns, then group; one row per group, population and channel, as derived. */
    private static void assertThresholdsCsv(Path out, Map<String, Map<List<String>, Double>> byGroup)
            throws Exception {
        List<List<String>> csv = GatingProcessorTest.csv(out.resolve("thresholds.csv"));
        assertEquals(List.of("population", "channel", "statistic", "threshold", "source", "group"), csv.get(0));
        assertEquals(byGroup.size() * POPULATIONS.size() * CHANNELS.size(), csv.size() - 1, csv.toString());
        for (List<String> r : csv.subList(1, csv.size())) {
            double expected = byGroup.get(r.get(5)).get(List.of(r.get(0), r.get(1)));
            assertEquals(expected, Double.parseDouble(r.get(3)), 1e-9 * Math.abs(expected), r.toString());
            assertTrue(r.get(4).contains("with patient=" + r.get(5)), r.toString());
        }
    }

    @Test
    void eachSampleGetsTheThresholdsOfItsOwnGroupsControlsNotThePooledOnes(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        // patient 1's controls are dim, patient 2's bright; each has two (median of two within the group)
        List<double[][]> p1 = List.of(write(in.resolve("P1_iso_1.fcs"), 3000, 0, 200, 1),
                write(in.resolve("P1_iso_2.fcs"), 2500, 0, 260, 2));
        List<double[][]> p2 = List.of(write(in.resolve("P2_iso_1.fcs"), 3000, 0, 600, 3),
                write(in.resolve("P2_iso_2.fcs"), 3500, 0, 640, 4));
        Map<String, double[][]> stained = new LinkedHashMap<>();
        stained.put("P1_S", write(in.resolve("P1_S.fcs"), 5000, 0.2, 350, 11));
        stained.put("P2_S", write(in.resolve("P2_S.fcs"), 4000, 0.2, 600, 12));
        stained.put("P2_T", write(in.resolve("P2_T.fcs"), 3000, 0.1, 650, 13));
        Run r = batch(in, tmp.resolve("out"), """
                P1_iso_1.fcs,1
                P1_iso_2.fcs,1
                P1_S.fcs,1
                P2_iso_1.fcs,2
                P2_iso_2.fcs,2
                P2_S.fcs,2
                P2_T.fcs,2
                """);
        assertEquals(List.of(), r.summary().failures());
        assertEquals(7, r.summary().processed());
        Map<String, Map<List<String>, Double>> byGroup = Map.of("1", thresholds(p1), "2", thresholds(p2));
        Map<String, Map<List<String>, Double>> thresholdsOf = Map.of("P1_S", byGroup.get("1"),
                "P2_S", byGroup.get("2"), "P2_T", byGroup.get("2"));
        assertApplied(tmp.resolve("out"), stained, thresholdsOf, Set.of());
        assertThresholdsCsv(tmp.resolve("out"), byGroup);
        // the pairing matters: with the thresholds pooled over all four controls every stained sample's CD3
        // percentage would differ by more than a percentage point
        List<double[][]> all = List.of(p1.get(0), p1.get(1), p2.get(0), p2.get(1));
        Map<List<String>, Double> pooled = thresholds(all);
        for (Map.Entry<String, double[][]> s : stained.entrySet()) {
            for (String pop : POPULATIONS) {
                double own = pctAbove(s.getValue(), pop, 1, thresholdsOf.get(s.getKey()).get(List.of(pop, "CD3")));
                double pooledPct = pctAbove(s.getValue(), pop, 1, pooled.get(List.of(pop, "CD3")));
                assertTrue(Math.abs(own - pooledPct) > 1, s.getKey() + " " + pop + ": own " + own + " pooled "
                        + pooledPct);
            }
        }
        assertTrue(r.log().contains("thresholds of 2 patient group(s) (4 control(s) matching '*iso*') applied to 3"
                + " of 3 other sample(s)"), r.log());
        String html = Files.readString(tmp.resolve("out/report.html"));
        assertTrue(html.contains("<th>group</th>"), html);
        assertTrue(html.contains("with patient=2: P2_iso_1, P2_iso_2"), html);
    }

    @Test
    void aGroupWithoutAControlGetsNoRowsAndANoteAndTheBatchFinishes(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        Path out = tmp.resolve("out");
        Files.createDirectories(in);
        List<double[][]> p1 = List.<double[][]>of(write(in.resolve("P1_iso.fcs"), 3000, 0, 200, 1));
        Map<String, double[][]> stained = Map.of("P1_S", write(in.resolve("P1_S.fcs"), 4000, 0.3, 250, 11));
        write(in.resolve("P3_S1.fcs"), 3000, 0.3, 11);
        write(in.resolve("P3_S2.fcs"), 2000, 0.3, 12);
        write(in.resolve("X.fcs"), 2000, 0.3, 13); // not in the sheet: no group
        String sheet = """
                P1_iso.fcs,1
                P1_S.fcs,1
                P3_S1.fcs,3
                P3_S2.fcs,3
                """;
        Run r = batch(in, out, sheet);
        assertEquals(List.of(), r.summary().failures());
        assertEquals(0, r.summary().exitCode());
        assertEquals(5, r.summary().processed());
        Map<String, Map<List<String>, Double>> byGroup = Map.of("1", thresholds(p1));
        assertApplied(out, stained, Map.of("P1_S", byGroup.get("1")), Set.of("P3_S1", "P3_S2", "X"));
        assertThresholdsCsv(out, byGroup);
        String noControl = "Control thresholds not applied to 2 sample(s) whose patient has no control matching"
                + " '*iso*': patient=3 (P3_S1, P3_S2); no pct_above_control rows for them.";
        String noGroup = "Control thresholds not applied to 1 sample(s) with no 'patient' value in the sample"
                + " sheet: X; no pct_above_control rows for them.";
        assertTrue(r.log().contains("cytoarrow batch: " + noControl), r.log());
        assertTrue(r.log().contains("cytoarrow batch: " + noGroup), r.log());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("2 sample(s) whose patient has no control matching"), html);
        assertTrue(html.contains("patient=3 (P3_S1, P3_S2)"), html);

        // a group whose control fails: its sample gets nothing (the others keep theirs), the batch finishes with
        // the failure listed
        FakeFcs.truncated(in.resolve("P4_iso.fcs"));
        write(in.resolve("P4_S.fcs"), 2000, 0.3, 14);
        Run failed = batch(in, out, sheet + "P4_iso.fcs,4\nP4_S.fcs,4\n");
        assertEquals(1, failed.summary().failures().size());
        assertEquals(Set.of("P4_S"), failed.processed(), failed.log()); // done ones; P4_iso failed
        assertTrue(failed.log().contains("Control thresholds not applied to patient=4: 1 of 1 control(s) failed"
                + " (P4_iso; see errors); no pct_above_control rows for its sample(s) P4_S."), failed.log());
        assertApplied(out, stained, Map.of("P1_S", byGroup.get("1")), Set.of("P3_S1", "P3_S2", "X", "P4_S"));
    }

    @Test
    void aChangedControlRedoesOnlyItsOwnGroupsSamples(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        Path out = tmp.resolve("out");
        Files.createDirectories(in);
        List<double[][]> p1 = new java.util.ArrayList<>(List.<double[][]>of(write(in.resolve("P1_iso.fcs"), 3000, 0, 200, 1)));
        List<double[][]> p2 = List.<double[][]>of(write(in.resolve("P2_iso.fcs"), 3000, 0, 500, 2));
        Map<String, double[][]> stained = Map.of("P1_S1", write(in.resolve("P1_S1.fcs"), 3000, 0.3, 250, 11),
                "P1_S2", write(in.resolve("P1_S2.fcs"), 2000, 0.1, 250, 12),
                "P2_S1", write(in.resolve("P2_S1.fcs"), 3000, 0.3, 500, 13),
                "P2_S2", write(in.resolve("P2_S2.fcs"), 2000, 0.1, 500, 14));
        String sheet = """
                P1_iso.fcs,1
                P1_S1.fcs,1
                P1_S2.fcs,1
                P2_iso.fcs,2
                P2_S1.fcs,2
                P2_S2.fcs,2
                """;
        assertEquals(6, batch(in, out, sheet).processed().size());
        Run same = batch(in, out, sheet);
        assertEquals(Set.of(), same.processed(), same.log());

        // patient 2's control changes: it and patient 2's samples are redone, patient 1's are not
        p2 = List.<double[][]>of(write(in.resolve("P2_iso.fcs"), 3500, 0.02, 450, 22));
        Run changed = batch(in, out, sheet);
        assertEquals(Set.of("P2_iso", "P2_S1", "P2_S2"), changed.processed(), changed.log());
        assertTrue(changed.log().contains("(2 for changed thresholds)"), changed.log());
        Map<String, Map<List<String>, Double>> thresholdsOf = new HashMap<>();
        thresholdsOf.put("P1_S1", thresholds(p1));
        thresholdsOf.put("P1_S2", thresholds(p1));
        thresholdsOf.put("P2_S1", thresholds(p2));
        thresholdsOf.put("P2_S2", thresholds(p2));
        assertApplied(out, stained, thresholdsOf, Set.of());
        assertThresholdsCsv(out, Map.of("1", thresholds(p1), "2", thresholds(p2)));

        // a second control for patient 1: the same for patient 1
        p1.add(write(in.resolve("P1_iso_2.fcs"), 2000, 0, 300, 3));
        Run added = batch(in, out, sheet + "P1_iso_2.fcs,1\n");
        assertEquals(Set.of("P1_iso_2", "P1_S1", "P1_S2"), added.processed(), added.log());
        thresholdsOf.put("P1_S1", thresholds(p1));
        thresholdsOf.put("P1_S2", thresholds(p1));
        assertApplied(out, stained, thresholdsOf, Set.of());
        assertEquals(Set.of(), batch(in, out, sheet + "P1_iso_2.fcs,1\n").processed());

        // a sample moved to the other patient in the sheet is redone, alone, with that patient's thresholds
        Run moved = batch(in, out, sheet.replace("P2_S2.fcs,2", "P2_S2.fcs,1") + "P1_iso_2.fcs,1\n");
        assertEquals(Set.of("P2_S2"), moved.processed(), moved.log());
        thresholdsOf.put("P2_S2", thresholds(p1));
        assertApplied(out, stained, thresholdsOf, Set.of());
    }

    @Test
    void aGroupColumnMissingFromTheSheetIsRefusedBeforeAnySampleIsRead(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        write(in.resolve("P1_iso.fcs"), 1000, 0, 1);
        Path sheet = Files.writeString(tmp.resolve("sheet.csv"), "file,donor\nP1_iso.fcs,1\n");
        BatchOptions options = BatchOptions.of(tmp.resolve("out")).withThreads(1)
                .withSheet(SampleSheet.read(sheet, SampleSheet.FILE))
                .withControls(ControlRule.parse(RULE).withGroupColumn("patient"));
        try (BufferAllocator root = Memory.newRootAllocator()) {
            CytoException e = assertThrows(CytoException.class, () -> new BatchRunner(options,
                    (file, allocator) -> {
                        throw new AssertionError("no sample may be processed");
                    }, new PrintWriter(new StringWriter())).run(List.of(in), root));
            assertTrue(e.getMessage().contains("'patient' is not a column of the sample sheet [file, donor]"),
                    e.getMessage());
        }
        assertFalse(Files.exists(tmp.resolve("out/statistics.csv")));
    }
}
