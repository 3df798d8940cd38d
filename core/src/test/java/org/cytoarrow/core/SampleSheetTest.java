package org.cytoarrow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleSheetTest {
    @TempDir
    Path tmp;

    /** Paths in the sheet relative to its own folder, as the demo cohort's sheet writes them. */
    @Test
    void pathsAreRelativeToTheSheet() throws Exception {
        Files.createDirectories(tmp.resolve("study/fcs"));
        Path csv = Files.writeString(tmp.resolve("study/sheet.csv"),
                "patient,file\nP1,fcs/P1_iso.fcs\nP2,../elsewhere/P2_iso.fcs\n");
        SampleSheet sheet = SampleSheet.read(csv);
        assertEquals("P1", sheet.rowFor(tmp.resolve("study/fcs/P1_iso.fcs")).orElseThrow().get("patient"));
        assertEquals("P2", sheet.rowFor(tmp.resolve("elsewhere/P2_iso.fcs")).orElseThrow().get("patient"));
        assertTrue(sheet.rowFor(tmp.resolve("other/fcs/P1_iso.fcs")).isEmpty(), "same name, other folder");
        assertEquals(tmp.resolve("study/fcs/P1_iso.fcs"), sheet.fileOf(sheet.rows().get(0)).normalize());
    }

    @Test
    void lookupByTextAbsolutePathThenBareFileName() throws Exception {
        Path abs = tmp.resolve("x/B02.fcs");
        Path csv = Files.writeString(tmp.resolve("s.csv"), "\uFEFFfile,tube\nA01.fcs,1\n" + abs + ",2\n\n");
        SampleSheet sheet = SampleSheet.read(csv, SampleSheet.FILE);
        assertEquals(List.of("file", "tube"), sheet.columns(), "the byte-order mark is not part of the name");
        assertEquals(2, sheet.rows().size(), "the blank line is not a row");
        assertEquals("1", sheet.rowFor(Path.of("/any/where/A01.fcs")).orElseThrow().get("tube"));
        assertEquals("2", sheet.rowFor(abs).orElseThrow().get("tube"));
        assertTrue(sheet.rowFor(tmp.resolve("y/B02.fcs")).isEmpty(), "a path names one file, not a file name");
        assertTrue(sheet.rowFor(Path.of("C03.fcs")).isEmpty());
    }

    @Test
    void badSheetsAreRefusedWithTheLine() throws Exception {
        Path noFile = Files.writeString(tmp.resolve("nofile.csv"), "name,tube\nA01.fcs,1\n");
        assertTrue(SampleSheet.read(noFile).rowFor(Path.of("A01.fcs")).isEmpty(), "no file column: nothing found");
        CytoException e = assertThrows(CytoException.class, () -> SampleSheet.read(noFile, SampleSheet.FILE));
        assertTrue(e.getMessage().contains("needs a 'file' column; header is [name, tube]"), e.getMessage());
        Path dup = Files.writeString(tmp.resolve("dup.csv"), "file\nA.fcs\nB.fcs\nA.fcs\n");
        e = assertThrows(CytoException.class, () -> SampleSheet.read(dup));
        assertTrue(e.getMessage().endsWith("dup.csv: line 4 repeats file 'A.fcs'"), e.getMessage());
        Path dup2 = Files.writeString(tmp.resolve("dup2.csv"), "file\nfcs/A.fcs\n./fcs/A.fcs\n");
        e = assertThrows(CytoException.class, () -> SampleSheet.read(dup2));
        assertTrue(e.getMessage().endsWith("line 3 repeats file './fcs/A.fcs'"), "the same file written two ways: "
                + e.getMessage());
        Path wide = Files.writeString(tmp.resolve("wide.csv"), "file,tube\nA.fcs,1,extra\n");
        e = assertThrows(CytoException.class, () -> SampleSheet.read(wide));
        assertTrue(e.getMessage().contains("line 2 has 3 fields, the header 2"), e.getMessage());
        Path quote = Files.writeString(tmp.resolve("quote.csv"), "file,tube\n\"A.fcs,1\n");
        assertEquals("SAMPLE_SHEET", assertThrows(CytoException.class, () -> SampleSheet.read(quote)).code());
        assertEquals("SAMPLE_SHEET", assertThrows(CytoException.class,
                () -> SampleSheet.read(tmp.resolve("missing.csv"))).code());
    }

    @Test
    void aFileReachedThroughALinkFindsTheRowThatNamesItsRealPath() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("data/run1"));
        Files.writeString(real.resolve("A01.fcs"), "FCS3.1");
        Files.writeString(real.resolve("A02.fcs"), "FCS3.1");
        Path staged = tmp.resolve("work/staged");
        Files.createDirectories(staged.getParent());
        try {
            Files.createSymbolicLink(staged, real);
        } catch (IOException | UnsupportedOperationException e) {
            Assumptions.assumeTrue(false, "symbolic links cannot be created here: " + e);
        }
        Path csv = Files.writeString(tmp.resolve("sheet.csv"),
                "file,tube\n" + real.resolve("A01.fcs") + ",1\ndata/run1/A02.fcs,2\ndata/run1/gone.fcs,3\n");
        SampleSheet sheet = SampleSheet.read(csv);
        assertEquals("1", sheet.rowFor(staged.resolve("A01.fcs")).orElseThrow().get("tube"), "absolute path");
        assertEquals("2", sheet.rowFor(staged.resolve("A02.fcs")).orElseThrow().get("tube"), "relative path");
        assertTrue(sheet.rowFor(staged.resolve("gone.fcs")).isEmpty(), "a path to no file names nothing");
    }

    /** Sheets as spreadsheets save them in other locales and formats: the same rows every time. */
    @Test
    void semicolonsTabsAndTheEncodingsSpreadsheetsWrite() throws Exception {
        Map<String, String> expected = Map.of("file", "A01.fcs", "patient", "Müller", "dose", "1,5");
        Path semicolons = Files.write(tmp.resolve("de.csv"),
                "file;patient;dose\r\nA01.fcs;Müller;1,5\r\n".getBytes(Charset.forName("windows-1252")));
        Path utf8 = Files.writeString(tmp.resolve("utf8.csv"), "\uFEFFfile;patient;dose\nA01.fcs;Müller;\"1,5\"\n");
        Path unicodeText = Files.write(tmp.resolve("unicode.txt"),
                "\uFEFFfile\tpatient\tdose\r\nA01.fcs\tMüller\t1,5\r\n".getBytes(StandardCharsets.UTF_16LE));
        for (Path p : List.of(semicolons, utf8)) {
            SampleSheet sheet = SampleSheet.read(p, SampleSheet.FILE);
            assertEquals(List.of("file", "patient", "dose"), sheet.columns(), p.toString());
            assertEquals(List.of(Map.of("file", "A01.fcs", "patient", "Müller", "dose", "1.5")), sheet.rows(),
                    p + ": a decimal comma in a semicolon-separated sheet");
        }
        assertEquals(List.of(expected), SampleSheet.read(unicodeText).rows(), "tabs: the comma stays");
        Path mixed = Files.writeString(tmp.resolve("mixed.csv"),
                "file;sample;note;dose\n12,5;12,5;3,5 h, 37 °C;-0,25E-1\n");
        assertEquals(List.of(Map.of("file", "12,5", "sample", "12,5", "note", "3,5 h, 37 °C", "dose", "-0.25E-1")),
                SampleSheet.read(mixed).rows(), "only whole numbers change, and never names");
    }

    /** A sheet kept in Excel: each cell as Excel shows it, whatever the file is called. */
    @Test
    void anExcelWorkbookIsReadFromItsFirstSheet() throws Exception {
        Path xlsx = tmp.resolve("cohort.xlsx");
        try (OutputStream out = Files.newOutputStream(xlsx)) {
            Workbook wb = new Workbook(out, "test", "1.0");
            Worksheet ws = wb.newWorksheet("samples");
            List<String> header = List.of("file", "patient", "stage", "age", "dose", "acquired", "relapse");
            for (int c = 0; c < header.size(); c++) {
                ws.value(0, c, header.get(c));
            }
            ws.value(1, 0, "A01.fcs");
            ws.value(1, 1, "Müller");
            ws.value(1, 2, "III");
            ws.value(1, 3, 67);
            ws.value(1, 4, 0.25);
            ws.value(1, 5, LocalDate.of(2024, 3, 1)); // stored as day 45352 since 1900, shown as a date
            ws.style(1, 5).format("dd/mm/yyyy").set();
            ws.value(1, 6, true);
            ws.value(3, 0, "A02.fcs"); // row 3 left blank; A02's other cells empty
            ws.value(3, 4, 1.5e-3);
            wb.newWorksheet("notes").value(0, 0, "not the sheet");
            wb.finish();
        }
        Path renamed = Files.copy(xlsx, tmp.resolve("cohort-sheet"));
        for (Path p : List.of(xlsx, renamed)) {
            SampleSheet sheet = SampleSheet.read(p, SampleSheet.FILE);
            assertEquals(List.of("file", "patient", "stage", "age", "dose", "acquired", "relapse"), sheet.columns());
            assertEquals(2, sheet.rows().size(), "the blank row is not a row");
            assertEquals(Map.of("file", "A01.fcs", "patient", "Müller", "stage", "III", "age", "67", "dose", "0.25",
                    "acquired", "2024-03-01", "relapse", "TRUE"), sheet.rows().get(0));
            assertEquals(Map.of("file", "A02.fcs", "patient", "", "stage", "", "age", "", "dose", "0.0015",
                    "acquired", "", "relapse", ""), sheet.rows().get(1));
            assertEquals("III", sheet.rowFor(Path.of("/data/A01.fcs")).orElseThrow().get("stage"));
        }
    }

    /** A workbook whose shared strings declare an external entity: its parser neither reads the file nor fails. */
    @Test
    void aWorkbookCannotMakeTheReaderOpenOtherFiles() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "do-not-read");
        Path plain = tmp.resolve("plain.xlsx");
        try (OutputStream out = Files.newOutputStream(plain)) {
            Workbook wb = new Workbook(out, "test", "1.0");
            Worksheet ws = wb.newWorksheet("samples");
            ws.value(0, 0, "file");
            ws.value(1, 0, "A01.fcs");
            wb.finish();
        }
        Path evil = tmp.resolve("evil.xlsx");
        try (ZipFile in = new ZipFile(plain.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(evil))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                byte[] b;
                try (InputStream part = in.getInputStream(e)) {
                    b = part.readAllBytes();
                }
                if (e.getName().equals("xl/sharedStrings.xml")) {
                    String x = new String(b, StandardCharsets.UTF_8);
                    x = x.replaceFirst("\\?>", "?><!DOCTYPE sst [<!ENTITY e SYSTEM \"" + secret.toUri() + "\">]>")
                            .replace("A01.fcs", "&e;");
                    b = x.getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(b);
            }
        }
        try {
            SampleSheet sheet = SampleSheet.read(evil);
            assertTrue(sheet.rows().stream().noneMatch(r -> r.containsValue("A01.fcs")), "the entity is in place");
            assertTrue(sheet.rows().stream().noneMatch(r -> r.toString().contains("do-not-read")), sheet.rows()
                    .toString());
        } catch (CytoException refused) {
            assertEquals("SAMPLE_SHEET", refused.code()); // refusing the DOCTYPE is as good
            assertTrue(!refused.getMessage().contains("do-not-read"), refused.getMessage());
        }
    }

    @Test
    void brokenAndOldWorkbooksAreRefusedWithTheReason() throws Exception {
        Path zip = tmp.resolve("broken.xlsx");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("xl/workbook.xml"));
            z.write("<workbook>".getBytes(StandardCharsets.UTF_8));
        }
        CytoException e = assertThrows(CytoException.class, () -> SampleSheet.read(zip));
        assertEquals("SAMPLE_SHEET", e.code());
        assertTrue(e.getMessage().startsWith(zip + ": cannot read: "), e.getMessage());
        Path xls = Files.write(tmp.resolve("old.xls"), new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, 0});
        e = assertThrows(CytoException.class, () -> SampleSheet.read(xls));
        assertTrue(e.getMessage().contains("Excel 97-2003 workbook (.xls); save it as .xlsx or as CSV"),
                e.getMessage());
    }

    /** A sheet written on the acquisition PC (Windows paths), used on a server whose separator is a slash. */
    @Test
    void windowsPathsFromASheetWrittenOnTheAcquisitionPc() throws Exception {
        Assumptions.assumeTrue(java.io.File.separatorChar == '/', "a backslash is the separator here already");
        Path csv = Files.writeString(tmp.resolve("sheet.csv"), "file,tube\n"
                + "day1\\A01.fcs,relative\n"
                + "C:\\Cytometry\\2024\\B01.fcs,drive\n"
                + "\\\\labserver\\share\\C01.fcs,share\n"
                + "C:\\run1\\D01.fcs,first D01\n"
                + "C:\\run2\\D01.fcs,second D01\n");
        SampleSheet sheet = SampleSheet.read(csv);
        assertEquals("relative", sheet.rowFor(tmp.resolve("day1/A01.fcs")).orElseThrow().get("tube"));
        assertTrue(sheet.rowFor(tmp.resolve("day2/A01.fcs")).isEmpty(), "a relative path names one folder");
        assertEquals(tmp.resolve("day1/A01.fcs"), sheet.fileOf(sheet.rows().get(0)).normalize());
        assertEquals("drive", sheet.rowFor(Path.of("/mnt/cytometry/2024/B01.fcs")).orElseThrow().get("tube"));
        assertEquals("share", sheet.rowFor(Path.of("/srv/share/C01.fcs")).orElseThrow().get("tube"));
        assertTrue(sheet.rowFor(Path.of("/srv/D01.fcs")).isEmpty(), "two rows end in D01.fcs: neither is guessed");
    }

    @Test
    void inMemorySheets() {
        SampleSheet sheet = SampleSheet.of(tmp, List.of(Map.of("file", "a/A.fcs", "tube", "1")));
        assertEquals("1", sheet.rowFor(tmp.resolve("a/A.fcs")).orElseThrow().get("tube"));
        assertThrows(IllegalArgumentException.class, () -> SampleSheet.of(tmp, List.of(Map.of("file", "A.fcs"),
                Map.of("file", "A.fcs"))));
        assertEquals(List.of(SampleSheet.FILE), SampleSheet.empty().columns());
        assertTrue(SampleSheet.empty().rowFor(Path.of("A.fcs")).isEmpty());
    }
}
