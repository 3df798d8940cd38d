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
    /** Events per block: 16 input + 16 output blocks of 512 doubles stay in L2 together. */
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
        double[][] scratch = new double[fluorochromes][Math.min(BLOCK, Math.max(n, 1))];
        for (int start = 0; start < n; start += BLOCK) {
            int len = Math.min(BLOCK, n - start);
            block(detectorColumns, scratch, start, len);
            for (int j = 0; j < fluorochromes; j++) {
                System.arraycopy(scratch[j], 0, out[j], start, len);
            }
        }
    }

    /** scratch[j][0..len) = Σ_k in[k][start..start+len)·K[k][j]: axpy loops the JIT vectorises. */
    private void block(double[][] in, double[][] scratch, int start, int len) {
        int nd = detectors;
        for (int j = 0; j < fluorochromes; j++) {
            double[] acc = scratch[j];
            int row = j * nd;
            double[] in0 = in[0];
            double c0 = kt[row];
            for (int e = 0; e < len; e++) {
                acc[e] = in0[start + e] * c0;
            }
            int k = 1;
            for (; k + 1 < nd; k += 2) {
                double[] ia = in[k];
                double[] ib = in[k + 1];
                double ca = kt[row + k];
                double cb = kt[row + k + 1];
                for (int e = 0; e < len; e++) {
                    acc[e] += ia[start + e] * ca + ib[start + e] * cb;
                }
            }
            if (k < nd) {
                double[] ia = in[k];
                double ca = kt[row + k];
                for (int e = 0; e < len; e++) {
                    acc[e] += ia[start + e] * ca;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Compensator" + inputs() + "->" + outputs();
    }
}
