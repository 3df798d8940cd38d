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
    /** Events per block: 16 input + 16 output slices of 512 doubles (128 KB) stay in L2 together. */
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
            for (int start = 0; start < n; start += BLOCK) {
                block(detectorColumns, out, start, Math.min(BLOCK, n - start), start);
            }
            return;
        }
        double[][] scratch = new double[fluorochromes][Math.min(BLOCK, Math.max(n, 1))];
        for (int start = 0; start < n; start += BLOCK) {
            int len = Math.min(BLOCK, n - start);
            block(detectorColumns, scratch, start, len, 0);
            for (int j = 0; j < fluorochromes; j++) {
                System.arraycopy(scratch[j], 0, out[j], start, len);
            }
        }
    }

    /**
     * acc[j][at..at+len) = Σ_k in[k][start..start+len)·K[k][j]. Each output is accumulated alone (the JIT does not
     * vectorise loops that store to two arrays that might alias), taking detectors four at a time: one load and
     * store of the accumulator per four multiply-adds. The kernels are small methods so that C2 unrolls and
     * vectorises each loop. The block of events keeps accumulator and input slices in L1/L2.
     */
    private void block(double[][] in, double[][] acc, int start, int len, int at) {
        int nd = detectors;
        for (int j = 0; j < fluorochromes; j++) {
            double[] o = acc[j];
            int row = j * nd;
            int k;
            if (nd >= 4) {
                set4(in, o, row, start, len, at);
                k = 4;
            } else {
                set1(in[0], o, kt[row], start, len, at);
                k = 1;
            }
            for (; k + 3 < nd; k += 4) {
                add4(in, o, row, k, start, len, at);
            }
            for (; k < nd; k++) {
                add1(in[k], o, kt[row + k], start, len, at);
            }
        }
    }

    private void set4(double[][] in, double[] o, int row, int start, int len, int at) {
        double[] i0 = in[0];
        double[] i1 = in[1];
        double[] i2 = in[2];
        double[] i3 = in[3];
        double c0 = kt[row];
        double c1 = kt[row + 1];
        double c2 = kt[row + 2];
        double c3 = kt[row + 3];
        for (int e = 0; e < len; e++) {
            int s = start + e;
            o[at + e] = i0[s] * c0 + i1[s] * c1 + i2[s] * c2 + i3[s] * c3;
        }
    }

    private void add4(double[][] in, double[] o, int row, int k, int start, int len, int at) {
        double[] i0 = in[k];
        double[] i1 = in[k + 1];
        double[] i2 = in[k + 2];
        double[] i3 = in[k + 3];
        double c0 = kt[row + k];
        double c1 = kt[row + k + 1];
        double c2 = kt[row + k + 2];
        double c3 = kt[row + k + 3];
        for (int e = 0; e < len; e++) {
            int s = start + e;
            o[at + e] += i0[s] * c0 + i1[s] * c1 + i2[s] * c2 + i3[s] * c3;
        }
    }

    private static void set1(double[] i0, double[] o, double c, int start, int len, int at) {
        for (int e = 0; e < len; e++) {
            o[at + e] = i0[start + e] * c;
        }
    }

    private static void add1(double[] i0, double[] o, double c, int start, int len, int at) {
        for (int e = 0; e < len; e++) {
            o[at + e] += i0[start + e] * c;
        }
    }

    @Override
    public String toString() {
        return "Compensator" + inputs() + "->" + outputs();
    }
}
