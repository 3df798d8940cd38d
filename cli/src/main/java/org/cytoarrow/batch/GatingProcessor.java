package org.cytoarrow.batch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.EventMask;
import org.cytoarrow.core.Sample;
import org.cytoarrow.core.stats.Lineage;
import org.cytoarrow.core.stats.PopulationStatistics;
import org.cytoarrow.core.stats.Statistic;
import org.cytoarrow.core.stats.StatisticValues;
import org.cytoarrow.fcs.FcsFile;
import org.cytoarrow.gating.Dimension;
import org.cytoarrow.gating.Gate;
import org.cytoarrow.gating.GatingResult;
import org.cytoarrow.gating.GatingStrategy;
import org.cytoarrow.gating.Population;
import org.cytoarrow.gating.xml.GatingMl;
import org.cytoarrow.report.GatePlots;
import org.cytoarrow.report.GateValues;
import org.cytoarrow.report.PlotSpec;

/**
 * The {@link SampleProcessor} of {@code cytoarrow batch}: reads every data set of an FCS file, gates it with a
 * {@link GatingStrategy} and reports population statistics and gate plots.
 *
 * <p>Per data set (a file with several data sets reports each as sample {@code <sample>#<index>}):
 * <ul>
 *   <li>population {@code /}: {@code count} = events;</li>
 *   <li>per population (path): {@code count}, {@code freq_parent}, {@code freq_total} (the
 *       {@link Statistic#label()} names, as in {@code cytoarrow stats});</li>
 *   <li>per population and gated channel: the value statistics ({@link #DEFAULT_STATISTICS}: mean, median, sd,
 *       cv; robust ones and percentiles through {@link #withStatistics}; see {@link PopulationStatistics}), on
 *       the scale the gates see (compensated and transformed
 *       as the first gate dimension on that channel, in document order, says; a ratio dimension is reported
 *       under its transformation id);</li>
 *   <li>with control thresholds ({@link #withControlThresholds}): per population and gated channel that has
 *       one, {@value ControlThresholds#STATISTIC} on that same scale;</li>
 *   <li>plots ({@link GatePlots}) of every geometric gate, unless turned off.</li>
 * </ul>
 *
 * <p>In a file with several data sets, a data set lacking a channel the strategy needs is skipped (noted in the
 * {@code skipped} metadata) as long as another one can be gated: Beckman Coulter LMD files hold the same events
 * twice under different channel names.
 *
 * <p>Each data set's frame (only the channels the strategy reads) is read from the sample's allocator and closed
 * before the next is read; masks, values and statistics live on the heap. Immutable and thread-safe.
 */
public final class GatingProcessor implements SampleProcessor {
    /** Value statistics reported per population and gated channel unless told otherwise. */
    public static final List<Statistic> DEFAULT_STATISTICS = List.of(Statistic.MEAN, Statistic.MEDIAN, Statistic.SD,
            Statistic.CV);

    private final GatingStrategy strategy;
    private final Map<String, Statistic> statistics;
    private final boolean plots;
    private final ControlThresholds thresholds;
    private volatile String fingerprint;

    GatingProcessor(GatingStrategy strategy, Map<String, Statistic> statistics, boolean plots) {
        this(strategy, statistics, plots, ControlThresholds.NONE);
    }

    private GatingProcessor(GatingStrategy strategy, Map<String, Statistic> statistics, boolean plots,
            ControlThresholds thresholds) {
        this(strategy, statistics, plots, thresholds, null);
    }

    /** {@code fingerprint}: that of a processor differing only in thresholds (they are not part of it), or null. */
    private GatingProcessor(GatingStrategy strategy, Map<String, Statistic> statistics, boolean plots,
            ControlThresholds thresholds, String fingerprint) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.statistics = Map.copyOf(statistics);
        this.plots = plots;
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.fingerprint = fingerprint;
    }

    /** A processor for {@code strategy} with the default statistics and plots. */
    public static GatingProcessor of(GatingStrategy strategy) {
        return new GatingProcessor(strategy, named(DEFAULT_STATISTICS), true);
    }

    /** This processor drawing ({@code true}) or not drawing the gate plots. */
    public GatingProcessor withPlots(boolean draw) {
        return new GatingProcessor(strategy, statistics, draw, thresholds);
    }

    /** This processor reporting {@code stats} (value statistics; counts and percentages are always reported). */
    public GatingProcessor withStatistics(List<Statistic> stats) {
        return new GatingProcessor(strategy, named(stats), plots, thresholds);
    }

    /**
     * This processor also reporting {@code statistic} under the name {@code name} (as a control rule spells it,
     * e.g. {@code p99}), when it is a value statistic.
     */
    GatingProcessor plus(String name, Statistic statistic) {
        if (!statistic.needsValues()) {
            return this;
        }
        Map<String, Statistic> m = new LinkedHashMap<>(ordered());
        m.putIfAbsent(name, statistic);
        return new GatingProcessor(strategy, m, plots, thresholds);
    }

    /**
     * This processor also reporting, per population and gated channel that has a threshold (same population
     * path and channel name), {@value ControlThresholds#STATISTIC}: the percentage of the population's events
     * above the threshold on the gated scale (see {@link ControlThresholds#percentAbove}).
     */
    @Override
    public GatingProcessor withControlThresholds(ControlThresholds t) {
        return new GatingProcessor(strategy, statistics, plots, t, fingerprint()); // one per control group
    }

    /**
     * SHA-256 of the strategy (as Gating-ML), the value statistics and whether plots are drawn: what a sample's
     * outputs depend on besides its file and the control thresholds (which the manifest records separately).
     * Computed on first use; identical for equal configurations in any run.
     */
    @Override
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            String text = "cytoarrow gating processor v1\n" + GatingMl.toXml(strategy) + "\nstatistics "
                    + String.join(",", ordered().keySet()) + "\nplots " + plots + "\n";
            f = Manifest.sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            fingerprint = f;
        }
        return f;
    }

    /** The strategy. */
    public GatingStrategy strategy() {
        return strategy;
    }

    private static Map<String, Statistic> named(List<Statistic> stats) {
        Map<String, Statistic> m = new LinkedHashMap<>();
        for (Statistic s : stats) {
            if (s.needsValues()) {
                m.putIfAbsent(s.label(), s);
            }
        }
        return m;
    }

    /** Statistics in a stable order: the defaults' order first, then the rest by name. */
    private Map<String, Statistic> ordered() {
        Map<String, Statistic> m = new LinkedHashMap<>();
        for (Statistic s : DEFAULT_STATISTICS) {
            if (statistics.containsKey(s.label())) {
                m.put(s.label(), s);
            }
        }
        new java.util.TreeMap<>(statistics).forEach(m::putIfAbsent);
        return m;
    }

    @Override
    public SampleOutcome process(Path file, BufferAllocator allocator) {
        String base = BatchRunner.stripFcsExtension(file.getFileName().toString());
        List<StatisticRow> rows = new ArrayList<>();
        List<PlotSpec> specs = new ArrayList<>();
        Map<String, String> meta = new LinkedHashMap<>();
        long events = 0;
        try (FcsFile fcs = FcsFile.open(file)) {
            List<Sample> datasets = fcs.datasets();
            boolean several = datasets.size() > 1;
            List<CytoException> skipped = new ArrayList<>();
            for (int ds = 0; ds < datasets.size(); ds++) {
                String part = several ? Integer.toString(ds) : "";
                if (ds == 0) {
                    Sample s = datasets.get(0);
                    meta.put("tube", s.keyword("TUBE NAME").orElse(s.keyword("$SRC").orElse("")).strip());
                    meta.put("cytometer", s.keyword("$CYT").orElse("").strip());
                    meta.put("date", s.keyword("$DATE").orElse("").strip());
                    String start = s.keyword("$BTIM").orElse("").strip();
                    if (!start.isEmpty()) {
                        meta.put("start", start); // no empty column in the report of files that lack it
                    }
                }
                if (several) {
                    meta.put("data sets", Integer.toString(datasets.size()));
                }
                GatingResult result;
                Sample sample;
                try (EventFrame frame = readForGating(fcs, ds, allocator)) {
                    sample = frame.sample();
                    result = strategy.evaluate(frame);
                } catch (CytoException e) {
                    if (!several || !e.code().equals("CHANNEL_NOT_FOUND")) {
                        throw e;
                    }
                    // LMD files hold the same events twice with different channel names (FCS 2.0 "FS Lin" and
                    // FCS 3.0 "FS"): a strategy written for one data set skips the other
                    skipped.add(e);
                    continue;
                }
                events += result.eventCount();
                GateValues values = new GateValues(result); // one copy of each column for statistics and plots
                rows.addAll(statistics(values, part));
                if (plots) {
                    specs.addAll(GatePlots.of(several ? base + "#" + ds : base, sample, values));
                }
            }
            if (!skipped.isEmpty()) {
                if (skipped.size() == datasets.size()) {
                    throw skipped.get(0);
                }
                meta.put("skipped", skipped.size() + " data set(s): " + skipped.get(0).getMessage());
            }
        }
        return new SampleOutcome(events, meta, rows, specs);
    }

    /**
     * Data set {@code ds} with only the channels the strategy reads ({@link GatingStrategy#channelsRead}): the
     * others are not decoded. When the data set lacks one of them, all channels, so that the evaluation's error
     * lists the data set's channels.
     */
    private EventFrame readForGating(FcsFile fcs, int ds, BufferAllocator allocator) {
        Sample sample = fcs.datasets().get(ds);
        Set<String> channels = strategy.channelsRead(sample);
        for (String name : channels) {
            if (sample.channelIndex(name) < 0) {
                return fcs.read(ds, allocator);
            }
        }
        return fcs.read(ds, allocator, channels);
    }

    /** The statistics rows of one gated data set. */
    List<StatisticRow> statistics(GateValues values, String part) {
        GatingResult result = values.result();
        Map<String, Statistic> stats = ordered();
        List<Statistic> list = List.copyOf(stats.values());
        List<String> names = List.copyOf(stats.keySet());
        Map<List<String>, Double> limits = thresholds.byPopulationAndChannel();
        Map<String, double[]> columns = list.isEmpty() && limits.isEmpty() ? Map.of() : gatedColumns(values);
        List<StatisticRow> out = new ArrayList<>();
        out.add(new StatisticRow("/", Statistic.COUNT.label(), "", result.eventCount(), part));
        for (Population p : result.populations()) {
            out.add(new StatisticRow(p.path(), Statistic.COUNT.label(), "", p.count(), part));
            out.add(new StatisticRow(p.path(), Statistic.FREQ_PARENT.label(), "", p.percentOfParent(), part));
            out.add(new StatisticRow(p.path(), Statistic.FREQ_TOTAL.label(), "", p.percentOfTotal(), part));
            if (columns.isEmpty()) {
                continue;
            }
            EventMask mask = result.mask(p.gateId());
            long[] words = null;
            for (Map.Entry<String, double[]> c : columns.entrySet()) {
                if (!list.isEmpty()) {
                    StatisticValues v = PopulationStatistics.compute(c.getValue(), mask, Lineage.root(), list);
                    for (int i = 0; i < list.size(); i++) {
                        out.add(new StatisticRow(p.path(), names.get(i), c.getKey(), v.values().get(i).value(),
                                part));
                    }
                }
                Double limit = limits.get(List.of(p.path(), c.getKey()));
                if (limit != null) {
                    words = words == null ? mask.toWords() : words;
                    out.add(new StatisticRow(p.path(), ControlThresholds.STATISTIC, c.getKey(),
                            ControlThresholds.percentAbove(c.getValue(), words, mask.count(), limit), part));
                }
            }
        }
        return out;
    }

    /**
     * Channel (or ratio transformation id) to the values of the first gate dimension on it, in document order:
     * the scale the gates see.
     */
    static Map<String, double[]> gatedColumns(GateValues values) {
        Map<String, double[]> out = new LinkedHashMap<>();
        Set<String> done = new LinkedHashSet<>();
        for (Gate g : values.result().strategy().gates()) {
            List<Dimension> dims = g.dimensions();
            for (int d = 0; d < dims.size(); d++) {
                String name = dims.get(d).isRatio() ? dims.get(d).ratioRef() : dims.get(d).channel();
                if (!done.add(name)) {
                    continue;
                }
                out.put(name, values.of(g, d));
            }
        }
        return out;
    }
}
