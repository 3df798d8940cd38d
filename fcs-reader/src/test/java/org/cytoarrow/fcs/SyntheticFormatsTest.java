package org.cytoarrow.fcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.cytoarrow.core.ColumnStorage;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.Sample;
import org.cytoarrow.core.Stringency;
import org.cytoarrow.core.compensation.SpilloverMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Formats no real test file covers (testdata/README "Not covered"), written byte by byte here with the expected
 * values stated next to the bytes: $DATATYPE D and A, FCS 3.2 $PnDATATYPE, 64-bit and 24-bit little-endian
 * integers, the PDP-11 byte order 3,4,1,2, three data sets, DATA before TEXT, spillover variants, stringency.
 */
class SyntheticFormatsTest {
    @TempDir
    Path dir;

    private static LinkedHashMap<String, String> base(String datatype, String byteord, int tot, String... params) {
        LinkedHashMap<String, String> kw = FcsBytes.keywords("$BYTEORD", byteord, "$DATATYPE", datatype,
                "$MODE", "L", "$PAR", Integer.toString(params.length / 3), "$TOT", Integer.toString(tot));
        for (int i = 0; i < params.length / 3; i++) {
            int n = i + 1;
            kw.put("$P" + n + "N", params[3 * i]);
            kw.put("$P" + n + "B", params[3 * i + 1]);
            kw.put("$P" + n + "R", params[3 * i + 2]);
            kw.put("$P" + n + "E", "0,0");
        }
        return kw;
    }

    private EventFrame read(byte[] file, BufferAllocator allocator) {
        Path p = FcsBytes.write(dir, "t.fcs", file);
        try (FcsFile fcs = FcsFile.open(p)) {
            return fcs.read(0, allocator);
        }
    }

    @Test
    void doubleBigEndian() {
        ByteBuffer d = FcsBytes.buffer(32, ByteOrder.BIG_ENDIAN);
        d.putDouble(1.5).putDouble(-2.25e300).putDouble(Math.PI).putDouble(0x1p-1074);
        byte[] file = FcsBytes.dataset("FCS3.1", '/', base("D", "4,3,2,1", 2, "A", "64", "1", "B", "64", "1"),
                d.array(), 0);
        try (BufferAllocator a = Memory.newRootAllocator(); EventFrame f = read(file, a)) {
            assertEquals(ColumnStorage.FLOAT64, f.channels().get(0).storage());
            assertTrue(f.vector(0) instanceof Float8Vector);
            assertArrayEquals(new double[] {1.5, Math.PI}, f.rawColumn(0));
            assertArrayEquals(new double[] {-2.25e300, 0x1p-1074}, f.rawColumn(1));
        }
    }

    @Test
    void asciiFixedWidth() {
        // $PnB = characters per value: X has 4, Y has 5; events ("  12", "   5 ") and ("0034", " 1000")
        byte[] data = "  12   5 0034 1000".getBytes(StandardCharsets.US_ASCII);
        byte[] file = FcsBytes.dataset("FCS3.0", '/', base("A", "1,2,3,4", 2, "X", "4", "1024", "Y", "5", "1024"),
                data, 0);
        try (BufferAllocator a = Memory.newRootAllocator(); EventFrame f = read(file, a)) {
            assertArrayEquals(new double[] {12, 34}, f.rawColumn(0));
            assertArrayEquals(new double[] {5, 1000}, f.rawColumn(1));
        }
    }

    @Test
    void asciiFreeFormat() {
        byte[] data = "1 2.5,3\r\n4\t5 600".getBytes(StandardCharsets.US_ASCII);
        byte[] file = FcsBytes.dataset("FCS3.0", '/', base("A", "1,2,3,4", 2, "X", "*", "1024", "Y", "*", "1024",
                "Z", "*", "1024"), data, 0);
        try (BufferAllocator a = Memory.newRootAllocator(); EventFrame f = read(file, a)) {
            assertArrayEquals(new double[] {1, 4}, f.rawColumn(0));
            assertArrayEquals(new double[] {2.5, 5}, f.rawColumn(1));
            assertArrayEquals(new double[] {3, 600}, f.rawColumn(2));
            assertEquals(0, f.channels().get(0).bits());
        }
    }

    @Test
    void fcs32MixedDataTypes() {
        // FCS 3.2 $PnDATATYPE: P1 = uint16 (default I), P2 = float32, P3 = float64; little-endian.
        LinkedHashMap<String, String> kw = base("I", "1,2,3,4", 2, "I16", "16", "1024", "F32", "32", "262144",
                "D64", "64", "262144");
        kw.put("$P2DATATYPE", "F");
        kw.put("$P3DATATYPE", "D");
        ByteBuffer d = FcsBytes.buffer(2 * 14, ByteOrder.LITTLE_ENDIAN);
        d.putShort((short) 0x0501).putFloat(2.5f).putDouble(1e-3);          // 0x0501 & 1023 = 257
        d.putShort((short) 1023).putFloat(-1f).putDouble(123456.789);
        byte[] file = FcsBytes.dataset("FCS3.2", '/', kw, d.array(), 0);
        try (BufferAllocator a = Memory.newRootAllocator(); EventFrame f = read(file, a)) {
            assertArrayEquals(new double[] {257, 1023}, f.rawColumn(0));
            assertArrayEquals(new double[] {2.5, -1}, f.rawColumn(1));
            assertArrayEquals(new double[] {1e-3, 123456.789}, f.rawColumn(2));
            assertTrue(f.vector(1) instanceof Float4Vector);
            assertTrue(f.vector(2) instanceof Float8Vector);
            assertTrue(f.sample().issues().stream().anyMatch(i -> i.code().equals("BITS_ABOVE_RANGE")));
        }
    }

    @Test
    void wideAndOddIntegers() {
        // P1 uint64 LE with $PnR = 2^64 (no mask); P2 uint24 LE, $PnR 1000 -> mask 1023; P3 uint40 LE.
        LinkedHashMap<String, String> kw = base("I", "1,2,3,4", 1, "W", "64", "18446744073709551616",
                "T", "24", "1000", "F", "40", "1099511627776");
        ByteBuffer d = FcsBytes.buffer(8 + 3 + 5, ByteOrder.LITTLE_ENDIAN);
        d.putLong(0x8000_0000_0000_0001L);               // 2^63 + 1 -> nearest double 2^63
        d.put((byte) 0xFF).put((byte) 0x07).put((byte) 0x10); // 0x1007FF & 1023 = 1023
        d.put(new byte[] {1, 0, 0, 0, (byte) 0x80});      // 2^39 + 1
        byte[] file = FcsBytes.dataset("FCS3.1", '/', kw, d.array(), 0);
        try (BufferAllocator a = Memory.newRootAllocator(); EventFrame f = read(file, a)) {
            assertEquals(0x1p63, f.raw(0, 0));
            assertEquals(1023, f.raw(1, 0));
            assertEquals(0x1p39 + 1, f.raw(2, 0));
            assertEquals(ColumnStorage.FLOAT64, f.channels().get(0).storage());
            assertEquals(ColumnStorage.FLOAT32, f.channels().get(1).storage());
            assertEquals(ColumnStorage.FLOAT64, f.channels().get(2).storage());
        }
    }

    @Test
    void pdp11ByteOrder() {
        // $BYTEORD 3,4,1,2: file bytes hold significance 3,4,1,2 (FCS 3.0 $BYTEORD). 0x04030201 -> 03 04 01 02.
        LinkedHashMap<String, String> kw = base("I", "3,4,1,2", 1, "P", "32", "4294967296", "Q", "32", "0");
        kw.put("$P2R", "4294967296");
        float q = 1.25f;
        int qb = Float.floatToIntBits(q);
        byte[] data = {3, 4, 1, 2, (byte) (qb >>> 16), (byte) (qb >>> 24), (byte) qb, (byte) (qb >>> 8)};
        kw.put("$P2DATATYPE", "F");
        byte[] file = FcsBytes.dataset("FCS3.2", '/', kw, data, 0);
        try (BufferAllocator a = Memory.newRootAllocator(); EventFrame f = read(file, a)) {
            assertEquals(0x04030201, f.raw(0, 0));
            assertEquals(1.25, f.raw(1, 0));
        }
    }

    @Test
    void threeDataSetsAndDataBeforeText() {
        @SuppressWarnings("unchecked")
        Map<String, String>[] kws = new Map[3];
        byte[][] data = new byte[3][];
        for (int i = 0; i < 3; i++) {
            kws[i] = base("I", "1,2", 2, "X", "16", "65536");
            data[i] = new byte[] {(byte) i, 0, (byte) (i + 10), 0};
        }
        byte[] chain = FcsBytes.chain("FCS3.0", kws, data);
        Path p = FcsBytes.write(dir, "three.fcs", chain);
        try (BufferAllocator a = Memory.newRootAllocator(); FcsFile fcs = FcsFile.open(p)) {
            assertEquals(3, fcs.datasets().size());
            for (int i = 0; i < 3; i++) {
                try (EventFrame f = fcs.read(i, a)) {
                    assertArrayEquals(new double[] {i, i + 10}, f.rawColumn(0));
                    assertEquals(i, f.sample().datasetIndex());
                }
            }
        }
        // DATA placed between HEADER and TEXT, as in coulter.lmd data set 1.
        LinkedHashMap<String, String> kw = base("F", "1,2,3,4", 1, "X", "32", "1");
        byte[] data1 = FcsBytes.buffer(4, ByteOrder.LITTLE_ENDIAN).putFloat(7.5f).array();
        kw.put("$BEGINDATA", FcsBytes.pad(58, 12));
        kw.put("$ENDDATA", FcsBytes.pad(61, 12));
        kw.put("$NEXTDATA", FcsBytes.pad(0, 12));
        byte[] text = FcsBytes.text(kw, '|');
        byte[] header = FcsBytes.header("FCS3.0", 62, 62 + text.length - 1, 58, 61);
        byte[] file = concat(header, data1, text);
        try (BufferAllocator a = Memory.newRootAllocator(); EventFrame f = read(file, a)) {
            assertArrayEquals(new double[] {7.5}, f.rawColumn(0));
        }
    }

    @Test
    void blankHeaderDataOffsetsFallBackToText() {
        LinkedHashMap<String, String> kw = base("F", "4,3,2,1", 1, "X", "32", "1");
        byte[] file = FcsBytes.dataset("FCS3.1", '/', kw, FcsBytes.buffer(4, ByteOrder.BIG_ENDIAN).putFloat(3f)
                .array(), 0);
        file = FcsBytes.patchHeader(FcsBytes.patchHeader(file, 2, "        "), 3, "        ");
        try (BufferAllocator a = Memory.newRootAllocator(); EventFrame f = read(file, a)) {
            assertArrayEquals(new double[] {3}, f.rawColumn(0));
            assertTrue(f.sample().issues().isEmpty(), f.sample().issues().toString());
        }
    }

    @Test
    void headerDataOffsetPlaceholders() {
        // 99999999 in the HEADER (largest 8-digit number) is read like 0: "see $BEGINDATA/$ENDDATA".
        LinkedHashMap<String, String> kw = base("F", "4,3,2,1", 1, "X", "32", "1");
        byte[] file = FcsBytes.dataset("FCS3.1", '/', kw, FcsBytes.buffer(4, ByteOrder.BIG_ENDIAN).putFloat(9f)
                .array(), 0);
        file = FcsBytes.patchHeader(FcsBytes.patchHeader(file, 2, "99999999"), 3, "99999999");
        try (BufferAllocator a = Memory.newRootAllocator(); EventFrame f = read(file, a)) {
            assertArrayEquals(new double[] {9}, f.rawColumn(0));
            assertTrue(f.sample().issues().isEmpty(), f.sample().issues().toString());
        }
    }

    @Test
    void textRulesCaseAndNumbers() {
        // Lower-case keywords, zero/space padded numbers, and an empty $P1S written as a doubled delimiter (FCS 2.0
        // CellQuest style): the escape rule reads one keyword "$P1S/$P1N" and loses $P1N, the empty-value rule
        // gives $P1S = "" and $P1N = "A".
        String text = "/$byteord/1,2/$datatype/I/$mode/L/$par/ 1/$tot/0002/$P1S//$P1N/A/$P1B/16/$P1R/1024/"
                + "$BEGINDATA/000000000000/$ENDDATA/000000000000/";
        byte[] tb = text.getBytes(StandardCharsets.US_ASCII);
        long dataStart = 58 + tb.length;
        String fixed = text.replace("$BEGINDATA/000000000000", "$BEGINDATA/" + FcsBytes.pad(dataStart, 12))
                .replace("$ENDDATA/000000000000", "$ENDDATA/" + FcsBytes.pad(dataStart + 3, 12));
        byte[] file = concat(FcsBytes.header("FCS2.0", 58, 58 + tb.length - 1, dataStart, dataStart + 3),
                fixed.getBytes(StandardCharsets.US_ASCII), new byte[] {5, 0, 6, 0});
        try (BufferAllocator a = Memory.newRootAllocator(); EventFrame f = read(file, a)) {
            Sample s = f.sample();
            assertEquals("A", s.channels().get(0).name());
            assertEquals("", s.channels().get(0).label());
            assertTrue(s.issues().stream().anyMatch(i -> i.code().equals("EMPTY_VALUE_RULE")));
            assertEquals("1,2", s.keyword("$BYTEORD").orElseThrow());
            assertArrayEquals(new double[] {5, 6}, f.rawColumn(0));
        }
    }

    @Test
    void escapedDelimiterInValue() {
        LinkedHashMap<String, String> kw = base("F", "1,2,3,4", 1, "GFP/FITC-A", "32", "1");
        byte[] file = FcsBytes.dataset("FCS3.1", '/', kw, new byte[4], 0);
        try (BufferAllocator a = Memory.newRootAllocator(); EventFrame f = read(file, a)) {
            assertEquals("GFP/FITC-A", f.channels().get(0).name());
            assertTrue(f.sample().issues().isEmpty(), f.sample().issues().toString());
        }
    }

    @Test
    void spilloverVariants() {
        LinkedHashMap<String, String> kw = base("F", "1,2,3,4", 0, "FL1-A", "32", "1", "FL2-A", "32", "1");
        kw.put("$P2S", "PE");
        kw.put("SPILL", "2,FL1-A,PE,1,0,0,05,0,1,1,0");   // decimal commas: 1.0 0.05 / 0.1 1.0; PE = $P2S of FL2-A
        Path p = FcsBytes.write(dir, "spill.fcs", FcsBytes.dataset("FCS3.0", '/', kw, new byte[0], 0));
        try (FcsFile fcs = FcsFile.open(p)) {
            SpilloverMatrix m = fcs.datasets().get(0).spillover().orElseThrow();
            assertEquals(List.of("FL1-A", "FL2-A"), m.detectors());
            assertArrayEquals(new double[][] {{1, 0.05}, {0.1, 1}}, m.coefficients());
        }
        LinkedHashMap<String, String> navios = base("F", "1,2,3,4", 0, "FS", "32", "1", "FL1", "32", "1", "FL2",
                "32", "1");
        navios.put("$SPILLOVER", "2,2,3,1,0.2,0.05,1");   // Navios: parameter numbers for FL1 and FL2
        p = FcsBytes.write(dir, "navios.fcs", FcsBytes.dataset("FCS3.0", '/', navios, new byte[0], 0));
        try (FcsFile fcs = FcsFile.open(p)) {
            Sample s = fcs.datasets().get(0);
            SpilloverMatrix m = s.spillover().orElseThrow();
            assertEquals(List.of("FL1", "FL2"), m.detectors());
            assertArrayEquals(new double[][] {{1, 0.2}, {0.05, 1}}, m.coefficients());
            assertTrue(s.issues().stream().anyMatch(i -> i.code().equals("SPILLOVER_NAME_FROM_NUMBER")), s.issues()
                    .toString());
        }
    }

    /**
     * FCS 3.0 {@code $COMP} and FCS 2.0 {@code $DFCiTOj} record what the cytometer's electronics already subtracted:
     * the data are compensated as stored, so no spillover matrix comes from them (applying one would compensate
     * twice), and the reader says why.
     */
    @Test
    void hardwareCompensationIsNotASpilloverMatrix() {
        LinkedHashMap<String, String> comp = base("F", "1,2,3,4", 0, "FL1", "32", "1", "FL2", "32", "1");
        comp.put("$COMP", "2,0,-10,-2.5,0");     // 10% of FL2 subtracted from FL1; 2.5% of FL1 from FL2
        LinkedHashMap<String, String> dfc = base("F", "1,2,3,4", 0, "FL1", "32", "1", "FL2", "32", "1");
        dfc.put("$DFC1TO2", "12.5");
        dfc.put("$DFC2TO1", "0.0");
        for (Map<String, String> kw : List.of(comp, dfc)) {
            Path p = FcsBytes.write(dir, "hw.fcs", FcsBytes.dataset("FCS3.0", '/', new LinkedHashMap<>(kw),
                    new byte[0], 0));
            try (FcsFile fcs = FcsFile.open(p)) {
                Sample s = fcs.datasets().get(0);
                assertTrue(s.spillover().isEmpty(), kw.toString());
                assertEquals(1, s.issues().stream().filter(i -> i.code().equals("HARDWARE_COMPENSATION")).count(),
                        s.issues().toString());
            }
        }
    }

    /**
     * A read of some channels renumbers FCS 3.0's per-parameter peak keywords with the channels and drops a
     * {@code $COMP} whose leading channels moved (its matrix is over the first channels by position): written and
     * read back, the file does not say that other channels were compensated.
     */
    @Test
    void projectedReadRenumbersPeaksAndDropsCompWhoseChannelsMoved() {
        LinkedHashMap<String, String> kw = base("F", "1,2,3,4", 2, "FL1", "32", "1024", "FL2", "32", "1024",
                "FSC", "32", "1024");
        kw.put("$COMP", "2,0,-10,-2.5,0");     // over FL1 and FL2, the first two channels
        kw.put("$PK1", "374");
        kw.put("$PKN1", "12803");
        kw.put("$PK2", "96");
        kw.put("$PKN2", "4410");
        ByteBuffer d = FcsBytes.buffer(24, ByteOrder.LITTLE_ENDIAN);
        d.putFloat(1).putFloat(2).putFloat(3).putFloat(4).putFloat(5).putFloat(6);
        Path p = FcsBytes.write(dir, "peaks.fcs", FcsBytes.dataset("FCS3.0", '/', kw, d.array(), 0));
        Path written = dir.resolve("projected.fcs");
        try (BufferAllocator a = Memory.newRootAllocator(); FcsFile fcs = FcsFile.open(p)) {
            try (EventFrame f = fcs.read(0, a, List.of("FL2", "FSC"))) {
                Map<String, String> k = f.sample().keywords();
                assertEquals("96", k.get("$PK1"));
                assertEquals("4410", k.get("$PKN1"));
                assertFalse(k.containsKey("$PK2") || k.containsKey("$PKN2"), k.toString());
                assertFalse(k.containsKey("$COMP"), "FL1 is gone, FL2 is first: " + k);
                org.cytoarrow.fcs.write.FcsWriter.write(f, written);
            }
            try (FcsFile back = FcsFile.open(written)) {
                Sample s = back.datasets().get(0);
                assertFalse(s.keywords().containsKey("$COMP"), s.keywords().toString());
                assertTrue(s.spillover().isEmpty());
            }
            try (EventFrame f = fcs.read(0, a, List.of("FL1", "FL2"))) {
                assertEquals("2,0,-10,-2.5,0", f.sample().keywords().get("$COMP"), "FL1 and FL2 stay first");
                assertEquals("374", f.sample().keywords().get("$PK1"));
            }
            assertEquals(0, a.getAllocatedMemory());
        }
    }

    @Test
    void stringencies() {
        LinkedHashMap<String, String> kw = base("I", "1,2", 1, "X", "16", "1024");
        byte[] data = {1, 0, 0};       // one byte too many: $ENDDATA off by one
        Path p = FcsBytes.write(dir, "obo.fcs", FcsBytes.dataset("FCS3.1", '/', kw, data, 0));
        CytoException e = assertThrows(CytoException.class, () -> FcsFile.open(p,
                new ReadOptions(Stringency.STRICT)));
        assertEquals("ENDDATA_OFF_BY_ONE", e.code());
        assertTrue(e.getMessage().startsWith("obo.fcs: DATA "), e.getMessage());
        try (FcsFile fcs = FcsFile.open(p)) {
            assertEquals("ENDDATA_OFF_BY_ONE", fcs.datasets().get(0).issues().get(0).code());
        }
        try (BufferAllocator a = Memory.newRootAllocator(); FcsFile fcs = FcsFile.open(p,
                new ReadOptions(Stringency.SILENT)); EventFrame f = fcs.read(0, a)) {
            assertTrue(f.sample().issues().isEmpty());
            assertArrayEquals(new double[] {1}, f.rawColumn(0));
        }
    }

    @Test
    void batchesMatchRead() {
        int n = 1000;
        LinkedHashMap<String, String> kw = base("I", "4,3,2,1", n, "A", "16", "1024", "B", "32", "1048576",
                "C", "24", "16777216");
        ByteBuffer d = FcsBytes.buffer(n * 9, ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < n; i++) {
            d.putShort((short) (i * 7)).putInt(i * 1001);
            d.put((byte) (i >> 4)).put((byte) i).put((byte) 3);
        }
        Path p = FcsBytes.write(dir, "batches.fcs", FcsBytes.dataset("FCS3.1", '/', kw, d.array(), 0));
        try (BufferAllocator a = Memory.newRootAllocator(); FcsFile fcs = FcsFile.open(p);
             EventFrame all = fcs.read(0, a)) {
            for (int i = 0; i < n; i++) {
                assertEquals((i * 7) & 1023, all.raw(0, i));
                assertEquals((i * 1001) & 0xFFFFF, all.raw(1, i));
                assertEquals(((i >> 4 & 0xFF) << 16 | (i & 0xFF) << 8 | 3), all.raw(2, i));
            }
            try (EventBatches batches = fcs.batches(0, a, 7)) {
                int row = 0;
                while (batches.hasNext()) {
                    VectorSchemaRoot r = batches.next();
                    assertTrue(r.getRowCount() <= 7 && r.getRowCount() > 0);
                    for (int i = 0; i < r.getRowCount(); i++, row++) {
                        for (int c = 0; c < 3; c++) {
                            assertEquals(all.raw(c, row), ((Float4Vector) r.getVector(c)).get(i));
                        }
                    }
                }
                assertEquals(n, row);
                assertEquals(n, batches.eventsRead());
                assertTrue(batches.issues().stream().anyMatch(i -> i.code().equals("BITS_ABOVE_RANGE")));
            }
        }
    }

    @Test
    void analysisSegment() {
        byte[] file = FcsBytes.dataset("FCS3.0", '/', base("F", "1,2,3,4", 1, "X", "32", "1"), new byte[4], 0);
        byte[] analysis = "|GATE1|12.5|GATE2|a||b|".getBytes(StandardCharsets.US_ASCII);
        int start = file.length;
        file = FcsBytes.patchHeader(FcsBytes.patchHeader(concat(file, analysis), 4, FcsBytes.pad8(start)), 5,
                FcsBytes.pad8(start + analysis.length - 1));
        Path p = FcsBytes.write(dir, "analysis.fcs", file);
        try (FcsFile fcs = FcsFile.open(p)) {
            assertEquals(Map.of("GATE1", "12.5", "GATE2", "a|b"), fcs.analysis(0));
            assertTrue(fcs.datasets().get(0).issues().isEmpty(), fcs.datasets().get(0).issues().toString());
        }
    }

    @Test
    void sniffer() {
        Path fcs = FcsBytes.write(dir, "a.bin", FcsBytes.dataset("FCS3.1", '/', base("F", "1,2,3,4", 0, "X", "32",
                "1"), new byte[0], 0));
        Path not = FcsBytes.write(dir, "b.fcs", "FCS".getBytes(StandardCharsets.US_ASCII));
        assertTrue(FcsSniffer.isFcs(fcs));
        assertFalse(FcsSniffer.isFcs(not));
        assertFalse(FcsSniffer.isFcs(dir));
        assertFalse(FcsSniffer.isFcs(dir.resolve("missing.fcs")));
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
