package org.cytoarrow.gating;

import java.nio.ByteOrder;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Sample;
import org.cytoarrow.core.compensation.Compensator;
import org.cytoarrow.core.compensation.SpilloverMatrix;
import org.cytoarrow.core.transform.Transform;

/**
 * The columns gates look at, keyed by (channel or ratio, compensation, transform), computed once per sample for
 * all events. Only the columns gates use are materialised: scale values, compensation outputs, ratios and
 * transforms are computed together, {@value #BLOCK} events at a time in small reused buffers that stay in cache
 * (read raw values out of Arrow, scale, compensate, transform, copy the result out), and ranges of events run in
 * parallel; an optional {@link BlockTask} then works on each block while it is hot. Each value goes through the
 * same operations in the same order as a column-at-a-time evaluation, so results are identical. Arrays are shared:
 * never modify them.
 */
final class ColumnCache {
    /** Events per block: a dozen block buffers of 32 KB stay in L2. */
    static final int BLOCK = 4096;
    /** Blocks per parallel task. */
    static final int BLOCKS_PER_TASK = 32;
    /** Least values (all columns) whose arrays are zeroed in parallel: 32 MB, well past a core's L2 cache. */
    static final long PARALLEL_ZEROING_VALUES = 4L << 20;

    private final GatingStrategy strategy;
    private final EventFrame frame;
    private final int n;
    /** The materialised columns, by key. */
    private final Map<Object, double[]> columns = new LinkedHashMap<>();
    private final Map<String, Compensator> compensators = new ConcurrentHashMap<>();

    /**
     * Work done on each block right after its columns are computed, while they are still in cache (the gating
     * engine evaluates its gates here). Called from several threads, each with its own block; {@code from} is a
     * multiple of 64.
     */
    interface BlockTask {
        /**
         * @param block the block's values of a needed dimension (index 0 is event {@code from}); never modify
         * @param from  first event of the block
         * @param len   events in the block (at least 1)
         */
        void run(Function<Dimension, double[]> block, int from, int len);
    }

    /** Computes the columns of {@code needed} (all events). */
    ColumnCache(GatingStrategy strategy, EventFrame frame, Collection<Dimension> needed) {
        this(strategy, frame, needed, null);
    }

    /**
     * Computes the columns of {@code needed} (all events), running {@code task} (may be null) on every block
     * once its columns are ready.
     */
    ColumnCache(GatingStrategy strategy, EventFrame frame, Collection<Dimension> needed, BlockTask task) {
        this.strategy = strategy;
        this.frame = frame;
        this.n = frame.eventCount();
        for (Dimension d : needed) {
            columns.putIfAbsent(key(d), null);
        }
        // An empty block first, on this thread: unknown channels, matrices and singular compensations fail here
        // with their own exception, even for a sample without events.
        new Block(0).run(0, 0);
        // Zeroing hundreds of MB of new arrays is a pass over memory of its own: share it between the cores too.
        // Not a few MB: then the other core would zero arrays into its own cache that this one fills next.
        List<Object> keys = List.copyOf(columns.keySet());
        IntStream each = IntStream.range(0, keys.size());
        if ((long) n * keys.size() >= PARALLEL_ZEROING_VALUES) {
            each = each.parallel();
        }
        double[][] arrays = each.mapToObj(i -> new double[n]).toArray(double[][]::new);
        for (int i = 0; i < arrays.length; i++) {
            columns.put(keys.get(i), arrays[i]);
        }
        int span = BLOCK * BLOCKS_PER_TASK;
        int tasks = (n + span - 1) / span;
        IntStream.range(0, tasks).parallel().forEach(t -> {
            Block block = new Block(BLOCK);
            Function<Dimension, double[]> lookup = d -> block.value(key(d));
            int end = (int) Math.min(n, (long) (t + 1) * span);
            for (int from = t * span; from < end; from += BLOCK) {
                int len = Math.min(BLOCK, end - from);
                block.run(from, len);
                if (task != null) {
                    task.run(lookup, from, len);
                }
            }
        });
    }

    private record Scaled(String channel) { }

    private record Compensated(String compensationRef) { }

    private record Base(String source, boolean ratio, String compensationRef) { }

    private record Transformed(Base base, String transformRef) { }

    /** The cache key of a dimension: dimensions with equal keys have identical values. */
    static Object key(Dimension d) {
        Base base = new Base(d.isRatio() ? d.ratioRef() : d.channel(), d.isRatio(), d.compensationRef());
        return d.transformRef() == null ? base : new Transformed(base, d.transformRef());
    }

    /** The values of {@code d} for all events; {@code d} must be one of the dimensions given at construction. */
    double[] column(Dimension d) {
        double[] c = columns.get(key(d));
        if (c == null) {
            throw new IllegalStateException("Column not computed: " + d);
        }
        return c;
    }

    /**
     * The channels a cache of {@code needed} reads from a frame of {@code sample}: what {@link Block#channel}
     * reads for each dimension's channel (or a ratio's two channels), namely the channel itself and, when a
     * spillover matrix compensates it, all of that matrix's detectors.
     */
    static Set<String> channelsRead(GatingStrategy strategy, Sample sample, Collection<Dimension> needed) {
        Set<String> out = new LinkedHashSet<>();
        for (Dimension d : needed) {
            List<String> sources;
            if (d.isRatio()) {
                RatioTransformation r = (RatioTransformation) strategy.transformations().get(d.ratioRef());
                sources = List.of(r.numerator(), r.denominator());
            } else {
                sources = List.of(d.channel());
            }
            for (String name : sources) {
                out.add(name);
                Optional<SpilloverMatrix> m = matrix(strategy, sample, d.compensationRef());
                if (m.isPresent() && Compensation.outputs(m.get()).contains(name)) {
                    out.addAll(Compensation.inputs(m.get()));
                }
            }
        }
        return out;
    }

    /**
     * The matrix that compensates under {@code compensationRef}: none for "uncompensated", the sample's own for
     * "FCS" (none when the file has none), else the strategy's spectrum matrix of that id (the strategy checked
     * that it exists).
     */
    private static Optional<SpilloverMatrix> matrix(GatingStrategy strategy, Sample sample, String compensationRef) {
        if (compensationRef.equals(Dimension.UNCOMPENSATED)) {
            return Optional.empty();
        }
        if (compensationRef.equals(Dimension.FCS)) {
            return sample.spillover();
        }
        return Optional.of(strategy.matrices().get(compensationRef));
    }

    private Compensator compensator(String compensationRef, SpilloverMatrix m) {
        Compensator c = compensators.get(compensationRef);
        if (c == null) {
            c = Compensation.compensator(m);
            compensators.putIfAbsent(compensationRef, c);
        }
        return c;
    }

    /** One thread's working set: block-sized buffers by key, reused from block to block. */
    private final class Block {
        private final Map<Object, Object> buffers = new HashMap<>();
        private final Set<Object> done = new HashSet<>();
        private final Map<String, Transform> transforms = new HashMap<>();
        /** Events per buffer: {@link #BLOCK}, or 0 for the empty block that only checks the strategy. */
        private final int capacity;
        /** Float32 data of one block; allocated up front, as a lazy allocation's branch costs a JIT recompile. */
        private final float[] floats;
        private int from;
        private int len;

        Block(int capacity) {
            this.capacity = capacity;
            this.floats = new float[capacity];
        }

        void run(int from, int len) {
            this.from = from;
            this.len = len;
            done.clear();
            for (Map.Entry<Object, double[]> e : columns.entrySet()) {
                double[] v = value(e.getKey());
                if (len > 0) {
                    System.arraycopy(v, 0, e.getValue(), from, len);
                }
            }
        }

        private double[] buffer(Object key) {
            return (double[]) buffers.computeIfAbsent(key, k -> new double[capacity]);
        }

        private double[] value(Object key) {
            if (key instanceof Transformed t) {
                double[] out = buffer(t);
                if (done.add(t)) {
                    ScaleTransformation s = (ScaleTransformation) strategy.transformations().get(t.transformRef());
                    double[] in = base(t.base());
                    transforms.computeIfAbsent(t.transformRef(), r -> s.transform()).apply(in, out, len);
                    s.clamp(out, len);
                }
                return out;
            }
            return base((Base) key);
        }

        private double[] base(Base b) {
            if (!b.ratio()) {
                return channel(b.source(), b.compensationRef());
            }
            double[] out = buffer(b);
            if (done.add(b)) {
                RatioTransformation r = (RatioTransformation) strategy.transformations().get(b.source());
                double[] x = channel(r.numerator(), b.compensationRef());
                double[] y = channel(r.denominator(), b.compensationRef());
                Transforms.ratio(r, x, y, out, len);
                r.clamp(out, len);
            }
            return out;
        }

        /**
         * A channel under a compensation. "uncompensated", "FCS" without a spillover matrix in the file, and
         * channels a matrix does not produce, are the uncompensated scale values.
         */
        private double[] channel(String name, String compensationRef) {
            Optional<SpilloverMatrix> m = matrix(strategy, frame.sample(), compensationRef);
            if (m.isEmpty()) {
                return scaled(name);
            }
            int k = Compensation.outputs(m.get()).indexOf(name);
            if (k < 0) {
                return scaled(name);
            }
            Compensated key = new Compensated(compensationRef);
            Compensator c = compensator(compensationRef, m.get());
            double[][] out = (double[][]) buffers.computeIfAbsent(key,
                    x -> new double[c.outputs().size()][capacity]);
            if (done.add(key)) {
                List<String> inputs = c.inputs();
                double[][] in = new double[inputs.size()][];
                for (int i = 0; i < in.length; i++) {
                    in[i] = scaled(inputs.get(i));
                }
                c.apply(in, out, len);
            }
            return out[k];
        }

        private double[] scaled(String name) {
            int c = frame.sample().channelIndex(name);
            if (c < 0) {
                List<String> names = frame.channels().stream().map(ch -> ch.name()).toList();
                throw new CytoException("CHANNEL_NOT_FOUND", frame.sample().source(), name,
                        frame.sample().source() + ": the gating strategy needs channel '" + name
                                + "', which the sample does not have; channels are " + names);
            }
            Scaled key = new Scaled(frame.channels().get(c).name());
            double[] out = buffer(key);
            if (done.add(key)) {
                raw(c, out);
                frame.channels().get(c).toScale(out, out, len);
            }
            return out;
        }

        /**
         * Raw values of this block of column c: a bulk copy out of the Arrow buffer. No branch for the empty block
         * (a copy of nothing): taken once per sample, it made the JIT recompile everything inlined around it.
         */
        private void raw(int c, double[] out) {
            FieldVector v = frame.vector(c);
            if (v instanceof Float4Vector f) {
                float[] chunk = floats;
                f.getDataBuffer().nioBuffer((long) from * Float4Vector.TYPE_WIDTH, len * Float4Vector.TYPE_WIDTH)
                        .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(chunk, 0, len);
                for (int i = 0; i < len; i++) {
                    out[i] = chunk[i];
                }
            } else if (v instanceof Float8Vector d) {
                d.getDataBuffer().nioBuffer((long) from * Float8Vector.TYPE_WIDTH, len * Float8Vector.TYPE_WIDTH)
                        .order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out, 0, len);
            } else {
                frame.rawBlock(c, from, len, out);
            }
        }
    }
}
