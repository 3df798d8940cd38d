package org.cytoarrow.testdata;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A catalogue of small named FCS files, one per format corner no real file in the corpus covers (or covers only
 * once), each written by {@link SyntheticFcs} with its ground truth. Meant for parameterised reader tests:
 * <pre>{@code
 * for (SyntheticCases.Case c : SyntheticCases.all()) {
 *     SyntheticFcs.Result r = c.write(tempDir);
 *     // read r.path() and compare with r.dataSets().get(k).expectedRaw() and .keywords()
 * }
 * }</pre>
 * Values are seeded (same bytes every run). {@link #largeOffsets()} is kept apart because its logical size is
 * over 100 MB (a sparse file: a few kB on disk where the file system supports holes).
 */
public final class SyntheticCases {
    private SyntheticCases() {
    }

    /** One named file: {@code write(dir)} writes {@code dir/<name>.fcs} and returns the ground truth. */
    public record Case(String name, String description, Function<Path, SyntheticFcs.Result> writer) {
        public SyntheticFcs.Result write(Path dir) {
            return writer.apply(dir.resolve(name + ".fcs"));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Every small case (each file well under 1 MB). */
    public static List<Case> all() {
        return List.of(
                new Case("int8_big_endian", "FCS 3.1, I, $PnB=8, $PnR=256 (no mask)",
                        p -> ints("3.1", "4,3,2,1", new int[]{8, 8}, new double[]{256, 256}, false).write(p)),
                new Case("int16_little_endian_masked", "FCS 3.1, I 16-bit LE, $PnR=1000: values above 1023 are masked",
                        p -> ints("3.1", "1,2,3,4", new int[]{16, 16}, new double[]{1000, 65536}, true).write(p)),
                new Case("int24_big_endian_masked", "FCS 3.0, I 24-bit BE, $PnR=30000 (mask 32767) like Cytek xP5",
                        p -> ints("3.0", "4,3,2,1", new int[]{24, 24}, new double[]{30000, 1 << 24}, true).write(p)),
                new Case("int32_pdp11", "FCS 3.0, I 32-bit, $BYTEORD=3,4,1,2 (PDP-11 word order)",
                        p -> ints("3.0", "3,4,1,2", new int[]{32}, new double[]{Math.pow(2, 32)}, false).write(p)),
                new Case("int_mixed_widths", "FCS 3.1, I with $PnB 8,16,24,32,40,48,56,64 in one record, LE",
                        p -> ints("3.1", "1,2,3,4", new int[]{8, 16, 24, 32, 40, 48, 56, 64},
                                new double[]{200, 60000, 1 << 20, 1e9, 1e12, Math.pow(2, 48), 1e16, Math.pow(2, 52)},
                                true).write(p)),
                new Case("int12_in_16", "FCS 3.1, 12-bit detector: $PnB=16, $PnR=4096, high bits set and masked",
                        p -> base("3.1", 'I', "4,3,2,1")
                                .channel(SyntheticChannel.integerBits("FL1-H", "CD3", 12))
                                .channel(SyntheticChannel.integerBits("FL2-H", "CD4", 12))
                                .events(random(2, 500, 65536, true, 12)).write(p)),
                new Case("float_big_endian", "FCS 3.0, F, $BYTEORD=4,3,2,1",
                        p -> floats("3.0", 'F', "4,3,2,1").write(p)),
                new Case("float_little_endian", "FCS 3.1, F, $BYTEORD=1,2,3,4",
                        p -> floats("3.1", 'F', "1,2,3,4").write(p)),
                new Case("float_pdp11", "FCS 3.0, F with $BYTEORD=3,4,1,2",
                        p -> floats("3.0", 'F', "3,4,1,2").write(p)),
                new Case("double_little_endian", "FCS 3.1, D, $PnB=64, $BYTEORD=1,2,3,4",
                        p -> floats("3.1", 'D', "1,2,3,4").write(p)),
                new Case("double_big_endian", "FCS 3.1, D, $BYTEORD=4,3,2,1",
                        p -> floats("3.1", 'D', "4,3,2,1").write(p)),
                new Case("ascii_fixed_width", "FCS 3.0, A, $PnB=4 and 6 characters per value, zero padded",
                        p -> base("3.0", 'A', "1,2,3,4").channel("FSC-H", null, 4, 10000).channel("SSC-H", null, 6, 1e6)
                                .events(new double[][]{column(300, 9999, 1), column(300, 999_999, 2)}).write(p)),
                new Case("ascii_free_format_space", "FCS 3.0, A, $PnB=* separated by spaces",
                        p -> freeAscii(' ').write(p)),
                new Case("ascii_free_format_newline", "FCS 3.0, A, $PnB=* separated by line feeds",
                        p -> freeAscii('\n').write(p)),
                new Case("fcs32_mixed_datatypes", "FCS 3.2, $DATATYPE=I with $PnDATATYPE F and D columns, BE",
                        p -> base("3.2", 'I', "4,3,2,1").channel("I16", null, 16, 1024)
                                .channel(SyntheticChannel.of("F32", "float", 32, 262144).withDatatype('F'))
                                .channel(SyntheticChannel.of("D64", "double", 64, 262144).withDatatype('D'))
                                .channel("I32", null, 32, 1 << 20)
                                .events(new double[][]{column(400, 1023, 3), column(400, 262144.5, 4),
                                        column(400, 262144.5, 5), column(400, 1 << 20, 6)}).write(p)),
                new Case("fcs20_int16_bd_byteord", "FCS 2.0, I 16-bit declared with 4-byte $BYTEORD=4,3,2,1, $PnE=4,1",
                        p -> base("2.0", 'I', "4,3,2,1")
                                .channel(SyntheticChannel.of("FSC-H", "FSC-Height", 16, 1024))
                                .channel(SyntheticChannel.of("FL1-H", null, 16, 1024).withAmplification(4, 1))
                                .events(random(2, 500, 1024, false, 7)).write(p)),
                new Case("three_data_sets", "FCS 3.0, three data sets chained by $NEXTDATA, different channels",
                        p -> base("3.0", 'F', "1,2,3,4").channel("A", null, 32, 1024)
                                .events(random(1, 100, 1024, false, 8))
                                .nextDataSet().channel("B", null, 32, 1024).channel("C", null, 32, 1024)
                                .events(random(2, 50, 1024, false, 9))
                                .nextDataSet().channel("D", null, 32, 1024).events(random(1, 25, 1024, false, 10))
                                .write(p)),
                new Case("supplemental_text_before_data", "FCS 3.1, supplemental TEXT between TEXT and DATA",
                        p -> floats("3.1", 'F', "1,2,3,4")
                                .supplementalText(new TreeMap<>(Map.of("COMMENT", "in STEXT", "$SRC", "supplemental")),
                                        false).write(p)),
                new Case("supplemental_text_after_data", "FCS 3.1, supplemental TEXT after DATA (like CyFlow)",
                        p -> floats("3.1", 'F', "1,2,3,4")
                                .supplementalText(Map.of("COMMENT", "after data"), true).write(p)),
                new Case("data_before_text", "FCS 3.0, DATA at byte 58, TEXT after DATA (like LMD data set 2)",
                        p -> floats("3.0", 'F', "1,2,3,4").layout(SyntheticFcs.Layout.DATA_FIRST).write(p)),
                new Case("text_at_256_with_gaps", "FCS 3.0, TEXT at byte 256, 1000 spaces before DATA",
                        p -> floats("3.0", 'F', "4,3,2,1").textOffset(256).gapBeforeData(1000).write(p)),
                new Case("form_feed_delimiter", "FCS 3.0, form feed (0x0C) delimiter like BD Diva",
                        p -> floats("3.0", 'F', "4,3,2,1").delimiter('\f').keyword("$SRC", "form\ffeed").write(p)),
                new Case("escaped_delimiters", "FCS 3.1, '/' inside values written doubled: GFP//FITC-A",
                        p -> base("3.1", 'F', "1,2,3,4").channel("FL1-A", "GFP/FITC-A", 32, 1024)
                                .channel("FL2-A", "561//10 nm", 32, 1024).keyword("$SRC", "a/b/c")
                                .events(random(2, 100, 1024, false, 11)).write(p)),
                new Case("empty_data_set", "FCS 3.1, $TOT=0: no DATA segment (offsets 0)",
                        p -> base("3.1", 'F', "1,2,3,4").channel("X", null, 32, 1024).events(new double[][]{{}})
                                .write(p)),
                new Case("scaled_channels", "FCS 3.1, I with $PnE=4,1 and $PnG=2, Time with $TIMESTEP=0.01",
                        p -> base("3.1", 'I', "1,2,3,4")
                                .channel(SyntheticChannel.of("FL1-H", null, 16, 1024).withAmplification(4, 1))
                                .channel(SyntheticChannel.of("FSC-H", null, 16, 1024).withGain(2))
                                .channel(SyntheticChannel.of("Time", null, 32, 1 << 20).withGain(0.01))
                                .keyword("$TIMESTEP", "0.01")
                                .events(new double[][]{column(200, 1023, 12), column(200, 1023, 13),
                                        ramp(200)}).write(p)));
    }

    /** FCS 3.1 float data at offsets beyond 99,999,999: HEADER DATA offsets 0, real ones in $BEGINDATA/$ENDDATA. */
    public static Case largeOffsets() {
        return new Case("data_beyond_100MB", "FCS 3.1, F, DATA after a 100,000,000-byte sparse gap",
                p -> floats("3.1", 'F', "1,2,3,4").gapBeforeData(100_000_000L).write(p));
    }

    private static SyntheticFcs.Builder base(String version, char type, String byteOrd) {
        return SyntheticFcs.builder().version(version).datatype(type).byteOrd(byteOrd);
    }

    private static SyntheticFcs.Builder ints(String version, String byteOrd, int[] bits, double[] range,
                                             boolean aboveRange) {
        SyntheticFcs.Builder b = base(version, 'I', byteOrd);
        double[][] cols = new double[bits.length][];
        for (int c = 0; c < bits.length; c++) {
            b.channel("P" + (c + 1), c == 0 ? "first" : null, bits[c], range[c]);
            // values up to the full field width when aboveRange (so the reader's mask matters), else below $PnR
            double max = aboveRange ? Math.min(Math.pow(2, bits[c]), 0x1p53) : range[c];
            cols[c] = integers(300, max, 100 + c);
        }
        return b.events(cols);
    }

    private static SyntheticFcs.Builder floats(String version, char type, String byteOrd) {
        SyntheticFcs.Builder b = base(version, type, byteOrd);
        int bits = type == 'D' ? 64 : 32;
        b.channel("FSC-A", null, bits, 262144).channel("SSC-A", null, bits, 262144)
                .channel("FL1-A", "CD3 FITC", bits, 262144);
        SplittableRandom r = new SplittableRandom(42);
        double[][] cols = new double[3][250];
        for (int i = 0; i < 250; i++) {
            cols[0][i] = r.nextDouble() * 262144;
            cols[1][i] = r.nextDouble() * 262144;
            cols[2][i] = r.nextDouble() * 2000 - 200;   // compensated-like: some negative values
        }
        return b.events(cols);
    }

    private static SyntheticFcs.Builder freeAscii(char separator) {
        return base("3.0", 'A', "1,2,3,4").asciiSeparator(separator)
                .channel("FSC-H", null, SyntheticChannel.FREE_FORMAT, 1e6)
                .channel("SSC-H", null, SyntheticChannel.FREE_FORMAT, 1e6)
                .events(new double[][]{column(150, 999_999, 14), column(150, 99, 15)});
    }

    private static double[][] random(int channels, int n, double max, boolean aboveRange, long seed) {
        double[][] cols = new double[channels][];
        for (int c = 0; c < channels; c++) {
            cols[c] = aboveRange ? integers(n, 65536, seed * 31 + c) : integers(n, max, seed * 31 + c);
        }
        return cols;
    }

    private static double[] integers(int n, double max, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.floor(r.nextDouble() * max);
        }
        return v;
    }

    private static double[] column(int n, double max, long seed) {
        return integers(n, max, seed);
    }

    private static double[] ramp(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i * 7;
        }
        return v;
    }
}
