package org.cytoarrow.gating;

import java.util.List;
import java.util.Objects;

/**
 * A range (1 dimension) or hyper-rectangle gate. An event is inside when, on every dimension,
 * {@code min <= x < max}: the lower bound is inclusive and the upper bound exclusive (what the Gating-ML 2.0
 * compliance truth shows: Time == 20 is in [20, 80), Time == 80 is not).
 *
 * <p>A missing {@code min} or {@code max} is an open side, stored as {@code -Infinity} / {@code +Infinity}; an
 * open side accepts everything on that side, including the infinity itself. NaN is never inside. A range with
 * {@code min >= max} selects nothing.
 *
 * @param id       gate id
 * @param parentId parent population id, or null
 * @param ranges   one range per dimension
 */
public record RectangleGate(String id, String parentId, List<Range> ranges) implements Gate {

    public RectangleGate {
        Gate.requireId(id, "Gate");
        ranges = List.copyOf(ranges);
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("RectangleGate " + id + " needs at least one dimension");
        }
    }

    @Override
    public List<Dimension> dimensions() {
        return ranges.stream().map(Range::dimension).toList();
    }

    /**
     * The interval {@code [min, max)} on one dimension; an infinite bound is an open side.
     *
     * @param dimension the axis
     * @param min       inclusive lower bound, or {@code -Infinity} when absent
     * @param max       exclusive upper bound, or {@code +Infinity} when absent
     */
    public record Range(Dimension dimension, double min, double max) {
        public Range {
            Objects.requireNonNull(dimension, "dimension");
            if (Double.isNaN(min) || Double.isNaN(max)) {
                throw new IllegalArgumentException("Range bounds must not be NaN: min=" + min + ", max=" + max);
            }
            if (min == Double.POSITIVE_INFINITY || max == Double.NEGATIVE_INFINITY) {
                throw new IllegalArgumentException("Range bounds out of order: min=" + min + ", max=" + max);
            }
        }

        public boolean hasMin() {
            return min != Double.NEGATIVE_INFINITY;
        }

        public boolean hasMax() {
            return max != Double.POSITIVE_INFINITY;
        }
    }
}
