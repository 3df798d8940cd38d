package org.cytoarrow.gating.workflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.cohort.CohortRow;
import org.cytoarrow.core.cohort.CohortTable;
import org.cytoarrow.core.cohort.GroupSummary;
import org.cytoarrow.core.cohort.JonckheereTerpstra;
import org.cytoarrow.core.cohort.KaplanMeier;
import org.cytoarrow.core.cohort.KruskalWallis;
import org.cytoarrow.core.cohort.LogRank;
import org.cytoarrow.core.cohort.MannWhitney;
import org.cytoarrow.core.cohort.Spearman;
import org.cytoarrow.core.cohort.SurvivalCurve;
import org.cytoarrow.core.cohort.WilcoxonSignedRank;
import org.cytoarrow.core.stats.PopulationStatistics;

/**
 * Runs the cohort tests of a study over every endpoint of a {@link CohortData}: per group of {@code by} a summary
 * (n, median, quartiles), Kruskal-Wallis with Dunn's pairs (Holm), Jonckheere-Terpstra over the stated group
 * {@code order}, Mann-Whitney with the Hodges-Lehmann shift and its confidence interval for each two-group
 * comparison, Spearman against numeric covariates, Wilcoxon signed-rank for paired endpoints, and Kaplan-Meier
 * curves with the log-rank test. p-values of each test are Benjamini-Hochberg adjusted across endpoints (Dunn's
 * pairs keep their Holm adjustment). Missing values (empty, NaN) are left out per test; a test that lacks data
 * (a group with no value, fewer than 2 groups) is skipped and said so in {@link Result#notes()}.
 */
public final class CohortAnalysis {
    private CohortAnalysis() {
    }

    /**
     * A two-group comparison within a column, e.g. {@code diagnosis=MM:MGUS} (first minus second for the shift).
     */
    public record Comparison(String column, String first, String second) {
        /** Parses {@code COLUMN=A:B}. */
        public static Comparison parse(String text) {
            int eq = text.indexOf('=');
            int colon = text.lastIndexOf(':');
            if (eq <= 0 || colon <= eq + 1 || colon == text.length() - 1) {
                throw new CytoException("COHORT_OPTION", null, text, "Comparison must look like COLUMN=A:B (e.g. "
                        + "diagnosis=MM:MGUS), was '" + text + "'");
            }
            return new Comparison(text.substring(0, eq), text.substring(eq + 1, colon), text.substring(colon + 1));
        }
    }

    /**
     * What to test.
     *
     * @param by         grouping column, or null
     * @param byFallback column used where {@code by} is empty (e.g. diagnosis where an MGUS patient has no stage),
     *                   or null
     * @param order      group order for the trend test (empty: no trend test; groups are then sorted)
     * @param endpoints  endpoint columns (empty: every numeric result column)
     * @param compare    two-group comparisons (empty and exactly two groups of {@code by}: those two)
     * @param correlate  numeric covariates for Spearman
     * @param paired     pairs of endpoint columns for Wilcoxon, each {@code {x, y}}
     * @param time       survival time column, or null
     * @param event      event column (1/true/yes = event), or null
     * @param split      {@code COLUMN:CUT} dividing units into low/high for the survival curves (CUT a number or
     *                   {@code median}); null = the {@code by} groups
     */
    public record Options(String by, String byFallback, List<String> order, List<String> endpoints,
                          List<Comparison> compare, List<String> correlate, List<List<String>> paired, String time,
                          String event, String split) {
        public Options {
            order = List.copyOf(order);
            endpoints = List.copyOf(endpoints);
            compare = List.copyOf(compare);
            correlate = List.copyOf(correlate);
            paired = List.copyOf(paired);
            if ((time == null) != (event == null)) {
                throw new CytoException("COHORT_OPTION", null, null, "Survival needs both a time and an event column");
            }
        }

        /** Just a grouping. */
        public static Options by(String column) {
            return new Options(column, null, List.of(), List.of(), List.of(), List.of(), List.of(), null, null, null);
        }
    }

    /**
     * Kaplan-Meier curves of one survival analysis.
     *
     * @param title  e.g. {@code ttp_months by pct_il6_of_cd138 >= 12.3}
     * @param names  group names
     * @param curves one curve per group
     * @param test   the log-rank test
     */
    public record Survival(String title, List<String> names, List<SurvivalCurve> curves, LogRank.Result test) {
        public Survival {
            names = List.copyOf(names);
            curves = List.copyOf(curves);
        }
    }

    /**
     * The outcome.
     *
     * @param table    every test and summary row
     * @param survival survival analyses (empty without time/event)
     * @param groups   the group of each unit (row order of the data), empty strings without {@code by}
     * @param notes    tests skipped and why
     */
    public record Result(CohortTable table, List<Survival> survival, List<String> groups, List<String> notes) {
        public Result {
            survival = List.copyOf(survival);
            groups = List.copyOf(groups);
            notes = List.copyOf(notes);
        }

        /** The first row of {@code test} for {@code endpoint} and {@code comparison} (null = any). */
        public CohortRow find(String endpoint, String test, String comparison) {
            for (CohortRow r : table.rows()) {
                if (r.endpoint().equals(endpoint) && r.test().equals(test)
                        && (comparison == null || r.comparison().equals(comparison))) {
                    return r;
                }
            }
            return null;
        }
    }

    private static final List<String> FAMILIES = List.of("kruskal_wallis", "jonckheere_terpstra", "mann_whitney",
            "spearman", "wilcoxon_signed_rank", "logrank");

    /** Runs the analysis. */
    public static Result analyse(CohortData data, Options o) {
        List<String> notes = new ArrayList<>();
        List<String> groups = groups(data, o);
        List<String> names = groupNames(groups, o.order());
        List<String> endpoints = o.endpoints().isEmpty() ? data.numericResultColumns() : o.endpoints();
        String grouping = o.by() == null ? "" : o.by();
        List<CohortRow> rows = new ArrayList<>();
        for (String endpoint : endpoints) {
            double[] y = data.numbers(endpoint);
            if (o.by() != null) {
                List<double[]> values = new ArrayList<>();
                for (String g : names) {
                    values.add(select(y, groups, g));
                    rows.addAll(GroupSummary.of(g, select(y, groups, g)).rows(endpoint, grouping));
                }
                List<String> present = new ArrayList<>();
                List<double[]> nonEmpty = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    if (values.get(i).length > 0) {
                        present.add(names.get(i));
                        nonEmpty.add(values.get(i));
                    }
                }
                if (present.size() >= 2) {
                    rows.addAll(KruskalWallis.test(present, nonEmpty).rows(endpoint, grouping));
                    if (!o.order().isEmpty()) {
                        rows.addAll(JonckheereTerpstra.test(present, nonEmpty).rows(endpoint, grouping));
                    }
                } else {
                    notes.add(endpoint + ": fewer than 2 groups of " + grouping + " with values: no Kruskal-Wallis");
                }
                if (o.compare().isEmpty() && present.size() == 2) {
                    rows.addAll(mannWhitney(endpoint, grouping, present.get(0), nonEmpty.get(0), present.get(1),
                            nonEmpty.get(1), notes));
                }
            }
            for (Comparison c : o.compare()) {
                List<String> cg = data.texts(c.column());
                rows.addAll(mannWhitney(endpoint, c.column(), c.first(), select(y, cg, c.first()), c.second(),
                        select(y, cg, c.second()), notes));
            }
            for (String covariate : o.correlate()) {
                double[][] xy = complete(data.numbers(covariate), y);
                if (xy[0].length >= 3) {
                    rows.addAll(Spearman.test(xy[0], xy[1]).rows(endpoint, "", covariate));
                } else {
                    notes.add(endpoint + " ~ " + covariate + ": fewer than 3 complete pairs: no Spearman");
                }
            }
        }
        for (List<String> pair : o.paired()) {
            double[][] xy = complete(data.numbers(pair.get(0)), data.numbers(pair.get(1)));
            if (xy[0].length >= 2) {
                rows.addAll(WilcoxonSignedRank.test(xy[0], xy[1]).rows(pair.get(0) + " - " + pair.get(1), "paired",
                        pair.get(0), pair.get(1)));
            } else {
                notes.add(pair + ": fewer than 2 complete pairs: no Wilcoxon");
            }
        }
        List<Survival> survival = new ArrayList<>();
        if (o.time() != null) {
            Survival s = survival(data, o, groups, names, notes);
            if (s != null) {
                survival.add(s);
                rows.addAll(s.test().rows(o.time(), s.title()));
            }
        }
        CohortTable table = CohortTable.of(rows);
        for (String family : FAMILIES) {
            table = table.adjustBenjaminiHochberg(family);
        }
        return new Result(table, survival, groups, notes);
    }

    private static List<CohortRow> mannWhitney(String endpoint, String grouping, String a, double[] x, String b,
                                               double[] y, List<String> notes) {
        if (x.length == 0 || y.length == 0) {
            notes.add(endpoint + ": " + a + " vs " + b + " needs values in both groups: no Mann-Whitney");
            return List.of();
        }
        return MannWhitney.test(x, y).rows(endpoint, grouping, a, b);
    }

    private static Survival survival(CohortData data, Options o, List<String> groups, List<String> names,
                                     List<String> notes) {
        double[] time = data.numbers(o.time());
        List<String> ev = data.texts(o.event());
        List<String> g;
        List<String> gNames;
        String title;
        if (o.split() != null) {
            int colon = o.split().lastIndexOf(':');
            if (colon <= 0) {
                throw new CytoException("COHORT_OPTION", null, o.split(), "--split must look like COLUMN:CUT (CUT a "
                        + "number or 'median'), was '" + o.split() + "'");
            }
            String column = o.split().substring(0, colon);
            String cutText = o.split().substring(colon + 1);
            double[] x = data.numbers(column);
            double cut = cutText.equalsIgnoreCase("median")
                    ? PopulationStatistics.percentiles(x, 50)[0] : CohortData.number(cutText);
            if (Double.isNaN(cut)) {
                throw new CytoException("COHORT_OPTION", null, o.split(), "--split cut '" + cutText
                        + "' is neither a number nor 'median'");
            }
            String lo = column + " < " + format(cut);
            String hi = column + " >= " + format(cut);
            g = new ArrayList<>();
            for (double v : x) {
                g.add(Double.isNaN(v) ? "" : v < cut ? lo : hi);
            }
            gNames = List.of(lo, hi);
            title = o.time() + " by " + column + " (cut " + format(cut) + ")";
        } else if (o.by() != null) {
            g = groups;
            gNames = names;
            title = o.time() + " by " + o.by();
        } else {
            notes.add("survival: neither --split nor --by: no curves");
            return null;
        }
        List<String> used = new ArrayList<>();
        List<double[]> times = new ArrayList<>();
        List<boolean[]> events = new ArrayList<>();
        List<SurvivalCurve> curves = new ArrayList<>();
        for (String name : gNames) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < time.length; i++) {
                if (g.get(i).equals(name) && !Double.isNaN(time[i]) && !ev.get(i).isEmpty()) {
                    idx.add(i);
                }
            }
            if (idx.isEmpty()) {
                continue;
            }
            double[] t = new double[idx.size()];
            boolean[] e = new boolean[idx.size()];
            for (int k = 0; k < t.length; k++) {
                t[k] = time[idx.get(k)];
                e[k] = isEvent(ev.get(idx.get(k)));
            }
            used.add(name);
            times.add(t);
            events.add(e);
            curves.add(KaplanMeier.fit(t, e));
        }
        if (used.size() < 2) {
            notes.add("survival: fewer than 2 groups with follow-up: no log-rank test");
            return null;
        }
        return new Survival(title, used, curves, LogRank.test(used, times, events));
    }

    private static boolean isEvent(String s) {
        String t = s.strip().toLowerCase(java.util.Locale.ROOT);
        return t.equals("1") || t.equals("true") || t.equals("yes") || t.equals("event");
    }

    private static String format(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros()
                .toPlainString();
    }

    private static List<String> groups(CohortData data, Options o) {
        if (o.by() == null) {
            return java.util.Collections.nCopies(data.rows().size(), "");
        }
        List<String> by = data.texts(o.by());
        List<String> fallback = o.byFallback() == null ? null : data.texts(o.byFallback());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < by.size(); i++) {
            String g = by.get(i);
            out.add(g.isEmpty() && fallback != null ? fallback.get(i) : g);
        }
        return out;
    }

    private static List<String> groupNames(List<String> groups, List<String> order) {
        TreeSet<String> present = new TreeSet<>(groups);
        present.remove("");
        List<String> out = new ArrayList<>();
        for (String g : order) {
            if (present.remove(g)) {
                out.add(g);
            }
        }
        out.addAll(present);
        return out;
    }

    private static double[] select(double[] y, List<String> groups, String group) {
        return java.util.stream.IntStream.range(0, y.length)
                .filter(i -> groups.get(i).equals(group) && !Double.isNaN(y[i])).mapToDouble(i -> y[i]).toArray();
    }

    private static double[][] complete(double[] x, double[] y) {
        int[] idx = java.util.stream.IntStream.range(0, x.length)
                .filter(i -> !Double.isNaN(x[i]) && !Double.isNaN(y[i])).toArray();
        return new double[][] {Arrays.stream(idx).mapToDouble(i -> x[i]).toArray(),
            Arrays.stream(idx).mapToDouble(i -> y[i]).toArray()};
    }

    /** Group summaries of one endpoint, by group name, for headline tables. */
    public static Map<String, CohortRow> summaries(Result r, String endpoint) {
        Map<String, CohortRow> out = new LinkedHashMap<>();
        for (CohortRow row : r.table().rows()) {
            if (row.endpoint().equals(endpoint) && row.test().equals("summary")) {
                out.put(row.comparison(), row);
            }
        }
        return out;
    }
}
