package org.cytoarrow.batch;

import java.util.Objects;

/**
 * One value of the long statistics table, before the sample columns are added.
 *
 * @param population population path such as {@code /Cells/Singlets/CD3+} ({@code /} is all events)
 * @param statistic  statistic name such as {@code count}, {@code freq_parent}, {@code median}
 * @param channel    channel the statistic is about, or empty for population-level statistics
 * @param value      the value (NaN when undefined, e.g. a median of no events)
 * @param dataset    empty for a file with one data set; otherwise the data set index, and the row belongs to the
 *                   sample {@code <sample>#<dataset>}
 */
public record StatisticRow(String population, String statistic, String channel, double value, String dataset) {
    public StatisticRow {
        Objects.requireNonNull(population, "population");
        Objects.requireNonNull(statistic, "statistic");
        channel = channel == null ? "" : channel;
        dataset = dataset == null ? "" : dataset;
    }

    /** A row of a single-data-set file. */
    public StatisticRow(String population, String statistic, String channel, double value) {
        this(population, statistic, channel, value, "");
    }
}
