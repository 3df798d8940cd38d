package org.cytoarrow.report;

import java.util.HashMap;
import java.util.Map;
import org.cytoarrow.gating.Dimension;
import org.cytoarrow.gating.Gate;
import org.cytoarrow.gating.GatingResult;
import org.cytoarrow.gating.QuadrantGate;

/**
 * The values a gated data set's gates saw ({@link GatingResult#values}), copied out once per distinct
 * {@link Dimension}: gates on equal dimensions see equal values, and a data set's plots and statistics read the
 * same few columns over and over. The arrays are shared by everyone asking for an equal dimension, so callers
 * must not modify them. Not thread-safe: one per data set and thread.
 */
public final class GateValues {
    private final GatingResult result;
    private final Map<Dimension, double[]> byDimension = new HashMap<>();

    /** The values of {@code result}'s gates, copied out as they are first asked for. */
    public GateValues(GatingResult result) {
        this.result = result;
    }

    /** The gating result. */
    public GatingResult result() {
        return result;
    }

    /**
     * The values geometric gate {@code gate} saw on its dimension {@code d}, for all events in event order; shared,
     * never modify.
     *
     * @throws IndexOutOfBoundsException for {@code d} out of range
     */
    public double[] of(Gate gate, int d) {
        Dimension dimension = gate.dimensions().get(d);
        double[] v = byDimension.get(dimension);
        if (v == null) {
            String population = gate instanceof QuadrantGate q ? q.quadrants().get(0).id() : gate.id();
            v = result.values(population, d);
            byDimension.put(dimension, v);
        }
        return v;
    }
}
