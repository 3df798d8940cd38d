package org.cytoarrow.fcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.Sample;
import org.cytoarrow.core.Stringency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken and hostile input: truncations at every segment boundary and at random points, lying keywords and HEADER
 * fields, huge claimed sizes, garbage and mutated bytes. Every case must end in data or a {@link CytoException}
 * whose code is an {@link FcsIssueCode} (never INTERNAL_ERROR, another exception, an OOM or a hang), within a
 * 32 MB Arrow allocator limit and without leaking Arrow memory.
 */
class BadInputTest {
    private static final long ARROW_LIMIT = 32L << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int EVENTS = 200;

    @TempDir
    Path dir;

    /** Data set 0: FCS 3.1, uint16 + uint32 + uint16 little-endian, $PnR 1024/2^20/1024. */
    static LinkedHashMap<String, String> keywords0() {
        return FcsBytes.keywords("$BYTEORD", "1,2,3,4", "$DATATYPE", "I", "$MODE", "L", "$PAR", "3",
                "$TOT", Integer.toString(EVENTS), "$P1N", "FSC-A", "$P1B", "16", "$P1R", "1024", "$P1E", "0,0",
                "$P2N", "SSC-A", "$P2B", "32", "$P2R", "1048576", "$P2E", "0,0",
                "$P3N", "Time", "$P3B", "16", "$P3R", "1024", "$P3E", "0,0", "$TIMESTEP", "0.01",
                "$SPILLOVER", "2,FSC-A,SSC-A,1,0.1,0,1");
    }

    static byte[] data0() {
        ByteBuffer d = FcsBytes.buffer(EVENTS * 8, ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < EVENTS; i++) {
            d.putShort((short) i).putInt(i * 5000).putShort((short) (i / 2));
        }
        return d.array();
    }

    /** Data set 1: float32 big-endian, 2 parameters. */
    static LinkedHashMap<String, String> keywords1() {
        return FcsBytes.keywords("$BYTEORD", "4,3,2,1", "$DATATYPE", "F", "$MODE", "L", "$PAR", "2",
                "$TOT", "50", "$P1N", "A", "$P1B", "32", "$P1R", "262144", "$P2N", "B", "$P2B", "32",
                "$P2R", "262144");
    }

    static byte[] data1() {
        ByteBuffer d = FcsBytes.buffer(50 * 8, ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < 50; i++) {
            d.putFloat(i * 0.5f).putFloat(-i);
        }
        return d.array();
    }

    @SuppressWarnings("unchecked")
    static byte[] base(Map<String, String> changes0) {
        LinkedHashMap<String, String> k0 = keywords0();
        changes0.forEach((k, v) -> {
            if (v == null) {
                k0.remove(k);
            } else {
                k0.put(k, v);
            }
        });
        return FcsBytes.chain("FCS3.1", new Map[] {k0, keywords1()}, new byte[][] {data0(), data1()});
    }

    /** What happened to one input: the exception (or null) and all issue codes recorded. */
    record Outcome(CytoException failure, TreeSet<String> issues) {
    }

    private Outcome exercise(byte[] bytes, Stringency stringency) {
        Path p = FcsBytes.write(dir, "case.fcs", bytes);
        return assertTimeoutPreemptively(TIMEOUT, () -> {
            TreeSet<String> codes = new TreeSet<>();
            CytoException failure = null;
            try (BufferAllocator root = Memory.newRootAllocator();
                 BufferAllocator child = root.newChildAllocator("case", 0, ARROW_LIMIT)) {
                try (FcsFile f = FcsFile.open(p, new ReadOptions(stringency))) {
                    for (Sample s : f.datasets()) {
                        s.issues().forEach(i -> codes.add(i.code()));
                    }
                    for (int i = 0; i < f.datasets().size(); i++) {
                        try (EventFrame frame = f.read(i, child)) {
                            frame.sample().issues().forEach(x -> codes.add(x.code()));
                            for (int c = 0; c < frame.channels().size(); c++) {
                                frame.scaledColumn(c);
                            }
                        } catch (CytoException e) {
                            failure = checked(e);
                        }
                        try (EventBatches b = f.batches(i, child, 64)) {
                            while (b.hasNext()) {
                                b.next();
                            }
                        } catch (CytoException e) {
                            failure = checked(e);
                        }
                    }
                } catch (CytoException e) {
                    failure = checked(e);
                }
                assertEquals(0, child.getAllocatedMemory(), "Arrow memory leaked");
            }
            return new Outcome(failure, codes);
        });
    }

    private static CytoException checked(CytoException e) {
        if (e.code().equals(FcsIssueCode.INTERNAL_ERROR.name())) {
            throw new AssertionError("reader bug on bad input: " + e.getMessage(), e);
        }
        assertTrue(Arrays.stream(FcsIssueCode.values()).anyMatch(c -> c.name().equals(e.code())),
                "not an FcsIssueCode: " + e.code());
        assertEquals("case.fcs", e.source());
        assertTrue(e.getMessage().startsWith("case.fcs: "), e.getMessage());
        return e;
    }

    @Test
    void baseFileReadsCleanly() {
        Outcome o = exercise(base(Map.of()), Stringency.STRICT);
        assertNull(o.failure(), () -> o.failure().getMessage());
        assertTrue(o.issues().isEmpty(), o.issues().toString());
    }

    @Test
    void truncatedAtSegmentBoundariesAndRandomPoints() {
        byte[] file = base(Map.of());
        int ds1 = FcsBytes.dataset("FCS3.1", '/', keywords0(), data0(), 1).length;
        int text0End = ds1 - data0().length - 1;
        List<Integer> cuts = new ArrayList<>(List.of(0, 1, 3, 6, 10, 20, 57, 58, 59, 60, text0End - 1, text0End,
                text0End + 1, text0End + 2, text0End + 9, ds1 - 8, ds1 - 1, ds1, ds1 + 1, ds1 + 57, ds1 + 58,
                ds1 + 100, file.length - 9, file.length - 1));
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 40; i++) {
            cuts.add(random.nextInt(file.length));
        }
        for (int cut : cuts) {
            for (Stringency s : Stringency.values()) {
                Outcome o = exercise(Arrays.copyOf(file, cut), s);
                if (cut < 58) {
                    assertNotNull(o.failure(), "cut at " + cut);
                    assertTrue(List.of("NOT_FCS", "HEADER_TRUNCATED").contains(o.failure().code()),
                            o.failure().getMessage());
                }
                if (cut == text0End + 1 && s == Stringency.LENIENT) {
                    assertEquals("DATA_MISSING", o.failure().code(), o.failure().getMessage());
                }
                if (cut > text0End + 1 && cut < ds1 && s == Stringency.LENIENT) {
                    // Inside DATA of data set 0: complete events are read, the loss is recorded.
                    assertTrue(o.issues().contains("DATA_TRUNCATED"), cut + ": " + o);
                }
            }
        }
    }

    static Stream<Arguments> lies() {
        return Stream.of(
                // name, changes to data set 0 keywords, expected code, thrown under LENIENT?
                Arguments.of("$TOT=2^40", Map.of("$TOT", "1099511627776"), "TOT_EXCEEDS_DATA", false),
                Arguments.of("$TOT not a number", Map.of("$TOT", "lots"), "INVALID_KEYWORD", false),
                Arguments.of("$PAR=10^9", Map.of("$PAR", "1000000000"), "PAR_INVALID", true),
                Arguments.of("$PAR=0", Map.of("$PAR", "0"), "PAR_INVALID", true),
                Arguments.of("$PAR=-3", Map.of("$PAR", "-3"), "PAR_INVALID", true),
                Arguments.of("$PAR missing", mapWithNull("$PAR"), "MISSING_KEYWORD", true),
                Arguments.of("$PAR=4 (one more)", Map.of("$PAR", "4"), "MISSING_KEYWORD", true),
                Arguments.of("$P1B=2^40", Map.of("$P1B", "1099511627776"), "INVALID_KEYWORD", true),
                Arguments.of("$P1B=12 (16-bit field, as CXP writes it)", Map.of("$P1B", "12"), "PNB_PADDED", false),
                Arguments.of("$P1B=65", Map.of("$P1B", "65"), "UNSUPPORTED_DATA", true),
                Arguments.of("$P1B=0", Map.of("$P1B", "0"), "INVALID_KEYWORD", true),
                Arguments.of("every $PnB=0 (empty record)", Map.of("$P1B", "0", "$P2B", "0", "$P3B", "0"),
                        "INVALID_KEYWORD", true),
                Arguments.of("$P1B=64 (record longer than DATA)", Map.of("$P1B", "64"), "TOT_EXCEEDS_DATA", false),
                Arguments.of("$P1B missing", mapWithNull("$P1B"), "MISSING_KEYWORD", true),
                Arguments.of("$P2R=1e400", Map.of("$P2R", "1e400"), "RANGE_INVALID", false),
                // TEXT offsets past the end of the file, HEADER offsets fine: the HEADER is used.
                Arguments.of("$BEGINDATA far past EOF", Map.of("$BEGINDATA", "099999999999",
                        "$ENDDATA", "100000001598"), "HEADER_TEXT_OFFSET_MISMATCH", false),
                Arguments.of("$ENDDATA before $BEGINDATA", Map.of("$BEGINDATA", "000000000500",
                        "$ENDDATA", "000000000100"), "HEADER_TEXT_OFFSET_MISMATCH", false),
                Arguments.of("$NEXTDATA=1", Map.of("$NEXTDATA", "000000000001"), "DATASET_UNREADABLE", false),
                Arguments.of("$NEXTDATA=10^15", Map.of("$NEXTDATA", "1000000000000000"), "NEXTDATA_INVALID",
                        false),
                Arguments.of("$NEXTDATA=-5", Map.of("$NEXTDATA", "-5"), "NEXTDATA_INVALID", false),
                Arguments.of("$BYTEORD=9,9", Map.of("$BYTEORD", "9,9"), "BYTEORD_INVALID", false),
                Arguments.of("$BYTEORD=2,1,4,3 on 16-bit", Map.of("$BYTEORD", "2,1,4,3"), "UNSUPPORTED_DATA", true),
                Arguments.of("$DATATYPE=X", Map.of("$DATATYPE", "X"), "UNSUPPORTED_DATA", true),
                Arguments.of("$MODE=C", Map.of("$MODE", "C"), "UNSUPPORTED_DATA", true),
                Arguments.of("$SPILLOVER n=10^9", Map.of("$SPILLOVER", "1000000000,a,b"), "SPILLOVER_INVALID",
                        false),
                Arguments.of("$SPILLOVER short", Map.of("$SPILLOVER", "2,FSC-A,SSC-A,1,0"), "SPILLOVER_INVALID",
                        false),
                Arguments.of("$P1E=abc", Map.of("$P1E", "abc"), "PNE_INVALID", false),
                Arguments.of("$TIMESTEP=x", Map.of("$TIMESTEP", "x"), "TIMESTEP_INVALID", false),
                Arguments.of("$BEGINSTEXT past EOF", Map.of("$BEGINSTEXT", "99999999", "$ENDSTEXT", "99999999999"),
                        "SUPPLEMENTAL_TEXT_INVALID", false));
    }

    private static Map<String, String> mapWithNull(String key) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(key, null);
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lies")
    void lyingKeywords(String name, Map<String, String> changes, String code, boolean thrown) {
        byte[] file = base(changes);
        Outcome lenient = exercise(file, Stringency.LENIENT);
        if (thrown) {
            assertNotNull(lenient.failure(), name + ": expected " + code + ", issues " + lenient.issues());
            assertEquals(code, lenient.failure().code(), lenient.failure().getMessage());
        } else {
            assertNull(lenient.failure(), () -> name + ": " + lenient.failure().getMessage());
            assertTrue(lenient.issues().contains(code), name + ": expected issue " + code + " in "
                    + lenient.issues());
        }
        Outcome strict = exercise(file, Stringency.STRICT);
        assertNotNull(strict.failure(), name + ": STRICT must refuse it");
        Outcome silent = exercise(file, Stringency.SILENT);
        assertTrue(silent.issues().isEmpty() || silent.issues().equals(new TreeSet<>(List.of(code)))
                        && List.of("DATA_MISSING").contains(code), name + ": SILENT recorded " + silent.issues());
    }

    static Stream<Arguments> lyingHeaders() {
        return Stream.of(
                Arguments.of("TEXT start 0", 0, "       0", "TEXT_OFFSETS_INVALID", true),
                Arguments.of("TEXT start garbage", 0, "garbage!", "TEXT_OFFSETS_INVALID", true),
                Arguments.of("TEXT start inside HEADER", 0, "      20", "TEXT_OFFSETS_INVALID", true),
                Arguments.of("TEXT end before start", 1, "      10", "TEXT_OFFSETS_INVALID", true),
                Arguments.of("TEXT end 99999999", 1, "99999999", "TEXT_TRUNCATED", false),
                Arguments.of("DATA start 1", 2, "       1", "HEADER_TEXT_OFFSET_MISMATCH", false),
                Arguments.of("DATA end 88888888", 3, "88888888", "HEADER_TEXT_OFFSET_MISMATCH", false),
                Arguments.of("DATA offsets garbage", 2, "xx-12!!!", "HEADER_OFFSET_INVALID", false),
                Arguments.of("ANALYSIS past EOF", 5, "99999999", "ANALYSIS_OFFSETS_INVALID", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lyingHeaders")
    void lyingHeader(String name, int field, String value, String code, boolean thrown) {
        byte[] file = FcsBytes.patchHeader(base(Map.of()), field, value);
        if (field == 5) {
            file = FcsBytes.patchHeader(file, 4, "      58");
        }
        Outcome o = exercise(file, Stringency.LENIENT);
        if (thrown) {
            assertNotNull(o.failure(), name);
            assertEquals(code, o.failure().code(), o.failure().getMessage());
        } else {
            assertNull(o.failure(), () -> name + ": " + o.failure().getMessage());
            assertTrue(o.issues().contains(code), name + ": " + o.issues());
        }
        assertNotNull(exercise(file, Stringency.STRICT).failure(), name + ": STRICT must refuse it");
    }

    @Test
    void dataOffsetsPastEndOfFile() {
        // HEADER DATA offsets 0 (as for files > 99,999,999 bytes) and $BEGINDATA past the end: metadata is
        // readable, events are reported missing.
        byte[] file = base(Map.of("$BEGINDATA", "099999999999", "$ENDDATA", "100000001598"));
        file = FcsBytes.patchHeader(FcsBytes.patchHeader(file, 2, "       0"), 3, "       0");
        Outcome o = exercise(file, Stringency.LENIENT);
        assertEquals("DATA_MISSING", o.failure().code(), o.failure().getMessage());
        assertTrue(o.issues().contains("DATA_MISSING"), o.toString());
        Path p = FcsBytes.write(dir, "case.fcs", file);
        try (FcsFile f = FcsFile.open(p, new ReadOptions(Stringency.STRICT))) {
            assertEquals(EVENTS, Long.parseLong(f.datasets().get(0).keyword("$TOT").orElseThrow()));
            assertEquals(0, f.datasets().get(0).eventCount());
        }
    }

    @Test
    void hostileTextSegments() {
        // 8 MB TEXT of delimiters only, and 8 MB of one keyword repeated: bounded heap, issues capped at 1000.
        byte[] slashes = new byte[8 << 20];
        Arrays.fill(slashes, (byte) '/');
        byte[] repeated = "/a/b".repeat(2 << 20).getBytes();
        for (byte[] text : List.of(slashes, repeated)) {
            byte[] file = SyntheticFormatsTest.concat(FcsBytes.header("FCS3.1", 58, 58 + text.length - 1), text);
            Outcome o = exercise(file, Stringency.LENIENT);
            assertEquals("MISSING_KEYWORD", o.failure().code(), o.failure().getMessage());
        }
        // A valid TEXT followed by two million repeats of keyword "a": one DUPLICATE_KEYWORD each, 1000 kept.
        byte[] text = SyntheticFormatsTest.concat(FcsBytes.text(keywords0(), '/'), "a/b/".repeat(2 << 20)
                .getBytes());
        Path q = FcsBytes.write(dir, "case.fcs", SyntheticFormatsTest.concat(FcsBytes.header("FCS3.1", 58,
                58 + text.length - 1), text));
        try (FcsFile f = FcsFile.open(q)) {
            List<String> codes = f.datasets().get(0).issues().stream().map(i -> i.code()).toList();
            assertEquals(IssueLog.MAX_ISSUES + 1, codes.size());
            assertEquals("DUPLICATE_KEYWORD", codes.get(0));
            assertEquals("TOO_MANY_ISSUES", codes.get(codes.size() - 1));
        }
    }

    @Test
    void emptyRecordInTruncatedFile() {
        // Found by fuzzing: no usable $PnB (record of 0 bytes) and DATA cut short once divided by zero.
        byte[] file = base(Map.of("$P1B", "0", "$P2B", "0", "$P3B", "0"));
        Outcome o = exercise(Arrays.copyOf(file, file.length - 900), Stringency.LENIENT);
        assertEquals("INVALID_KEYWORD", o.failure().code(), o.failure().getMessage());
    }

    @Test
    void zeroLengthAndTinyFiles() {
        assertEquals("NOT_FCS", exercise(new byte[0], Stringency.LENIENT).failure().code());
        assertEquals("HEADER_TRUNCATED", exercise("FCS3.1    ".getBytes(), Stringency.LENIENT).failure().code());
        assertEquals("NOT_FCS", exercise(new byte[100_000], Stringency.LENIENT).failure().code());
    }

    @Test
    void randomGarbage() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200; i++) {
            byte[] b = new byte[random.nextInt(1, 4000)];
            for (int k = 0; k < b.length; k++) {
                b[k] = (byte) random.nextInt(256);
            }
            if (i % 2 == 0 && b.length >= 6) {
                System.arraycopy("FCS3.0".getBytes(), 0, b, 0, 6);
            }
            exercise(b, Stringency.LENIENT);
        }
    }

    @Test
    void mutatedBytes() {
        byte[] file = base(Map.of());
        SplittableRandom random = new SplittableRandom(42);
        int textEnd = FcsBytes.dataset("FCS3.1", '/', keywords0(), data0(), 1).length - data0().length;
        for (int i = 0; i < 400; i++) {
            byte[] b = file.clone();
            int flips = random.nextInt(1, 6);
            for (int k = 0; k < flips; k++) {
                // Mostly HEADER and TEXT, where structure lives; digits and delimiters are the interesting bytes.
                int pos = random.nextInt(4) == 0 ? random.nextInt(b.length) : random.nextInt(textEnd);
                byte[] choices = {'/', '0', '9', ' ', ',', (byte) random.nextInt(256)};
                b[pos] = choices[random.nextInt(choices.length)];
            }
            for (Stringency s : Stringency.values()) {
                exercise(b, s);
            }
        }
    }

    @Test
    void hugeTextOffsetsAreCheckedBeforeReading() {
        // A HEADER claiming a 99,999,999-byte TEXT in a 1 kB file: TEXT_TRUNCATED, parsed from what exists.
        byte[] file = FcsBytes.patchHeader(base(Map.of()), 1, "99999999");
        Outcome o = exercise(file, Stringency.LENIENT);
        assertTrue(o.issues().contains("TEXT_TRUNCATED"), o.toString());
    }
}
