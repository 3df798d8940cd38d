package org.cytoarrow.fcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.SplittableRandom;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.Stringency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read decoded in concurrent slices ({@link SlicedDecode}) equals the sequential read bit for bit, with the same
 * issues, for every fixed-width layout: mixed FCS 3.2 data types, big-endian odd-width integers, the permuted byte
 * order 3,4,1,2, float64 big-endian, fixed-width ASCII. Event counts are primes so slices have unequal sizes. A
 * slice that fails rethrows its {@link CytoException} and releases the frame.
 */
class SlicedDecodeTest {
    private static final int EVENTS = 10_007;
    private static final int[] SLICES = {2, 3, 7, 64, 1000};

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

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    /** Reads sequentially and in each slice count; asserts identical column bytes, event count and issues. */
    private void assertSlicedEqualsSequential(byte[] file) {
        Path p = FcsBytes.write(dir, "s.fcs", file);
        try (BufferAllocator a = Memory.newRootAllocator()) {
            try (FcsFile fcs = FcsFile.open(p); EventFrame sequential = fcs.read(0, a, 1)) {
                for (int slices : SLICES) {
                    try (EventFrame sliced = fcs.read(0, a, slices)) {
                        assertEquals(sequential.eventCount(), sliced.eventCount());
                        assertEquals(sequential.sample().issues(), sliced.sample().issues(), "issues, " + slices);
                        for (int c = 0; c < sequential.channels().size(); c++) {
                            assertArrayEquals(columnBytes(sequential, c), columnBytes(sliced, c),
                                    "column " + c + ", " + slices + " slices");
                        }
                    }
                }
            }
            assertEquals(0, a.getAllocatedMemory());
        }
    }

    private static byte[] columnBytes(EventFrame f, int c) {
        BaseFixedWidthVector v = (BaseFixedWidthVector) f.vector(c);
        ArrowBuf data = v.getDataBuffer();
        byte[] b = new byte[(int) ((long) f.eventCount() * v.getTypeWidth())];
        data.getBytes(0, b);
        return b;
    }

    @Test
    void mixedDataTypesLittleEndian() {
        // FCS 3.2: P1 uint16 with $PnR 1024 (bits above the range set: BITS_ABOVE_RANGE once), P2 float32,
        // P3 float64, P4 uint32; 18-byte records of random bits (NaN payloads included).
        LinkedHashMap<String, String> kw = base("I", "1,2,3,4", EVENTS, "I16", "16", "1024", "F32", "32", "262144",
                "D64", "64", "262144", "I32", "32", "4294967296");
        kw.put("$P2DATATYPE", "F");
        kw.put("$P3DATATYPE", "D");
        byte[] data = randomBytes(EVENTS * 18, 1);
        assertSlicedEqualsSequential(FcsBytes.dataset("FCS3.2", '/', kw, data, 0));
    }

    @Test
    void mixedDataTypesAreDecodedRightInEverySlice() {
        // The last event decoded by the last slice, from the bytes written here: uint16 0x0501 & 1023 = 257, 2.5f.
        LinkedHashMap<String, String> kw = base("I", "1,2,3,4", EVENTS, "I16", "16", "1024", "F32", "32", "262144");
        kw.put("$P2DATATYPE", "F");
        ByteBuffer d = FcsBytes.buffer(EVENTS * 6, ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < EVENTS; i++) {
            d.putShort((short) (i == EVENTS - 1 ? 0x0501 : i % 1024)).putFloat(i * 0.5f);
        }
        d.putShort((EVENTS - 1) * 6, (short) 0x0501).putFloat((EVENTS - 1) * 6 + 2, 2.5f);
        Path p = FcsBytes.write(dir, "m.fcs", FcsBytes.dataset("FCS3.2", '/', kw, d.array(), 0));
        try (BufferAllocator a = Memory.newRootAllocator()) {
            try (FcsFile fcs = FcsFile.open(p); EventFrame f = fcs.read(0, a, 3)) {
                assertEquals(257, f.raw(0, EVENTS - 1));
                assertEquals(2.5, f.raw(1, EVENTS - 1));
                for (int i : new int[] {0, 1, EVENTS / 3 - 1, EVENTS / 3, EVENTS / 3 + 1, 2 * EVENTS / 3,
                        EVENTS - 2}) {
                    assertEquals(i % 1024, f.raw(0, i), "event " + i);
                    assertEquals(i * 0.5f, f.raw(1, i), "event " + i);
                }
                assertTrue(f.sample().issues().stream().anyMatch(x -> x.code().equals("BITS_ABOVE_RANGE")));
            }
            assertEquals(0, a.getAllocatedMemory());
        }
    }

    @Test
    void bigEndianIntegersOfOddWidths() {
        // 8-, 16-, 24- and 32-bit big-endian integers with masks below their widths (10 bytes per event)
        LinkedHashMap<String, String> kw = base("I", "4,3,2,1", EVENTS, "A", "8", "128", "B", "16", "4096",
                "C", "24", "1000000", "D", "32", "65536");
        byte[] data = randomBytes(EVENTS * 10, 2);
        assertSlicedEqualsSequential(FcsBytes.dataset("FCS3.0", '/', kw, data, 0));
    }

    @Test
    void permutedByteOrder() {
        // $BYTEORD 3,4,1,2 for an integer and a float32 column (FCS 3.2 $PnDATATYPE)
        LinkedHashMap<String, String> kw = base("I", "3,4,1,2", EVENTS, "P", "32", "4294967296", "Q", "32",
                "4294967296");
        kw.put("$P2DATATYPE", "F");
        byte[] data = randomBytes(EVENTS * 8, 3);
        assertSlicedEqualsSequential(FcsBytes.dataset("FCS3.2", '/', kw, data, 0));
    }

    @Test
    void doubleBigEndian() {
        LinkedHashMap<String, String> kw = base("D", "4,3,2,1", EVENTS, "A", "64", "1", "B", "64", "1");
        byte[] data = randomBytes(EVENTS * 16, 4);
        assertSlicedEqualsSequential(FcsBytes.dataset("FCS3.1", '/', kw, data, 0));
    }

    @Test
    void asciiFixedWidth() {
        // 4 + 5 characters per event; every 101st value is not a number (ASCII_VALUE_INVALID, counted once)
        LinkedHashMap<String, String> kw = base("A", "1,2,3,4", EVENTS, "X", "4", "1024", "Y", "5", "100000");
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < EVENTS; i++) {
            s.append(String.format("%4d", i % 1024)).append(i % 101 == 0 ? "  x  " : String.format("%5d", i));
        }
        assertSlicedEqualsSequential(FcsBytes.dataset("FCS3.0", '/', kw,
                s.toString().getBytes(StandardCharsets.US_ASCII), 0));
    }

    @Test
    void strictFindingsThrowAfterAllSlicesAndReleaseTheFrame() {
        // Fixed-width ASCII whose last value is not a number: ASCII_VALUE_INVALID (an ERROR), which STRICT throws,
        // from the merged findings once every slice has ended
        LinkedHashMap<String, String> kw = base("A", "1,2,3,4", EVENTS, "X", "4", "1024");
        String data = "  12".repeat(EVENTS - 1) + "  x ";
        Path p = FcsBytes.write(dir, "x.fcs", FcsBytes.dataset("FCS3.0", '/', kw,
                data.getBytes(StandardCharsets.US_ASCII), 0));
        try (BufferAllocator a = Memory.newRootAllocator();
             FcsFile fcs = FcsFile.open(p, new ReadOptions(Stringency.STRICT))) {
            for (int slices : new int[] {1, 3}) {
                CytoException e = assertThrows(CytoException.class, () -> fcs.read(0, a, slices).close());
                assertEquals("ASCII_VALUE_INVALID", e.code(), slices + " slices");
                assertEquals(0, a.getAllocatedMemory(), slices + " slices");
            }
        }
    }

    @Test
    void aFailingSliceReleasesTheFrame() throws IOException {
        // The file loses its last events after open (it changed while being read): the last slice fails.
        LinkedHashMap<String, String> kw = base("F", "1,2,3,4", EVENTS, "A", "32", "1", "B", "32", "1");
        byte[] file = FcsBytes.dataset("FCS3.1", '/', kw, randomBytes(EVENTS * 8, 5), 0);
        Path p = FcsBytes.write(dir, "t.fcs", file);
        try (BufferAllocator a = Memory.newRootAllocator(); FcsFile fcs = FcsFile.open(p)) {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                ch.truncate(file.length - 100);
            }
            for (int slices : new int[] {1, 3}) {
                CytoException e = assertThrows(CytoException.class, () -> fcs.read(0, a, slices).close());
                assertEquals("DATA_TRUNCATED", e.code(), slices + " slices");
                assertEquals(0, a.getAllocatedMemory(), slices + " slices");
            }
        }
    }
}
