package org.cytoarrow.core.compensation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cytoarrow.core.CytoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompensatorTest {

    /**
     * 2x2 by hand. S = [[1, 0.2], [0.1, 1]] (FITC spills 20% into PE detector, PE 10% into FITC detector).
     * det = 1 - 0.02 = 0.98; S⁻¹ = [[1, -0.2], [-0.1, 1]] / 0.98.
     * Detector row m = (120, 260): s = m·S⁻¹ = ((120 - 26)/0.98, (-24 + 260)/0.98) = (95.918367..., 240.816326...).
     * Check: s·S = (95.918 + 24.082, 19.184 + 240.816) = (120, 260).
     */
    @Test
    void twoByTwoByHand() {
        Compensator c = Compensator.of(SpilloverMatrix.square(List.of("FITC-A", "PE-A"),
                new double[][] {{1, 0.2}, {0.1, 1}}));
        assertEquals(List.of("FITC-A", "PE-A"), c.inputs());
        assertEquals(List.of("FITC-A", "PE-A"), c.outputs());
        double[][] out = new double[2][1];
        c.apply(new double[][] {{120}, {260}}, out, 1);
        assertEquals(94 / 0.98, out[0][0], 1e-12);
        assertEquals(236 / 0.98, out[1][0], 1e-12);
    }

    /**
     * 3x3 by hand, the matrix of the Gating-ML compliance file gml_all_gates.xml (rows FITC, PE, PerCP over
     * detectors FL1-H, FL2-H, FL3-H). Pure signals s = (1000, 500, 200) give the detector row
     * m = s·S = (1000 + 55 + 18, 20 + 500 + 2, 60 + 35 + 200) = (1073, 522, 295); compensating m must give s back.
     */
    @Test
    void threeByThreeByHand() {
        SpilloverMatrix s = new SpilloverMatrix(List.of("FITC", "PE", "PerCP"), List.of("FL1-H", "FL2-H", "FL3-H"),
                new double[][] {{1, 0.02, 0.06}, {0.11, 1, 0.07}, {0.09, 0.01, 1}}, false);
        Compensator c = Compensator.of(s);
        assertEquals(List.of("FL1-H", "FL2-H", "FL3-H"), c.inputs());
        assertEquals(List.of("FITC", "PE", "PerCP"), c.outputs());
        double[][] out = new double[3][1];
        c.apply(new double[][] {{1073}, {522}, {295}}, out, 1);
        assertEquals(1000, out[0][0], 1e-9);
        assertEquals(500, out[1][0], 1e-9);
        assertEquals(200, out[2][0], 1e-9);
    }

    @ParameterizedTest(name = "{0} channels")
    @ValueSource(ints = {1, 2, 3, 5, 8, 16, 17, 30})
    void recoversSyntheticMixturesSquare(int channels) {
        SplittableRandom random = new SplittableRandom(42 + channels);
        double[][] spill = new double[channels][channels];
        for (int i = 0; i < channels; i++) {
            for (int j = 0; j < channels; j++) {
                spill[i][j] = i == j ? 1 : random.nextDouble(0, 0.3);
            }
        }
        List<String> names = names("D", channels);
        checkRecovery(new SpilloverMatrix(names, names, spill, false), random, 2500);
    }

    /** Unmixing: 5 fluorochromes over 12 detectors; exact mixtures are recovered by least squares. */
    @Test
    void recoversSyntheticMixturesNonSquare() {
        SplittableRandom random = new SplittableRandom(9);
        int f = 5;
        int d = 12;
        double[][] spectra = new double[f][d];
        for (int i = 0; i < f; i++) {
            for (int j = 0; j < d; j++) {
                spectra[i][j] = random.nextDouble(0, 1) + (j == 2 * i ? 3 : 0);
            }
        }
        checkRecovery(new SpilloverMatrix(names("F", f), names("D", d), spectra, false), random, 1500);
    }

    /** Least squares with noise: the residual of the unmixed fit is orthogonal to every spectrum. */
    @Test
    void unmixingIsLeastSquares() {
        SplittableRandom random = new SplittableRandom(5);
        double[][] spectra = {{1, 0.5, 0.2, 0.1}, {0.1, 0.3, 1, 0.6}};
        Compensator c = Compensator.of(new SpilloverMatrix(names("F", 2), names("D", 4), spectra, false));
        double[][] in = new double[4][1];
        for (int k = 0; k < 4; k++) {
            in[k][0] = random.nextDouble(0, 1000);
        }
        double[][] out = new double[2][1];
        c.apply(in, out, 1);
        for (double[] spectrum : spectra) {
            double dot = 0;
            for (int k = 0; k < 4; k++) {
                double fitted = out[0][0] * spectra[0][k] + out[1][0] * spectra[1][k];
                dot += (in[k][0] - fitted) * spectrum[k];
            }
            assertEquals(0, dot, 1e-9);
        }
    }

    @Test
    void invertedAlreadyIsUsedAsGiven() {
        // detectors x fluorochromes matrix K; out_j = Σ_k in_k K[k][j]
        double[][] k = {{2, 0}, {1, 3}, {0, 1}};
        Compensator c = Compensator.of(new SpilloverMatrix(names("F", 2), names("D", 3), k, true));
        double[][] out = new double[2][1];
        c.apply(new double[][] {{1}, {10}, {100}}, out, 1);
        assertEquals(2 + 10, out[0][0], 0);
        assertEquals(30 + 100, out[1][0], 0);
        assertArrayEquals(k[1], c.matrix()[1], 0);
    }

    @Test
    void inPlaceCompensationOverManyBlocks() {
        double[][] spill = {{1, 0.2}, {0.1, 1}};
        Compensator c = Compensator.of(SpilloverMatrix.square(names("D", 2), spill));
        int n = 3 * Compensator.BLOCK + 17;
        double[][] cols = new double[2][n];
        for (int e = 0; e < n; e++) {
            // pure (e, 2e) mixed: detector k = Σ_j pure_j·S[j][k]
            cols[0][e] = e + 0.1 * (2 * e);
            cols[1][e] = 0.2 * e + 2 * e;
        }
        c.apply(cols, cols, n);
        for (int e = 0; e < n; e++) {
            assertEquals(e, cols[0][e], 1e-9);
            assertEquals(2 * e, cols[1][e], 1e-9);
        }
    }

    /**
     * The blocked, four-detectors-at-a-time kernels against the plain definition out[j][e] = Σ_k in[k][e]·K[k][j]
     * (K from {@link Compensator#matrix()}), for every remainder of the detector count mod 4, event counts that
     * are not a multiple of the block, separate and in-place outputs. Tolerance 1e-12 of Σ_k |in·K| (rounding of
     * a 16-term sum in a different order is far below that).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 16, 17})
    void blockedKernelsMatchTheDefinition(int channels) {
        SplittableRandom random = new SplittableRandom(channels);
        double[][] spill = new double[channels][channels];
        for (int i = 0; i < channels; i++) {
            for (int k = 0; k < channels; k++) {
                spill[i][k] = i == k ? 1 : random.nextDouble(0, 0.15);
            }
        }
        Compensator c = Compensator.of(SpilloverMatrix.square(names("D", channels), spill));
        double[][] m = c.matrix();
        for (int n : new int[] {0, 1, 3, Compensator.BLOCK, 2 * Compensator.BLOCK + 37}) {
            double[][] in = new double[channels][n];
            for (double[] column : in) {
                for (int e = 0; e < n; e++) {
                    column[e] = random.nextDouble(-500, 262144);
                }
            }
            double[][] out = new double[channels][n + 5];
            c.apply(in, out, n);
            double[][] inPlace = new double[channels][];
            for (int k = 0; k < channels; k++) {
                inPlace[k] = in[k].clone();
            }
            c.apply(inPlace, inPlace, n);
            for (int j = 0; j < channels; j++) {
                for (int e = 0; e < n; e++) {
                    double sum = 0;
                    double scale = 0;
                    for (int k = 0; k < channels; k++) {
                        sum += in[k][e] * m[k][j];
                        scale += Math.abs(in[k][e] * m[k][j]);
                    }
                    assertEquals(sum, out[j][e], 1e-12 * scale, "channels " + channels + " n " + n + " j " + j);
                    assertEquals(out[j][e], inPlace[j][e], 0.0, "in place differs: j " + j + " e " + e);
                }
                for (int e = n; e < n + 5; e++) {
                    assertEquals(0.0, out[j][e], "wrote past n");
                }
            }
        }
    }

    @Test
    void singularMatrixIsACytoException() {
        double[][] spill = {{1, 2}, {0.5, 1}};
        CytoException e = assertThrows(CytoException.class,
                () -> Compensator.of(SpilloverMatrix.square(names("D", 2), spill)));
        assertEquals("SPILLOVER_SINGULAR", e.code());
        CytoException shape = assertThrows(CytoException.class, () -> Compensator.of(
                new SpilloverMatrix(names("F", 3), names("D", 2), new double[3][2], false)));
        assertEquals("SPILLOVER_SHAPE", shape.code());
    }

    @Test
    void wrongColumnCountIsRejected() {
        Compensator c = Compensator.of(SpilloverMatrix.square(names("D", 2), new double[][] {{1, 0}, {0, 1}}));
        assertThrows(IllegalArgumentException.class, () -> c.apply(new double[3][4], new double[2][4], 4));
        assertThrows(IllegalArgumentException.class, () -> c.apply(new double[2][3], new double[2][4], 4));
    }

    private static void checkRecovery(SpilloverMatrix s, SplittableRandom random, int n) {
        int f = s.fluorochromes().size();
        int d = s.detectors().size();
        double[][] pure = new double[f][n];
        for (int j = 0; j < f; j++) {
            for (int e = 0; e < n; e++) {
                pure[j][e] = random.nextDouble(-200, 250000);
            }
        }
        double[][] mixed = new double[d][n];
        for (int e = 0; e < n; e++) {
            for (int k = 0; k < d; k++) {
                double sum = 0;
                for (int j = 0; j < f; j++) {
                    sum += pure[j][e] * s.coefficient(j, k);
                }
                mixed[k][e] = sum;
            }
        }
        double[][] out = new double[f][n];
        Compensator.of(s).apply(mixed, out, n);
        for (int j = 0; j < f; j++) {
            for (int e = 0; e < n; e++) {
                assertEquals(pure[j][e], out[j][e], 1e-9 * Math.max(1, Math.abs(pure[j][e])),
                        "fluorochrome " + j + " event " + e);
            }
        }
    }

    private static List<String> names(String prefix, int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(prefix + i);
        }
        return names;
    }
}
