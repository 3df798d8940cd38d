package org.cytoarrow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Memory;
import org.cytoarrow.fcs.FcsReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {
    @TempDir
    Path dir;

    @Test
    void csvOfData1HasManifestSums() throws IOException {
        Path file = CliTestSupport.testdata().resolve("gatingml/data1.fcs");
        Path out = dir.resolve("data1.csv");
        CliTestSupport.Run run = CliTestSupport.run("convert", file.toString(), "-o", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("13367 events x 8 channels, raw values"), run.out());
        List<String> lines = Files.readAllLines(out);
        assertEquals("FSC-H,SSC-H,FL1-H,FL2-H,FL3-H,FL2-A,FL4-H,Time", lines.get(0));
        assertEquals(13367 + 1, lines.size());
        // MANIFEST.json raw_sum of data1.fcs.
        double[] expected = {3199548, 2878869, 3219321, 3405467, 2183653, 14013, 2293213, 1097388};
        double[] sums = new double[8];
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(",");
            for (int c = 0; c < 8; c++) {
                sums[c] += Double.parseDouble(v[c]);
            }
        }
        for (int c = 0; c < 8; c++) {
            assertEquals(expected[c], sums[c], 0.0, "channel " + c);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyDataSetToItsOwnFile() throws IOException {
        Path file = CliTestSupport.testdata().resolve("fcs/beckman-coulter/coulter.lmd");
        Path out = dir.resolve("coulter.parquet");
        CliTestSupport.Run run = CliTestSupport.run("convert", file.toString(), "-o", out.toString(),
                "--dataset", "all");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.isRegularFile(dir.resolve("coulter_ds0.parquet")));
        assertTrue(Files.isRegularFile(dir.resolve("coulter_ds1.parquet")));
        assertFalse(Files.exists(out));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left");
        }
    }

    @Test
    void fcsOutputReadsBackIdentically() throws IOException {
        Path file = CliTestSupport.testdata().resolve("fcs/bd-diva/facs_diva_test.fcs");
        Path out = dir.resolve("diva.fcs");
        assertEquals(0, CliTestSupport.run("convert", file.toString(), "-o", out.toString()).exitCode());
        try (BufferAllocator root = Memory.newRootAllocator()) {
            try (EventFrame a = FcsReader.read(file, root); EventFrame b = FcsReader.read(out, root)) {
                assertEquals(a.eventCount(), b.eventCount());
                for (int c = 0; c < a.channels().size(); c++) {
                    assertEquals(a.channels().get(c).name(), b.channels().get(c).name());
                    double[] x = a.rawColumn(c);
                    double[] y = b.rawColumn(c);
                    for (int i = 0; i < x.length; i++) {
                        assertEquals(Double.doubleToLongBits(x[i]), Double.doubleToLongBits(y[i]));
                    }
                }
                assertEquals(a.sample().spillover(), b.sample().spillover());
            }
            assertEquals(0, root.getAllocatedMemory());
        }
    }

    @Test
    void scaledFcsOutputHoldsTheScaleValuesAsLinearData() throws IOException {
        // facs_diva_test.fcs: Time with $TIMESTEP 0.01 (and $P1G 0.01, ignored for time), float32 channels.
        Path file = CliTestSupport.testdata().resolve("fcs/bd-diva/facs_diva_test.fcs");
        Path out = dir.resolve("diva-scaled.fcs");
        assertEquals(0, CliTestSupport.run("convert", file.toString(), "-o", out.toString(), "--values", "scaled")
                .exitCode());
        try (BufferAllocator root = Memory.newRootAllocator()) {
            try (EventFrame a = FcsReader.read(file, root); EventFrame b = FcsReader.read(out, root)) {
                assertTrue(a.channels().get(0).isScaled(), "Time is scaled by $TIMESTEP in the source");
                for (int c = 0; c < a.channels().size(); c++) {
                    assertFalse(b.channels().get(c).isScaled(), "written scale values need no further scaling");
                    double[] x = a.scaledColumn(c);
                    double[] y = b.rawColumn(c);
                    for (int i = 0; i < x.length; i++) {
                        assertEquals((float) x[i], (float) y[i], "channel " + c + " event " + i);
                    }
                }
            }
            assertEquals(0, root.getAllocatedMemory());
        }
    }

    @Test
    void scaledArrowOutput() {
        Path file = CliTestSupport.testdata().resolve("gatingml/data1.fcs");
        Path out = dir.resolve("data1.arrow");
        CliTestSupport.Run run = CliTestSupport.run("convert", file.toString(), "-o", out.toString(),
                "--values", "SCALED");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("scaled values"), run.out());
        assertTrue(Files.isRegularFile(out));
    }

    @Test
    void usageAndInputErrors() throws IOException {
        Path file = CliTestSupport.testdata().resolve("gatingml/data1.fcs");
        String f = file.toString();
        assertEquals(2, CliTestSupport.run("convert", f).exitCode(), "-o is required");
        assertEquals(2, CliTestSupport.run("convert", f, "-o", dir.resolve("x.xlsx").toString()).exitCode());
        assertEquals(2, CliTestSupport.run("convert", f, "-o", dir.resolve("no/dir/x.csv").toString()).exitCode());
        assertEquals(2, CliTestSupport.run("convert", f, "-o", dir.resolve("x.csv").toString(), "--values", "log")
                .exitCode());
        CliTestSupport.Run bad = CliTestSupport.run("convert", f, "-o", dir.resolve("x.csv").toString(),
                "--dataset", "1");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("has 1 data set"), bad.err());
        assertEquals(2, CliTestSupport.run("convert", f, "-o", dir.resolve("x.csv").toString(), "--dataset", "-1")
                .exitCode());
        Path corrupted = CliTestSupport.testdata().resolve("fcs/noncompliant/corrupted.fcs");
        assertEquals(3, CliTestSupport.run("convert", corrupted.toString(), "-o", dir.resolve("c.csv").toString())
                .exitCode());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "nothing written on errors");
        }
        assertEquals(Map.of(), Map.of());
    }
}
