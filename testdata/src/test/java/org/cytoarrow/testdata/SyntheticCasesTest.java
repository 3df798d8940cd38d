package org.cytoarrow.testdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every catalogue case is walked by hand ($NEXTDATA chain, HEADER, TEXT) and its DATA decoded by a small decoder
 * written from the FCS 3.1 rules in /work/shared/testdata/README.md ("Raw values" 4-5), independent of
 * {@link ValueCodec}; the decoded values must equal the ground truth the writer returned.
 */
class SyntheticCasesTest {
    @TempDir
    Path dir;

    static List<SyntheticCases.Case> cases() {
        return SyntheticCases.all();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void layoutAndValuesMatchTheTruth(SyntheticCases.Case c) throws Exception {
        SyntheticFcs.Result r = c.write(dir);
        check(r);
    }

    @Test
    void casesHaveUniqueNames() {
        Set<String> names = new HashSet<>();
        for (SyntheticCases.Case c : SyntheticCases.all()) {
            assertTrue(names.add(c.name()), c.name());
        }
        assertTrue(names.size() >= 25);
    }

    @Test
    void everyCaseWritesTheSameBytesTwice() throws Exception {
        for (SyntheticCases.Case c : SyntheticCases.all()) {
            byte[] first = Files.readAllBytes(c.write(dir.resolve("one")).path());
            byte[] second = Files.readAllBytes(c.write(dir.resolve("two")).path());
            assertArrayEquals(first, second, c.name());
        }
    }

    @Test
    void largeOffsetsCase() throws Exception {
        SyntheticFcs.Result r = SyntheticCases.largeOffsets().write(dir);
        assertTrue(r.fileSize() > 100_000_000L);
        assertEquals(0, FcsBytes.header(r.path(), 0).offsets()[2]);
        check(r);
    }

    private static void check(SyntheticFcs.Result r) throws Exception {
        long base = 0;
        for (int k = 0; k < r.dataSets().size(); k++) {
            SyntheticFcs.DataSet ds = r.dataSets().get(k);
            assertEquals(base, ds.offset());
            FcsBytes.Header h = FcsBytes.header(r.path(), base);
            assertEquals(ds.text().begin(), h.offsets()[0]);
            assertEquals(ds.text().end(), h.offsets()[1]);
            Map<String, String> kw = FcsBytes.text(r.path(), base, h.offsets()[0], h.offsets()[1]);
            assertEquals(ds.keywords(), kw);
            long begin = h.offsets()[2];
            long end = h.offsets()[3];
            if (kw.containsKey("$BEGINDATA")) {
                long b = Long.parseLong(kw.get("$BEGINDATA"));
                long e = Long.parseLong(kw.get("$ENDDATA"));
                assertTrue(b == begin && e == end || begin == 0 && end == 0 && e > SyntheticFcs.MAX_HEADER_OFFSET,
                        "HEADER and TEXT agree on DATA, or HEADER holds zeros for large offsets");
                begin = b;
                end = e;
            }
            assertEquals(ds.data().begin(), begin);
            assertEquals(ds.data().end(), end);
            int n = Integer.parseInt(kw.get("$TOT"));
            assertEquals(ds.events(), n);
            byte[] data = n == 0 ? new byte[0] : FcsBytes.read(r.path(), base + begin, (int) (end - begin + 1));
            double[][] decoded = decode(kw, data, n);
            double[][] expected = ds.expectedRaw();
            for (int c = 0; c < decoded.length; c++) {
                assertArrayEquals(expected[c], decoded[c], "data set " + k + " channel " + (c + 1));
            }
            long next = Long.parseLong(kw.get("$NEXTDATA"));
            assertEquals(k == r.dataSets().size() - 1, next == 0);
            base += next;
        }
        assertEquals(Files.size(r.path()), r.fileSize());
    }

    /** Decodes DATA from the keywords alone. */
    static double[][] decode(Map<String, String> kw, byte[] data, int n) {
        int par = Integer.parseInt(kw.get("$PAR"));
        String[] ord = kw.get("$BYTEORD").split(",");
        double[][] out = new double[par][n];
        if (kw.get("$DATATYPE").equals("A") && kw.get("$P1B").equals("*")) {
            String[] tokens = new String(data, StandardCharsets.US_ASCII).strip().split("[ \t,\r\n]+");
            for (int i = 0; i < n * par; i++) {
                out[i % par][i / par] = Double.parseDouble(tokens[i]);
            }
            return out;
        }
        int pos = 0;
        for (int e = 0; e < n; e++) {
            for (int c = 0; c < par; c++) {
                String p = "$P" + (c + 1);
                String type = kw.getOrDefault(p + "DATATYPE", kw.get("$DATATYPE"));
                int bits = Integer.parseInt(kw.get(p + "B"));
                if (type.equals("A")) {
                    out[c][e] = Long.parseLong(new String(data, pos, bits, StandardCharsets.US_ASCII));
                    pos += bits;
                    continue;
                }
                int width = bits / 8;
                long v = 0;
                for (int i = 0; i < width; i++) {
                    int significance;
                    if (ord.length == width) {
                        significance = Integer.parseInt(ord[i].strip()) - 1;
                    } else {
                        significance = ord[0].strip().equals("1") ? i : width - 1 - i;
                    }
                    v |= (data[pos + i] & 0xFFL) << (8 * significance);
                }
                pos += width;
                out[c][e] = switch (type) {
                    case "F" -> Float.intBitsToFloat((int) v);
                    case "D" -> Double.longBitsToDouble(v);
                    default -> masked(v, bits, Double.parseDouble(kw.get(p + "R")));
                };
            }
        }
        return out;
    }

    /** README rule 5: AND with m - 1, m = smallest power of two &gt;= $PnR, when m &lt; 2^$PnB. */
    private static double masked(long v, int bits, double range) {
        BigInteger m = BigInteger.ONE;
        while (m.compareTo(BigInteger.valueOf((long) Math.ceil(range))) < 0) {
            m = m.shiftLeft(1);
        }
        BigInteger value = new BigInteger(Long.toUnsignedString(v));
        if (m.compareTo(BigInteger.ONE.shiftLeft(bits)) < 0) {
            value = value.and(m.subtract(BigInteger.ONE));
        }
        return value.doubleValue();
    }
}
