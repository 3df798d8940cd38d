package org.cytoarrow.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.cytoarrow.core.EventMask;
import org.cytoarrow.core.stats.Lineage;
import org.cytoarrow.core.stats.PopulationStatistics;
import org.cytoarrow.core.stats.Statistic;
import org.cytoarrow.core.stats.StatisticValues;
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
 * Population statistics of a 1M-event population (random 10% of the events) in a 10M-event sample, next to a
 * same-run baseline that only sums the 10M-value column. Sample-time mode so JMH reports the median (p0.50).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar StatisticsBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx2g"})
public class StatisticsBenchmark {
    private static final int EVENTS = 10_000_000;
    /** Events of a typical tube: its populations are small enough for plain quickselect. */
    private static final int TUBE = 100_000;

    private double[] values;
    private EventMask population;
    private List<Statistic> all;
    private List<Statistic> moments;
    private List<Statistic> medianOnly;
    private List<Statistic> percentiles;
    private double[] tubeValues;
    private EventMask[] tubePopulations;

    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(42);
        values = new double[EVENTS];
        boolean[] member = new boolean[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            values[i] = Math.exp(rnd.nextGaussian() * 1.2 + 7) - 200; // skewed, some negatives, like compensated data
            member[i] = rnd.nextInt(10) == 0;
        }
        population = EventMask.of(member);
        all = new ArrayList<>(PopulationStatistics.STANDARD);
        all.addAll(Statistic.parseList("p1,p5,p25,p75,p95,p99"));
        moments = Statistic.parseList("mean,sd,cv,gmean,min,max");
        medianOnly = List.of(Statistic.MEDIAN);
        percentiles = Statistic.parseList("p1,p5,p25,p50,p75,p95,p99");
        tubeValues = Arrays.copyOf(values, TUBE);
        tubePopulations = new EventMask[8];
        for (int p = 0; p < tubePopulations.length; p++) {
            boolean[] in = new boolean[TUBE];
            for (int i = 0; i < TUBE; i++) {
                in[i] = rnd.nextInt(10) == 0;
            }
            tubePopulations[p] = EventMask.of(in);
        }
    }

    /** Baseline: one pass summing the whole 10M-value column. */
    @Benchmark
    public double baselineSumColumn() {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    /** Count, frequencies, mean, median, gmean, SD, CV, rSD, rCV, min, max and six percentiles. */
    @Benchmark
    public StatisticValues allStatistics() {
        return PopulationStatistics.compute(values, population, Lineage.root(), all);
    }

    /** Gather plus the moment pass only (no selection). */
    @Benchmark
    public StatisticValues meanSdMinMax() {
        return PopulationStatistics.compute(values, population, Lineage.root(), moments);
    }

    /** Gather, moments and one quickselect. */
    @Benchmark
    public StatisticValues median() {
        return PopulationStatistics.compute(values, population, Lineage.root(), medianOnly);
    }

    /** Gather, moments and a multi-rank selection of seven percentiles. */
    @Benchmark
    public StatisticValues sevenPercentiles() {
        return PopulationStatistics.compute(values, population, Lineage.root(), percentiles);
    }

    /**
     * Median and mean of eight different random 10k-event populations of a 100k-event tube (the size of most
     * populations in a batch), per call: selection on a scratch copy below the sampled-bracket threshold.
     */
    @Benchmark
    public double medianOfEightTubePopulations() {
        double s = 0;
        for (EventMask p : tubePopulations) {
            s += PopulationStatistics.compute(tubeValues, p, Lineage.root(), medianOnly).values().get(0).value();
        }
        return s;
    }
}
