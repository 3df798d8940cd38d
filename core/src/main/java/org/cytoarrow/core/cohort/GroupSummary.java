package org.cytoarrow.core.cohort;

import java.util.List;
import org.cytoarrow.core.stats.PopulationStatistics;

/**
 * Per-group description of one endpoint: n, median and quartiles (Hyndman-Fan type 7, as R's {@code quantile}
 * default; see {@link PopulationStatistics}). NaN values are left out.
 */
public record GroupSummary(String group, int n, double median, double q1, double q3) implements CohortResult {

    /** Summarises {@code values} of group {@code group}. */
    public static GroupSummary of(String group, double[] values) {
        double[] q = PopulationStatistics.percentiles(values, 50, 25, 75);
        int n = 0;
        for (double v : values) {
            n += Double.isNaN(v) ? 0 : 1;
        }
        return new GroupSummary(group, n, q[0], q[1], q[2]);
    }

    /** Interquartile range q3 - q1. */
    public double iqr() {
        return q3 - q1;
    }

    @Override
    public List<CohortRow> rows(String endpoint, String grouping) {
        return List.of(new CohortRow(endpoint, grouping, group, "summary", Double.NaN, Double.NaN, Double.NaN,
                median, q1, q3, n));
    }
}
