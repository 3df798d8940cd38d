package org.cytoarrow.gating;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.compensation.SpilloverMatrix;

/**
 * The columns gates look at, computed at most once per sample and shared: scale values of a channel, the outputs of
 * a compensation, ratio columns and transformed columns, keyed by (channel or ratio, compensation, transform).
 * Thread-safe: concurrent requests for the same key wait for one computation. Arrays are shared: never modify them.
 */
final class ColumnCache {
    private final GatingStrategy strategy;
    private final EventFrame frame;
    private final int n;
    private final Map<Object, FutureTask<Object>> memo = new ConcurrentHashMap<>();

    ColumnCache(GatingStrategy strategy, EventFrame frame) {
        this.strategy = strategy;
        this.frame = frame;
        this.n = frame.eventCount();
    }

    private record Scaled(String channel) { }

    private record Compensated(String compensationRef) { }

    private record Base(String source, boolean ratio, String compensationRef) { }

    private record Transformed(Base base, String transformRef) { }

    /** The values of {@code d} for all events. */
    double[] column(Dimension d) {
        Base base = new Base(d.isRatio() ? d.ratioRef() : d.channel(), d.isRatio(), d.compensationRef());
        if (d.transformRef() == null) {
            return base(base);
        }
        return (double[]) memo(new Transformed(base, d.transformRef()), () -> {
            ScaleTransformation t = (ScaleTransformation) strategy.transformations().get(d.transformRef());
            double[] in = base(base);
            double[] out = new double[n];
            t.transform().apply(in, out, n);
            t.clamp(out, n);
            return out;
        });
    }

    private double[] base(Base b) {
        if (b.ratio()) {
            return (double[]) memo(b, () -> {
                RatioTransformation r = (RatioTransformation) strategy.transformations().get(b.source());
                double[] x = channel(r.numerator(), b.compensationRef());
                double[] y = channel(r.denominator(), b.compensationRef());
                double[] out = new double[n];
                Transforms.ratio(r, x, y, out, n);
                r.clamp(out, n);
                return out;
            });
        }
        return channel(b.source(), b.compensationRef());
    }

    /**
     * A channel under a compensation. "FCS" without a spillover matrix in the file, and channels a matrix does not
     * produce, are the uncompensated scale values.
     */
    private double[] channel(String name, String compensationRef) {
        if (compensationRef.equals(Dimension.UNCOMPENSATED)) {
            return scaled(name);
        }
        Optional<SpilloverMatrix> m = matrix(compensationRef);
        if (m.isEmpty()) {
            return scaled(name);
        }
        List<String> outputs = Compensation.outputs(m.get());
        int k = outputs.indexOf(name);
        if (k < 0) {
            return scaled(name);
        }
        double[][] comp = (double[][]) memo(new Compensated(compensationRef), () -> compensate(m.get()));
        return comp[k];
    }

    private Optional<SpilloverMatrix> matrix(String compensationRef) {
        if (compensationRef.equals(Dimension.FCS)) {
            return frame.sample().spillover();
        }
        return Optional.of(strategy.matrices().get(compensationRef));
    }

    private double[][] compensate(SpilloverMatrix m) {
        List<String> inputs = Compensation.inputs(m);
        double[][] in = new double[inputs.size()][];
        for (int i = 0; i < in.length; i++) {
            in[i] = scaled(inputs.get(i));
        }
        return Compensation.apply(m, in, n);
    }

    private double[] scaled(String name) {
        int c = frame.sample().channelIndex(name);
        if (c < 0) {
            List<String> names = frame.channels().stream().map(ch -> ch.name()).toList();
            throw new CytoException("CHANNEL_NOT_FOUND", frame.sample().source(), name,
                    frame.sample().source() + ": the gating strategy needs channel '" + name
                            + "', which the sample does not have; channels are " + names);
        }
        return (double[]) memo(new Scaled(frame.channels().get(c).name()), () -> {
            double[] out = rawColumn(frame, c, n);
            frame.channels().get(c).toScale(out, out, n);
            return out;
        });
    }

    /**
     * The raw values of column {@code c} as doubles: a bulk copy out of the Arrow buffer (memcpy speed) instead of
     * one bounds-checked read per value.
     */
    static double[] rawColumn(EventFrame frame, int c, int n) {
        FieldVector v = frame.vector(c);
        double[] out = new double[n];
        if (v instanceof Float4Vector f) {
            FloatBuffer fb = f.getDataBuffer().nioBuffer(0, n * Float4Vector.TYPE_WIDTH)
                    .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            float[] chunk = new float[Math.min(n, 8192)];
            for (int from = 0; from < n; from += chunk.length) {
                int len = Math.min(chunk.length, n - from);
                fb.get(chunk, 0, len);
                for (int i = 0; i < len; i++) {
                    out[from + i] = chunk[i];
                }
            }
        } else if (v instanceof Float8Vector d) {
            d.getDataBuffer().nioBuffer(0, n * Float8Vector.TYPE_WIDTH).order(ByteOrder.LITTLE_ENDIAN)
                    .asDoubleBuffer().get(out, 0, n);
        } else {
            frame.rawBlock(c, 0, n, out);
        }
        return out;
    }

    private Object memo(Object key, java.util.concurrent.Callable<Object> compute) {
        FutureTask<Object> task = new FutureTask<>(compute);
        FutureTask<Object> existing = memo.putIfAbsent(key, task);
        if (existing == null) {
            task.run();
            existing = task;
        }
        try {
            return existing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CytoException("INTERRUPTED", frame.sample().source(), null, "Gating interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
