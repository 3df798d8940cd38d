package org.cytoarrow.gating.workflow;

import java.util.ArrayList;
import java.util.List;
import org.cytoarrow.gating.Gate;
import org.cytoarrow.gating.GatingStrategy;
import org.cytoarrow.gating.QuadrantGate;
import org.cytoarrow.gating.RectangleGate;

/**
 * Copies of a {@link GatingStrategy} with one gate boundary moved: a quadrant divider's cut point or a rectangle
 * range's bound. The strategy is immutable, so every method returns a new strategy; transformations, matrices and
 * every other gate are shared.
 */
public final class GateBoundaries {
    private GateBoundaries() {
    }

    /**
     * The strategy with divider {@code dividerId} of quadrant gate {@code gateId} cut at {@code value} only.
     *
     * @throws IllegalArgumentException when the gate is not a quadrant gate, the divider is unknown, it has more
     *                                  than one value (which one to move would be ambiguous) or the value is not
     *                                  finite
     */
    public static GatingStrategy withDivider(GatingStrategy strategy, String gateId, String dividerId,
                                             double value) {
        if (!(gate(strategy, gateId) instanceof QuadrantGate q)) {
            throw new IllegalArgumentException("Gate " + gateId + " is not a quadrant gate");
        }
        List<QuadrantGate.Divider> dividers = new ArrayList<>();
        boolean found = false;
        for (QuadrantGate.Divider d : q.dividers()) {
            if (d.id().equals(dividerId)) {
                if (d.values().size() != 1) {
                    throw new IllegalArgumentException("Divider " + dividerId + " of " + gateId + " has "
                            + d.values().size() + " values " + d.values() + "; only a single cut can be replaced");
                }
                d = new QuadrantGate.Divider(d.id(), d.dimension(), List.of(value));
                found = true;
            }
            dividers.add(d);
        }
        if (!found) {
            throw new IllegalArgumentException("No divider " + dividerId + " in quadrant gate " + gateId
                    + "; dividers are " + q.dividers().stream().map(QuadrantGate.Divider::id).toList());
        }
        return replace(strategy, new QuadrantGate(q.id(), q.parentId(), dividers, q.quadrants()));
    }

    /**
     * The strategy with the {@code bound} of rectangle gate {@code gateId}'s range on {@code channel} set to
     * {@code value}.
     *
     * @throws IllegalArgumentException when the gate is not a rectangle gate or has no range on that channel
     */
    public static GatingStrategy withBound(GatingStrategy strategy, String gateId, String channel,
                                           ThresholdRule.Bound bound, double value) {
        if (!(gate(strategy, gateId) instanceof RectangleGate r)) {
            throw new IllegalArgumentException("Gate " + gateId + " is not a rectangle gate");
        }
        int index = rangeIndex(r, channel);
        List<RectangleGate.Range> ranges = new ArrayList<>(r.ranges());
        RectangleGate.Range old = ranges.get(index);
        ranges.set(index, bound == ThresholdRule.Bound.MIN
                ? new RectangleGate.Range(old.dimension(), value, old.max())
                : new RectangleGate.Range(old.dimension(), old.min(), value));
        return replace(strategy, new RectangleGate(r.id(), r.parentId(), ranges));
    }

    /** Applies a derived threshold the way its rule says (divider or rectangle bound). */
    public static GatingStrategy apply(GatingStrategy strategy, ThresholdRule rule, double value) {
        Gate g = gate(strategy, rule.gateId());
        return g instanceof QuadrantGate
                ? withDivider(strategy, rule.gateId(), rule.boundary(), value)
                : withBound(strategy, rule.gateId(), rule.boundary(), rule.bound(), value);
    }

    /**
     * Where the values of a boundary are found in a {@link org.cytoarrow.gating.GatingResult}: a population id
     * whose gate has the boundary's dimension, and the dimension index, for
     * {@link org.cytoarrow.gating.GatingResult#values(String, int)}.
     */
    record ValuesRef(String populationId, int dimension) {
    }

    static ValuesRef valuesRef(GatingStrategy strategy, String gateId, String boundary) {
        Gate g = gate(strategy, gateId);
        if (g instanceof QuadrantGate q) {
            for (int d = 0; d < q.dividers().size(); d++) {
                if (q.dividers().get(d).id().equals(boundary)) {
                    return new ValuesRef(q.quadrants().get(0).id(), d);
                }
            }
            throw new IllegalArgumentException("No divider " + boundary + " in quadrant gate " + gateId);
        }
        if (g instanceof RectangleGate r) {
            return new ValuesRef(gateId, rangeIndex(r, boundary));
        }
        throw new IllegalArgumentException("Gate " + gateId + " is neither a quadrant nor a rectangle gate: "
                + "its boundary cannot be set from a control");
    }

    private static int rangeIndex(RectangleGate r, String channel) {
        for (int i = 0; i < r.ranges().size(); i++) {
            if (channel.equals(r.ranges().get(i).dimension().channel())) {
                return i;
            }
        }
        throw new IllegalArgumentException("Rectangle gate " + r.id() + " has no range on " + channel
                + "; dimensions are " + r.dimensions());
    }

    private static Gate gate(GatingStrategy strategy, String gateId) {
        return strategy.gate(gateId).orElseThrow(() -> new IllegalArgumentException("No gate " + gateId
                + " in the strategy; gates are " + strategy.gates().stream().map(Gate::id).toList()));
    }

    private static GatingStrategy replace(GatingStrategy strategy, Gate replacement) {
        List<Gate> gates = new ArrayList<>();
        for (Gate g : strategy.gates()) {
            gates.add(g.id().equals(replacement.id()) ? replacement : g);
        }
        return new GatingStrategy(gates, strategy.transformations(), strategy.matrices());
    }
}
