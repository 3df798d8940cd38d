package org.cytoarrow.gating.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.SampleSheet;
import org.cytoarrow.testdata.DemoCohort;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the study workflow on a small generated cohort and recovers the generator's truth (truth.csv).
 *
 * <p>Counts of Cells, Singlets, PlasmaCells, CD138pos and PIpos must equal the truth exactly: the generator keeps
 * every population away from the panel's boundaries. IL6pos uses the isotype-derived threshold (P99.5 of the
 * isotype's CD138pos cells) instead of the panel's placeholder, so it catches every true IL-6+ cell (they lie
 * above the placeholder, far above any isotype percentile) plus the IL-6-negative cells above the threshold. The
 * isotype and the stained IL-6-negative cells have the same distribution (TubeSimulator), so the expected share of
 * negatives above a P99.5 taken from n_iso control cells is 0.5 % plus its sampling error; we allow
 * q_max = 0.005 + 4 sqrt(0.005 × 0.995 / n_iso) for it, and for the stained tube's own binomial error on top:
 * extra <= neg × q_max + 4 sqrt(neg × q_max × (1 - q_max)) misclassified cells (stated gate-misclassification
 * allowance). The IL-6+ fraction of CD138+ cells must then be within 4 sqrt(p(1 - p)/n) + extra_max/n of the
 * generator's probability p. Spontaneous apoptosis is checked against its probability within 4 binomial SEs.
 */
class StudyRecoveryTest {
    @TempDir
    static Path dir;
    static DemoCohort.Result cohort;
    static Map<String, Map<String, String>> truth;
    static List<StudyWorkflow.SampleResult> results;
    static StudyWorkflow workflow;

    @BeforeAll
    static void run() throws IOException {
        cohort = DemoCohort.generate(dir, new DemoCohort.Config(7L, 2, 4, 0.05));
        truth = new HashMap<>();
        List<String> lines = Files.readAllLines(cohort.truth());
        List<String> header = List.of(lines.get(0).split(",", -1));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), f[i]);
            }
            truth.put(Path.of(row.get("file")).getFileName().toString(), row);
        }
        workflow = StudyWorkflow.fromPanel(cohort.panel());
        ControlMatcher matcher = ControlMatcher.bySheet(SampleSheet.read(cohort.sampleSheet()), "patient", "tube");
        try (BufferAllocator a = Memory.newRootAllocator()) {
            results = workflow.run(cohort.files(), matcher, a);
            assertEquals(0, a.getAllocatedMemory());
        }
    }

    private static int count(StudyWorkflow.SampleResult r, String path) {
        return (int) r.value(path, "count", "");
    }

    @Test
    void everyTubeIsProcessed() {
        assertEquals(24, results.size());
        assertEquals(6, results.stream().filter(r -> r.tube().equals("stained")).count());
    }

    @Test
    void gateCountsEqualTheTruth() {
        for (StudyWorkflow.SampleResult r : results) {
            Map<String, String> t = truth.get(r.file().getFileName().toString());
            assertEquals(Integer.parseInt(t.get("Cells")), count(r, "/Cells"), r.sample());
            assertEquals(Integer.parseInt(t.get("Singlets")), count(r, "/Cells/Singlets"), r.sample());
            if (r.tube().equals("stained") || r.tube().equals("isotype")) {
                assertEquals(Integer.parseInt(t.get("PlasmaCells")), count(r, "/Cells/Singlets/PlasmaCells"));
                assertEquals(Integer.parseInt(t.get("CD138pos")), count(r, "/Cells/Singlets/PlasmaCells/CD138pos"));
            } else {
                assertEquals(Integer.parseInt(t.get("PIpos")), count(r, "/Cells/Singlets/PIpos"), r.sample());
            }
        }
    }

    @Test
    void il6FractionRecoveredWithTheIsotypeThreshold() {
        for (StudyWorkflow.SampleResult r : results) {
            if (!r.tube().equals("stained")) {
                continue;
            }
            Map<String, String> t = truth.get(r.file().getFileName().toString());
            DerivedThreshold th = r.thresholds().get(0);
            assertEquals(r.patient() + "_isotype", th.control());
            assertEquals("/Cells/Singlets/PlasmaCells/CD138pos", th.population());
            Map<String, String> iso = truth.get(r.patient() + "_isotype.fcs");
            assertEquals(Integer.parseInt(iso.get("CD138pos")), th.events(), "threshold taken over the isotype's CD138pos");
            int cd138 = Integer.parseInt(t.get("CD138pos"));
            int trueIl6 = Integer.parseInt(t.get("IL6pos"));
            int negatives = cd138 - trueIl6;
            double qMax = 0.005 + 4 * Math.sqrt(0.005 * 0.995 / th.events());
            double extraMax = negatives * qMax + 4 * Math.sqrt(negatives * qMax * (1 - qMax));
            int found = count(r, "/Cells/Singlets/PlasmaCells/CD138pos/IL6pos");
            assertTrue(found >= trueIl6 && found - trueIl6 <= extraMax,
                    r.sample() + ": IL6pos " + found + ", truth " + trueIl6 + " + at most " + extraMax);
            double p = Double.parseDouble(t.get("p_il6"));
            double est = (double) found / cd138;
            double bound = 4 * Math.sqrt(p * (1 - p) / cd138) + extraMax / cd138;
            assertTrue(Math.abs(est - p) <= bound, r.sample() + ": IL-6+ of CD138+ " + est + " vs p " + p);
        }
    }

    @Test
    void apoptosisRecovered() {
        List<StudyWorkflow.PatientRow> patients = workflow.patients(results, SampleSheet.read(cohort.sampleSheet()),
                "patient", "tube");
        assertEquals(6, patients.size());
        for (StudyWorkflow.PatientRow row : patients) {
            Map<String, String> un = truth.get(row.patient() + "_untreated.fcs");
            Map<String, String> dex = truth.get(row.patient() + "_dexamethasone.fcs");
            double spontaneous = 100.0 * Integer.parseInt(un.get("PIpos")) / Integer.parseInt(un.get("Singlets"));
            double treated = 100.0 * Integer.parseInt(dex.get("PIpos")) / Integer.parseInt(dex.get("Singlets"));
            assertEquals(spontaneous, row.endpoints().get("spontaneous_apoptosis"), 1e-9);
            assertEquals(treated, row.endpoints().get("dex_apoptosis"), 1e-9);
            assertEquals((treated - spontaneous) / (100 - spontaneous) * 100,
                    row.endpoints().get("specific_apoptosis"), 1e-9);
            double p = Double.parseDouble(un.get("p_pi"));
            int n = Integer.parseInt(un.get("Singlets"));
            assertTrue(Math.abs(spontaneous / 100 - p) <= 4 * Math.sqrt(p * (1 - p) / n),
                    row.patient() + " spontaneous " + spontaneous + " vs p " + p);
            assertTrue(!row.covariates().get("diagnosis").isEmpty());
            assertTrue(row.endpoints().containsKey("pct_il6_of_cd138"));
            assertTrue(row.endpoints().containsKey("pct_il6_of_plasma"));
            assertTrue(row.endpoints().get("il6_threshold") > 0);
        }
    }

    @Test
    void tablesAreWritten() throws IOException {
        Path samples = dir.resolve("out/samples.csv");
        Path patients = dir.resolve("out/patients.csv");
        StudyTables.writeSamples(samples, results);
        StudyTables.writePatients(patients, workflow.patients(results, SampleSheet.read(cohort.sampleSheet()),
                "patient", "tube"));
        List<String> s = Files.readAllLines(samples);
        assertTrue(s.get(0).startsWith("sample,patient,tube,population,count,freq_parent,freq_total,median "),
                s.get(0));
        List<String> p = Files.readAllLines(patients);
        assertEquals(7, p.size());
        assertTrue(p.get(0).contains("pct_il6_of_cd138") && p.get(0).contains("specific_apoptosis")
                && p.get(0).contains("il6_threshold_control"), p.get(0));
    }
}
