package org.cytoarrow.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
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
 *
 * <p>{@link #main} measures the same compensation by thread CPU time (robust when the machine is shared):
 * {@code java -cp benchmarks/target/benchmarks.jar org.cytoarrow.benchmarks.CompensationBenchmark [reps]}.
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

    /** Median thread CPU time per event of {@code reps} (default 15) compensations of 10M events, after warm-up. */
    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        CompensationBenchmark b = new CompensationBenchmark();
        b.setUp();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 3; i++) {
            b.compensate16x16();
        }
        long[] cpu = new long[reps];
        long[] wall = new long[reps];
        for (int i = 0; i < reps; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            b.compensate16x16();
            cpu[i] = threads.getCurrentThreadCpuTime() - c0;
            wall[i] = System.nanoTime() - w0;
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        double ns = (double) cpu[reps / 2] / N;
        System.out.printf("compensate16x16: median CPU %.1f ns/event (%.1f M events/s), median wall %.1f ns/event%n",
                ns, 1e3 / ns, (double) wall[reps / 2] / N);
    }
}
