package org.cytoarrow.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.stats.Statistic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rerun redoes the samples when the processing changed (another gating file, other statistics), not only when
 * an input changed: otherwise an edited gate would leave the old counts in place. The expected counts come from
 * the generated values with a plain loop.
 */
class BatchProcessingChangeTest {

    @Test
    void anEditedGatingFileRedoesEverySampleAndAnUnchangedOneNone(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        double[][] a = BatchControlsTest.write(in.resolve("A.fcs"), 3000, 0.2, 1);
        double[][] b = BatchControlsTest.write(in.resolve("B.fcs"), 2500, 0.4, 2);
        Path xml = tmp.resolve("gating.xml");
        Path out = tmp.resolve("out");

        Files.writeString(xml, BatchControlsTest.GATING);
        assertEquals(2, run(xml, in, out, null).processed());
        assertEquals(cellsCount(a, 900), count(out, "A"));
        assertEquals(0, run(xml, in, out, null).processed(), "nothing changed");

        Files.writeString(xml, BatchControlsTest.GATING.replace("gating:max=\"900\"", "gating:max=\"500\""));
        BatchSummary edited = run(xml, in, out, null);
        assertEquals(2, edited.processed(), "the gate changed");
        assertEquals(0, edited.upToDate());
        assertEquals(cellsCount(a, 500), count(out, "A"));
        assertEquals(cellsCount(b, 500), count(out, "B"));
        assertNotEquals(cellsCount(a, 900), cellsCount(a, 500));
        assertEquals(0, run(xml, in, out, null).processed());

        assertEquals(2, run(xml, in, out, List.of(Statistic.MEDIAN, Statistic.percentile(90))).processed(),
                "other statistics");
        assertEquals(0, run(xml, in, out, List.of(Statistic.MEDIAN, Statistic.percentile(90))).processed());
    }

    /** The control rule's statistic is part of the processing: another one redoes the controls and the rest. */
    @Test
    void anotherControlStatisticRedoesEverySample(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        BatchControlsTest.write(in.resolve("T1_FMO.fcs"), 2000, 0.0, 3);
        BatchControlsTest.write(in.resolve("T1_stained.fcs"), 2000, 0.3, 4);
        Path xml = tmp.resolve("gating.xml");
        Files.writeString(xml, BatchControlsTest.GATING);
        Path out = tmp.resolve("out");
        assertEquals(2, runWithControls(xml, in, out, "*FMO*:p99").processed());
        assertEquals(0, runWithControls(xml, in, out, "*FMO*:p99").processed(), "nothing changed");
        BatchSummary other = runWithControls(xml, in, out, "*FMO*:p99.5");
        assertEquals(2, other.processed(), "the control's p99.5 was never computed: everything is redone");
        long applied = Files.readAllLines(out.resolve("statistics.csv")).stream()
                .filter(l -> l.startsWith("T1_stained,") && l.contains(",pct_above_control,")).count();
        assertEquals(4, applied, "2 populations x 2 channels, with the p99.5 thresholds");
    }

    private static BatchSummary runWithControls(Path xml, Path in, Path out, String rule) throws Exception {
        BatchOptions options = BatchOptions.of(out).withThreads(1).withControls(ControlRule.parse(rule));
        try (BufferAllocator root = Memory.newRootAllocator()) {
            BatchSummary s = new BatchRunner(options, SampleProcessors.forGating(xml, options),
                    new PrintWriter(new StringWriter())).run(List.of(in), root);
            assertEquals(0, root.getAllocatedMemory());
            assertEquals(List.of(), s.failures());
            return s;
        }
    }

    private static BatchSummary run(Path xml, Path in, Path out, List<Statistic> stats) throws Exception {
        BatchOptions options = BatchOptions.of(out).withThreads(1);
        SampleProcessor p = stats == null ? SampleProcessors.forGating(xml, options)
                : SampleProcessors.forGating(xml, options).withStatistics(stats);
        try (BufferAllocator root = Memory.newRootAllocator()) {
            BatchSummary s = new BatchRunner(options, p, new PrintWriter(new StringWriter())).run(List.of(in), root);
            assertEquals(0, root.getAllocatedMemory());
            assertEquals(List.of(), s.failures());
            return s;
        }
    }

    /** Events with 100 <= FSC-A < max: the Cells gate of {@link BatchControlsTest#GATING} with that max. */
    private static long cellsCount(double[][] events, double max) {
        long n = 0;
        for (double fsc : events[0]) {
            n += fsc >= 100 && fsc < max ? 1 : 0;
        }
        return n;
    }

    private static long count(Path out, String sample) throws Exception {
        for (String line : Files.readAllLines(out.resolve("samples/" + sample + ".csv"))) {
            String[] c = line.split(",");
            if (c[2].equals("/Cells") && c[3].equals("count")) {
                return (long) Double.parseDouble(c[5]);
            }
        }
        throw new AssertionError("no /Cells count for " + sample);
    }
}
