package org.cytoarrow.core.compensation;

import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.cytoarrow.core.CytoException;

/**
 * Turns detector signals into fluorochrome abundances with a {@link SpilloverMatrix}.
 *
 * <p>With S the fluorochromes x detectors spillover matrix (Gating-ML {@code spectrumMatrix}: one
 * {@code spectrum} row per fluorochrome, one coefficient per detector), an event's detector row vector is
 * {@code m = s·S} for its fluorochrome row vector s. The compensator applies the detectors x fluorochromes matrix
 * K with {@code s = m·K}:
 * <ul>
 *   <li>square S: {@code K = S⁻¹} (FCS {@code $SPILLOVER} compensation);</li>
 *   <li>more detectors than fluorochromes: ordinary least squares unmixing, {@code K = Sᵀ(S·Sᵀ)⁻¹}, the s minimising
 *       {@code |m − s·S|²};</li>
 *   <li>{@link SpilloverMatrix#invertedAlready()}: K is the given matrix.</li>
 * </ul>
 * K is computed once (LU decomposition). Immutable and thread-safe.
 */
public final class Compensator {
    /** Events per block: 16 input + 16 output slices of 512 doubles (128 KB) stay in L2 together (measured best). */
    static final int BLOCK = 512;

    private final SpilloverMatrix spillover;
    private final int detectors;
    private final int fluorochromes;
    /** K transposed, row-major: kt[j * detectors + k] = K[k][j], the weight of detector k in fluorochrome j. */
    private final double[] kt;

    private Compensator(SpilloverMatrix spillover, double[][] k) {
        this.spillover = spillover;
        this.detectors = spillover.detectors().size();
        this.fluorochromes = spillover.fluorochromes().size();
        this.kt = new double[detectors * fluorochromes];
        for (int j = 0; j < fluorochromes; j++) {
            for (int d = 0; d < detectors; d++) {
                kt[j * detectors + d] = k[d][j];
            }
        }
    }

    /**
     * A compensator for the matrix.
     *
     * @throws CytoException (code {@code SPILLOVER_SINGULAR}) when S (or S·Sᵀ) is singular, or
     *                       ({@code SPILLOVER_SHAPE}) when there are fewer detectors than fluorochromes
     */
    public static Compensator of(SpilloverMatrix spillover) {
        int f = spillover.fluorochromes().size();
        int d = spillover.detectors().size();
        double[][] s = spillover.coefficients();
        if (spillover.invertedAlready()) {
            return new Compensator(spillover, s);
        }
        if (f == 0) {
            throw new CytoException("SPILLOVER_SHAPE", null, "spillover", "Spillover matrix has no fluorochromes");
        }
        if (d < f) {
            throw new CytoException("SPILLOVER_SHAPE", null, "spillover",
                    "Cannot unmix " + f + " fluorochromes from only " + d + " detectors: " + spillover.detectors());
        }
        RealMatrix sm = new Array2DRowRealMatrix(s, false);
        double[][] k;
        if (d == f) {
            k = inverse(sm, spillover).getData();
        } else {
            // K = Sᵀ (S Sᵀ)⁻¹
            RealMatrix gram = sm.multiply(sm.transpose());
            k = sm.transpose().multiply(inverse(gram, spillover)).getData();
        }
        for (double[] row : k) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw singular(spillover);
                }
            }
        }
        return new Compensator(spillover, k);
    }

    private static RealMatrix inverse(RealMatrix m, SpilloverMatrix spillover) {
        DecompositionSolver solver = new LUDecomposition(m, 1e-12).getSolver();
        if (!solver.isNonSingular()) {
            throw singular(spillover);
        }
        return solver.getInverse();
    }

    private static CytoException singular(SpilloverMatrix spillover) {
        return new CytoException("SPILLOVER_SINGULAR", null, "spillover",
                "Spillover matrix over detectors " + spillover.detectors() + " is singular; cannot compensate");
    }

    /** The spillover matrix this compensator inverts. */
    public SpilloverMatrix spillover() {
        return spillover;
    }

    /** Detector names: the order of the columns {@link #apply} reads. */
    public List<String> inputs() {
        return spillover.detectors();
    }

    /** Fluorochrome names: the order of the columns {@link #apply} writes. */
    public List<String> outputs() {
        return spillover.fluorochromes();
    }

    /**
     * The compensation matrix K (detectors x fluorochromes): fluorochrome j of an event is
     * {@code Σ_k detector_k · K[k][j]}. A copy.
     */
    public double[][] matrix() {
        double[][] k = new double[detectors][fluorochromes];
        for (int j = 0; j < fluorochromes; j++) {
            for (int d = 0; d < detectors; d++) {
                k[d][j] = kt[j * detectors + d];
            }
        }
        return k;
    }

    /**
     * Compensates events {@code 0..n-1}: {@code out[j][e] = Σ_k detectorColumns[k][e]·K[k][j]}.
     *
     * @param detectorColumns one column per {@link #inputs()} entry, each of length >= n
     * @param out             one column per {@link #outputs()} entry, each of length >= n; may be the same arrays
     *                        as the inputs (in-place compensation)
     */
    public void apply(double[][] detectorColumns, double[][] out, int n) {
        if (detectorColumns.length != detectors) {
            throw new IllegalArgumentException("Expected " + detectors + " detector columns " + inputs() + ", got "
                    + detectorColumns.length);
        }
        if (out.length != fluorochromes) {
            throw new IllegalArgumentException("Expected " + fluorochromes + " output columns " + outputs()
                    + ", got " + out.length);
        }
        for (double[] c : detectorColumns) {
            if (c.length < n) {
                throw new IllegalArgumentException("Detector column shorter than " + n + " events: " + c.length);
            }
        }
        for (double[] c : out) {
            if (c.length < n) {
                throw new IllegalArgumentException("Output column shorter than " + n + " events: " + c.length);
            }
        }
        boolean aliased = false;
        for (double[] o : out) {
            for (double[] c : detectorColumns) {
                aliased |= o == c;
            }
        }
        if (!aliased) {
            for (int from = 0; from < n; from += BLOCK) {
                block(detectorColumns, out, from, Math.min(from + BLOCK, n));
            }
            return;
        }
        // In place: compute each block from a copy of its inputs into scratch outputs, then copy those back.
        int width = Math.min(BLOCK, Math.max(n, 1));
        double[][] inCopy = new double[detectors][width];
        double[][] scratch = new double[fluorochromes][width];
        for (int from = 0; from < n; from += BLOCK) {
            int len = Math.min(BLOCK, n - from);
            for (int k = 0; k < detectors; k++) {
                System.arraycopy(detectorColumns[k], from, inCopy[k], 0, len);
            }
            block(inCopy, scratch, 0, len);
            for (int j = 0; j < fluorochromes; j++) {
                System.arraycopy(scratch[j], 0, out[j], from, len);
            }
        }
    }

    /**
     * out[j][from..to) = Σ_k in[k][from..to)·K[k][j], detectors summed four at a time in order
     * ({@code ((d0 + d1 + d2 + d3) + (d4 + d5 + d6 + d7)) + ...}). Each output is accumulated alone (C2 does not
     * vectorise loops that store to two arrays), one load and store of the output per four multiply-adds. The
     * kernels index every array with the same induction variable and take their coefficients as arguments: that
     * is the shape C2's SuperWord vectorises (an offset between input and output indices made it fall back to
     * mostly scalar code, about 3x slower). A block of 512 events keeps the input slices in L1/L2.
     */
    private void block(double[][] in, double[][] out, int from, int to) {
        int nd = detectors;
        double[] kt = this.kt;
        for (int j = 0; j < fluorochromes; j++) {
            double[] o = out[j];
            int r = j * nd;
            int k;
            if (nd >= 4) {
                set4(o, in[0], in[1], in[2], in[3], kt[r], kt[r + 1], kt[r + 2], kt[r + 3], from, to);
                k = 4;
            } else {
                set1(o, in[0], kt[r], from, to);
                k = 1;
            }
            for (; k + 3 < nd; k += 4) {
                add4(o, in[k], in[k + 1], in[k + 2], in[k + 3],
                        kt[r + k], kt[r + k + 1], kt[r + k + 2], kt[r + k + 3], from, to);
            }
            for (; k < nd; k++) {
                add1(o, in[k], kt[r + k], from, to);
            }
        }
    }

    private static void set4(double[] o, double[] i0, double[] i1, double[] i2, double[] i3,
                             double c0, double c1, double c2, double c3, int from, int to) {
        for (int e = from; e < to; e++) {
            o[e] = i0[e] * c0 + i1[e] * c1 + i2[e] * c2 + i3[e] * c3;
        }
    }

    private static void add4(double[] o, double[] i0, double[] i1, double[] i2, double[] i3,
                             double c0, double c1, double c2, double c3, int from, int to) {
        for (int e = from; e < to; e++) {
            o[e] += i0[e] * c0 + i1[e] * c1 + i2[e] * c2 + i3[e] * c3;
        }
    }

    private static void set1(double[] o, double[] i0, double c, int from, int to) {
        for (int e = from; e < to; e++) {
            o[e] = i0[e] * c;
        }
    }

    private static void add1(double[] o, double[] i0, double c, int from, int to) {
        for (int e = from; e < to; e++) {
            o[e] += i0[e] * c;
        }
    }

    @Override
    public String toString() {
        return "Compensator" + inputs() + "->" + outputs();
    }
}
