package org.cytoarrow.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.cytoarrow.core.transform.Transform;

/**
 * "Nice" axis ticks and their labels: steps of 1, 2 or 5 times a power of ten on an axis of plain values; on an axis
 * of transformed values ({@link #scaled}), ticks at data values, labelled in data units, as cytometrists read a
 * logicle or log axis (0, 100, 1K, 10K, 100K).
 */
final class Ticks {
    /** A tick: where it goes on the axis (in the plotted values) and its label; a minor tick has none. */
    record Tick(double position, String label) {
        boolean isMinor() {
            return label.isEmpty();
        }
    }

    /** The least distance between two ticks of a transformed axis, as a fraction of the axis. */
    static final double MIN_GAP = 1.0 / 12;

    private Ticks() {
    }

    /** About {@code target} ticks over {@code range}, labelled with their own values. */
    static List<Tick> plain(Range range, int target) {
        double step = step(range, target);
        List<Tick> out = new ArrayList<>();
        for (double t : positions(range, target)) {
            out.add(new Tick(t, label(t, step)));
        }
        return out;
    }

    /**
     * The ticks of an axis showing {@code scale.apply(v)} of data values v over {@code range}, labelled with the
     * data values. A linear scale gets nice steps of the data values. Any other (log, arcsinh, logicle, hyperlog)
     * gets 0 and the powers of ten that fit, the largest first, leaving out any closer than {@link #MIN_GAP} to one
     * already placed (logicle squeezes 1, 10 and 100 next to 0); 2 and 5 times the powers of ten join them when
     * fewer than three fit. When at least two are labelled, unlabelled {@linkplain Tick#isMinor minor} ticks follow
     * at 2 to 9 times each labelled power of ten (and of its negative) on the axis, as log axes are drawn; powers
     * of ten left out for crowding get none. {@code scale} null, or a range whose ends do not map back to finite
     * data values: the {@link #plain} ticks. In axis order.
     */
    static List<Tick> scaled(Range range, Transform scale, int target) {
        if (scale == null) {
            return plain(range, target);
        }
        double lo = scale.inverse(range.min());
        double hi = scale.inverse(range.max());
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(hi > lo)) {
            return plain(range, target);
        }
        double mid = scale.apply((lo + hi) / 2);
        if (Math.abs(mid - (range.min() + range.max()) / 2) < range.span() * 1e-6) { // linear: as the data goes
            Range data = new Range(lo, hi);
            double step = step(data, target);
            List<Tick> out = new ArrayList<>();
            for (double v : positions(data, target)) {
                out.add(new Tick(scale.apply(v), label(v, step)));
            }
            return out;
        }
        List<Tick> ticks = new ArrayList<>();
        List<BigDecimal> powersOfTen = new ArrayList<>(); // those placed, for the minor ticks
        if (lo <= 0 && hi >= 0) {
            place(ticks, range, scale, BigDecimal.ZERO);
        }
        int top = (int) Math.ceil(Math.log10(Math.max(Math.abs(lo), Math.abs(hi))));
        for (int[] mantissas : new int[][] {{1}, {2, 5}}) {
            if (ticks.size() >= 3) {
                break;
            }
            for (int k = top; k >= top - 9; k--) { // nine decades: beyond them a tick would crowd 0
                for (int m : mantissas) {
                    for (BigDecimal v : List.of(BigDecimal.valueOf(m).scaleByPowerOfTen(k),
                            BigDecimal.valueOf(-m).scaleByPowerOfTen(k))) {
                        if (place(ticks, range, scale, v) && m == 1) {
                            powersOfTen.add(v);
                        }
                    }
                }
            }
        }
        if (ticks.size() >= 2) {
            List<Tick> major = List.copyOf(ticks);
            for (BigDecimal v : powersOfTen) {
                for (int m = 2; m <= 9; m++) {
                    double p = scale.apply(v.multiply(BigDecimal.valueOf(m)).doubleValue());
                    if (p >= range.min() && p <= range.max()
                            && major.stream().noneMatch(o -> Math.abs(o.position() - p) < range.span() * 1e-9)) {
                        ticks.add(new Tick(p, ""));
                    }
                }
            }
        }
        ticks.sort(Comparator.comparingDouble(Tick::position));
        return ticks;
    }

    /**
     * Adds the tick of data value {@code v} when it is on the axis and not too close to one already there; whether
     * it did.
     */
    private static boolean place(List<Tick> ticks, Range range, Transform scale, BigDecimal v) {
        double p = scale.apply(v.doubleValue());
        double eps = range.span() * 1e-9;
        if (!(p >= range.min() - eps && p <= range.max() + eps)) {
            return false;
        }
        for (Tick t : ticks) {
            if (Math.abs(t.position() - p) < range.span() * MIN_GAP) {
                return false;
            }
        }
        return ticks.add(new Tick(p, dataLabel(v)));
    }

    /** 0, 5, 100, 2K, 10K, 1M, 0.01, -1K: thousands as K and millions as M when they are whole in them. */
    static String dataLabel(BigDecimal v) {
        BigDecimal a = v.abs();
        if (a.compareTo(BigDecimal.valueOf(1_000_000)) >= 0) {
            return v.movePointLeft(6).stripTrailingZeros().toPlainString() + "M";
        }
        if (a.compareTo(BigDecimal.valueOf(1_000)) >= 0) {
            return v.movePointLeft(3).stripTrailingZeros().toPlainString() + "K";
        }
        return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }

    /** The step of about {@code target} ticks over {@code range}: 1, 2 or 5 times a power of ten. */
    static double step(Range range, int target) {
        double raw = range.span() / Math.max(1, target);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double norm = raw / mag;
        double nice = norm < 1.5 ? 1 : norm < 3.5 ? 2 : norm < 7.5 ? 5 : 10;
        return nice * mag;
    }

    /** Tick positions inside {@code range}, multiples of {@link #step}. */
    static List<Double> positions(Range range, int target) {
        double step = step(range, target);
        List<Double> out = new ArrayList<>();
        long first = (long) Math.ceil(range.min() / step - 1e-9);
        for (long k = first; k * step <= range.max() + step * 1e-9; k++) {
            out.add(k * step);
        }
        return out;
    }

    /**
     * A short label: with a step of at least 1000, thousands as "50K" and, from a million on, millions as "1.5M"
     * (a step of 100K or more); otherwise plain decimals with as many digits as the step needs ("0.5", "2", "-1.25").
     */
    static String label(double value, double step) {
        if (Math.abs(value) < step * 1e-9) {
            return "0";
        }
        if (step >= 1e5 && Math.abs(value) >= 1e6) {
            return plain(value / 1e6, step / 1e6) + "M";
        }
        if (step >= 1000 && Math.abs(value) >= 1000) {
            return plain(value / 1000, step / 1000) + "K";
        }
        return plain(value, step);
    }

    private static String plain(double value, double step) {
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        if (step * Math.pow(10, decimals) % 1 > 1e-6 && decimals < 10) {
            decimals++; // a step of 0.25 needs two digits, not one
        }
        // A tick is a multiple of the step, so value x 10^decimals is an integer up to rounding noise: round that
        // rather than expanding the double's exact binary value (new BigDecimal(value)), which costs far more.
        return BigDecimal.valueOf(Math.round(value * Math.pow(10, decimals)), decimals).stripTrailingZeros()
                .toPlainString();
    }
}
