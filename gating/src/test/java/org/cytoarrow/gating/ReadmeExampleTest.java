package org.cytoarrow.gating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.EventMask;
import org.cytoarrow.core.Issue;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.stats.PopulationStatistics;
import org.cytoarrow.core.transform.LogicleTransform;
import org.cytoarrow.fcs.FcsFile;
import org.cytoarrow.testdata.StudyPanel;
import org.cytoarrow.testdata.SyntheticFcs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the "Library use" example of README.md on a synthetic file gated with the demo panel's myeloma strategy
 * ({@link StudyPanel#MYELOMA_GATING}), and checks that the README still makes the calls the example here makes.
 *
 * <p>Every event is drawn well inside or well outside each boundary of the panel (scatter gates: FSC-A above 25,000
 * with SSC-A below 60,000 is inside Cells, FSC-H / FSC-A in [0.68, 1.1] is inside Singlets; marker gates on the
 * logicle scale: CD45 (V500-A) at most 0.56 and CD38 (FITC-A) at least 0.63, CD138 (PE-A) at least 0.55, IL-6 (APC-A)
 * at least 0.48), so a plain loop over the written values gives each population exactly. The file has no
 * $SPILLOVER, so "FCS" compensation leaves the values as they are (see {@link Dimension}).
 */
class ReadmeExampleTest {
    private static final int EVENTS = 2001;
    private static final LogicleTransform LOGICLE = new LogicleTransform(262144, 0.5, 4.5, 0);
    private static final String[] CHANNELS = {"FSC-A", "FSC-H", "SSC-A", "V500-A", "FITC-A", "PE-A", "APC-A"};

    @TempDir
    Path dir;

    @Test
    void exampleGivesTheGeneratedPopulations() {
        double[][] columns = events(new SplittableRandom(42));
        SyntheticFcs.Builder builder = SyntheticFcs.builder();
        for (String name : CHANNELS) {
            builder.channel(name, null, 32, 262144);
        }
        double[][] written = builder.events(columns).write(dir.resolve("sample.fcs"))
                .dataSets().get(0).expectedRaw();
        StudyPanel.copyTo(dir);
        Path gates = dir.resolve(StudyPanel.MYELOMA_GATING);

        // Ground truth from the written (float-rounded) values.
        boolean[] cells = new boolean[EVENTS];
        boolean[] singlets = new boolean[EVENTS];
        boolean[] plasma = new boolean[EVENTS];
        boolean[] cd138 = new boolean[EVENTS];
        boolean[] il6pos = new boolean[EVENTS];
        double[] il6 = new double[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            double fscA = written[0][i];
            double ratio = written[1][i] / fscA;
            il6[i] = LOGICLE.apply(written[6][i]);
            cells[i] = fscA > 25000 && written[2][i] < 60000;
            singlets[i] = cells[i] && ratio >= 0.68 && ratio <= 1.1;
            plasma[i] = singlets[i] && LOGICLE.apply(written[3][i]) <= 0.56 && LOGICLE.apply(written[4][i]) >= 0.63;
            cd138[i] = plasma[i] && LOGICLE.apply(written[5][i]) >= 0.55;
            il6pos[i] = cd138[i] && il6[i] >= 0.48;
        }
        double expectedMedian = sortedMedian(il6, il6pos);

        // The README example, with its printing replaced by collecting.
        List<Issue> issues = new ArrayList<>();
        Map<String, Population> byPath = new LinkedHashMap<>();
        EventMask il6posMask;
        double mfi;
        try (BufferAllocator allocator = Memory.newRootAllocator()) {
            try (FcsFile fcs = FcsFile.open(dir.resolve("sample.fcs"));
                 EventFrame events = fcs.read(0, allocator)) {
                issues.addAll(events.sample().issues());
                GatingStrategy strategy = GatingStrategy.read(gates);
                GatingResult result = strategy.evaluate(events);
                for (Population p : result.populations()) {
                    byPath.put(p.path(), p);
                }
                double[] values = result.values("IL6pos", 1);
                il6posMask = result.mask("IL6pos");
                mfi = PopulationStatistics.median(values, il6posMask);
            }
            assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory leaked");
        }

        assertEquals(List.of(), issues);
        String cd138Path = "/Cells/Singlets/PlasmaCells/CD138pos";
        assertCount(cells, byPath.get("/Cells"));
        assertCount(singlets, byPath.get("/Cells/Singlets"));
        assertCount(plasma, byPath.get("/Cells/Singlets/PlasmaCells"));
        assertCount(cd138, byPath.get(cd138Path));
        Population il6Population = byPath.get(cd138Path + "/IL6pos");
        assertCount(il6pos, il6Population);
        assertEquals(100.0 * count(il6pos) / count(cd138), il6Population.percentOfParent(), 1e-12);
        assertEquals(EventMask.of(il6pos), il6posMask);
        assertTrue(count(il6pos) > 100, "too few IL6pos events for a meaningful median: " + count(il6pos));
        assertEquals(expectedMedian, mfi, 1e-9);
    }

    @Test
    void readmeMakesTheseCalls() throws IOException {
        String example = readmeExample();
        for (String call : List.of("Memory.newRootAllocator()", "FcsFile.open(", ".read(0, allocator)",
                "events.sample().issues()", "GatingStrategy.read(", ".evaluate(events)", ".populations()",
                ".path()", ".count()", ".percentOfParent()", ".values(\"IL6pos\", 1)", "PopulationStatistics.median(",
                ".mask(\"IL6pos\")")) {
            assertTrue(example.contains(call), "README.md's Library use example no longer contains " + call
                    + "; update ReadmeExampleTest and the README together:\n" + example);
        }
    }

    /** Events of a myeloma tube, columns in {@link #CHANNELS} order; see the class comment for the margins. */
    private static double[][] events(SplittableRandom rng) {
        double[][] c = new double[CHANNELS.length][EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            boolean debris = rng.nextDouble() < 0.1;
            boolean doublet = rng.nextDouble() < 0.1;
            boolean plasma = rng.nextDouble() < 0.6;
            c[0][i] = debris ? rng.nextDouble(5000, 18000) : rng.nextDouble(50000, 250000);
            c[1][i] = c[0][i] * (doublet ? rng.nextDouble(0.4, 0.6) : rng.nextDouble(0.75, 1.0));
            c[2][i] = rng.nextDouble(2000, 50000);
            c[3][i] = LOGICLE.inverse(plasma ? rng.nextDouble(0.2, 0.5) : rng.nextDouble(0.62, 0.85));
            c[4][i] = LOGICLE.inverse(plasma ? rng.nextDouble(0.7, 0.95) : rng.nextDouble(0.3, 0.55));
            c[5][i] = LOGICLE.inverse(rng.nextDouble() < 0.8 ? rng.nextDouble(0.62, 0.9) : rng.nextDouble(0.2, 0.5));
            c[6][i] = LOGICLE.inverse(rng.nextDouble() < 0.3 ? rng.nextDouble(0.55, 0.85) : rng.nextDouble(0.15, 0.42));
        }
        return c;
    }

    private static void assertCount(boolean[] expected, Population actual) {
        assertEquals(count(expected), actual.count(), actual.path());
    }

    private static int count(boolean[] member) {
        int n = 0;
        for (boolean b : member) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /** Median by sorting the member values: the middle one, or the mean of the two middle ones. */
    private static double sortedMedian(double[] values, boolean[] member) {
        double[] v = new double[count(member)];
        int k = 0;
        for (int i = 0; i < values.length; i++) {
            if (member[i]) {
                v[k++] = values[i];
            }
        }
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** The first ```java block under "## Library use" in the repository's README.md. */
    private static String readmeExample() throws IOException {
        String readme = Files.readString(repoRoot().resolve("README.md"));
        int section = readme.indexOf("\n## Library use");
        assertTrue(section >= 0, "README.md has no '## Library use' section");
        int next = readme.indexOf("\n## ", section + 1);
        String body = readme.substring(section, next < 0 ? readme.length() : next);
        int start = body.indexOf("```java\n");
        assertTrue(start >= 0, "README.md's Library use section has no ```java block");
        int end = body.indexOf("\n```", start + 8);
        assertTrue(end >= 0, "README.md's Library use ```java block is not closed");
        return body.substring(start + 8, end);
    }

    /** The repository root: the cytoarrow.repo.root property Maven sets, else up from the working directory. */
    private static Path repoRoot() {
        String property = System.getProperty("cytoarrow.repo.root");
        if (property != null && Files.isRegularFile(Path.of(property, "README.md"))) {
            return Path.of(property);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("README.md not found above " + Path.of("").toAbsolutePath());
    }
}
