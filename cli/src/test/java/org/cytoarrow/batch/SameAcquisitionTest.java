package org.cytoarrow.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Memory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that look like one acquisition exported twice (same cytometer, date, start time and event count) are all
 * processed, and the log and the report say which they are.
 */
class SameAcquisitionTest {
    @Test
    void aReExportIsProcessedAndNamed(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Map<String, List<String>> acquisitions = Map.of(
                "P1_tube1", List.of("Canto II", "12-MAR-2024", "10:31:07", "5000"),
                "P1_tube1_reexport", List.of("Canto II", "12-MAR-2024", "10:31:07", "5000"),
                "P1_tube2", List.of("Canto II", "12-MAR-2024", "10:34:52", "5000"), // the next tube
                "P2_subset", List.of("Canto II", "12-MAR-2024", "10:31:07", "1200"), // a gated export
                "Q1", List.of("", "12-MAR-2024", "10:31:07", "5000"), // no cytometer: not compared
                "Q2", List.of("", "12-MAR-2024", "10:31:07", "5000"));
        int bytes = 0;
        for (String name : acquisitions.keySet()) {
            FakeFcs.good(in.resolve(name + ".fcs"), ++bytes); // files that differ: only the keywords tell
        }
        SampleProcessor p = (file, allocator) -> {
            List<String> a = acquisitions.get(BatchRunner.stripFcsExtension(file.getFileName().toString()));
            return new SampleOutcome(Long.parseLong(a.get(3)), Map.of("cytometer", a.get(0), "date", a.get(1),
                    "start", a.get(2)), List.of(new StatisticRow("/", "count", "", Double.parseDouble(a.get(3)))),
                    List.of());
        };
        StringWriter log = new StringWriter();
        Path out = tmp.resolve("out");
        try (BufferAllocator root = Memory.newRootAllocator()) {
            BatchSummary s = new BatchRunner(BatchOptions.of(out).withThreads(2), p, new PrintWriter(log))
                    .run(List.of(in), root);
            assertEquals(6, s.processed(), "every file is a sample");
            assertEquals(0, root.getAllocatedMemory());
        }
        String note = "Possibly one acquisition in 2 files (same cytometer Canto II, date 12-MAR-2024, start 10:31:07"
                + " and 5000 events): P1_tube1, P1_tube1_reexport.";
        assertTrue(log.toString().contains("cytoarrow batch: note: " + note), log.toString());
        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains(note), "the report says it too");
        assertEquals(1, log.toString().split("Possibly one acquisition", -1).length - 1, log.toString());
        assertFalse(html.contains("P1_tube2,") || html.contains("P2_subset,") || html.contains("Q1,"));
        assertFalse(log.toString().contains("same bytes"), log.toString());
    }

    /** Copies of a file that has no $BTIM (older instruments, exports) are named by their bytes. */
    @Test
    void identicalFilesWithoutAStartTimeAreNamed(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        FakeFcs.good(in.resolve("day1/A01.fcs"), 7);
        Files.createDirectories(in.resolve("day2"));
        Files.copy(in.resolve("day1/A01.fcs"), in.resolve("day2/A01_copy.fcs"));
        FakeFcs.good(in.resolve("day2/B01.fcs"), 8);
        StringWriter log = new StringWriter();
        try (BufferAllocator root = Memory.newRootAllocator()) {
            new BatchRunner(BatchOptions.of(tmp.resolve("out")).withThreads(1), FakeFcs::process,
                    new PrintWriter(log)).run(List.of(in), root);
        }
        List<String> notes = log.toString().lines().filter(l -> l.contains("note:")).toList();
        assertEquals(List.of("cytoarrow batch: note: 2 files with the same bytes: A01, A01_copy. Each is a sample of"
                + " its own here; a cohort would count its events more than once."), notes, log.toString());
    }

    /**
     * In the shared corpus, the two files that MANIFEST.csv describes as altered copies of others are the pairs
     * named: fake_large_fcs.fcs (the Fortessa file with its HEADER offsets blanked, "events identical") and
     * data_start_offset_discrepancy_example.fcs (variable_int_example.fcs with its HEADER DATA start changed).
     */
    @Test
    void theCorpusCopyIsFound(@TempDir Path tmp) throws Exception {
        Path data = SampleProcessorsTest.testdata();
        String manifest = Files.readString(data.resolve("MANIFEST.csv"), StandardCharsets.UTF_8);
        assertTrue(manifest.contains("Events identical to FCS_3.0_Fortessa_PBS_Specimen_001_A1_A01.fcs"),
                "the ground truth this test relies on");
        assertTrue(manifest.contains("variable_int_example.fcs with HEADER DATA start 5555 != $BEGINDATA 6081"),
                "the ground truth this test relies on");
        StringWriter log = new StringWriter();
        try (BufferAllocator root = Memory.newRootAllocator()) {
            new BatchRunner(BatchOptions.of(tmp.resolve("out")).withThreads(2), SampleProcessors.headerOnly(),
                    new PrintWriter(log)).run(List.of(data.resolve("fcs")), root);
        }
        List<String> notes = log.toString().lines().filter(l -> l.contains("Possibly one acquisition")).toList();
        assertEquals(2, notes.size(), log.toString());
        assertTrue(notes.get(0).contains("): FCS_3.0_Fortessa_PBS_Specimen_001_A1_A01, fake_large_fcs."),
                notes.get(0));
        assertTrue(notes.get(1).contains("): data_start_offset_discrepancy_example, variable_int_example."),
                notes.get(1));
    }
}
