package org.cytoarrow.core.stats;

import java.util.List;
import org.cytoarrow.core.CytoException;

/**
 * The statistics computed for one population, in the order they were asked for, with the bookkeeping a reader
 * needs to judge them.
 *
 * @param count               events in the population (the mask's count)
 * @param valueCount          member values used by the value statistics: {@code count} minus NaN values
 * @param nanExcluded         member values that were NaN and left out of every value statistic
 * @param nonPositiveExcluded non-NaN member values {@code <= 0} left out of the geometric mean only
 * @param values              one entry per requested statistic
 */
public record StatisticValues(int count, int valueCount, int nanExcluded, int nonPositiveExcluded,
                              List<StatisticValue> values) {

    public StatisticValues {
        values = List.copyOf(values);
    }

    /** The value of {@code statistic}, which must be one of those requested. */
    public double get(Statistic statistic) {
        for (StatisticValue v : values) {
            if (v.statistic().equals(statistic)) {
                return v.value();
            }
        }
        throw new CytoException("INVALID_STATISTIC", null, null,
                "Statistic " + statistic.label() + " was not computed; computed: " + values.stream()
                        .map(v -> v.statistic().label()).toList());
    }

    /** Shorthand for {@code get(Statistic.parse(label))}. */
    public double get(String label) {
        return get(Statistic.parse(label));
    }
}
