package org.cytoarrow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cytoarrow demo} end to end on a tiny cohort (4 patients, about 2,000 events per tube). */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void demoRunsEndToEndAndReusesItsCohort() throws IOException {
        Path work = dir.resolve("demo");
        CliTestSupport.Run run = CliTestSupport.run("demo", "--dir", work.toString(), "--patients", "4", "--events",
                "2000", "--threads", "1");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("generating 4 patients (1 MGUS, 3 MM)"), run.out());
        assertTrue(run.out().contains("Kruskal-Wallis p = "), run.out());
        assertTrue(run.out().contains("MM vs MGUS: Hodges-Lehmann shift"), run.out());
        assertTrue(run.out().contains("16 tubes of 4 patients processed (0 failed)"), run.out());
        assertTrue(Files.isRegularFile(work.resolve("batch/report.html")));
        assertTrue(Files.isRegularFile(work.resolve("cohort-results/km_1.png")));
        List<String> patients = Files.readAllLines(work.resolve("patients.csv"));
        assertEquals(5, patients.size());
        assertTrue(patients.get(0).startsWith("patient,diagnosis,stage,age"), patients.get(0));
        for (String col : List.of("pct_il6_of_cd138", "specific_apoptosis", "il6_threshold_control")) {
            assertTrue(patients.get(0).contains(col), col);
        }
        List<String> thresholds = Files.readAllLines(work.resolve("thresholds.csv"));
        assertEquals(5, thresholds.size());
        assertTrue(thresholds.get(1).startsWith("P001_stained,P001,il6,P001_isotype,"), thresholds.get(1));

        CliTestSupport.Run again = CliTestSupport.run("demo", "--dir", work.toString(), "--threads", "1");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("using the cohort in"), again.out());
        assertEquals(patients, Files.readAllLines(work.resolve("patients.csv")));
    }

    @Test
    void badSizesAreUsageErrors() {
        assertEquals(2, CliTestSupport.run("demo", "--dir", dir.toString(), "--patients", "1").exitCode());
        assertEquals(2, CliTestSupport.run("demo", "--dir", dir.toString(), "--events", "5").exitCode());
    }
}
