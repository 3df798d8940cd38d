package org.cytoarrow.fcs.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Channel;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.Sample;
import org.cytoarrow.core.compensation.SpilloverMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FcsWriterTest {
    @TempDir
    Path dir;

    @Test
    void rawValuesAndChannelKeywordsRoundTrip() throws IOException {
        Path out = dir.resolve("raw.fcs");
        try (BufferAllocator root = Memory.newRootAllocator()) {
            try (EventFrame frame = WriterFixtures.frame(root)) {
                FcsWriter.write(frame, out);
            }
            assertEquals(0, root.getAllocatedMemory());
        }
        List<MiniFcs.Dataset> sets = MiniFcs.read(out);
        assertEquals(1, sets.size());
        MiniFcs.Dataset d = sets.get(0);
        assertEquals("FCS3.1", d.version());
        for (int c = 0; c < 4; c++) {
            assertArrayEquals(WriterFixtures.RAW[c], d.columns()[c], 0.0, "column " + c);
        }
        Map<String, String> kw = d.text();
        assertEquals("F", kw.get("$DATATYPE"));
        assertEquals("1,2,3,4", kw.get("$BYTEORD"));
        assertEquals("L", kw.get("$MODE"));
        assertEquals("4", kw.get("$PAR"));
        assertEquals("3", kw.get("$TOT"));
        assertEquals("0", kw.get("$NEXTDATA"));
        assertEquals("FL1-H", kw.get("$P2N"));
        assertEquals("CD3|FITC", kw.get("$P2S"));
        assertEquals("32", kw.get("$P2B"));
        assertEquals("4,0", kw.get("$P2E"));
        assertEquals("1024", kw.get("$P2R"));
        assertEquals("2", kw.get("$P3G"));
        assertEquals("0,0", kw.get("$P1E"));
        assertEquals("0.01", kw.get("$TIMESTEP"));
        assertEquals(WriterFixtures.SPILLOVER, kw.get("$SPILLOVER"));
        assertEquals("runs/a|b.fcs", kw.get("$FIL"));
        assertEquals("ünïcode value", kw.get("Custom Key"));
        assertNull(kw.get("$P1S"), "no label, no $P1S");

        // HEADER: TEXT at 58, DATA right after it, offsets equal to the TEXT keywords (FCS 3.1 section 3.1).
        long[] h = d.headerOffsets();
        assertEquals(58, h[0]);
        assertEquals(h[1] + 1, h[2]);
        assertEquals(Long.parseLong(kw.get("$BEGINDATA")), h[2]);
        assertEquals(Long.parseLong(kw.get("$ENDDATA")), h[3]);
        assertEquals(3 * 4 * 4, h[3] - h[2] + 1);
        assertEquals(0, h[4]);
        assertEquals(0, h[5]);
        byte[] bytes = Files.readAllBytes(out);
        assertEquals(h[3] + 1 + 8, bytes.length, "DATA followed by the 8-byte CRC field");
        assertEquals("00000000", new String(bytes, bytes.length - 8, 8, StandardCharsets.US_ASCII));
        // Neither '|' nor '/' is free (they occur in $FIL and $P2S), so the writer chose the backslash.
        assertEquals('\\', (char) bytes[58]);
    }

    @Test
    void scaledValuesAreLinearWithRewrittenChannelKeywords() throws IOException {
        Path out = dir.resolve("scaled.fcs");
        try (BufferAllocator root = Memory.newRootAllocator()) {
            try (EventFrame frame = WriterFixtures.frame(root)) {
                FcsWriter.write(frame, out, Values.SCALED);
            }
            assertEquals(0, root.getAllocatedMemory());
        }
        MiniFcs.Dataset d = MiniFcs.read(out).get(0);
        for (int c = 0; c < 4; c++) {
            for (int r = 0; r < 3; r++) {
                assertEquals((float) WriterFixtures.SCALED[c][r], (float) d.columns()[c][r], "column " + c);
            }
        }
        Map<String, String> kw = d.text();
        assertEquals("0,0", kw.get("$P2E"));
        assertEquals("10000", kw.get("$P2R"), "ceil(10^(4*1024/1024))");
        assertEquals("512", kw.get("$P3R"), "1024 / gain 2");
        assertNull(kw.get("$P3G"));
        assertEquals("2622", kw.get("$P4R"), "ceil(262144 * 0.01)");
        assertEquals("1", kw.get("$TIMESTEP"));
        assertEquals("262144", kw.get("$P1R"));
        assertEquals(WriterFixtures.SPILLOVER, kw.get("$SPILLOVER"));
    }

    @Test
    void spilloverFromTheSampleIsWrittenWhenNoKeywordHasIt() throws IOException {
        Path out = dir.resolve("spill.fcs");
        Sample base = WriterFixtures.sample();
        Map<String, String> kw = new LinkedHashMap<>(base.keywords());
        kw.remove("$SPILLOVER");
        SpilloverMatrix m = SpilloverMatrix.square(List.of("FSC-A", "FL1-H"), new double[][] {{1, 0.25}, {0.125, 1}});
        Sample s = new Sample(base.source(), 0, kw, base.channels(), 3, Optional.of(m), List.of());
        try (BufferAllocator root = Memory.newRootAllocator();
             EventFrame frame = EventFrame.fromColumns(root, s, WriterFixtures.RAW)) {
            FcsWriter.write(frame, out);
        }
        assertEquals("2,FSC-A,FL1-H,1,0.25,0.125,1", MiniFcs.read(out).get(0).kw("$SPILLOVER"));
    }

    @Test
    void severalDataSetsAreChainedByNextData() throws IOException {
        Path out = dir.resolve("multi.fcs");
        try (BufferAllocator root = Memory.newRootAllocator();
             EventFrame a = WriterFixtures.frame(root);
             EventFrame b = WriterFixtures.counting(root, 5, 2)) {
            FcsWriter.write(List.of(a, b, a), out, Values.RAW);
        }
        List<MiniFcs.Dataset> sets = MiniFcs.read(out);
        assertEquals(3, sets.size());
        assertEquals("3", sets.get(0).kw("$TOT"));
        assertEquals("5", sets.get(1).kw("$TOT"));
        assertArrayEquals(new double[] {1, 3, 5, 7, 9}, sets.get(1).columns()[1], 0.0);
        assertArrayEquals(WriterFixtures.RAW[1], sets.get(2).columns()[1], 0.0);
        // $NEXTDATA is relative to the start of the current data set; the file ends with the last CRC field.
        long secondStart = Long.parseLong(sets.get(0).kw("$NEXTDATA"));
        assertEquals(secondStart, sets.get(1).start());
        assertEquals(Files.size(out), sets.get(2).start() + Long.parseLong(sets.get(2).kw("$ENDDATA")) + 1 + 8);
    }

    @Test
    void emptyFrameHasZeroDataOffsets() throws IOException {
        Path out = dir.resolve("empty.fcs");
        try (BufferAllocator root = Memory.newRootAllocator();
             EventFrame frame = WriterFixtures.counting(root, 0, 3)) {
            FcsWriter.write(frame, out);
        }
        MiniFcs.Dataset d = MiniFcs.read(out).get(0);
        assertEquals("0", d.kw("$TOT"));
        assertEquals("0", d.kw("$BEGINDATA"));
        assertEquals("0", d.kw("$ENDDATA"));
        assertEquals(0, d.headerOffsets()[2]);
    }

    @Test
    void headerHoldsZerosWhenDataEndsBeyond99999999() {
        Map<String, String> kw = new LinkedHashMap<>();
        kw.put("$PAR", "1");
        // DATA ending exactly at byte 99,999,999 still fits; one more byte does not (FCS 3.0 section 3.1).
        int textLength = FcsWriter.encodeText(withOffsets(kw, "0", "0", "0"), '|').length;
        // TEXT grows with the digits of the offsets: find the data length that makes DATA end at 99,999,999.
        FcsWriter.Layout fits = null;
        for (long len = 99_999_999L - 58 - textLength - 40; len < 99_999_999L; len++) {
            FcsWriter.Layout l = FcsWriter.Layout.of(kw, '|', len, true);
            if (l.dataEnd() == 99_999_999L) {
                fits = l;
                break;
            }
        }
        assertTrue(fits != null);
        String h = new String(fits.header(), StandardCharsets.US_ASCII);
        assertEquals("99999999", h.substring(34, 42));
        FcsWriter.Layout over = FcsWriter.Layout.of(kw, '|', fits.dataEnd() - fits.dataBegin() + 2, true);
        String h2 = new String(over.header(), StandardCharsets.US_ASCII);
        assertEquals("FCS3.1    ", h2.substring(0, 10));
        assertEquals("      58", h2.substring(10, 18));
        assertEquals("       0       0       0       0", h2.substring(26, 58));
        Map<String, String> text = MiniFcs.parseText(new String(over.text(), StandardCharsets.UTF_8));
        assertEquals(Long.toString(over.dataBegin()), text.get("$BEGINDATA"));
        assertTrue(over.dataEnd() > 99_999_999L);
        assertEquals(Long.toString(over.dataEnd()), text.get("$ENDDATA"));
    }

    private static Map<String, String> withOffsets(Map<String, String> kw, String b, String e, String n) {
        Map<String, String> m = new LinkedHashMap<>(kw);
        m.put("$BEGINDATA", b);
        m.put("$ENDDATA", e);
        m.put("$NEXTDATA", n);
        return m;
    }

    @Test
    void largeFileUsesBeginDataAndEndData() throws IOException {
        // 1,600,000 events x 16 channels x 4 bytes = 102,400,000 bytes of DATA: beyond the HEADER's 8 digits.
        int n = 1_600_000;
        int par = 16;
        Path out = dir.resolve("large.fcs");
        try (BufferAllocator root = Memory.newRootAllocator()) {
            try (EventFrame frame = WriterFixtures.counting(root, n, par)) {
                FcsWriter.write(frame, out);
            }
            assertEquals(0, root.getAllocatedMemory());
        }
        MiniFcs.Dataset d = MiniFcs.read(out).get(0);
        assertEquals(0, d.headerOffsets()[2]);
        assertEquals(0, d.headerOffsets()[3]);
        long begin = Long.parseLong(d.kw("$BEGINDATA"));
        long end = Long.parseLong(d.kw("$ENDDATA"));
        assertEquals(d.headerOffsets()[1] + 1, begin);
        assertEquals(102_400_000L, end - begin + 1);
        assertEquals(end + 1 + 8, Files.size(out));
        // Values are row * par + column: exact in float32 up to 2^24 = 16,777,216 (the last is 25,599,999: even
        // rows only, so check values below 2^24 plus one exactly representable large value).
        assertEquals(0f, MiniFcs.valueAt(out, d, 0, 0));
        assertEquals(16f * 1000 + 7, MiniFcs.valueAt(out, d, 1000, 7));
        assertEquals(25_599_984f, MiniFcs.valueAt(out, d, n - 1, 0), "(1,599,999 * 16) is a multiple of 16");
        // The project's reader finds DATA through $BEGINDATA/$ENDDATA too, and reports no problem.
        try (BufferAllocator root = Memory.newRootAllocator()) {
            try (org.cytoarrow.fcs.FcsFile fcs = org.cytoarrow.fcs.FcsFile.open(out);
                 EventFrame back = fcs.read(0, root)) {
                assertEquals(n, back.eventCount());
                assertEquals(List.of(), back.sample().issues());
                assertEquals(16 * 1000 + 7, back.raw(7, 1000));
                assertEquals(25_599_984f, (float) back.raw(0, n - 1));
            }
            assertEquals(0, root.getAllocatedMemory());
        }
    }

    @Test
    void duplicateChannelNamesAreRefusedAndNothingIsLeftBehind() throws IOException {
        List<Channel> channels = List.of(Channel.linear(0, "A", null, 1024), Channel.linear(1, "A", null, 1024));
        Sample s = new Sample("dup.fcs", 0, Map.of(), channels, 1, Optional.empty(), List.of());
        Path out = dir.resolve("dup.fcs");
        try (BufferAllocator root = Memory.newRootAllocator();
             EventFrame frame = EventFrame.fromColumns(root, s, new double[][] {{1}, {2}})) {
            CytoException e = assertThrows(CytoException.class, () -> FcsWriter.write(frame, out));
            assertEquals("DUPLICATE_CHANNEL_NAME", e.code());
        }
        assertFalse(Files.exists(out));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void delimiterAvoidsCharactersInTextAndDoublesOnlyAsLastResort() {
        Map<String, String> kw = new LinkedHashMap<>();
        kw.put("K", "a|b/c\\d");
        assertEquals('\f', FcsWriter.chooseDelimiter(kw), "first candidate not in the text");

        Map<String, String> all = new LinkedHashMap<>();
        StringBuilder every = new StringBuilder("x");
        for (char ch = 1; ch <= 126; ch++) {
            every.append(ch);
        }
        all.put("K", every.toString());
        all.put("L", "|starts with a bar");
        char d = FcsWriter.chooseDelimiter(all);
        assertEquals('/', d, "'|' starts a value, '/' is the next candidate");
        String text = new String(FcsWriter.encodeText(all, d), StandardCharsets.UTF_8);
        assertEquals(all, MiniFcs.parseText(text));
    }
}
