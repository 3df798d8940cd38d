package org.cytoarrow.report;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.cytoarrow.core.EventMask;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rendering cost of plots: a 360x360 pseudocolour dot plot with a polygon gate, and a histogram, of 100k and 1M
 * events with a parent mask selecting 90% of them; plus PNG encoding. Run from the cli module:
 * <pre>
 * ./mvnw -q -B -pl cli -am package -DskipTests
 * java -cp cli/target/test-classes:cli/target/cytoarrow.jar:$HOME/.m2/repository/org/openjdk/jmh/jmh-core/1.37/jmh-core-1.37.jar:$HOME/.m2/repository/net/sf/jopt-simple/jopt-simple/5.0.4/jopt-simple-5.0.4.jar:$HOME/.m2/repository/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar org.openjdk.jmh.Main PlotBenchmark
 * </pre>
 * (In cli's test sources because the benchmarks module does not depend on cli.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Djava.awt.headless=true"})
public class PlotBenchmark {
    @Param({"100000", "1000000"})
    int events;

    PlotSpec density;
    PlotSpec histogram;
    BufferedImage image;
    PlotRenderer renderer = new PlotRenderer(360, 360);

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(42);
        double[] x = new double[events];
        double[] y = new double[events];
        boolean[] parent = new boolean[events];
        for (int i = 0; i < events; i++) {
            boolean pop = r.nextDouble() < 0.7;
            x[i] = pop ? 90_000 + 20_000 * gauss(r) : 30_000 + 15_000 * gauss(r);
            y[i] = pop ? 60_000 + 18_000 * gauss(r) : 20_000 + 10_000 * gauss(r);
            parent[i] = r.nextDouble() < 0.9;
        }
        Range range = new Range(0, 262_144);
        density = PlotSpec.density("bench", "FSC-A", "SSC-A", range, range, x, y, EventMask.of(parent),
                List.of(new GateShape.Polygon(new double[] {50_000, 140_000, 150_000, 60_000},
                        new double[] {20_000, 30_000, 110_000, 100_000})), "Cells 68.4%");
        histogram = PlotSpec.histogram("bench", "FSC-A", range, x, EventMask.of(parent),
                List.of(new GateShape.Interval(60_000, Double.POSITIVE_INFINITY)), "62%");
        image = renderer.render(density);
    }

    private static double gauss(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Benchmark
    public BufferedImage densityPlot() {
        return renderer.render(density);
    }

    @Benchmark
    public BufferedImage histogramPlot() {
        return renderer.render(histogram);
    }

    @Benchmark
    public int[] binOnly() {
        return PlotRenderer.bin(density.x(), density.y(), density.parent(), density.xRange(), density.yRange(),
                298, 290);
    }

    @Benchmark
    public int pngEncode() throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1 << 16);
        PngEncoder.write(image, out);
        return out.size();
    }
}
