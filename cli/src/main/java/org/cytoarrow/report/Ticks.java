package org.cytoarrow.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** "Nice" axis ticks (steps of 1, 2 or 5 times a power of ten) and their labels. */
final class Ticks {
    private Ticks() {
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
