package org.cytoarrow.gating;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.EventMask;
import org.cytoarrow.gating.GatingStrategy.PopulationNode;

/**
 * Evaluates a strategy on one sample: geometric gates first (in parallel, each over whole columns), then parents
 * and Boolean gates combined on masks in dependency order.
 */
final class GatingEngine {
    private final GatingStrategy strategy;
    private final int n;
    private final ColumnCache columns;

    GatingEngine(GatingStrategy strategy, EventFrame frame) {
        this.strategy = strategy;
        this.n = frame.eventCount();
        // Every distinct column the gates see, once (blocked and in parallel inside the cache).
        Set<Dimension> needed = new LinkedHashSet<>();
        for (PopulationNode node : strategy.nodes().values()) {
            needed.addAll(node.gate().dimensions());
            if (node.region() instanceof RectangleGate r) {
                r.ranges().forEach(range -> needed.add(range.dimension()));
            }
        }
        this.columns = new ColumnCache(strategy, frame, needed);
    }

    GatingResult run() {
        List<PopulationNode> nodes = List.copyOf(strategy.nodes().values());
        Map<String, long[]> own = new ConcurrentHashMap<>();
        Map<String, double[][]> values = new ConcurrentHashMap<>();
        nodes.parallelStream().forEach(node -> {
            List<Dimension> dims = node.gate().dimensions();
            double[][] cols = new double[dims.size()][];
            for (int d = 0; d < cols.length; d++) {
                cols[d] = columns.column(dims.get(d));
            }
            values.put(node.id(), cols);
            if (!(node.region() instanceof BooleanGate)) {
                own.put(node.id(), evaluate(node, cols));
            }
        });
        Map<String, EventMask> masks = new LinkedHashMap<>();
        for (PopulationNode node : nodes) {
            EventMask m = node.region() instanceof BooleanGate b
                    ? bool(b, masks) : EventMask.ofWords(own.get(node.id()), n);
            if (node.parentId() != null) {
                m = m.and(masks.get(node.parentId()));
            }
            masks.put(node.id(), m);
        }
        return new GatingResult(strategy, n, masks, new HashMap<>(values));
    }

    private long[] evaluate(PopulationNode node, double[][] cols) {
        Gate region = node.region();
        if (region instanceof RectangleGate r) {
            // For a quadrant the region names only the dividers the quadrant uses: fetch those (cached) columns.
            double[][] own = new double[r.ranges().size()][];
            for (int d = 0; d < own.length; d++) {
                own[d] = columns.column(r.ranges().get(d).dimension());
            }
            return GateKernels.rectangle(own, r.ranges(), n);
        }
        if (region instanceof PolygonGate p) {
            return GateKernels.polygon(cols[0], cols[1], p.vertices(), n);
        }
        if (region instanceof EllipsoidGate e) {
            double[] mean = e.mean().stream().mapToDouble(Double::doubleValue).toArray();
            return GateKernels.ellipsoid(cols, mean, e.inverseCovariance(), e.distanceSquare(), n);
        }
        throw new IllegalStateException("Unexpected gate " + region);
    }

    private EventMask bool(BooleanGate b, Map<String, EventMask> masks) {
        EventMask acc = null;
        for (BooleanGate.Operand o : b.operands()) {
            EventMask m = masks.get(o.ref());
            if (o.complement()) {
                m = m.not();
            }
            if (acc == null) {
                acc = m;
            } else {
                acc = b.op() == BooleanGate.Op.AND ? acc.and(m) : acc.or(m);
            }
        }
        return b.op() == BooleanGate.Op.NOT ? acc.not() : acc;
    }
}
