package org.cytoarrow.fcs.write;

/**
 * Decimal text for numbers in output files and keywords.
 *
 * <p>Integral values within the exactly representable range are written without a fraction ("1023", "-0");
 * other values use {@link Float#toString}/{@link Double#toString} of the column's own type, which parse back
 * to the identical value. On JDK 19+ these are the shortest such strings (JDK-4511638); on JDK 17 they are
 * occasionally a digit or two longer but still exact.
 */
final class Numbers {
    private static final double FLOAT_EXACT = 1 << 24;
    private static final double DOUBLE_EXACT = 1L << 53;

    private Numbers() {
    }

    /** Text of a float32 value. */
    static String ofFloat(float v) {
        if (v == (long) v && Math.abs(v) <= FLOAT_EXACT) {
            return v == 0 && Float.floatToRawIntBits(v) != 0 ? "-0" : Long.toString((long) v);
        }
        return Float.toString(v);
    }

    /** Text of a float64 value. */
    static String ofDouble(double v) {
        if (v == (long) v && Math.abs(v) <= DOUBLE_EXACT) {
            return v == 0 && Double.doubleToRawLongBits(v) != 0 ? "-0" : Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** Appends the text of a value, as float32 when {@code single}. */
    static void append(StringBuilder sb, double v, boolean single) {
        if (single) {
            float f = (float) v;
            if (f == (int) f && Math.abs(f) <= FLOAT_EXACT) {
                if (f == 0 && Float.floatToRawIntBits(f) != 0) {
                    sb.append("-0");
                } else {
                    sb.append((int) f);
                }
            } else {
                sb.append(f);
            }
        } else {
            if (v == (long) v && Math.abs(v) <= DOUBLE_EXACT) {
                if (v == 0 && Double.doubleToRawLongBits(v) != 0) {
                    sb.append("-0");
                } else {
                    sb.append((long) v);
                }
            } else {
                sb.append(v);
            }
        }
    }
}
