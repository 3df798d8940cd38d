package org.cytoarrow.testdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.cytoarrow.testdata.DemoCohort.Config;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCohortTest {
    /** Six patients (2 MGUS, MM I, II, III, RR) with 2,500-10,000 events per tube. */
    private static final Config TINY = Config.small().withEventScale(0.05);

    @TempDir
    static Path dir;
    private static DemoCohort.Result cohort;
    private static List<Map<String, String>> truth;
    private static List<Map<String, String>> sheet;

    @BeforeAll
    static void generate() throws Exception {
        cohort = DemoCohort.generate(dir.resolve("a"), TINY);
        truth = csv(cohort.truth());
        sheet = csv(cohort.sampleSheet());
    }

    @Test
    void sameSeedGivesTheSameBytesAndAnotherSeedDoesNot() throws Exception {
        DemoCohort.Result again = DemoCohort.generate(dir.resolve("b"), TINY);
        Map<String, String> first = digests(cohort.directory());
        assertEquals(24 + 2 + 3, first.size());
        assertEquals(first, digests(again.directory()));

        DemoCohort.Result other = DemoCohort.generate(dir.resolve("c"), TINY.withSeed(7).withPatients(1, 0));
        assertFalse(Arrays.equals(Files.readAllBytes(cohort.files().get(0)), Files.readAllBytes(other.files().get(0))));
        try (Stream<Path> files = Files.walk(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp files left");
        }
    }

    @Test
    void sampleSheetAndTruthDescribeEveryFile() {
        assertEquals(24, truth.size());
        assertEquals(24, sheet.size());
        List<String> stages = List.of("", "", "I", "II", "III", "RR");
        Map<String, String> clinical = new HashMap<>();
        for (int i = 0; i < 24; i++) {
            Map<String, String> s = sheet.get(i);
            Map<String, String> t = truth.get(i);
            String patient = String.format("P%03d", i / 4 + 1);
            assertEquals(patient, s.get("patient"));
            assertEquals(DemoCohort.TUBES.get(i % 4), s.get("tube"));
            assertEquals(s.get("file"), t.get("file"));
            assertEquals(stages.get(i / 4), s.get("stage"));
            assertEquals(List.of("MGUS", "MGUS", "I", "II", "III", "RR").get(i / 4), s.get("group"));
            assertEquals(i < 8 ? "MGUS" : "MM", s.get("diagnosis"));
            assertTrue(Files.isRegularFile(cohort.directory().resolve(s.get("file"))));
            String patientLevel = s.get("age") + s.get("sex") + s.get("del17p") + s.get("del11q")
                    + s.get("ttp_months") + s.get("progression");
            assertEquals(clinical.computeIfAbsent(patient, k -> patientLevel), patientLevel, patient);
            assertTrue(Set.of("0", "1").contains(s.get("progression")));
            assertTrue(Double.parseDouble(s.get("ttp_months")) > 0);
        }
    }

    @Test
    void truthCountsAddUpAndFollowTheirProbabilities() {
        for (Map<String, String> t : truth) {
            String where = t.get("file");
            long n = num(t, "events");
            long cells = num(t, "Cells");
            long singlets = num(t, "Singlets");
            assertTrue(n >= 2500 && n <= 10000, where + " events " + n);
            assertEquals(n - num(t, "debris"), cells, where);
            assertEquals(cells - num(t, "doublets"), singlets, where);
            assertBinomial(where + " debris", num(t, "debris"), n, dbl(t, "p_debris"));
            assertBinomial(where + " doublets", num(t, "doublets"), n, dbl(t, "p_doublet"));
            String tube = t.get("tube");
            if (tube.equals("stained") || tube.equals("isotype")) {
                assertEquals("", t.get("PIpos"));
                assertBinomial(where + " plasma", num(t, "PlasmaCells"), singlets, dbl(t, "p_plasma"));
                assertBinomial(where + " CD138", num(t, "CD138pos"), num(t, "PlasmaCells"), dbl(t, "p_cd138"));
                assertBinomial(where + " IL-6", num(t, "IL6pos"), num(t, "CD138pos"), dbl(t, "p_il6"));
                if (tube.equals("isotype")) {
                    assertEquals(0, num(t, "IL6pos"), where);
                }
            } else {
                assertEquals("", t.get("PlasmaCells"));
                assertBinomial(where + " PI", num(t, "PIpos"), singlets, dbl(t, "p_pi"));
            }
        }
        // dexamethasone raises apoptosis for every patient
        for (int i = 0; i < 24; i += 4) {
            assertTrue(dbl(truth.get(i + 3), "p_pi") > dbl(truth.get(i + 2), "p_pi"));
        }
    }

    @Test
    void filesCarryTheStudyKeywords() {
        for (int i = 0; i < 24; i++) {
            Path f = cohort.directory().resolve(truth.get(i).get("file"));
            FcsBytes.Header h = FcsBytes.header(f, 0);
            assertEquals("FCS3.1", h.version());
            Map<String, String> kw = FcsBytes.text(f, 0, h.offsets()[0], h.offsets()[1]);
            assertEquals(truth.get(i).get("events"), kw.get("$TOT"));
            assertEquals("9", kw.get("$PAR"));
            assertEquals("F", kw.get("$DATATYPE"));
            assertEquals("4,3,2,1", kw.get("$BYTEORD"));
            assertEquals(SyntheticFcs.spilloverValue(DemoCohort.spillover()), kw.get("$SPILLOVER"));
            for (int c = 0; c < 9; c++) {
                assertEquals(DemoCohort.CHANNELS.get(c), kw.get("$P" + (c + 1) + "N"));
            }
            String tube = DemoCohort.TUBES.get(i % 4);
            assertEquals(tube, kw.get("TUBE NAME"));
            switch (tube) {
                case "stained" -> assertEquals("IL-6", kw.get("$P7S"));
                case "isotype" -> assertEquals("IgG1 isotype", kw.get("$P7S"));
                default -> {
                    assertEquals("PI", kw.get("$P8S"));
                    assertFalse(kw.containsKey("$P5S"));
                }
            }
            assertEquals(Long.parseLong(truth.get(i).get("events")) * 36,
                    Long.parseLong(kw.get("$ENDDATA")) - Long.parseLong(kw.get("$BEGINDATA")) + 1);
        }
    }

    /**
     * The panel's gates, evaluated by an independent mini-evaluator on the bytes of each file, recover exactly the
     * counts the generator drew; with the isotype-derived IL-6 threshold the stained IL6pos count exceeds the truth
     * by about 0.5 % of the IL-6-negative CD138pos cells.
     */
    @Test
    void panelGatesRecoverTheDrawnPopulations() throws Exception {
        PanelGates myeloma = new PanelGates(StudyPanelTest.parse(StudyPanel.MYELOMA_GATING));
        PanelGates apoptosis = new PanelGates(StudyPanelTest.parse(StudyPanel.APOPTOSIS_GATING));
        double[][] inverse = invert(DemoCohort.spillover().coefficients());
        for (int p = 0; p < 6; p++) {
            double[] isotypeIl6 = null;
            for (int t = 0; t < 4; t++) {
                Map<String, String> row = truth.get(4 * p + t);
                double[][] raw = data(cohort.directory().resolve(row.get("file")));
                boolean antibodies = t < 2;
                PanelGates panel = antibodies ? myeloma : apoptosis;
                Map<String, boolean[]> masks = panel.evaluate(raw, inverse);
                List<String> gates = antibodies ? List.of("Cells", "Singlets", "PlasmaCells", "CD138pos", "IL6pos")
                        : List.of("Cells", "Singlets", "PIpos");
                for (String gate : gates) {
                    assertEquals(num(row, gate), PanelGates.count(masks.get(gate)), row.get("file") + " " + gate);
                }
                if (t == 1) {
                    isotypeIl6 = il6Values(myeloma, raw, inverse, masks.get("CD138pos"));
                }
            }
            // isotype threshold: 99.5th percentile (nearest rank) of IL-6 among the isotype's CD138pos cells
            double[] sorted = isotypeIl6.clone();
            Arrays.sort(sorted);
            double threshold = sorted[(int) Math.ceil(0.995 * sorted.length) - 1];
            assertTrue(threshold < myeloma.dividers.get("IL6divider"), "threshold below the placeholder");
            Map<String, String> stained = truth.get(4 * p);
            double[][] raw = data(cohort.directory().resolve(stained.get("file")));
            Map<String, boolean[]> masks = myeloma.evaluate(raw, inverse);
            double[] il6 = il6Values(myeloma, raw, inverse, masks.get("CD138pos"));
            int above = 0;
            for (double v : il6) {
                above += v > threshold ? 1 : 0;
            }
            long negatives = num(stained, "CD138pos") - num(stained, "IL6pos");
            long excess = above - num(stained, "IL6pos");
            // false positives ~ Binomial(negatives, ~0.005); the threshold itself is estimated from ~100-800 cells
            assertTrue(excess >= 0 && excess <= 0.03 * negatives + 3, stained.get("file") + " excess " + excess
                    + " of " + negatives + " IL-6 negative CD138pos cells");
        }
    }

    @Test
    void stagesOrderIl6AndDexamethasoneSensitivity() {
        double[] il6 = new double[Patient.Stage.values().length];
        double[] specific = new double[il6.length];
        int[] n = new int[il6.length];
        for (int i = 0; i < 400; i++) {
            Patient.Stage s = Patient.Stage.values()[i % il6.length];
            Patient p = Patient.draw("X", s, Rng.of(1, i, 0));
            il6[s.ordinal()] += p.il6();
            specific[s.ordinal()] += p.specific();
            n[s.ordinal()]++;
        }
        for (int s = 1; s < il6.length; s++) {
            assertTrue(il6[s] / n[s] > il6[s - 1] / n[s - 1], "IL-6 rises with stage");
            assertTrue(specific[s] / n[s] < specific[s - 1] / n[s - 1], "dexamethasone response falls with stage");
        }
        assertEquals(15, Config.defaults().mgus());
        assertEquals(47, Config.defaults().myeloma());
    }

    private static double[] il6Values(PanelGates panel, double[][] raw, double[][] inverse, boolean[] cd138) {
        List<String> fl = DemoCohort.spillover().detectors();
        int apc = fl.indexOf("APC-A");
        List<Double> out = new ArrayList<>();
        for (int e = 0; e < raw[0].length; e++) {
            if (cd138[e]) {
                double s = 0;
                for (int i = 0; i < fl.size(); i++) {
                    s += raw[DemoCohort.CHANNELS.indexOf(fl.get(i))][e] * inverse[i][apc];
                }
                out.add(panel.logicle.apply(s));
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void assertBinomial(String what, long k, long n, double p) {
        double sd = Math.sqrt(n * p * (1 - p));
        assertTrue(Math.abs(k - n * p) <= 5 * sd + 1, what + ": " + k + " of " + n + " with p=" + p);
    }

    /** The DATA of a demo file read by hand: float32 big-endian, 9 channels. */
    static double[][] data(Path f) {
        FcsBytes.Header h = FcsBytes.header(f, 0);
        Map<String, String> kw = FcsBytes.text(f, 0, h.offsets()[0], h.offsets()[1]);
        int n = Integer.parseInt(kw.get("$TOT"));
        ByteBuffer b = ByteBuffer.wrap(FcsBytes.read(f, Long.parseLong(kw.get("$BEGINDATA")), n * 36));
        double[][] cols = new double[9][n];
        for (int e = 0; e < n; e++) {
            for (int c = 0; c < 9; c++) {
                cols[c][e] = b.getFloat();
            }
        }
        return cols;
    }

    /** Gauss-Jordan inverse with partial pivoting. */
    static double[][] invert(double[][] m) {
        int n = m.length;
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, a[i], 0, n);
            a[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = a[col];
            a[col] = a[pivot];
            a[pivot] = tmp;
            double d = a[col][col];
            for (int j = 0; j < 2 * n; j++) {
                a[col][j] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = a[r][col];
                    for (int j = 0; j < 2 * n; j++) {
                        a[r][j] -= f * a[col][j];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, inv[i], 0, n);
        }
        return inv;
    }

    private static long num(Map<String, String> row, String key) {
        return Long.parseLong(row.get(key));
    }

    private static double dbl(Map<String, String> row, String key) {
        return Double.parseDouble(row.get(key));
    }

    private static List<Map<String, String>> csv(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertEquals(header.length, cells.length, line);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static Map<String, String> digests(Path root) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        Set<Path> seen = new HashSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                seen.add(p);
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                out.put(root.relativize(p).toString(), java.util.HexFormat.of().formatHex(sha.digest(
                        Files.readAllBytes(p))));
            }
        }
        assertArrayEquals(new Object[0], seen.stream().filter(p -> p.toString().endsWith(".tmp")).toArray());
        return out;
    }
}
