package org.cytoarrow.gating;

import org.cytoarrow.core.EventMask;

/**
 * Evaluates one geometric gate on columns that are already prepared (scaled, compensated, transformed): the
 * building block under {@link GatingStrategy#evaluate}, for callers that hold their own arrays. No parent is
 * applied. Boundary rules are those documented on each gate class.
 */
public final class Gates {
    private Gates() {
    }

    /**
     * The events of {@code columns} inside {@code gate}.
     *
     * @param gate    a {@link RectangleGate}, {@link PolygonGate} or {@link EllipsoidGate}
     * @param columns one column per gate dimension, in {@link Gate#dimensions()} order, all of length >= n
     * @param n       number of events
     * @throws IllegalArgumentException for Boolean and quadrant gates (use {@link QuadrantGate#asRectangle}), or
     *                                  a wrong number of columns
     */
    public static EventMask mask(Gate gate, double[][] columns, int n) {
        if (columns.length != gate.dimensions().size()) {
            throw new IllegalArgumentException("Gate " + gate.id() + " has " + gate.dimensions().size()
                    + " dimensions, got " + columns.length + " columns");
        }
        for (double[] c : columns) {
            if (c.length < n) {
                throw new IllegalArgumentException("Column of " + c.length + " values for " + n + " events");
            }
        }
        long[] words;
        if (gate instanceof RectangleGate r) {
            words = GateKernels.rectangle(columns, r.ranges(), n);
        } else if (gate instanceof PolygonGate p) {
            words = GateKernels.polygon(columns[0], columns[1], p.vertices(), n);
        } else if (gate instanceof EllipsoidGate e) {
            double[] mean = e.mean().stream().mapToDouble(Double::doubleValue).toArray();
            words = GateKernels.ellipsoid(columns, mean, e.inverseCovariance(), e.distanceSquare(), n);
        } else {
            throw new IllegalArgumentException("Gate " + gate.id() + " is a " + gate.getClass().getSimpleName()
                    + ": only rectangle, polygon and ellipsoid gates evaluate on columns alone");
        }
        return EventMask.ofWords(words, n);
    }
}
