package org.cytoarrow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stats} sample names: file names, disambiguated by folder when two inputs share a file name. */
class StatsSampleNamesTest {
    @TempDir
    Path dir;

    @Test
    void uniqueFileNamesStayPlainAndSharedOnesGetTheirFolders() {
        Path root = dir.toAbsolutePath();
        List<String> names = StatsCommand.sampleNames(List.of(
                root.resolve("run1/day1/A1.fcs"), root.resolve("run1/day2/A1.fcs"), root.resolve("run1/day2/B2.fcs"),
                root.resolve("run2/A1.FCS"), root.resolve("other.fcs")));
        // A1 occurs three times: named relative to run1's and run2's common folder (root)
        assertEquals(List.of("run1/day1/A1", "run1/day2/A1", "B2", "run2/A1", "other"), names);
        assertEquals(List.of("day1/A1", "day2/A1"), StatsCommand.sampleNames(List.of(
                root.resolve("run1/day1/A1.fcs"), root.resolve("run1/day2/A1.fcs"))));
        // the same file twice: later occurrences are numbered
        assertEquals(List.of("A1", "A1_2"), StatsCommand.sampleNames(List.of(
                root.resolve("A1.fcs"), root.resolve("x/../A1.fcs"))));
    }

    @Test
    void twoCopiesOfData1InDifferentFoldersAreTwoSamples() throws IOException {
        Path data1 = CliTestSupport.testdata().resolve("gatingml/data1.fcs");
        Path xml = CliTestSupport.testdata().resolve("gatingml/gml/gml_range_gate.xml");
        Path a = Files.createDirectories(dir.resolve("in/tubeA")).resolve("data1.fcs");
        Path b = Files.createDirectories(dir.resolve("in/tubeB")).resolve("data1.fcs");
        Files.copy(data1, a);
        Files.copy(data1, b);
        Path out = dir.resolve("stats.csv");
        CliTestSupport.Run run = CliTestSupport.run("stats", "--gating", xml.toString(), "-o", out.toString(),
                a.toString(), b.toString());
        assertEquals(0, run.exitCode(), run.err());
        Map<String, String> counts = new HashMap<>();
        List<String> lines = Files.readAllLines(out);
        assertEquals("sample,file,population,statistic,channel,value", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            if (c[2].equals("/Range1") && c[3].equals("count")) {
                counts.put(c[0], c[5]);
                assertEquals(c[0].startsWith("tubeA") ? a.toString() : b.toString(), c[1]);
            }
        }
        // cases.csv: Range1 holds 440 of data1's 13367 events; each copy is its own sample
        assertEquals(Map.of("tubeA/data1", "440", "tubeB/data1", "440"), counts);
    }
}
