package org.cytoarrow.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.io.Csv;
import org.cytoarrow.core.SampleSheet;
import org.cytoarrow.report.ReportModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sample naming, CSV quoting, sample sheets, control rules, FCS sniffing. */
class BatchPartsTest {
    @Test
    void samplesAreNamedUniquelyAndSafely() {
        Path root = Path.of("/data").toAbsolutePath();
        List<Path> files = List.of(root.resolve("p1/A01.fcs"), root.resolve("p2/A01.fcs"),
                root.resolve("060909.001"), root.resolve("060909.002"), root.resolve("Tube 3 (CD4+).LMD"),
                root.resolve(".hidden.fcs"));
        List<String> names = BatchRunner.name(files, List.of(root), SampleSheet.empty()).stream()
                .map(BatchRunner.Job::sample).toList();
        assertEquals(List.of("p1_A01", "p2_A01", "060909.001", "060909.002", "Tube_3__CD4+_", "_.hidden"), names);
    }

    @Test
    void theInputChecksumIsTheCrc32cAndCrc32OfAllBytes(@TempDir Path tmp) throws Exception {
        // the catalogued check values of both CRCs for "123456789"
        assertEquals("crc32c-crc32:e3069283cbf43926",
                Manifest.checksum(Files.writeString(tmp.resolve("check"), "123456789")));
        assertEquals("crc32c-crc32:0000000000000000", Manifest.checksum(Files.write(tmp.resolve("empty"),
                new byte[0])));
        // a file of several read buffers: the same as both CRCs over all its bytes at once
        byte[] bytes = new byte[(1 << 20) + 12_345];
        new java.util.SplittableRandom(7).nextBytes(bytes);
        Path big = Files.write(tmp.resolve("big"), bytes);
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(bytes);
        java.util.zip.CRC32 d = new java.util.zip.CRC32();
        d.update(bytes);
        assertEquals(String.format("crc32c-crc32:%08x%08x", c.getValue(), d.getValue()), Manifest.checksum(big));
        bytes[bytes.length - 1] ^= 1; // the last byte, in the last partial buffer
        assertFalse(Manifest.checksum(Files.write(big, bytes)).equals(String.format("crc32c-crc32:%08x%08x",
                c.getValue(), d.getValue())));
    }

    @Test
    void csvQuotesWhatNeedsQuotingAndReadsItBack() throws Exception {
        List<String> row = List.of("plain", "a,b", "say \"hi\"", "two\nlines", "");
        StringWriter w = new StringWriter();
        Csv.writeRow(w, row);
        assertEquals("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\n", w.toString());
        assertEquals(List.of(row), Csv.read(new BufferedReader(new StringReader(w.toString()))));
        assertEquals(List.of(List.of("x", "y"), List.of("1", "2")),
                Csv.read(new BufferedReader(new StringReader("x,y\r\n\r\n1,2"))));
        assertEquals("3", Csv.number(3.0));
        assertEquals("0.1", Csv.number(0.1));
        assertEquals("NaN", Csv.number(Double.NaN));
    }

    @Test
    void theSampleSheetNamesAndDescribesJobs(@TempDir Path tmp) throws Exception {
        Path csv = Files.writeString(tmp.resolve("s.csv"), "\uFEFFfile,sample,tube,group\n"
                + "A01.fcs,donor1_ctrl,1,control\n" + tmp.resolve("x/B02.fcs") + ",,2,treated\n");
        SampleSheet sheet = SampleSheet.read(csv, SampleSheet.FILE);
        assertEquals(Map.of("file", "A01.fcs", "sample", "donor1_ctrl", "tube", "1", "group", "control"),
                sheet.rowFor(Path.of("/any/where/A01.fcs")).orElseThrow());
        assertEquals("treated", sheet.rowFor(tmp.resolve("x/B02.fcs")).orElseThrow().get("group"));
        assertTrue(sheet.rowFor(Path.of("C03.fcs")).isEmpty());
        List<BatchRunner.Job> jobs = BatchRunner.name(List.of(tmp.resolve("A01.fcs")), List.of(tmp), sheet);
        assertEquals("donor1_ctrl", jobs.get(0).sample());
        assertEquals(Map.of("sample", "donor1_ctrl", "tube", "1", "group", "control"), jobs.get(0).sheetRow(),
                "the metadata a job carries: the sheet's columns but 'file'");
    }

    @Test
    void controlRuleTakesTheMedianOverMatchingSamples() {
        ControlRule rule = ControlRule.parse("*FMO*:p99");
        assertEquals(new ControlRule("*FMO*", "p99"), rule);
        assertTrue(rule.isControl("T1_FMO_CD3"));
        assertFalse(rule.isControl("T1_full"));
        List<StatisticsTable.Row> rows = List.of(
                new StatisticsTable.Row("A_FMO", "a", "/L", "p99", "CD3", 1.0),
                new StatisticsTable.Row("B_FMO", "b", "/L", "p99", "CD3", 4.0),
                new StatisticsTable.Row("C_FMO", "c", "/L", "p99", "CD3", 2.0),
                new StatisticsTable.Row("D_FMO", "d", "/L", "p99", "CD4", 5.0),
                new StatisticsTable.Row("E_FMO", "e", "/L", "p99", "CD4", 7.0),
                new StatisticsTable.Row("full", "f", "/L", "p99", "CD3", 100.0),
                new StatisticsTable.Row("A_FMO", "a", "/L", "median", "CD3", 9.0));
        List<ReportModel.Threshold> t = rule.derive(rows);
        assertEquals(2, t.size());
        assertEquals("CD3", t.get(0).channel());
        assertEquals(2.0, t.get(0).value());   // median of 1, 4, 2
        assertEquals(6.0, t.get(1).value());   // median of 5, 7
        assertThrows(CytoException.class, () -> ControlRule.parse("nocolon"));
        assertThrows(CytoException.class, () -> ControlRule.parse(":p99"));
    }

    @Test
    void percentAboveControlCountsStrictlyGreaterOverThePopulationWithNaNAsNotAbove() {
        double[] v = {1, 5, Double.NaN, 7, 5, 9};
        long[] members = {0b011110}; // events 1..4: 5, NaN, 7, 5
        assertEquals(25.0, ControlThresholds.percentAbove(v, members, 4, 5.0)); // only 7; NaN stays counted
        assertEquals(75.0, ControlThresholds.percentAbove(v, members, 4, 4.9));
        assertTrue(Double.isNaN(ControlThresholds.percentAbove(v, new long[] {0}, 0, 5.0)), "empty population");
    }

    @Test
    void controlThresholdsFingerprintFollowsTheValuesOnly() {
        ReportModel.Threshold a = new ReportModel.Threshold("/L", "CD3", "p99", 2.0, "median of 2: A, B");
        ReportModel.Threshold b = new ReportModel.Threshold("/L", "CD4", "p99", 6.0, "median of 2: A, B");
        assertEquals("", ControlThresholds.NONE.fingerprint());
        String f = new ControlThresholds(List.of(a, b)).fingerprint();
        assertEquals(64, f.length());
        assertEquals(f, new ControlThresholds(List.of(b, a)).fingerprint(), "order does not matter");
        assertEquals(f, new ControlThresholds(List.of(a, new ReportModel.Threshold("/L", "CD4", "p99", 6.0,
                "median of 2: A2, B2"))).fingerprint(), "the source text does not matter");
        assertFalse(f.equals(new ControlThresholds(List.of(a, new ReportModel.Threshold("/L", "CD4", "p99",
                Math.nextUp(6.0), ""))).fingerprint()), "any change of a value does");
    }

    @Test
    void sniffAcceptsOnlyKnownFcsVersions(@TempDir Path tmp) throws Exception {
        assertTrue(FcsDiscovery.isFcsHeader("FCS3.1    "));
        assertTrue(FcsDiscovery.isFcsHeader("FCS2.0"));
        assertFalse(FcsDiscovery.isFcsHeader("FCS4.0    "));
        assertFalse(FcsDiscovery.isFcsHeader("FCS3"));
        assertFalse(FcsDiscovery.isFcsHeader("fcs3.0    "));
        assertTrue(FcsDiscovery.isFcs(Files.writeString(tmp.resolve("x.dat"), "FCS3.2    rest")));
        assertFalse(FcsDiscovery.isFcs(tmp));
        assertFalse(FcsDiscovery.isFcs(tmp.resolve("missing")));
        assertTrue(FcsDiscovery.claimsFcs(Path.of("a.FCS")));
        assertTrue(FcsDiscovery.claimsFcs(Path.of("a.lmd")));
        assertFalse(FcsDiscovery.claimsFcs(Path.of("a.001")));
    }
}
