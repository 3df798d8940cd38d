package org.cytoarrow.fcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.Sample;
import org.cytoarrow.testdata.SyntheticChannel;
import org.cytoarrow.testdata.SyntheticFcs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files no real instrument file here covers, written by the project's own generator ({@link SyntheticFcs}) with
 * their ground truth, read back exactly: D and A data, FCS 3.2 mixed column types, 64-bit and odd widths, byte
 * order permutations, three and more data sets, DATA beyond the HEADER's 99,999,999-byte limit.
 */
class SyntheticRoundTripTest {
    private static BufferAllocator allocator;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        allocator = Memory.newRootAllocator();
    }

    @AfterAll
    static void close() {
        assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory leaked");
        allocator.close();
    }

    /** n events of integers below 2^bits (kept below 2^53 so that a double holds them exactly). */
    private static double[] integers(Random r, int n, int bits) {
        double[] v = new double[n];
        long bound = bits >= 53 ? 1L << 53 : 1L << bits;
        for (int i = 0; i < n; i++) {
            v[i] = (double) (r.nextLong() >>> 1) % bound;
            v[i] = Math.floor(v[i]);
        }
        return v;
    }

    private static double[] floats(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * 1e4);
        }
        return v;
    }

    private static double[] doubles(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian() * 1e7;
        }
        return v;
    }

    static Stream<Arguments> cases() {
        Random r = new Random(20261130);
        int n = 257;
        return Stream.of(
                Arguments.of("D little-endian", (UnaryOperator<SyntheticFcs.Builder>) b -> b.datatype('D')
                        .byteOrder(ByteOrder.LITTLE_ENDIAN)
                        .channel("A", "a", 64, 1e9).channel("B", null, 64, 1e9)
                        .events(new double[][] {doubles(r, n), doubles(r, n)})),
                Arguments.of("D big-endian 3.0", (UnaryOperator<SyntheticFcs.Builder>) b -> b.version("3.0")
                        .datatype('D').byteOrder(ByteOrder.BIG_ENDIAN)
                        .channel("A", "a", 64, 1e9).events(new double[][] {doubles(r, n)})),
                Arguments.of("A fixed width", (UnaryOperator<SyntheticFcs.Builder>) b -> b.datatype('A')
                        .channel("X", null, 6, 1024).channel("Y", null, 4, 1024)
                        .events(new double[][] {integers(r, n, 10), integers(r, n, 10)})),
                Arguments.of("A free format", (UnaryOperator<SyntheticFcs.Builder>) b -> b.version("3.0")
                        .datatype('A').asciiSeparator(',')
                        .channel(SyntheticChannel.of("X", null, SyntheticChannel.FREE_FORMAT, 1024))
                        .channel(SyntheticChannel.of("Y", null, SyntheticChannel.FREE_FORMAT, 1024))
                        .events(new double[][] {integers(r, n, 10), integers(r, n, 10)})),
                Arguments.of("FCS 3.2 mixed $PnDATATYPE", (UnaryOperator<SyntheticFcs.Builder>) b -> b.version("3.2")
                        .datatype('I').byteOrder(ByteOrder.LITTLE_ENDIAN)
                        .channel("I16", null, 16, 65536)
                        .channel(SyntheticChannel.of("F32", null, 32, 262144).withDatatype('F'))
                        .channel(SyntheticChannel.of("D64", null, 64, 1e9).withDatatype('D'))
                        .events(new double[][] {integers(r, n, 16), floats(r, n), doubles(r, n)})),
                Arguments.of("64-bit, 24-bit, 12-bit-in-16, 8-bit integers", (UnaryOperator<SyntheticFcs.Builder>)
                        b -> b.datatype('I').byteOrder(ByteOrder.BIG_ENDIAN)
                        .channel(SyntheticChannel.integerBits("W64", null, 53))
                        .channel("W24", null, 24, 1 << 24)
                        .channel(SyntheticChannel.integerBits("W12", null, 12))
                        .channel("W8", null, 8, 256)
                        .events(new double[][] {integers(r, n, 53), integers(r, n, 24), integers(r, n, 12),
                                integers(r, n, 8)})),
                Arguments.of("I32 byte order 3,4,1,2", (UnaryOperator<SyntheticFcs.Builder>) b -> b.datatype('I')
                        .byteOrd("3,4,1,2").channel("A", null, 32, 1L << 31)
                        .events(new double[][] {integers(r, n, 31)})),
                Arguments.of("F byte order 2,1,4,3", (UnaryOperator<SyntheticFcs.Builder>) b -> b.datatype('F')
                        .byteOrd("2,1,4,3").channel("A", null, 32, 262144).events(new double[][] {floats(r, n)})),
                Arguments.of("I16 with 4-byte $BYTEORD 4,3,2,1", (UnaryOperator<SyntheticFcs.Builder>) b -> b
                        .datatype('I').byteOrd("4,3,2,1").channel("A", null, 16, 1024)
                        .events(new double[][] {integers(r, n, 10)})),
                Arguments.of("DATA before TEXT, supplemental TEXT after DATA, form feed, escaped delimiters",
                        (UnaryOperator<SyntheticFcs.Builder>) b -> b.version("3.1").datatype('F')
                        .layout(SyntheticFcs.Layout.DATA_FIRST).delimiter('\f')
                        .keyword("$PROJ", "a\fb//c")
                        .supplementalText(Map.of("EXTRA", "yes"), true)
                        .channel("A", "CD3/FITC", 32, 1024).events(new double[][] {floats(r, n)})),
                Arguments.of("FCS 2.0 integers with $PnE and gain", (UnaryOperator<SyntheticFcs.Builder>) b -> b
                        .version("2.0").datatype('I').byteOrd("2,1")
                        .channel(SyntheticChannel.of("FL1", "CD138", 16, 1024).withAmplification(4, 1))
                        .channel(SyntheticChannel.of("FSC", null, 16, 1024).withGain(2))
                        .events(new double[][] {integers(r, n, 10), integers(r, n, 10)})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsBackExactly(String name, UnaryOperator<SyntheticFcs.Builder> spec) {
        SyntheticFcs.Result written = spec.apply(SyntheticFcs.builder()).write(dir.resolve("s.fcs"));
        assertMatches(written);
    }

    @Test
    void threeDataSetsLinkedByNextData() {
        Random r = new Random(7);
        SyntheticFcs.Builder b = SyntheticFcs.builder().version("3.0").datatype('I').byteOrder(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < 4; k++) {
            if (k > 0) {
                b.nextDataSet();
            }
            int n = 50 + 31 * k;
            b.channel("P" + k, null, 16, 4096).channel("Q", null, 32, 1 << 20)
                    .events(new double[][] {integers(r, n, 12), integers(r, n, 20)});
        }
        SyntheticFcs.Result written = b.write(dir.resolve("multi.fcs"));
        assertEquals(4, written.dataSets().size());
        assertMatches(written);
    }

    @Test
    void dataBeyondTheHeaderOffsetLimit() throws Exception {
        int n = 1000;
        Random r = new Random(11);
        SyntheticFcs.Result written = SyntheticFcs.builder().version("3.1").datatype('F')
                .byteOrder(ByteOrder.LITTLE_ENDIAN).gapBeforeData(150_000_000L)
                .channel("A", null, 32, 1024).channel("B", null, 32, 1024)
                .events(new double[][] {floats(r, n), floats(r, n)})
                .write(dir.resolve("big.fcs"));
        assertTrue(written.dataSets().get(0).data().begin() > SyntheticFcs.MAX_HEADER_OFFSET);
        assertTrue(Files.size(written.path()) > SyntheticFcs.MAX_HEADER_OFFSET);
        assertMatches(written);
    }

    private static void assertMatches(SyntheticFcs.Result written) {
        try (FcsFile file = FcsFile.open(written.path())) {
            List<Sample> datasets = file.datasets();
            assertEquals(written.dataSets().size(), datasets.size(), "data sets");
            for (int d = 0; d < datasets.size(); d++) {
                SyntheticFcs.DataSet truth = written.dataSets().get(d);
                Sample sample = datasets.get(d);
                assertEquals(truth.events(), sample.eventCount(), "events of data set " + d);
                assertEquals(truth.channels().size(), sample.channels().size(), "channels of data set " + d);
                for (Map.Entry<String, String> k : truth.keywords().entrySet()) {
                    assertEquals(k.getValue(), sample.keyword(k.getKey()).orElse(null),
                            "keyword " + k.getKey() + " of data set " + d);
                }
                double[][] expected = truth.expectedRaw();
                try (EventFrame frame = file.read(d, allocator)) {
                    for (int c = 0; c < expected.length; c++) {
                        assertEquals(truth.channels().get(c).name(), frame.channels().get(c).name());
                        assertArrayEquals(expected[c], frame.rawColumn(c),
                                "raw values of channel " + c + " in data set " + d);
                    }
                }
            }
        }
    }
}
