package org.cytoarrow.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import blue.strategic.parquet.ParquetReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Memory;
import org.cytoarrow.testdata.SyntheticFcs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batch --controls}: thresholds derived from the control samples are applied to the others as
 * {@code pct_above_control}, checked against a plain-loop truth over the generated values; reruns redo exactly the
 * samples whose input or thresholds changed; no matching or a failed control leaves the rows out and says why.
 *
 * <p>Data: float32 FCS files with channels FSC-A and CD3; gate {@code Cells} is 100 &lt;= FSC-A &lt; 900 and its
 * child {@code CD3any} is CD3 &gt;= -1E300 (every number), so some CD3 NaN values sit in {@code /Cells} only.
 */
class BatchControlsTest {
    static final String GATING = """
            <?xml version="1.0" encoding="UTF-8"?>
            <gating:Gating-ML xmlns:gating="http://www.isac-net.org/std/Gating-ML/v2.0/gating"
                xmlns:data-type="http://www.isac-net.org/std/Gating-ML/v2.0/datatypes">
              <gating:RectangleGate gating:id="Cells">
                <gating:dimension gating:min="100" gating:max="900" gating:compensation-ref="uncompensated">
                  <data-type:fcs-dimension data-type:name="FSC-A"/>
                </gating:dimension>
              </gating:RectangleGate>
              <gating:RectangleGate gating:id="CD3any" gating:parent_id="Cells">
                <gating:dimension gating:min="-1E300" gating:compensation-ref="uncompensated">
                  <data-type:fcs-dimension data-type:name="CD3"/>
                </gating:dimension>
              </gating:RectangleGate>
            </gating:Gating-ML>
            """;
    static final double P = 99.5;
    static final List<String> POPULATIONS = List.of("/Cells", "/Cells/CD3any");
    static final List<String> CHANNELS = List.of("FSC-A", "CD3");
    static final Pattern DONE = Pattern.compile("\\] done (\\S+):");

    /** Generated events, {@code [0]} FSC-A and {@code [1]} CD3 (whole numbers, exact in float32), as written. */
    static double[][] write(Path file, int n, double positiveShare, long seed) {
        return write(file, n, positiveShare, 200, seed);
    }

    /** As {@link #write(Path, int, double, long)}, the negative CD3 events centred on {@code negativeCentre}. */
    static double[][] write(Path file, int n, double positiveShare, double negativeCentre, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] cols = new double[2][n];
        for (int i = 0; i < n; i++) {
            cols[0][i] = Math.rint(r.nextDouble() * 1000);
            boolean positive = r.nextDouble() < positiveShare;
            // multiples of 50: percentiles fall on tied values, many events equal a threshold, so "strictly
            // above" is tested
            double raw = positive ? 1500 + 300 * r.nextGaussian() : negativeCentre + 80 * r.nextGaussian();
            double cd3 = 50 * Math.rint(raw / 50);
            cols[1][i] = i % 97 == 0 ? Double.NaN : cd3; // NaN: in /Cells, not in /Cells/CD3any
        }
        SyntheticFcs.builder().version("3.1").datatype('F').channel("FSC-A", null, 32, 1024)
                .channel("CD3", null, 32, 262144).events(cols).write(file);
        return cols;
    }

    /** Membership of the two populations, by the gates' definitions. */
    private static boolean in(String population, double[][] ev, int i) {
        boolean cells = ev[0][i] >= 100 && ev[0][i] < 900;
        return population.equals("/Cells") ? cells : cells && ev[1][i] >= -1e300;
    }

    /** Type 7 percentile of the population's non-NaN values (PopulationStatistics' definition), by hand. */
    private static double percentile(double[][] ev, String population, int channel, double p) {
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < ev[0].length; i++) {
            if (in(population, ev, i) && !Double.isNaN(ev[channel][i])) {
                v.add(ev[channel][i]);
            }
        }
        double[] x = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double h = (x.length - 1) * p / 100;
        int lo = (int) Math.floor(h);
        return lo + 1 < x.length ? x[lo] + (h - lo) * (x[lo + 1] - x[lo]) : x[lo];
    }

    /** (population, channel) to the median over the controls of their P-th percentile. */
    static Map<List<String>, Double> thresholds(List<double[][]> controls) {
        Map<List<String>, Double> t = new HashMap<>();
        for (String pop : POPULATIONS) {
            for (int c = 0; c < CHANNELS.size(); c++) {
                double[] per = new double[controls.size()];
                for (int k = 0; k < per.length; k++) {
                    per[k] = percentile(controls.get(k), pop, c, P);
                }
                Arrays.sort(per);
                int n = per.length;
                t.put(List.of(pop, CHANNELS.get(c)), n % 2 == 1 ? per[n / 2] : (per[n / 2 - 1] + per[n / 2]) / 2);
            }
        }
        return t;
    }

    /** 100 x members strictly above the threshold / members; NaN values are members that are not above. */
    static double pctAbove(double[][] ev, String population, int channel, double threshold) {
        int members = 0;
        int above = 0;
        for (int i = 0; i < ev[0].length; i++) {
            if (in(population, ev, i)) {
                members++;
                if (ev[channel][i] > threshold) {
                    above++;
                }
            }
        }
        return members == 0 ? Double.NaN : 100.0 * above / members;
    }

    private record Run(BatchSummary summary, String log, Set<String> processed) {
    }

    private static Run batch(Path in, Path out, String rule) throws Exception {
        StringWriter log = new StringWriter();
        BatchOptions options = BatchOptions.of(out).withThreads(2).withControls(ControlRule.parse(rule));
        BatchSummary s;
        try (BufferAllocator root = Memory.newRootAllocator()) {
            Path xml = in.resolveSibling("gating.xml");
            Files.writeString(xml, GATING);
            s = new BatchRunner(options, SampleProcessors.forGating(xml, options), new PrintWriter(log))
                    .run(List.of(in), root);
            assertEquals(0, root.getAllocatedMemory());
        }
        Set<String> processed = new TreeSet<>();
        Matcher m = DONE.matcher(log.toString());
        while (m.find()) {
            processed.add(m.group(1));
        }
        return new Run(s, log.toString(), processed);
    }

    /** Every pct_above_control row of the long table against the truth for the stained samples; none for others. */
    private static void assertApplied(Path out, Map<String, double[][]> stained, Set<String> controls,
            Map<List<String>, Double> thresholds) throws Exception {
        Map<String, Map<List<String>, Double>> t = GatingProcessorTest.table(out.resolve("statistics.csv"));
        for (String c : controls) {
            assertTrue(t.containsKey(c), c);
            assertFalse(t.get(c).keySet().stream().anyMatch(k -> k.get(1).equals(ControlThresholds.STATISTIC)),
                    "control " + c + " has no applied rows");
        }
        for (Map.Entry<String, double[][]> s : stained.entrySet()) {
            Map<List<String>, Double> rows = t.get(s.getKey());
            long applied = rows.keySet().stream().filter(k -> k.get(1).equals(ControlThresholds.STATISTIC)).count();
            assertEquals(POPULATIONS.size() * CHANNELS.size(), applied, s.getKey());
            Map<List<String>, Double> perSample = GatingProcessorTest.table(out.resolve("samples/" + s.getKey()
                    + ".csv")).get(s.getKey());
            for (String pop : POPULATIONS) {
                for (int c = 0; c < CHANNELS.size(); c++) {
                    double threshold = thresholds.get(List.of(pop, CHANNELS.get(c)));
                    double expected = pctAbove(s.getValue(), pop, c, threshold);
                    List<String> key = List.of(pop, ControlThresholds.STATISTIC, CHANNELS.get(c));
                    assertEquals(expected, rows.get(key), 1e-9, s.getKey() + " " + key);
                    assertEquals(expected, perSample.get(key), 1e-9, s.getKey() + " per-sample " + key);
                }
            }
        }
        // thresholds.csv holds the thresholds the test derived by hand
        List<List<String>> csv = GatingProcessorTest.csv(out.resolve("thresholds.csv"));
        assertEquals(thresholds.size() + 1, csv.size());
        for (List<String> r : csv.subList(1, csv.size())) {
            double expected = thresholds.get(List.of(r.get(0), r.get(1)));
            assertEquals(expected, Double.parseDouble(r.get(3)), 1e-9 * Math.abs(expected), r.toString());
        }
    }

    @Test
    void stainedSamplesGetThePercentageAboveTheControlThresholdsAgainstAPlainLoop(@TempDir Path tmp)
            throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        List<double[][]> controls = List.of(write(in.resolve("FMO_1.fcs"), 4000, 0, 1),
                write(in.resolve("FMO_2.fcs"), 3000, 0.01, 2), write(in.resolve("FMO_3.fcs"), 5000, 0, 3));
        Map<String, double[][]> stained = Map.of("S1", write(in.resolve("S1.fcs"), 6000, 0.3, 11),
                "S2", write(in.resolve("S2.fcs"), 2500, 0.05, 12));
        Run r = batch(in, tmp.resolve("out"), "FMO*:p99.5");
        assertEquals(List.of(), r.summary().failures());
        assertEquals(5, r.summary().processed());
        Map<List<String>, Double> thresholds = thresholds(controls);
        assertApplied(tmp.resolve("out"), stained, Set.of("FMO_1", "FMO_2", "FMO_3"), thresholds);
        // the stained samples really differ from the controls: S1 is ~30% CD3+, against ~0.5% by construction
        double s1 = GatingProcessorTest.table(tmp.resolve("out/statistics.csv")).get("S1")
                .get(List.of("/Cells/CD3any", ControlThresholds.STATISTIC, "CD3"));
        assertTrue(s1 > 25 && s1 < 35, "S1 CD3+ " + s1);
        // the NaN rule is exercised: /Cells holds events whose CD3 is NaN, /Cells/CD3any does not
        Map<List<String>, Double> rows = GatingProcessorTest.table(tmp.resolve("out/statistics.csv")).get("S1");
        assertTrue(rows.get(List.of("/Cells/CD3any", "count", "")) < rows.get(List.of("/Cells", "count", "")));
        // and "strictly above": some S1 events equal the threshold they are compared with
        double t = thresholds.get(List.of("/Cells", "CD3"));
        assertTrue(Arrays.stream(stained.get("S1")[1]).anyMatch(v -> v == t), "no tie at " + t);
        assertTrue(r.log().contains("4 threshold(s) from 3 control(s) applied"), r.log());
        // the Parquet long table holds the same rows
        List<String[]> parquet;
        try (Stream<String[]> p = ParquetReader.streamContentToStrings(tmp.resolve("out/statistics.parquet")
                .toFile())) {
            parquet = p.toList();
        }
        assertEquals(BatchFaultsTest.dataLines(tmp.resolve("out/statistics.csv")).size(), parquet.size());
        assertEquals(stained.size() * POPULATIONS.size() * CHANNELS.size(), parquet.stream()
                .filter(row -> Arrays.stream(row).anyMatch(v -> v.contains(ControlThresholds.STATISTIC))).count());
    }

    @Test
    void rerunsRedoTheStainedSamplesExactlyWhenTheThresholdsChange(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        Path out = tmp.resolve("out");
        Files.createDirectories(in);
        List<double[][]> controls = new ArrayList<>(List.of(write(in.resolve("FMO_1.fcs"), 3000, 0, 1),
                write(in.resolve("FMO_2.fcs"), 3000, 0, 2)));
        Map<String, double[][]> stained = Map.of("S1", write(in.resolve("S1.fcs"), 4000, 0.3, 11),
                "S2", write(in.resolve("S2.fcs"), 4000, 0.1, 12));
        Set<String> all = Set.of("FMO_1", "FMO_2", "S1", "S2");
        assertEquals(all, batch(in, out, "FMO*:p99.5").processed());

        Run same = batch(in, out, "FMO*:p99.5");
        assertEquals(Set.of(), same.processed(), same.log());
        assertEquals(0, same.summary().processed());
        assertEquals(4, same.summary().upToDate());
        assertApplied(out, stained, Set.of("FMO_1", "FMO_2"), thresholds(controls));

        // a changed control: it and every stained sample are redone, with the new thresholds
        controls.set(1, write(in.resolve("FMO_2.fcs"), 3500, 0.02, 22));
        Run changed = batch(in, out, "FMO*:p99.5");
        assertEquals(Set.of("FMO_2", "S1", "S2"), changed.processed(), changed.log());
        assertTrue(changed.log().contains("(2 for changed thresholds)"), changed.log());
        assertApplied(out, stained, Set.of("FMO_1", "FMO_2"), thresholds(controls));

        // an added control: the same
        controls.add(write(in.resolve("FMO_3.fcs"), 2000, 0, 3));
        Run added = batch(in, out, "FMO*:p99.5");
        assertEquals(Set.of("FMO_3", "S1", "S2"), added.processed(), added.log());
        assertApplied(out, stained, Set.of("FMO_1", "FMO_2", "FMO_3"), thresholds(controls));

        // a new stained sample alone is processed, with the current thresholds
        Map<String, double[][]> more = new HashMap<>(stained);
        more.put("S3", write(in.resolve("S3.fcs"), 1000, 0.5, 13));
        Run another = batch(in, out, "FMO*:p99.5");
        assertEquals(Set.of("S3"), another.processed(), another.log());
        assertApplied(out, more, Set.of("FMO_1", "FMO_2", "FMO_3"), thresholds(controls));
        assertEquals(Set.of(), batch(in, out, "FMO*:p99.5").processed());
        assertEquals(6, GatingProcessorTest.table(out.resolve("statistics.csv")).size());
        // per sample: / count; count, freq_parent, freq_total per population; mean, median, sd, cv, p99.5 per
        // population and channel; then pct_above_control per population and channel of the 3 stained samples
        int perSample = 1 + POPULATIONS.size() * 3 + POPULATIONS.size() * CHANNELS.size() * 5;
        assertEquals(6 * perSample + 3 * POPULATIONS.size() * CHANNELS.size(),
                BatchFaultsTest.dataLines(out.resolve("statistics.csv")).size(), "no duplicate rows");
    }

    @Test
    void noMatchingControlOrAFailedControlFinishesWithoutAppliedRowsAndSaysWhy(@TempDir Path tmp)
            throws Exception {
        Path in = tmp.resolve("in");
        Path out = tmp.resolve("out");
        Files.createDirectories(in);
        List<double[][]> controls = new ArrayList<>();
        controls.add(write(in.resolve("FMO_1.fcs"), 3000, 0, 1));
        Map<String, double[][]> stained = Map.of("S1", write(in.resolve("S1.fcs"), 4000, 0.3, 11));

        Run none = batch(in, out, "ISO*:p99.5");
        assertEquals(List.of(), none.summary().failures());
        assertEquals(2, none.summary().processed());
        String why = "Control thresholds not applied: no sample name matches the control glob 'ISO*'";
        assertTrue(none.log().contains(why), none.log());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("Control thresholds not applied: no sample name matches the control glob"), html);
        assertNoAppliedRows(out);
        assertEquals(1, GatingProcessorTest.csv(out.resolve("thresholds.csv")).size(), "header only");

        // a control that fails: the batch finishes (exit 4 for the failure), nothing is applied, log and report
        // say which control, errors.csv has it
        FakeFcs.truncated(in.resolve("FMO_bad.fcs"));
        Run failed = batch(in, out, "FMO*:p99.5");
        assertEquals(1, failed.summary().failures().size());
        assertTrue(failed.summary().failures().get(0).file().endsWith("FMO_bad.fcs"));
        assertTrue(failed.log().contains("Control thresholds not applied: 1 of 2 control(s) failed (FMO_bad;"),
                failed.log());
        assertTrue(Files.readString(out.resolve("report.html")).contains("1 of 2 control(s) failed (FMO_bad"));
        assertTrue(Files.readString(out.resolve("errors.csv")).contains("FMO_bad.fcs"));
        assertNoAppliedRows(out);
        assertTrue(GatingProcessorTest.table(out.resolve("statistics.csv")).containsKey("S1"));

        // fixed: the control is processed, and the stained sample redone with the thresholds
        controls.add(write(in.resolve("FMO_bad.fcs"), 2000, 0, 5));
        Run fixed = batch(in, out, "FMO*:p99.5");
        assertEquals(List.of(), fixed.summary().failures());
        assertEquals(Set.of("FMO_bad", "S1"), fixed.processed(), fixed.log());
        assertApplied(out, stained, Set.of("FMO_1", "FMO_bad"), thresholds(controls));
    }

    static void assertNoAppliedRows(Path out) throws Exception {
        for (Map<List<String>, Double> rows : GatingProcessorTest.table(out.resolve("statistics.csv")).values()) {
            assertFalse(rows.keySet().stream().anyMatch(k -> k.get(1).equals(ControlThresholds.STATISTIC)),
                    rows.keySet().toString());
        }
    }
}
