package org.cytoarrow.core.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.cytoarrow.core.CytoException;

/**
 * One population statistic a user can ask for, as parsed from a CLI string such as {@code "median"},
 * {@code "p99.5"} or {@code "freq_of:/Cells/Singlets"}.
 *
 * <p>Canonical spellings ({@link #label()}): {@code count}, {@code freq_parent}, {@code freq_total},
 * {@code freq_of:<ancestor>}, {@code mean}, {@code median}, {@code gmean}, {@code sd}, {@code cv}, {@code rsd},
 * {@code rcv}, {@code p<q>} (0 &lt;= q &lt;= 100, e.g. {@code p5}, {@code p99.5}), {@code min}, {@code max}.
 * Accepted aliases: {@code mfi} for median, {@code geomean} for gmean, {@code n} for count. Parsing ignores case
 * and surrounding blanks. See {@link PopulationStatistics} for the definitions.
 *
 * @param kind       which statistic
 * @param percentile the percentile in [0, 100] for {@link Kind#PERCENTILE}, NaN otherwise
 * @param ancestor   the ancestor population name for {@link Kind#FREQ_OF}, null otherwise
 */
public record Statistic(Kind kind, double percentile, String ancestor) {

    /** The statistic families. */
    public enum Kind {
        /** Number of events in the population. */
        COUNT,
        /** 100 × count / count of the parent population. */
        FREQ_PARENT,
        /** 100 × count / number of events in the sample. */
        FREQ_TOTAL,
        /** 100 × count / count of a named ancestor population. */
        FREQ_OF,
        /** Arithmetic mean. */
        MEAN,
        /** Median (the 50th percentile; "MFI" in cytometry). */
        MEDIAN,
        /** Geometric mean of the positive values. */
        GEOMETRIC_MEAN,
        /** Sample standard deviation (n - 1 denominator). */
        SD,
        /** Coefficient of variation in percent: 100 × SD / mean. */
        CV,
        /** Robust SD: (P84.13 - P15.87) / 2. */
        ROBUST_SD,
        /** Robust CV in percent: 100 × (P84.13 - P15.87) / 2 / median. */
        ROBUST_CV,
        /** A percentile (Hyndman-Fan type 7). */
        PERCENTILE,
        /** Smallest value. */
        MIN,
        /** Largest value. */
        MAX
    }

    public static final Statistic COUNT = simple(Kind.COUNT);
    public static final Statistic FREQ_PARENT = simple(Kind.FREQ_PARENT);
    public static final Statistic FREQ_TOTAL = simple(Kind.FREQ_TOTAL);
    public static final Statistic MEAN = simple(Kind.MEAN);
    public static final Statistic MEDIAN = simple(Kind.MEDIAN);
    public static final Statistic GEOMETRIC_MEAN = simple(Kind.GEOMETRIC_MEAN);
    public static final Statistic SD = simple(Kind.SD);
    public static final Statistic CV = simple(Kind.CV);
    public static final Statistic ROBUST_SD = simple(Kind.ROBUST_SD);
    public static final Statistic ROBUST_CV = simple(Kind.ROBUST_CV);
    public static final Statistic MIN = simple(Kind.MIN);
    public static final Statistic MAX = simple(Kind.MAX);

    public Statistic {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.PERCENTILE) {
            if (!(percentile >= 0 && percentile <= 100)) {
                throw invalid("Percentile must be in [0, 100], was " + percentile);
            }
        } else if (!Double.isNaN(percentile)) {
            throw invalid(kind + " takes no percentile, was given " + percentile);
        }
        if (kind == Kind.FREQ_OF) {
            if (ancestor == null || ancestor.isBlank()) {
                throw invalid("freq_of needs an ancestor population name");
            }
        } else if (ancestor != null) {
            throw invalid(kind + " takes no ancestor, was given " + ancestor);
        }
    }

    private static Statistic simple(Kind kind) {
        return new Statistic(kind, Double.NaN, null);
    }

    /** The {@code p}-th percentile, {@code p} in [0, 100]. */
    public static Statistic percentile(double p) {
        return new Statistic(Kind.PERCENTILE, p, null);
    }

    /** Percent of the named ancestor population. */
    public static Statistic frequencyOf(String ancestor) {
        return new Statistic(Kind.FREQ_OF, Double.NaN, ancestor);
    }

    /**
     * Parses one statistic name (see the class comment for the spellings).
     *
     * @throws CytoException (code {@code INVALID_STATISTIC}) naming the text and the accepted spellings when it is
     *     not one
     */
    public static Statistic parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "count", "n": return COUNT;
            case "freq_parent": return FREQ_PARENT;
            case "freq_total": return FREQ_TOTAL;
            case "mean": return MEAN;
            case "median", "mfi": return MEDIAN;
            case "gmean", "geomean": return GEOMETRIC_MEAN;
            case "sd": return SD;
            case "cv": return CV;
            case "rsd": return ROBUST_SD;
            case "rcv": return ROBUST_CV;
            case "min": return MIN;
            case "max": return MAX;
            default: break;
        }
        if (lower.startsWith("freq_of:")) {
            return frequencyOf(t.substring("freq_of:".length()).strip());
        }
        if (lower.length() > 1 && lower.charAt(0) == 'p' && isDecimal(lower.substring(1))) {
            double p = Double.parseDouble(lower.substring(1));
            if (p > 100) {
                throw invalid("Percentile must be in [0, 100], was '" + t + "'");
            }
            return percentile(p);
        }
        throw invalid("Unknown statistic '" + t + "'; expected one of count, freq_parent, "
                + "freq_total, freq_of:<ancestor>, mean, median, gmean, sd, cv, rsd, rcv, p<0-100> (e.g. p5, "
                + "p99.5), min, max");
    }

    /** Parses a comma-separated list such as {@code "count,median,p5,p95"}; blanks between items are ignored. */
    public static List<Statistic> parseList(String text) {
        List<Statistic> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                out.add(parse(part));
            }
        }
        if (out.isEmpty()) {
            throw invalid("No statistic given in '" + text + "'");
        }
        return List.copyOf(out);
    }

    private static CytoException invalid(String message) {
        return new CytoException("INVALID_STATISTIC", null, null, message);
    }

    private static boolean isDecimal(String s) {
        int dots = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return dots <= 1 && !s.equals(".");
    }

    /** True if the statistic needs event values (not just masks). */
    public boolean needsValues() {
        return switch (kind) {
            case COUNT, FREQ_PARENT, FREQ_TOTAL, FREQ_OF -> false;
            default -> true;
        };
    }

    /** The canonical CLI spelling, which {@link #parse} reads back to an equal statistic. */
    public String label() {
        return switch (kind) {
            case COUNT -> "count";
            case FREQ_PARENT -> "freq_parent";
            case FREQ_TOTAL -> "freq_total";
            case FREQ_OF -> "freq_of:" + ancestor;
            case MEAN -> "mean";
            case MEDIAN -> "median";
            case GEOMETRIC_MEAN -> "gmean";
            case SD -> "sd";
            case CV -> "cv";
            case ROBUST_SD -> "rsd";
            case ROBUST_CV -> "rcv";
            case PERCENTILE -> "p" + formatPercentile(percentile);
            case MIN -> "min";
            case MAX -> "max";
        };
    }

    private static String formatPercentile(double p) {
        if (p == Math.rint(p)) {
            return Long.toString((long) p);
        }
        return java.math.BigDecimal.valueOf(p).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return label();
    }
}
