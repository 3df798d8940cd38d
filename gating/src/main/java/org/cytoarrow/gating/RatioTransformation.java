package org.cytoarrow.gating;

/**
 * Gating-ML 2.0 {@code fratio}: a new dimension {@code A * (x - B) / (y - C)} from two channels x and y (each
 * compensated as the dimension that uses the ratio says).
 *
 * @param id          transformation id
 * @param numerator   channel x
 * @param denominator channel y
 * @param a           A
 * @param b           B
 * @param c           C
 * @param boundMin    lower bound of the result, -Infinity when absent
 * @param boundMax    upper bound of the result, +Infinity when absent
 */
public record RatioTransformation(String id, String numerator, String denominator, double a, double b, double c,
                                  double boundMin, double boundMax) implements Transformation {

    public RatioTransformation {
        Gate.requireId(id, "Transformation");
        Gate.requireId(numerator, "Ratio numerator");
        Gate.requireId(denominator, "Ratio denominator");
        Transformation.checkBounds(id, boundMin, boundMax);
    }

    /** fratio without bounds. */
    public static RatioTransformation of(String id, String numerator, String denominator, double a, double b,
                                         double c) {
        return new RatioTransformation(id, numerator, denominator, a, b, c,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }
}
