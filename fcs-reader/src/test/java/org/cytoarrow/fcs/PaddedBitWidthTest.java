package org.cytoarrow.fcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Issue;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.Stringency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Integer $PnB that are not whole bytes. Beckman Coulter CXP writes $PnB/10/ (the ADC's resolution) for values
 * stored in 16 bits; FCS 3.0 also allows tightly packed bits, whose order it does not define. The DATA segment's
 * size tells them apart: whole-byte values are read and masked by $PnR (PNB_PADDED), packed ones are refused
 * (UNSUPPORTED_DATA) rather than decoded wrongly.
 */
class PaddedBitWidthTest {
    private static final int EVENTS = 500;

    @TempDir
    Path dir;

    /** CXP-like: two 10-bit and one 12-bit parameter in 16-bit fields, junk above the $PnR bits. */
    private static LinkedHashMap<String, String> keywords(String byteOrd, String tot) {
        return FcsBytes.keywords("$BYTEORD", byteOrd, "$DATATYPE", "I", "$MODE", "L", "$PAR", "4", "$TOT", tot,
                "$SYS", "CXP", "$P1N", "FS", "$P1B", "10", "$P1R", "1024", "$P1E", "0,0",
                "$P2N", "SS", "$P2B", "10", "$P2R", "1024", "$P2E", "0,0",
                "$P3N", "FL1", "$P3B", "12", "$P3R", "4096", "$P3E", "4,1",
                "$P4N", "WIDE", "$P4B", "32", "$P4R", "1048576", "$P4E", "0,0");
    }

    /** Field values per event and parameter, with random junk in the bits above each $PnR. */
    private static long[][] fields(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[][] v = new long[EVENTS][4];
        for (long[] e : v) {
            e[0] = r.nextInt(1 << 16);
            e[1] = r.nextInt(1 << 16);
            e[2] = r.nextInt(1 << 16);
            e[3] = r.nextLong(1L << 32);
        }
        return v;
    }

    private static byte[] data(long[][] v, ByteOrder order) {
        ByteBuffer d = FcsBytes.buffer(EVENTS * 10, order);
        for (long[] e : v) {
            d.putShort((short) e[0]).putShort((short) e[1]).putShort((short) e[2]).putInt((int) e[3]);
        }
        return d.array();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1,2,3,4", "4,3,2,1"})
    void wholeByteValuesAreReadAndMaskedByRange(String byteOrd) throws Exception {
        long[][] v = fields(byteOrd.length());
        ByteOrder order = byteOrd.startsWith("1") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        Path p = FcsBytes.write(dir, "cxp.fcs", FcsBytes.dataset("FCS3.0", '/', keywords(byteOrd,
                Integer.toString(EVENTS)), data(v, order), 0));
        BufferAllocator root = Memory.newRootAllocator();
        try (FcsFile f = FcsFile.open(p, new ReadOptions(Stringency.LENIENT));
             EventFrame frame = f.read(0, root)) {
            assertEquals(EVENTS, frame.eventCount());
            long[] masks = {1023, 1023, 4095, (1L << 20) - 1};
            for (int c = 0; c < 4; c++) {
                double[] want = new double[EVENTS];
                for (int i = 0; i < EVENTS; i++) {
                    want[i] = v[i][c] & masks[c];
                }
                assertArrayEquals(want, frame.rawColumn(c), "parameter " + (c + 1));
            }
            // $P3E/4,1/ on a 12-bit channel: 10^(4 x value / 4096)
            double[] fl1 = frame.scaledColumn(2);
            assertEquals(Math.pow(10, 4.0 * (v[7][2] & 4095) / 4096), fl1[7], 1e-9 * fl1[7]);
            List<Issue> padded = frame.sample().issues().stream()
                    .filter(i -> i.code().equals(FcsIssueCode.PNB_PADDED.name())).toList();
            assertEquals(1, padded.size(), frame.sample().issues().toString());
            assertTrue(padded.get(0).message().contains("$P1B=10, $P2B=10, $P3B=12"), padded.get(0).message());
            assertEquals(10, frame.channels().get(0).bits(), "the keyword as written");
        }
        assertEquals(0, root.getAllocatedMemory(), "Arrow memory leaked");
        root.close();
    }

    @Test
    void strictRefusesTheGuess() {
        Path p = FcsBytes.write(dir, "cxp.fcs", FcsBytes.dataset("FCS3.0", '/', keywords("1,2,3,4",
                Integer.toString(EVENTS)), data(fields(1), ByteOrder.LITTLE_ENDIAN), 0));
        CytoException e = assertThrows(CytoException.class, () -> {
            try (FcsFile f = FcsFile.open(p, new ReadOptions(Stringency.STRICT))) {
                f.datasets();
            }
        });
        assertEquals(FcsIssueCode.PNB_PADDED.name(), e.code(), e.getMessage());
    }

    @Test
    void withoutTotTheRecordsAreCountedInWholeBytes() throws Exception {
        LinkedHashMap<String, String> k = keywords("1,2,3,4", "0");
        k.remove("$TOT");
        Path p = FcsBytes.write(dir, "nototal.fcs", FcsBytes.dataset("FCS2.0", '/', k,
                data(fields(2), ByteOrder.LITTLE_ENDIAN), 0));
        try (BufferAllocator root = Memory.newRootAllocator();
             FcsFile f = FcsFile.open(p, new ReadOptions(Stringency.LENIENT));
             EventFrame frame = f.read(0, root)) {
            assertEquals(EVENTS, frame.eventCount());
        }
    }

    @Test
    void tightlyPackedBitsAreRefusedWithTheSizes() {
        // 10 + 10 + 12 + 32 = 64 bits: 8 bytes per event packed, 10 in whole bytes
        byte[] packed = new byte[EVENTS * 8];
        new SplittableRandom(3).nextBytes(packed);
        Path p = FcsBytes.write(dir, "packed.fcs", FcsBytes.dataset("FCS3.0", '/', keywords("1,2,3,4",
                Integer.toString(EVENTS)), packed, 0));
        for (Stringency s : List.of(Stringency.LENIENT, Stringency.SILENT)) {
            CytoException e = assertThrows(CytoException.class, () -> {
                try (BufferAllocator root = Memory.newRootAllocator();
                     FcsFile f = FcsFile.open(p, new ReadOptions(s));
                     EventFrame frame = f.read(0, root)) {
                    frame.eventCount();
                }
            });
            assertEquals(FcsIssueCode.UNSUPPORTED_DATA.name(), e.code(), e.getMessage());
            assertTrue(e.getMessage().startsWith("packed.fcs: "), e.getMessage());
            for (String part : List.of("$P1B=10, $P2B=10, $P3B=12", "4000-byte DATA", "$TOT=500", "64 bits",
                    "10-byte records", "bit-packed")) {
                assertTrue(e.getMessage().contains(part), part + " in " + e.getMessage());
            }
        }
    }

    @Test
    void wholeByteWidthsAreUnchanged() throws Exception {
        Map<String, String> k = keywords("1,2,3,4", Integer.toString(EVENTS));
        k.put("$P1B", "16");
        k.put("$P2B", "16");
        k.put("$P3B", "16");
        Path p = FcsBytes.write(dir, "bytes.fcs", FcsBytes.dataset("FCS3.0", '/', k,
                data(fields(4), ByteOrder.LITTLE_ENDIAN), 0));
        try (FcsFile f = FcsFile.open(p, new ReadOptions(Stringency.STRICT))) {
            assertTrue(f.datasets().get(0).issues().isEmpty(), f.datasets().get(0).issues().toString());
        }
    }
}
