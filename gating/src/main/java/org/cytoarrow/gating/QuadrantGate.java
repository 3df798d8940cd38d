package org.cytoarrow.gating;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A Gating-ML 2.0 quadrant gate: dividers cut dimensions into intervals, and each {@link Quadrant} picks one
 * interval on some of the dividers. The quadrants, not the quadrant gate, are the populations: each is addressed
 * by its own id, and its parent is the quadrant gate's parent.
 *
 * <p>A divider with values {@code v1 < v2 < ... < vk} makes the intervals {@code (-inf, v1), [v1, v2), ...,
 * [vk, +inf)} (lower end inclusive, as rectangle gates). A quadrant position's {@code location} selects the
 * interval containing it. Dividers a quadrant does not mention do not constrain it.
 *
 * @param id        gate id (not itself a population)
 * @param parentId  parent population id, or null
 * @param dividers  the dividers
 * @param quadrants the quadrants
 */
public record QuadrantGate(String id, String parentId, List<Divider> dividers, List<Quadrant> quadrants)
        implements Gate {

    public QuadrantGate {
        Gate.requireId(id, "Gate");
        dividers = List.copyOf(dividers);
        quadrants = List.copyOf(quadrants);
        if (dividers.isEmpty() || quadrants.isEmpty()) {
            throw new IllegalArgumentException("QuadrantGate " + id + " needs dividers and quadrants");
        }
        Set<String> ids = new HashSet<>();
        for (Divider d : dividers) {
            if (!ids.add(d.id())) {
                throw new IllegalArgumentException("QuadrantGate " + id + ": duplicate divider id " + d.id());
            }
        }
        for (Quadrant q : quadrants) {
            for (String ref : q.positions().keySet()) {
                if (!ids.contains(ref)) {
                    throw new IllegalArgumentException("QuadrantGate " + id + ": quadrant " + q.id()
                            + " refers to unknown divider " + ref + "; dividers are " + ids);
                }
            }
        }
    }

    @Override
    public List<Dimension> dimensions() {
        return dividers.stream().map(Divider::dimension).toList();
    }

    /** The divider with this id. */
    public Divider divider(String dividerId) {
        return dividers.stream().filter(d -> d.id().equals(dividerId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No divider " + dividerId + " in " + id));
    }

    /**
     * The quadrant as a rectangle: one range per position, in divider order, built from the divider values around
     * the position's location.
     */
    public RectangleGate asRectangle(Quadrant q) {
        List<RectangleGate.Range> ranges = new ArrayList<>();
        for (Divider d : dividers) {
            Double loc = q.positions().get(d.id());
            if (loc != null) {
                ranges.add(d.intervalOf(loc));
            }
        }
        return new RectangleGate(q.id(), parentId, ranges);
    }

    /**
     * One divider: a dimension and the values that cut it.
     *
     * @param id        divider id
     * @param dimension the axis
     * @param values    cut points (any order; used sorted)
     */
    public record Divider(String id, Dimension dimension, List<Double> values) {
        public Divider {
            Gate.requireId(id, "Divider");
            Objects.requireNonNull(dimension, "dimension");
            values = List.copyOf(values);
            if (values.isEmpty() || values.stream().anyMatch(v -> !Double.isFinite(v))) {
                throw new IllegalArgumentException("Divider " + id + " needs finite values, has " + values);
            }
        }

        /** The interval {@code [lo, hi)} of this divider that contains {@code location}. */
        public RectangleGate.Range intervalOf(double location) {
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int k = 0;
            while (k < v.length && v[k] <= location) {
                k++;
            }
            double lo = k == 0 ? Double.NEGATIVE_INFINITY : v[k - 1];
            double hi = k == v.length ? Double.POSITIVE_INFINITY : v[k];
            return new RectangleGate.Range(dimension, lo, hi);
        }

        @Override
        public String toString() {
            return "Divider[" + id + ", " + dimension + ", " + Arrays.toString(values.toArray()) + "]";
        }
    }

    /**
     * One quadrant (a population).
     *
     * @param id        quadrant id, unique among all gates and quadrants
     * @param positions divider id to a location inside the wanted interval, in document order
     */
    public record Quadrant(String id, Map<String, Double> positions) {
        public Quadrant {
            Gate.requireId(id, "Quadrant");
            positions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(positions));
            if (positions.isEmpty()) {
                throw new IllegalArgumentException("Quadrant " + id + " needs at least one position");
            }
        }
    }
}
