package org.cytoarrow.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.cytoarrow.core.transform.ArcsinhTransform;
import org.cytoarrow.core.transform.HyperlogTransform;
import org.cytoarrow.core.transform.LogTransform;
import org.cytoarrow.core.transform.LogicleTransform;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Block transforms over 10M compensated-looking values (20% near zero and negative, the rest log-normal up to the
 * top of an 18-bit scale), beside a baseline that only sums the same array (memory traffic floor).
 * Values per second = 10M / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class TransformBenchmark {
    static final int N = 10_000_000;

    double[] in;
    double[] out;
    LogicleTransform logicle = new LogicleTransform(262144, 0.5, 4.5, 0);
    HyperlogTransform hyperlog = new HyperlogTransform(262144, 0.5, 4.5, 0);
    ArcsinhTransform asinh = new ArcsinhTransform(262144, 4.5, 0);
    LogTransform log = new LogTransform(262144, 4.5);

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        in = new double[N];
        out = new double[N];
        for (int i = 0; i < N; i++) {
            in[i] = random.nextInt(5) == 0 ? random.nextDouble(-300, 300)
                    : Math.exp(random.nextDouble(Math.log(10), Math.log(262144)));
        }
    }

    @Benchmark
    public double baselineSum() {
        double[] a = in;
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i];
        }
        return s;
    }

    @Benchmark
    public double[] logicle() {
        logicle.apply(in, out, N);
        return out;
    }

    @Benchmark
    public double[] hyperlog() {
        hyperlog.apply(in, out, N);
        return out;
    }

    @Benchmark
    public double[] asinh() {
        asinh.apply(in, out, N);
        return out;
    }

    @Benchmark
    public double[] log() {
        log.apply(in, out, N);
        return out;
    }
}
