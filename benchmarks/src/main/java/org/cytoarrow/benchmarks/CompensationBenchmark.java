package org.cytoarrow.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.cytoarrow.core.compensation.Compensator;
import org.cytoarrow.core.compensation.SpilloverMatrix;
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
 * 16x16 compensation of 10M events (16 double columns in, 16 out), beside a baseline that sums the same 16
 * input columns (memory traffic floor). Events per second = 10M / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx4g"})
public class CompensationBenchmark {
    static final int N = 10_000_000;
    static final int CHANNELS = 16;

    double[][] in;
    double[][] out;
    Compensator compensator;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        List<String> names = new ArrayList<>();
        double[][] spill = new double[CHANNELS][CHANNELS];
        for (int i = 0; i < CHANNELS; i++) {
            names.add("D" + i);
            for (int j = 0; j < CHANNELS; j++) {
                spill[i][j] = i == j ? 1 : random.nextDouble(0, 0.2);
            }
        }
        compensator = Compensator.of(SpilloverMatrix.square(names, spill));
        in = new double[CHANNELS][N];
        out = new double[CHANNELS][N];
        for (double[] column : in) {
            for (int e = 0; e < N; e++) {
                column[e] = random.nextDouble(-500, 262144);
            }
        }
    }

    @Benchmark
    public double baselineSum() {
        double s = 0;
        for (double[] column : in) {
            for (int e = 0; e < column.length; e++) {
                s += column[e];
            }
        }
        return s;
    }

    @Benchmark
    public double[][] compensate16x16() {
        compensator.apply(in, out, N);
        return out;
    }
}
