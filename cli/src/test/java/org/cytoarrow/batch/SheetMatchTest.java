package org.cytoarrow.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.cytoarrow.core.SampleSheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sample sheet that does not fit the folder (typos, missing rows) is said, in the log and the report. */
class SheetMatchTest {
    @Test
    void rowsWithoutFilesAndFilesWithoutRowsAreNamed(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (String name : List.of("A01", "B01", "C01")) {
            FakeFcs.good(in.resolve(name + ".fcs"), 3);
        }
        Path csv = Files.writeString(tmp.resolve("sheet.csv"),
                "file,patient\nA01.fcs,P1\nB0l.fcs,P2\nD01.fcs,P3\n,P4\n"); // B0l: a typo; D01 not copied
        SampleSheet sheet = SampleSheet.read(csv, SampleSheet.FILE);
        StringWriter log = new StringWriter();
        try (BufferAllocator root = Memory.newRootAllocator()) {
            new BatchRunner(BatchOptions.of(tmp.resolve("out")).withThreads(1).withSheet(sheet),
                    (file, allocator) -> new SampleOutcome(3, Map.of(), List.of(), List.of()), new PrintWriter(log))
                    .run(List.of(in), root);
        }
        String rows = "2 sample-sheet row(s) name a file that was not found: B0l.fcs, D01.fcs";
        String files = "2 FCS file(s) have no row in the sample sheet, so none of its columns: B01.fcs, C01.fcs";
        assertTrue(log.toString().contains("cytoarrow batch: note: " + rows), log.toString());
        assertTrue(log.toString().contains("cytoarrow batch: note: " + files), log.toString());
        String html = Files.readString(tmp.resolve("out/report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains(rows) && html.contains(files), "the report says it too");

        assertEquals(List.of(), BatchRunner.sheetNotes(List.of(in.resolve("A01.fcs")), SampleSheet.empty()),
                "no sheet, nothing to say");
        assertEquals(List.of("7 FCS file(s) have no row in the sample sheet, so none of its columns: 1.fcs, 2.fcs,"
                + " 3.fcs, 4.fcs, 5.fcs and 2 more"), BatchRunner.sheetNotes(List.of(in.resolve("A01.fcs"),
                in.resolve("1.fcs"), in.resolve("2.fcs"), in.resolve("3.fcs"), in.resolve("4.fcs"),
                in.resolve("5.fcs"), in.resolve("6.fcs"), in.resolve("7.fcs")), SampleSheet.read(
                Files.writeString(tmp.resolve("one.csv"), "file\nA01.fcs\n"))));
    }
}
