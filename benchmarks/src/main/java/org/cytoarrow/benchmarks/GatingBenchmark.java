package org.cytoarrow.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Channel;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.EventMask;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.Sample;
import org.cytoarrow.core.compensation.SpilloverMatrix;
import org.cytoarrow.core.transform.LogicleTransform;
import org.cytoarrow.gating.BooleanGate;
import org.cytoarrow.gating.Dimension;
import org.cytoarrow.gating.EllipsoidGate;
import org.cytoarrow.gating.Gates;
import org.cytoarrow.gating.GatingResult;
import org.cytoarrow.gating.GatingStrategy;
import org.cytoarrow.gating.PolygonGate;
import org.cytoarrow.gating.QuadrantGate;
import org.cytoarrow.gating.RectangleGate;
import org.cytoarrow.gating.ScaleTransformation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Gate evaluation over 10M events x 16 channels (seeded random data shaped like cytometry: a few log-normal
 * populations). Single gates run on prepared double columns ({@link Gates#mask}); {@code strategy} runs a 6-gate
 * strategy end to end from an Arrow {@link EventFrame} (scale values, 6x6 spectrum-matrix compensation, logicle,
 * rectangle, polygon, ellipse, quadrant, nested rectangle, Boolean). Baselines sum the same columns in the same
 * run. Events per second = 10M / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx10g",
    "-XX:+IgnoreUnrecognizedVMOptions", "--sun-misc-unsafe-memory-access=allow"})
public class GatingBenchmark {
    static final int N = 10_000_000;
    static final int CHANNELS = 16;

    double[][] columns;
    RectangleGate rectangle;
    PolygonGate polygon8;
    PolygonGate polygon64;
    EllipsoidGate ellipse;
    QuadrantGate quadrant;
    GatingStrategy strategy;
    BufferAllocator allocator;
    LogicleTransform logicleTransform;
    double[] logicleOut;
    EventFrame frame;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        List<Channel> channels = new ArrayList<>();
        columns = new double[CHANNELS][N];
        for (int c = 0; c < CHANNELS; c++) {
            channels.add(Channel.linear(c, c < 4 ? "S" + c : "FL" + (c - 3), null, 262144));
        }
        for (int e = 0; e < N; e++) {
            int population = random.nextInt(4);
            for (int c = 0; c < CHANNELS; c++) {
                double centre = 300 * (1 + ((population + c) & 3) * 20);
                columns[c][e] = (float) Math.min(262143, centre * Math.exp(random.nextGaussian() * 0.8)
                        + random.nextGaussian() * 50);
            }
        }
        Dimension s0 = Dimension.of("S0");
        Dimension s1 = Dimension.of("S1");
        rectangle = new RectangleGate("Rect", null, List.of(new RectangleGate.Range(s0, 5_000, 60_000),
                new RectangleGate.Range(s1, 2_000, 80_000)));
        polygon8 = new PolygonGate("Poly8", null, s0, s1, circle(8, 30_000, 30_000, 25_000));
        polygon64 = new PolygonGate("Poly64", null, s0, s1, circle(64, 30_000, 30_000, 25_000));
        ellipse = new EllipsoidGate("Ell", null, List.of(s0, s1), List.of(30_000.0, 30_000.0),
                List.of(List.of(4e8, 1e8), List.of(1e8, 2e8)), 1);
        quadrant = new QuadrantGate("Quad", null, List.of(
                new QuadrantGate.Divider("dx", s0, List.of(20_000.0)),
                new QuadrantGate.Divider("dy", s1, List.of(20_000.0))),
                List.of(quad("LL", 0, 0), quad("LH", 0, 1e9), quad("HL", 1e9, 0), quad("HH", 1e9, 1e9)));
        strategy = sixGateStrategy();
        logicleTransform = new LogicleTransform(262144, 0.5, 4.5, 0);
        logicleOut = new double[N];

        allocator = Memory.newRootAllocator();
        Sample sample = new Sample("bench", 0, Map.of(), channels, N, Optional.empty(), List.of());
        frame = EventFrame.fromColumns(allocator, sample, columns);
    }

    private static QuadrantGate.Quadrant quad(String id, double x, double y) {
        return new QuadrantGate.Quadrant(id, Map.of("dx", x, "dy", y));
    }

    private static List<PolygonGate.Vertex> circle(int k, double cx, double cy, double r) {
        List<PolygonGate.Vertex> v = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            double a = 2 * Math.PI * i / k;
            // Alternate radii: a star-ish, non-convex polygon.
            double rr = (i & 1) == 0 ? r : 0.8 * r;
            v.add(new PolygonGate.Vertex(cx + rr * Math.cos(a), cy + rr * Math.sin(a)));
        }
        return v;
    }

    /** Cells (rectangle) / Singlets (polygon 8) / Lymph (ellipse, comp+logicle) / quadrants / CD (rect) / Bool. */
    private static GatingStrategy sixGateStrategy() {
        List<String> fluors = List.of("FL1", "FL2", "FL3", "FL4", "FL5", "FL6");
        double[][] spill = new double[6][6];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                spill[i][j] = i == j ? 1 : r.nextDouble(0, 0.15);
            }
        }
        var logicle = ScaleTransformation.logicle("L", 262144, 0.5, 4.5, 0);
        Dimension fl1 = Dimension.of("FL1", "M", "L");
        Dimension fl2 = Dimension.of("FL2", "M", "L");
        Dimension fl3 = Dimension.of("FL3", "M", "L");
        Dimension fl4 = Dimension.of("FL4", "M", "L");
        Dimension fl5 = Dimension.of("FL5", "M", "L");
        var cells = new RectangleGate("Cells", null, List.of(
                new RectangleGate.Range(Dimension.of("S0"), 2_000, 200_000),
                new RectangleGate.Range(Dimension.of("S1"), 1_000, 200_000)));
        var singlets = new PolygonGate("Singlets", "Cells", Dimension.of("S2"), Dimension.of("S3"),
                circle(8, 30_000, 30_000, 60_000));
        var lymph = new EllipsoidGate("Lymph", "Singlets", List.of(fl1, fl2), List.of(0.5, 0.5),
                List.of(List.of(0.02, 0.005), List.of(0.005, 0.02)), 4);
        var quad = new QuadrantGate("Q", "Lymph", List.of(
                new QuadrantGate.Divider("d3", fl3, List.of(0.5)),
                new QuadrantGate.Divider("d4", fl4, List.of(0.5))),
                List.of(quad3("Q--", 0, 0), quad3("Q-+", 0, 1), quad3("Q+-", 1, 0), quad3("Q++", 1, 1)));
        var cd = new RectangleGate("CD", "Q++", List.of(new RectangleGate.Range(fl5, 0.4, Double.POSITIVE_INFINITY)));
        var notCd = new BooleanGate("NotCD", "Q++", BooleanGate.Op.NOT, List.of(new BooleanGate.Operand("CD", false)));
        return new GatingStrategy(List.of(cells, singlets, lymph, quad, cd, notCd), Map.of("L", logicle),
                Map.of("M", new SpilloverMatrix(fluors, fluors, spill, false)));
    }

    private static QuadrantGate.Quadrant quad3(String id, double x, double y) {
        return new QuadrantGate.Quadrant(id, Map.of("d3", x, "d4", y));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        frame.close();
        allocator.close();
    }

    /** Memory-traffic floor for 2-D gates: sum the two columns. */
    @Benchmark
    public double baselineSum2() {
        double[] x = columns[0];
        double[] y = columns[1];
        double s = 0;
        for (int i = 0; i < N; i++) {
            s += x[i] + y[i];
        }
        return s;
    }

    /** Floor for the strategy: sum all 16 Arrow columns (float32) as the engine must read them. */
    @Benchmark
    public double baselineSumFrame() {
        double s = 0;
        double[] block = new double[4096];
        for (int c = 0; c < CHANNELS; c++) {
            for (int from = 0; from < N; from += block.length) {
                int len = Math.min(block.length, N - from);
                frame.rawBlock(c, from, len, block);
                for (int i = 0; i < len; i++) {
                    s += block[i];
                }
            }
        }
        return s;
    }

    @Benchmark
    public EventMask rectangle2d() {
        return Gates.mask(rectangle, new double[][] {columns[0], columns[1]}, N);
    }

    @Benchmark
    public EventMask polygon8() {
        return Gates.mask(polygon8, new double[][] {columns[0], columns[1]}, N);
    }

    @Benchmark
    public EventMask polygon64() {
        return Gates.mask(polygon64, new double[][] {columns[0], columns[1]}, N);
    }

    @Benchmark
    public EventMask ellipse() {
        return Gates.mask(ellipse, new double[][] {columns[0], columns[1]}, N);
    }

    /** All four quadrants of a 2 x 2 quadrant gate. */
    @Benchmark
    public int quadrant() {
        int total = 0;
        for (QuadrantGate.Quadrant q : quadrant.quadrants()) {
            total += Gates.mask(quadrant.asRectangle(q), new double[][] {columns[0], columns[1]}, N).count();
        }
        return total;
    }

    /**
     * Floor for the strategy's transforms: core logicle over one 10M-value column (the strategy transforms five),
     * into a reused array.
     */
    @Benchmark
    public double[] logicleColumn() {
        logicleTransform.apply(columns[4], logicleOut, N);
        return logicleOut;
    }

    /** End to end from Arrow: scaling, 6x6 compensation, logicle on 5 channels, 6 gates (9 populations). */
    @Benchmark
    public GatingResult strategy() {
        return strategy.evaluate(frame);
    }
}
