package org.cytoarrow.core.cohort;

import java.util.Objects;

/**
 * One row of a {@link CohortTable}: a test result or a group summary for one endpoint (e.g. {@code
 * "/Cells/CD138+ freq_parent"}) under one grouping (e.g. {@code "response"}).
 *
 * <p>Columns: {@code comparison} names the groups involved ({@code "R vs NR"}, a single group for a summary,
 * {@code "all"} for an omnibus test); {@code test} is a stable machine name ({@code mann_whitney},
 * {@code kruskal_wallis}, {@code dunn}, {@code jonckheere_terpstra}, {@code spearman}, {@code wilcoxon_signed_rank},
 * {@code fisher_exact}, {@code logrank}, {@code summary}); {@code statistic} is the test statistic (U, H, J, ρ,
 * V, odds ratio, χ²); {@code estimate} with {@code ciLow}/{@code ciHigh} is the effect estimate and its confidence
 * interval (for {@code summary} rows: the median and the first and third quartiles); {@code n} is the number of
 * observations used. NaN means "not applicable" and is written as an empty CSV field.
 */
public record CohortRow(String endpoint, String grouping, String comparison, String test, double statistic,
                        double p, double pAdj, double estimate, double ciLow, double ciHigh, int n) {

    public CohortRow {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(grouping, "grouping");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(test, "test");
    }

    /** A copy with {@code pAdj} replaced. */
    public CohortRow withPAdj(double adjusted) {
        return new CohortRow(endpoint, grouping, comparison, test, statistic, p, adjusted, estimate, ciLow, ciHigh, n);
    }
}
