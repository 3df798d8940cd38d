package org.cytoarrow.core.transform;

/**
 * A one-dimensional scale transformation from Gating-ML 2.0 (flin, flog, fasinh, logicle, hyperlog), applied to
 * scale values (after compensation). Implementations are immutable and thread-safe.
 */
public interface Transform {

    /** The transformed value of {@code x}. */
    double apply(double x);

    /** The value whose transform is {@code y}: {@code inverse(apply(x)) == x} within rounding. */
    double inverse(double y);

    /** Block form of {@link #apply(double)}: {@code out[i] = apply(in[i])} for {@code i < n}; in and out may alias. */
    default void apply(double[] in, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = apply(in[i]);
        }
    }
}
