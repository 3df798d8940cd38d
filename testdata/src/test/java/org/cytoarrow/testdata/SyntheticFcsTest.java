package org.cytoarrow.testdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cytoarrow.core.compensation.SpilloverMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticFcsTest {
    @TempDir
    Path dir;

    @Test
    void integerChannelsOfEveryWidthBigEndianWithMasking() throws Exception {
        double[][] cols = {
                {1, 200},                       // 8 bits, $PnR 256: no mask
                {0x1234, 1500},                 // 16 bits, $PnR 1000: mask 1023, 1500 -> 476
                {0x0A0B0C, 30001},              // 24 bits, $PnR 30000: mask 32767
                {0x01020304, 5},                // 32 bits
                {0x0102030405L, 7},             // 40 bits
                {1L << 50, 9},                  // 64 bits
        };
        SyntheticFcs.Result r = SyntheticFcs.builder().version("3.1").datatype('I').byteOrder(ByteOrder.BIG_ENDIAN)
                .channel("A", "a", 8, 256).channel("B", null, 16, 1000).channel("C", null, 24, 30000)
                .channel("D", null, 32, Math.pow(2, 32)).channel("E", null, 40, Math.pow(2, 40))
                .channel("F", null, 64, Math.pow(2, 60))
                .events(cols).write(dir.resolve("int.fcs"));
        Path f = r.path();
        FcsBytes.Header h = FcsBytes.header(f, 0);
        assertEquals("FCS3.1", h.version());
        assertEquals(58, h.offsets()[0]);
        Map<String, String> kw = FcsBytes.text(f, 0, h.offsets()[0], h.offsets()[1]);
        assertEquals("4,3,2,1", kw.get("$BYTEORD"));
        assertEquals("I", kw.get("$DATATYPE"));
        assertEquals("6", kw.get("$PAR"));
        assertEquals("2", kw.get("$TOT"));
        assertEquals("24", kw.get("$P3B"));
        assertEquals("1000", kw.get("$P2R"));
        assertEquals("a", kw.get("$P1S"));
        assertFalse(kw.containsKey("$P2S"));
        assertEquals(Long.toString(h.offsets()[2]), kw.get("$BEGINDATA"));
        assertEquals(Long.toString(h.offsets()[3]), kw.get("$ENDDATA"));
        // 1 + 2 + 3 + 4 + 5 + 8 = 23 bytes per event, 2 events; DATA right after TEXT.
        assertEquals(h.offsets()[1] + 1, h.offsets()[2]);
        assertEquals(46, h.offsets()[3] - h.offsets()[2] + 1);
        byte[] data = FcsBytes.read(f, 0, (int) h.offsets()[2] + 46);
        byte[] first = java.util.Arrays.copyOfRange(data, (int) h.offsets()[2], (int) h.offsets()[2] + 23);
        assertArrayEquals(new byte[]{1, 0x12, 0x34, 0x0A, 0x0B, 0x0C, 1, 2, 3, 4, 1, 2, 3, 4, 5,
                0, 4, 0, 0, 0, 0, 0, 0}, first);
        assertEquals(h.offsets()[3] + 1, r.fileSize());
        double[][] truth = r.dataSets().get(0).expectedRaw();
        assertEquals(476, truth[1][1]);        // 1500 & 1023
        assertEquals(30001, truth[2][1]);      // below 32767
        assertEquals(0x1234 & 1023, truth[1][0]);
        assertEquals(Math.pow(2, 50), truth[5][0]);
    }

    @Test
    void pdp11ByteOrderPermutesEachFourByteWord() {
        SyntheticFcs.Result r = SyntheticFcs.builder().datatype('I').byteOrd("3,4,1,2")
                .channel("X", null, 32, Math.pow(2, 32)).events(new double[][]{{0x01020304}})
                .write(dir.resolve("pdp.fcs"));
        FcsBytes.Header h = FcsBytes.header(r.path(), 0);
        // bytes of significance 3,4,1,2 (1 = least significant = 0x04): 0x02, 0x01, 0x04, 0x03
        assertArrayEquals(new byte[]{2, 1, 4, 3}, FcsBytes.read(r.path(), h.offsets()[2], 4));
        assertThrows(IllegalArgumentException.class, () -> SyntheticFcs.builder().datatype('I').byteOrd("3,4,1,2")
                .channel("X", null, 16, 1024).events(new double[][]{{1}}).write(dir.resolve("bad.fcs")));
    }

    @Test
    void floatAndDoubleLittleEndian() {
        SyntheticFcs.Result f = SyntheticFcs.builder().datatype('F').byteOrder(ByteOrder.LITTLE_ENDIAN)
                .channel("X", null, 32, 1024).events(new double[][]{{0.1, -3.5}}).write(dir.resolve("f.fcs"));
        FcsBytes.Header h = FcsBytes.header(f.path(), 0);
        ByteBuffer b = ByteBuffer.wrap(FcsBytes.read(f.path(), h.offsets()[2], 8)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0.1f, b.getFloat());
        assertEquals(-3.5f, b.getFloat());
        assertEquals((double) 0.1f, f.dataSets().get(0).expectedRaw()[0][0]);

        SyntheticFcs.Result d = SyntheticFcs.builder().datatype('D').byteOrd("1,2,3,4")
                .channel("X", null, 64, 1024).events(new double[][]{{0.1}}).write(dir.resolve("d.fcs"));
        h = FcsBytes.header(d.path(), 0);
        assertEquals(0.1, ByteBuffer.wrap(FcsBytes.read(d.path(), h.offsets()[2], 8))
                .order(ByteOrder.LITTLE_ENDIAN).getDouble());
    }

    @Test
    void asciiFixedWidthAndFreeFormat() {
        SyntheticFcs.Result fixed = SyntheticFcs.builder().version("3.0").datatype('A')
                .channel("X", null, 4, 10000).channel("Y", null, 2, 100).events(new double[][]{{7, 1234}, {42, 9}})
                .write(dir.resolve("a.fcs"));
        FcsBytes.Header h = FcsBytes.header(fixed.path(), 0);
        assertEquals("0007421234", new String(FcsBytes.read(fixed.path(), h.offsets()[2], 10),
                StandardCharsets.US_ASCII));
        assertThrows(IllegalArgumentException.class, () -> SyntheticFcs.builder().datatype('A')
                .channel("X", null, 2, 100).events(new double[][]{{100}}).write(dir.resolve("a2.fcs")));

        SyntheticFcs.Result free = SyntheticFcs.builder().version("3.0").datatype('A').asciiSeparator(',')
                .channel("X", null, SyntheticChannel.FREE_FORMAT, 1e6)
                .channel("Y", null, SyntheticChannel.FREE_FORMAT, 1e6)
                .events(new double[][]{{7, 123456}, {0, 9}}).write(dir.resolve("free.fcs"));
        h = FcsBytes.header(free.path(), 0);
        Map<String, String> kw = FcsBytes.text(free.path(), 0, h.offsets()[0], h.offsets()[1]);
        assertEquals("*", kw.get("$P1B"));
        assertEquals("7,0,123456,9", new String(FcsBytes.read(free.path(), h.offsets()[2],
                (int) (h.offsets()[3] - h.offsets()[2] + 1)), StandardCharsets.US_ASCII));
        assertArrayEquals(new double[]{7, 123456}, free.dataSets().get(0).expectedRaw()[0]);
    }

    @Test
    void fcs32MixedColumnTypes() {
        SyntheticFcs.Result r = SyntheticFcs.builder().version("3.2").datatype('I').byteOrder(ByteOrder.BIG_ENDIAN)
                .channel("I16", null, 16, 4096)
                .channel(SyntheticChannel.of("F32", null, 32, 262144).withDatatype('F'))
                .channel(SyntheticChannel.of("D64", null, 64, 262144).withDatatype('D'))
                .events(new double[][]{{5000}, {1.5}, {2.25}}).write(dir.resolve("mixed.fcs"));
        FcsBytes.Header h = FcsBytes.header(r.path(), 0);
        assertEquals("FCS3.2", h.version());
        Map<String, String> kw = FcsBytes.text(r.path(), 0, h.offsets()[0], h.offsets()[1]);
        assertEquals("F", kw.get("$P2DATATYPE"));
        assertEquals("D", kw.get("$P3DATATYPE"));
        assertFalse(kw.containsKey("$P1DATATYPE"));
        assertTrue(kw.containsKey("$CYT"));
        ByteBuffer b = ByteBuffer.wrap(FcsBytes.read(r.path(), h.offsets()[2], 14));
        assertEquals(5000, b.getShort() & 0xFFFF);
        assertEquals(1.5f, b.getFloat());
        assertEquals(2.25, b.getDouble());
        assertEquals(5000 & 4095, r.dataSets().get(0).expectedRaw()[0][0]);
        assertThrows(IllegalArgumentException.class, () -> SyntheticFcs.builder().version("3.1")
                .channel(SyntheticChannel.of("F32", null, 32, 1).withDatatype('F')).write(dir.resolve("x.fcs")));
    }

    @Test
    void twelveBitDetectorIsWrittenAsSixteenBitsWithRange4096() {
        SyntheticChannel c = SyntheticChannel.integerBits("FL1", null, 12);
        assertEquals(16, c.bits());
        assertEquals(4096, c.range());
        assertThrows(IllegalArgumentException.class, () -> SyntheticFcs.builder().datatype('I')
                .channel("X", null, 12, 4096).write(dir.resolve("x.fcs")));
        assertThrows(IllegalArgumentException.class, () -> SyntheticFcs.builder().channel("X", null, 32, 1)
                .events(new double[][]{{1}, {2}}).write(dir.resolve("x.fcs")));
    }

    @Test
    void threeDataSetsChainedByNextData() {
        SyntheticFcs.Result r = SyntheticFcs.builder().version("3.0").datatype('I').byteOrder(ByteOrder.LITTLE_ENDIAN)
                .channel("A", null, 16, 1024).events(new double[][]{{1, 2, 3}})
                .nextDataSet().channel("B", null, 32, 1 << 20).events(new double[][]{{4, 5}})
                .nextDataSet().channel("C", null, 16, 1024).channel("D", null, 16, 1024)
                .events(new double[][]{{6}, {7}})
                .write(dir.resolve("multi.fcs"));
        long base = 0;
        String[] names = {"A", "B", "C"};
        for (int k = 0; k < 3; k++) {
            assertEquals(base, r.dataSets().get(k).offset());
            FcsBytes.Header h = FcsBytes.header(r.path(), base);
            assertEquals("FCS3.0", h.version());
            Map<String, String> kw = FcsBytes.text(r.path(), base, h.offsets()[0], h.offsets()[1]);
            assertEquals(names[k], kw.get("$P1N"));
            long next = Long.parseLong(kw.get("$NEXTDATA"));
            if (k < 2) {
                assertEquals(h.offsets()[3] + 1, next, "data set " + k + " ends where the next begins");
            } else {
                assertEquals(0, next);
                assertEquals(base + h.offsets()[3] + 1, r.fileSize());
                ByteBuffer b = ByteBuffer.wrap(FcsBytes.read(r.path(), base + h.offsets()[2], 4))
                        .order(ByteOrder.LITTLE_ENDIAN);
                assertEquals(6, b.getShort());
                assertEquals(7, b.getShort());
            }
            base += next;
        }
    }

    @Test
    void supplementalTextBeforeAndAfterDataAndDataBeforeText() {
        Map<String, String> extra = Map.of("CUSTOM", "value");
        SyntheticFcs.Result before = SyntheticFcs.builder().channel("X", null, 32, 1024)
                .supplementalText(extra, false).events(new double[][]{{1}}).write(dir.resolve("s1.fcs"));
        FcsBytes.Header h = FcsBytes.header(before.path(), 0);
        Map<String, String> kw = FcsBytes.text(before.path(), 0, h.offsets()[0], h.offsets()[1]);
        long sb = Long.parseLong(kw.get("$BEGINSTEXT"));
        long se = Long.parseLong(kw.get("$ENDSTEXT"));
        assertEquals(h.offsets()[1] + 1, sb);
        assertEquals(se + 1, h.offsets()[2]);
        assertEquals(extra, FcsBytes.text(before.path(), 0, sb, se));

        SyntheticFcs.Result after = SyntheticFcs.builder().channel("X", null, 32, 1024)
                .supplementalText(extra, true).events(new double[][]{{1}}).write(dir.resolve("s2.fcs"));
        h = FcsBytes.header(after.path(), 0);
        kw = FcsBytes.text(after.path(), 0, h.offsets()[0], h.offsets()[1]);
        assertEquals(h.offsets()[3] + 1, Long.parseLong(kw.get("$BEGINSTEXT")));

        SyntheticFcs.Result dataFirst = SyntheticFcs.builder().layout(SyntheticFcs.Layout.DATA_FIRST)
                .channel("X", null, 32, 1024).events(new double[][]{{1, 2}}).write(dir.resolve("df.fcs"));
        h = FcsBytes.header(dataFirst.path(), 0);
        assertEquals(58, h.offsets()[2]);
        assertEquals(65, h.offsets()[3]);
        assertEquals(66, h.offsets()[0]);
        assertEquals(h.offsets()[1] + 1, dataFirst.fileSize());
    }

    @Test
    void dataBeyondTheHeaderLimitUsesZerosInHeaderAndKeywordsInText() {
        SyntheticFcs.Result r = SyntheticFcs.builder().version("3.1").channel("X", null, 32, 1024)
                .gapBeforeData(100_000_000L).events(new double[][]{{1.5, 2.5}}).write(dir.resolve("big.fcs"));
        FcsBytes.Header h = FcsBytes.header(r.path(), 0);
        assertEquals(0, h.offsets()[2]);
        assertEquals(0, h.offsets()[3]);
        String raw = new String(FcsBytes.read(r.path(), 0, 58), StandardCharsets.US_ASCII);
        assertEquals("       0       0", raw.substring(26, 42));
        Map<String, String> kw = FcsBytes.text(r.path(), 0, h.offsets()[0], h.offsets()[1]);
        long begin = Long.parseLong(kw.get("$BEGINDATA"));
        long end = Long.parseLong(kw.get("$ENDDATA"));
        assertTrue(begin > SyntheticFcs.MAX_HEADER_OFFSET, "DATA starts beyond 99,999,999: " + begin);
        assertEquals(h.offsets()[1] + 1 + 100_000_000L, begin);
        assertEquals(begin + 7, end);
        assertEquals(end + 1, r.fileSize());
        ByteBuffer b = ByteBuffer.wrap(FcsBytes.read(r.path(), begin, 8)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1.5f, b.getFloat());
        assertThrows(IllegalArgumentException.class, () -> SyntheticFcs.builder().version("2.0")
                .channel("X", null, 32, 1024).gapBeforeData(100_000_000L).events(new double[][]{{1}})
                .write(dir.resolve("big2.fcs")));
    }

    @Test
    void formFeedDelimiterAndEscapedDelimitersInValues() {
        SyntheticFcs.Result ff = SyntheticFcs.builder().delimiter('\f').channel("X", "CD3\fFITC", 32, 1024)
                .events(new double[][]{{1}}).write(dir.resolve("ff.fcs"));
        FcsBytes.Header h = FcsBytes.header(ff.path(), 0);
        byte[] text = FcsBytes.read(ff.path(), h.offsets()[0], (int) (h.offsets()[1] - h.offsets()[0] + 1));
        assertEquals('\f', text[0]);
        assertEquals('\f', text[text.length - 1]);
        assertEquals("CD3\fFITC", FcsBytes.parseText(text).get("$P1S"));
        assertTrue(new String(text, StandardCharsets.US_ASCII).contains("CD3\f\fFITC"));

        SyntheticFcs.Result slash = SyntheticFcs.builder().channel("X", "GFP/FITC-A", 32, 1024)
                .keyword("$SRC", "trailing/").events(new double[][]{{1}}).write(dir.resolve("s.fcs"));
        h = FcsBytes.header(slash.path(), 0);
        Map<String, String> kw = FcsBytes.text(slash.path(), 0, h.offsets()[0], h.offsets()[1]);
        assertEquals("GFP/FITC-A", kw.get("$P1S"));
        assertEquals("trailing/", kw.get("$SRC"));
        assertEquals(slash.dataSets().get(0).keywords(), kw);
        assertThrows(IllegalArgumentException.class, () -> SyntheticFcs.builder().keyword("$EMPTY", "")
                .write(dir.resolve("e.fcs")));
        // "/K///x/" would read as key "K/" : a leading delimiter cannot be escaped unambiguously
        assertThrows(IllegalArgumentException.class, () -> SyntheticFcs.builder().keyword("$SRC", "/x")
                .write(dir.resolve("e.fcs")));
    }

    @Test
    void fcs20HasNoSegmentKeywordsAndUserKeywordsOverride() {
        SyntheticFcs.Result r = SyntheticFcs.builder().version("2.0").datatype('I').byteOrd("2,1")
                .channel(SyntheticChannel.of("FL1", null, 16, 1024).withAmplification(4, 1).withGain(2))
                .keyword("$TOT", "5").events(new double[][]{{258}}).write(dir.resolve("v2.fcs"));
        FcsBytes.Header h = FcsBytes.header(r.path(), 0);
        assertEquals("FCS2.0", h.version());
        Map<String, String> kw = FcsBytes.text(r.path(), 0, h.offsets()[0], h.offsets()[1]);
        assertFalse(kw.containsKey("$BEGINDATA"));
        assertEquals("5", kw.get("$TOT"));
        assertEquals("4,1", kw.get("$P1E"));
        assertEquals("2", kw.get("$P1G"));
        assertArrayEquals(new byte[]{1, 2}, FcsBytes.read(r.path(), h.offsets()[2], 2));
    }

    @Test
    void rangeMaskFollowsTheNextPowerOfTwo() {
        assertEquals(1023, ValueCodec.rangeMask(1000, 16));
        assertEquals(1023, ValueCodec.rangeMask(1024, 16));
        assertEquals(32767, ValueCodec.rangeMask(30000, 24));
        assertEquals((1L << 24) - 1, ValueCodec.rangeMask(11209599, 32));
        assertEquals(Integer.MAX_VALUE, ValueCodec.rangeMask(2147483647, 32));
        assertEquals(0xFFFF, ValueCodec.rangeMask(65536, 16));     // m = 2^16 is not < 2^16: no mask
        assertEquals(0xFF, ValueCodec.rangeMask(1e6, 8));
        assertEquals(Long.MAX_VALUE, ValueCodec.rangeMask(Math.pow(2, 63), 64));
        assertEquals(-1L, ValueCodec.rangeMask(Math.pow(2, 64), 64));
    }

    @Test
    void spilloverKeyword() {
        SpilloverMatrix m = SpilloverMatrix.square(List.of("FL1-A", "FL2-A"), new double[][]{{1, 0.25}, {0.05, 1}});
        assertEquals("2,FL1-A,FL2-A,1,0.25,0.05,1", SyntheticFcs.spilloverValue(m));
    }

    @Test
    void streamedEventsKeepSumsWithoutValuesAndSameInputGivesSameBytes() throws Exception {
        SyntheticFcs.EventSource src = (i, row) -> {
            row[0] = i % 1000;
            row[1] = i * 0.5;
        };
        SyntheticFcs.Result r = SyntheticFcs.builder().channel("A", null, 32, 1024).channel("B", null, 32, 1e6)
                .events(300_000, src).retainTruth(false).write(dir.resolve("stream.fcs"));
        SyntheticFcs.DataSet ds = r.dataSets().get(0);
        // sum of i % 1000 over 300 full cycles = 300 * 499500; sum of i/2 = (n-1) n / 4
        assertEquals(300 * 499_500.0, ds.sums()[0]);
        assertEquals(299_999.0 * 300_000 / 4, ds.sums()[1]);
        assertThrows(IllegalStateException.class, ds::expectedRaw);
        assertEquals(300_000L * 8, ds.data().length());
        SyntheticFcs.Result again = SyntheticFcs.builder().channel("A", null, 32, 1024).channel("B", null, 32, 1e6)
                .events(300_000, src).write(dir.resolve("stream2.fcs"));
        assertArrayEquals(Files.readAllBytes(r.path()), Files.readAllBytes(again.path()));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "no temp files left");
        }
    }
}
