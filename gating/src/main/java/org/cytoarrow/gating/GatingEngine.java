package org.cytoarrow.gating;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.EventMask;
import org.cytoarrow.gating.GatingStrategy.PopulationNode;

/**
 * Evaluates a strategy on one sample in one parallel pass over blocks of events: for each block the columns gates
 * see are computed (see {@link ColumnCache}) and, while they are still in cache, every geometric gate is evaluated
 * on them (each distinct rectangle interval once; polygons and ellipsoids whole). Parents and Boolean gates are then
 * combined on the packed masks in dependency order.
 */
final class GatingEngine {
    private final GatingStrategy strategy;
    private final int n;
    private final ColumnCache columns;
    /** Own (parent-free) membership words of each distinct interval, and of each polygon and ellipsoid node. */
    private final Map<Interval, long[]> intervals = new LinkedHashMap<>();
    private final Map<String, Kernel> shapes = new LinkedHashMap<>();

    /** Every distinct dimension the populations of {@code strategy} see: their gates' and their regions'. */
    static Set<Dimension> dimensions(GatingStrategy strategy) {
        Set<Dimension> needed = new LinkedHashSet<>();
        for (PopulationNode node : strategy.nodes().values()) {
            needed.addAll(node.gate().dimensions());
            if (node.region() instanceof RectangleGate r) {
                for (RectangleGate.Range range : r.ranges()) {
                    needed.add(range.dimension());
                }
            }
        }
        return needed;
    }

    GatingEngine(GatingStrategy strategy, EventFrame frame) {
        this.strategy = strategy;
        this.n = frame.eventCount();
        // Every distinct column the gates see, once; every distinct interval test once.
        Set<Dimension> needed = dimensions(strategy);
        Map<Interval, RectangleGate.Range> ranges = new LinkedHashMap<>();
        for (PopulationNode node : strategy.nodes().values()) {
            Gate region = node.region();
            if (region instanceof RectangleGate r) {
                for (RectangleGate.Range range : r.ranges()) {
                    ranges.putIfAbsent(interval(range), range);
                }
            } else if (region instanceof PolygonGate p) {
                shapes.put(node.id(), new PolygonKernel(p));
            } else if (region instanceof EllipsoidGate e) {
                shapes.put(node.id(), new EllipsoidKernel(e));
            }
        }
        List<Kernel> kernels = new ArrayList<>();
        for (Map.Entry<Interval, RectangleGate.Range> e : ranges.entrySet()) {
            Interval i = e.getKey();
            if (intervals.containsKey(i)) {
                continue;
            }
            // The two sides of a divider ([-inf, c) and [c, +inf) on one column, as quadrants have) in one pass.
            Interval upper = new Interval(i.column(), i.max(), Double.POSITIVE_INFINITY);
            if (i.min() == Double.NEGATIVE_INFINITY && Double.isFinite(i.max()) && ranges.containsKey(upper)) {
                SplitKernel k = new SplitKernel(e.getValue().dimension(), i.max());
                intervals.put(i, k.words);
                intervals.put(upper, k.atOrAbove);
                kernels.add(k);
            } else {
                IntervalKernel k = new IntervalKernel(e.getValue());
                intervals.put(i, k.words);
                kernels.add(k);
            }
        }
        kernels.addAll(shapes.values());
        this.columns = new ColumnCache(strategy, frame, needed, (block, from, len) -> {
            for (Kernel k : kernels) {
                k.run(block, from, len);
            }
        });
    }

    /** One interval test on one column (by the column's cache key: equal keys are equal columns). */
    private record Interval(Object column, double min, double max) { }

    private static Interval interval(RectangleGate.Range range) {
        return new Interval(ColumnCache.key(range.dimension()), range.min(), range.max());
    }

    /** A gate kernel evaluated block by block into membership words for all events. */
    private abstract class Kernel {
        final long[] words = new long[EventMask.wordCount(n)];

        /** Evaluates events {@code from .. from + len - 1} (from a multiple of 64) into {@link #words}. */
        abstract void run(Function<Dimension, double[]> block, int from, int len);

        /** Copies a block's words (event {@code from} in bit 0 of word 0) into {@code target}. */
        static void put(long[] target, long[] blockWords, int from) {
            System.arraycopy(blockWords, 0, target, from >>> 6, blockWords.length);
        }
    }

    private final class IntervalKernel extends Kernel {
        private final RectangleGate.Range range;

        IntervalKernel(RectangleGate.Range range) {
            this.range = range;
        }

        @Override
        void run(Function<Dimension, double[]> block, int from, int len) {
            long[] w = new long[EventMask.wordCount(len)];
            GateKernels.range(block.apply(range.dimension()), range.min(), range.max(), w, len, false);
            put(words, w, from);
        }
    }

    /** Both sides of one divider: {@link #words} below it, {@link #atOrAbove} at or above it. */
    private final class SplitKernel extends Kernel {
        final long[] atOrAbove = new long[EventMask.wordCount(n)];
        private final Dimension dimension;
        private final double divider;

        SplitKernel(Dimension dimension, double divider) {
            this.dimension = dimension;
            this.divider = divider;
        }

        @Override
        void run(Function<Dimension, double[]> block, int from, int len) {
            long[] below = new long[EventMask.wordCount(len)];
            long[] above = new long[below.length];
            GateKernels.split(block.apply(dimension), divider, below, above, len);
            put(words, below, from);
            put(atOrAbove, above, from);
        }
    }

    private final class PolygonKernel extends Kernel {
        private final PolygonGate gate;
        private final PolygonGrid grid;

        PolygonKernel(PolygonGate gate) {
            this.gate = gate;
            this.grid = PolygonGrid.of(gate.vertices());
        }

        @Override
        void run(Function<Dimension, double[]> block, int from, int len) {
            put(words, grid.evaluate(block.apply(gate.x()), block.apply(gate.y()), len), from);
        }
    }

    private final class EllipsoidKernel extends Kernel {
        private final EllipsoidGate gate;
        private final double[] mean;

        EllipsoidKernel(EllipsoidGate gate) {
            this.gate = gate;
            this.mean = gate.mean().stream().mapToDouble(Double::doubleValue).toArray();
        }

        @Override
        void run(Function<Dimension, double[]> block, int from, int len) {
            List<Dimension> dims = gate.dimensions();
            double[][] cols = new double[dims.size()][];
            for (int d = 0; d < cols.length; d++) {
                cols[d] = block.apply(dims.get(d));
            }
            put(words, GateKernels.ellipsoid(cols, mean, gate.inverseCovariance(), gate.distanceSquare(), len),
                    from);
        }
    }

    GatingResult run() {
        List<PopulationNode> nodes = List.copyOf(strategy.nodes().values());
        Map<String, double[][]> values = new HashMap<>();
        Map<String, long[]> own = new HashMap<>();
        for (PopulationNode node : nodes) {
            List<Dimension> dims = node.gate().dimensions();
            double[][] cols = new double[dims.size()][];
            for (int d = 0; d < cols.length; d++) {
                cols[d] = columns.column(dims.get(d));
            }
            values.put(node.id(), cols);
            if (node.region() instanceof RectangleGate r) {
                long[] words = intervals.get(interval(r.ranges().get(0))).clone();
                for (int d = 1; d < r.ranges().size(); d++) {
                    and(words, intervals.get(interval(r.ranges().get(d))));
                }
                own.put(node.id(), words);
            } else if (shapes.containsKey(node.id())) {
                own.put(node.id(), shapes.get(node.id()).words);
            }
        }
        Map<String, EventMask> masks = new LinkedHashMap<>();
        for (PopulationNode node : nodes) {
            EventMask m = node.region() instanceof BooleanGate b
                    ? bool(b, masks) : EventMask.ofWords(own.get(node.id()), n);
            if (node.parentId() != null) {
                m = m.and(masks.get(node.parentId()));
            }
            masks.put(node.id(), m);
        }
        return new GatingResult(strategy, n, masks, values);
    }

    /**
     * {@code words &= bits}. A method of its own so that the JIT compiles this loop alone rather than all of
     * {@link #run()} around it (twice: on-stack replacement, then the whole method).
     */
    private static void and(long[] words, long[] bits) {
        for (int k = 0; k < words.length; k++) {
            words[k] &= bits[k];
        }
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
