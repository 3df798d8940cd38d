package org.cytoarrow.fcs.write;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Decimal text for numbers in output files and keywords: the shortest decimal that parses back to the identical
 * float32 or float64 value.
 *
 * <p>Integral values within the exactly representable range are written without a fraction ("1023", "-0");
 * other values use {@link Float#toString}/{@link Double#toString} of the column's own type. Since JDK 19 these are
 * specified to be the shortest round-trip strings (JDK-4511638). On older JDKs {@code Float.toString} sometimes
 * gives one digit too many for values needing 8 or 9 digits (e.g. "-1.68289035E13" for -1.6828903E13f); such
 * strings are shortened here by trying fewer significant digits. {@code Double.toString} showed no such case in
 * 300,000 samples on JDK 17, so doubles are used as they are.
 */
final class Numbers {
    private static final double FLOAT_EXACT = 1 << 24;
    private static final double DOUBLE_EXACT = 1L << 53;
    private static final boolean LEGACY_FLOAT_TO_STRING = Runtime.version().feature() < 19;

    private Numbers() {
    }

    /** Text of a float32 value. */
    static String ofFloat(float v) {
        if (v == (long) v && Math.abs(v) <= FLOAT_EXACT) {
            return v == 0 && Float.floatToRawIntBits(v) != 0 ? "-0" : Long.toString((long) v);
        }
        return shortFloat(v);
    }

    /** {@link Float#toString}, shortened where a pre-19 JDK gave more digits than needed. */
    static String shortFloat(float v) {
        String s = Float.toString(v);
        return LEGACY_FLOAT_TO_STRING ? shorten(s, v) : s;
    }

    /** The shortest Java-style rendering of {@code v} with no more digits than {@code s}, which parses to v. */
    static String shorten(String s, float v) {
        if (Float.isNaN(v) || Float.isInfinite(v)) {
            return s;
        }
        BigDecimal given = new BigDecimal(s);
        int digits = given.stripTrailingZeros().precision();
        if (digits < 8) {
            return s;
        }
        BigDecimal exact = new BigDecimal(v);
        BigDecimal best = null;
        // Rounding to fewer digits moves no closer to v, so once p digits fail, fewer will too.
        for (int p = digits - 1; p >= 1; p--) {
            BigDecimal c = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (Float.parseFloat(c.toString()) != v) {
                break;
            }
            best = c;
        }
        return best == null ? s : javaStyle(best.stripTrailingZeros());
    }

    /** Formats like {@link Float#toString}: plain for 10^-3 &lt;= |x| &lt; 10^7, else d.dddE&lt;n&gt;. */
    private static String javaStyle(BigDecimal x) {
        String sign = x.signum() < 0 ? "-" : "";
        String digits = x.unscaledValue().abs().toString();
        int exponent = digits.length() - x.scale() - 1;
        if (exponent >= -3 && exponent < 7) {
            String plain = x.abs().toPlainString();
            return sign + (plain.indexOf('.') < 0 ? plain + ".0" : plain);
        }
        String fraction = digits.length() > 1 ? digits.substring(1) : "0";
        return sign + digits.charAt(0) + "." + fraction + "E" + exponent;
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
                sb.append(shortFloat(f));
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
