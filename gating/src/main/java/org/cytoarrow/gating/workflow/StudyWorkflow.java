package org.cytoarrow.gating.workflow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.SampleSheet;
import org.cytoarrow.core.stats.Statistic;
import org.cytoarrow.fcs.FcsReader;
import org.cytoarrow.gating.GatingResult;
import org.cytoarrow.gating.GatingStrategy;

/**
 * The study workflow: every tube of a patient gated with its tube type's strategy, control-derived thresholds
 * applied to the tubes they are for, and the per-patient endpoints (percentages between populations, spontaneous,
 * treated and specific apoptosis) computed from the tubes' results.
 *
 * <p>Specific apoptosis (percent) = (treated - spontaneous) / (100 - spontaneous) × 100, with both the percent of
 * the apoptosis population (PI+) among its reference population (singlets) in the treated and untreated tubes:
 * the fraction of the cells surviving without treatment that the treatment killed.
 *
 * <p>Thread-safe: {@link #process} may run for several files at once; thresholds derived from a control are
 * cached (per control file and rule), so a control is gated once however many tubes use it.
 */
public final class StudyWorkflow {
    private final Map<String, GatingStrategy> strategies;
    private final List<ThresholdRule> thresholds;
    private final List<PercentEndpoint> endpoints;
    private final Apoptosis apoptosis;
    private final List<Statistic> statistics;
    private final Map<String, DerivedThreshold> cache = new ConcurrentHashMap<>();

    /**
     * Specific apoptosis settings.
     *
     * @param population      the apoptotic population (e.g. PIpos)
     * @param percentOf       its reference population (e.g. Singlets)
     * @param spontaneousTube tube type without treatment
     * @param treatedTube     tube type with treatment
     */
    public record Apoptosis(String population, String percentOf, String spontaneousTube, String treatedTube) {
        public Apoptosis {
            Objects.requireNonNull(population, "population");
            Objects.requireNonNull(percentOf, "percentOf");
            Objects.requireNonNull(spontaneousTube, "spontaneousTube");
            Objects.requireNonNull(treatedTube, "treatedTube");
        }

        /** Endpoint name of the treated tube's percentage, e.g. {@code dex_apoptosis} for "dexamethasone". */
        public String treatedName() {
            String t = treatedTube.toLowerCase(Locale.ROOT);
            return (t.length() > 3 ? t.substring(0, 3) : t) + "_apoptosis";
        }
    }

    /**
     * A per-patient endpoint: 100 × count(population) / count(of) in one tube type.
     *
     * @param name       column name, e.g. {@code pct_il6_of_cd138}
     * @param tube       tube type
     * @param population population id
     * @param of         reference population id
     */
    public record PercentEndpoint(String name, String tube, String population, String of) {
    }

    /**
     * One processed tube.
     *
     * @param sample     sample name (file name without extension)
     * @param file       the FCS file
     * @param patient    patient id
     * @param tube       tube type
     * @param events     events in the file
     * @param rows       the long statistics table of the tube (see {@link SampleStatistics})
     * @param thresholds thresholds applied to this tube
     */
    public record SampleResult(String sample, Path file, String patient, String tube, int events,
                               List<SampleStatistics.Row> rows, List<DerivedThreshold> thresholds) {
        public SampleResult {
            rows = List.copyOf(rows);
            thresholds = List.copyOf(thresholds);
        }

        /** The value of a row, NaN when absent. */
        public double value(String population, String statistic, String channel) {
            for (SampleStatistics.Row r : rows) {
                if (r.population().equals(population) && r.statistic().equals(statistic)
                        && r.channel().equals(channel)) {
                    return r.value();
                }
            }
            return Double.NaN;
        }
    }

    /**
     * One patient's line of the study table.
     *
     * @param patient    patient id
     * @param covariates sample-sheet values of the patient (diagnosis, stage, age ...), in sheet order
     * @param endpoints  endpoint name to value (NaN when a tube is missing or a population empty)
     * @param thresholds thresholds used for the patient's tubes
     */
    public record PatientRow(String patient, Map<String, String> covariates, Map<String, Double> endpoints,
                             List<DerivedThreshold> thresholds) {
        public PatientRow {
            covariates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(covariates));
            endpoints = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
            thresholds = List.copyOf(thresholds);
        }
    }

    /**
     * A workflow.
     *
     * @param strategies tube type to gating strategy
     * @param thresholds control-derived thresholds
     * @param endpoints  per-patient percentages
     * @param apoptosis  specific apoptosis settings, or null
     * @param statistics value statistics per population and gated channel (transformed scale), e.g. median
     */
    public StudyWorkflow(Map<String, GatingStrategy> strategies, List<ThresholdRule> thresholds,
                         List<PercentEndpoint> endpoints, Apoptosis apoptosis, List<Statistic> statistics) {
        this.strategies = Map.copyOf(strategies);
        this.thresholds = List.copyOf(thresholds);
        this.endpoints = List.copyOf(endpoints);
        this.apoptosis = apoptosis;
        this.statistics = List.copyOf(statistics);
        for (ThresholdRule r : thresholds) {
            strategyFor(r.controlTube());
            GateBoundaries.valuesRef(strategyFor(r.appliesTo()), r.gateId(), r.boundary());
        }
    }

    /**
     * The workflow a study panel folder describes ({@code panel.properties} and the Gating-ML files it names, as
     * {@code org.cytoarrow.testdata.StudyPanel} writes them): tube types and their gating, the threshold rules
     * listed as {@code threshold.<name>.*}, specific apoptosis ({@code apoptosis.*}) and, per threshold rule with
     * a {@code target}, the endpoints pct_&lt;rule&gt;_of_&lt;population&gt;, pct_&lt;rule&gt;_of_&lt;parent&gt; and
     * pct_&lt;population&gt;_of_&lt;parent&gt; (e.g. pct_il6_of_cd138, pct_il6_of_plasma, pct_cd138_of_plasma).
     * Statistics: the median per population and gated channel.
     *
     * @throws CytoException (code {@code PANEL}) for a missing or inconsistent panel
     */
    public static StudyWorkflow fromPanel(Path panelDir) {
        Properties p = new Properties();
        Path props = panelDir.resolve("panel.properties");
        try (InputStream in = Files.newInputStream(props)) {
            p.load(in);
        } catch (IOException e) {
            throw new CytoException("PANEL", props.toString(), null, props + ": cannot read the study panel: " + e, e);
        }
        Map<String, GatingStrategy> byFile = new LinkedHashMap<>();
        Map<String, GatingStrategy> strategies = new LinkedHashMap<>();
        for (String tube : list(ThresholdRule.required(p, "tubes"))) {
            String file = ThresholdRule.required(p, "tube." + tube + ".gating");
            strategies.put(tube, byFile.computeIfAbsent(file, f -> GatingStrategy.read(panelDir.resolve(f))));
        }
        List<ThresholdRule> rules = new ArrayList<>();
        List<PercentEndpoint> endpoints = new ArrayList<>();
        for (String name : thresholdNames(p)) {
            ThresholdRule r = ThresholdRule.fromProperties(p, name);
            rules.add(r);
            String target = p.getProperty("threshold." + name + ".target");
            GatingStrategy s = strategies.get(r.appliesTo());
            if (target != null && s != null) {
                String pop = s.resolve(r.population()).orElse(r.population());
                String parent = s.resolve(pop).map(s::parentOf).orElse(null);
                endpoints.add(new PercentEndpoint("pct_" + name + "_of_" + shortName(pop), r.appliesTo(),
                        target.strip(), pop));
                if (parent != null) {
                    endpoints.add(new PercentEndpoint("pct_" + name + "_of_" + shortName(parent), r.appliesTo(),
                            target.strip(), parent));
                    endpoints.add(new PercentEndpoint("pct_" + shortName(pop) + "_of_" + shortName(parent),
                            r.appliesTo(), pop, parent));
                }
            }
        }
        Apoptosis apoptosis = null;
        if (p.getProperty("apoptosis.population") != null) {
            apoptosis = new Apoptosis(ThresholdRule.required(p, "apoptosis.population"),
                    ThresholdRule.required(p, "apoptosis.percent-of"),
                    ThresholdRule.required(p, "apoptosis.spontaneous-tube"),
                    ThresholdRule.required(p, "apoptosis.treated-tube"));
        }
        try {
            return new StudyWorkflow(strategies, rules, endpoints, apoptosis, List.of(Statistic.MEDIAN));
        } catch (IllegalArgumentException e) {
            throw new CytoException("PANEL", props.toString(), null, props + ": " + e.getMessage());
        }
    }

    private static List<String> thresholdNames(Properties p) {
        List<String> names = new ArrayList<>();
        for (String key : new java.util.TreeSet<>(p.stringPropertyNames())) {
            if (key.startsWith("threshold.") && key.endsWith(".percentile")) {
                names.add(key.substring("threshold.".length(), key.length() - ".percentile".length()));
            }
        }
        return names;
    }

    private static List<String> list(String text) {
        return java.util.Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** {@code CD138pos} -> {@code cd138}, {@code PlasmaCells} -> {@code plasma}, {@code IL6pos} -> {@code il6}. */
    static String shortName(String id) {
        String s = id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "");
        for (String suffix : new String[] {"pos", "cells"}) {
            if (s.endsWith(suffix) && s.length() > suffix.length()) {
                s = s.substring(0, s.length() - suffix.length());
            }
        }
        return s;
    }

    /** The tube types this workflow knows. */
    public List<String> tubes() {
        return List.copyOf(new java.util.TreeSet<>(strategies.keySet()));
    }

    public List<ThresholdRule> thresholds() {
        return thresholds;
    }

    public List<PercentEndpoint> endpoints() {
        return endpoints;
    }

    public Optional<Apoptosis> apoptosis() {
        return Optional.ofNullable(apoptosis);
    }

    /**
     * The gating strategy of a tube type.
     *
     * @throws CytoException (code {@code UNKNOWN_TUBE}) for a tube type the panel does not describe
     */
    public GatingStrategy strategyFor(String tube) {
        GatingStrategy s = strategies.get(tube);
        if (s == null) {
            throw new CytoException("UNKNOWN_TUBE", null, tube, "Tube type '" + tube + "' is not in the study panel;"
                    + " tube types are " + tubes());
        }
        return s;
    }

    /**
     * The threshold of {@code rule} from control file {@code control} (read with {@code allocator}, gated with
     * the control tube's strategy); computed once per control file and rule.
     */
    public DerivedThreshold threshold(ThresholdRule rule, Path control, BufferAllocator allocator) {
        String key = rule.name() + "\u0000" + control.toAbsolutePath().normalize();
        DerivedThreshold t = cache.get(key);
        if (t == null) {
            GatingStrategy s = strategyFor(rule.controlTube());
            try (EventFrame frame = FcsReader.read(control, allocator)) {
                t = Thresholds.derive(rule, s.evaluate(frame), sampleName(control));
            }
            cache.putIfAbsent(key, t);
        }
        return t;
    }

    /**
     * Processes one tube: derives the thresholds that apply to its tube type from the patient's controls
     * ({@code controlOf}: control tube type to file), gates it and computes its statistics.
     *
     * @throws CytoException (code {@code NO_CONTROL}) when a control the tube needs is missing
     */
    public SampleResult process(Path file, ControlMatcher.SampleKey key, Function<String, Optional<Path>> controlOf,
                                BufferAllocator allocator) {
        return process(file, key, controlOf, allocator, (frame, result) -> { });
    }

    /** Sees each tube while it is processed, e.g. to draw plots. */
    @FunctionalInterface
    public interface Inspector {
        /**
         * Called once per tube with its events (borrowed: closed after the call) and its gating result under the
         * strategy actually applied ({@code result.strategy()}, thresholds in place; the result's masks and values
         * live on the heap and may be kept).
         */
        void inspect(EventFrame frame, GatingResult result);
    }

    /**
     * Like {@link #process(Path, ControlMatcher.SampleKey, Function, BufferAllocator)}, and shows the tube to
     * {@code inspector}.
     */
    public SampleResult process(Path file, ControlMatcher.SampleKey key, Function<String, Optional<Path>> controlOf,
                                BufferAllocator allocator, Inspector inspector) {
        GatingStrategy s = strategyFor(key.tube());
        List<DerivedThreshold> applied = new ArrayList<>();
        for (ThresholdRule rule : thresholds) {
            if (!rule.appliesTo().equals(key.tube())) {
                continue;
            }
            Path control = controlOf.apply(rule.controlTube()).orElseThrow(() -> new CytoException("NO_CONTROL",
                    file.toString(), rule.controlTube(), file + ": patient " + key.patient() + " has no "
                    + rule.controlTube() + " tube, needed for threshold " + rule.name()));
            DerivedThreshold t = threshold(rule, control, allocator);
            s = Thresholds.apply(s, rule, t);
            applied.add(t);
        }
        List<SampleStatistics.Row> rows;
        int events;
        try (EventFrame frame = FcsReader.read(file, allocator)) {
            events = frame.eventCount();
            GatingResult result = s.evaluate(frame);
            inspector.inspect(frame, result);
            rows = new ArrayList<>(SampleStatistics.compute(frame, result, statistics, List.of(),
                    SampleStatistics.Scale.TRANSFORMED));
        }
        for (DerivedThreshold t : applied) {
            String label = "threshold_p" + Statistic.percentile(t.percentile()).label().substring(1);
            String channel = channelOf(s, t);
            rows.add(new SampleStatistics.Row(t.population(), label, channel, t.value()));
            rows.add(new SampleStatistics.Row(t.population(), "threshold_events", channel, t.events()));
        }
        return new SampleResult(sampleName(file), file, key.patient(), key.tube(), events, rows, applied);
    }

    private static String channelOf(GatingStrategy s, DerivedThreshold t) {
        GateBoundaries.ValuesRef ref = GateBoundaries.valuesRef(s, t.gateId(), t.boundary());
        String pop = ref.populationId();
        org.cytoarrow.gating.Gate g = s.gate(t.gateId()).orElseThrow();
        String ch = g.dimensions().get(ref.dimension()).channel();
        return ch == null ? pop : ch;
    }

    /**
     * Processes every tube of every patient {@code matcher} finds among {@code files} (sequentially), returning
     * results in patient then tube order. Files whose tube type the panel does not know are skipped.
     */
    public List<SampleResult> run(List<Path> files, ControlMatcher matcher, BufferAllocator allocator) {
        List<SampleResult> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Path>> patient : matcher.byPatient(files).entrySet()) {
            Map<String, Path> tubes = patient.getValue();
            for (Map.Entry<String, Path> tube : tubes.entrySet()) {
                if (strategies.containsKey(tube.getKey())) {
                    out.add(process(tube.getValue(), new ControlMatcher.SampleKey(patient.getKey(), tube.getKey()),
                            t -> Optional.ofNullable(tubes.get(t)), allocator));
                }
            }
        }
        return out;
    }

    /**
     * The patients' rows: endpoints computed from each patient's tubes, covariates from the sheet's first row of
     * the patient (columns other than file, sample, tube and the patient column), in patient order.
     *
     * @param results       processed tubes
     * @param sheet         the sample sheet, or null
     * @param patientColumn the sheet's patient column
     * @param tubeColumn    the sheet's tube column (left out of the covariates)
     */
    public List<PatientRow> patients(List<SampleResult> results, SampleSheet sheet, String patientColumn,
                                     String tubeColumn) {
        Map<String, Map<String, SampleResult>> byPatient = new java.util.TreeMap<>();
        for (SampleResult r : results) {
            byPatient.computeIfAbsent(r.patient(), k -> new LinkedHashMap<>()).put(r.tube(), r);
        }
        List<PatientRow> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, SampleResult>> e : byPatient.entrySet()) {
            rows.add(patientRow(e.getKey(), e.getValue(), covariates(sheet, e.getKey(), patientColumn, tubeColumn)));
        }
        return rows;
    }

    private static Map<String, String> covariates(SampleSheet sheet, String patient, String patientColumn,
                                                  String tubeColumn) {
        Map<String, String> out = new LinkedHashMap<>();
        if (sheet == null) {
            return out;
        }
        for (Map<String, String> row : sheet.rows()) {
            if (patient.equals(row.get(patientColumn))) {
                row.forEach((k, v) -> {
                    if (!k.equals(patientColumn) && !k.equals(tubeColumn) && !k.equals(SampleSheet.FILE)
                            && !k.equals("sample")) {
                        out.put(k, v);
                    }
                });
                break;
            }
        }
        return out;
    }

    /** One patient's endpoints from its tubes (tube type to result). */
    public PatientRow patientRow(String patient, Map<String, SampleResult> tubes, Map<String, String> covariates) {
        Map<String, Double> values = new LinkedHashMap<>();
        List<DerivedThreshold> used = new ArrayList<>();
        for (PercentEndpoint ep : endpoints) {
            values.put(ep.name(), percent(tubes.get(ep.tube()), ep.population(), ep.of()));
        }
        if (apoptosis != null) {
            double spontaneous = percent(tubes.get(apoptosis.spontaneousTube()), apoptosis.population(),
                    apoptosis.percentOf());
            double treated = percent(tubes.get(apoptosis.treatedTube()), apoptosis.population(),
                    apoptosis.percentOf());
            values.put("spontaneous_apoptosis", spontaneous);
            values.put(apoptosis.treatedName(), treated);
            values.put("specific_apoptosis", specificApoptosis(treated, spontaneous));
        }
        for (ThresholdRule rule : thresholds) {
            SampleResult r = tubes.get(rule.appliesTo());
            DerivedThreshold t = r == null ? null : r.thresholds().stream()
                    .filter(d -> d.rule().equals(rule.name())).findFirst().orElse(null);
            values.put(rule.name() + "_threshold", t == null ? Double.NaN : t.value());
            if (t != null) {
                used.add(t);
            }
        }
        return new PatientRow(patient, covariates, values, used);
    }

    /**
     * Specific apoptosis in percent: (treated - spontaneous) / (100 - spontaneous) × 100; NaN when either is NaN
     * or spontaneous is 100.
     */
    public static double specificApoptosis(double treated, double spontaneous) {
        if (Double.isNaN(treated) || Double.isNaN(spontaneous) || spontaneous >= 100) {
            return Double.NaN;
        }
        return (treated - spontaneous) / (100 - spontaneous) * 100;
    }

    private double percent(SampleResult r, String population, String of) {
        if (r == null) {
            return Double.NaN;
        }
        GatingStrategy s = strategyFor(r.tube());
        String pop = s.resolve(population).map(s::pathOf).orElse(population);
        String ref = s.resolve(of).map(s::pathOf).orElse(of);
        double n = r.value(pop, "count", "");
        double d = r.value(ref, "count", "");
        return d > 0 ? 100 * n / d : Double.NaN;
    }

    /** The sample name of a file: its file name without the {@code .fcs} extension. */
    public static String sampleName(Path file) {
        String n = file.getFileName().toString();
        return n.toLowerCase(Locale.ROOT).endsWith(".fcs") ? n.substring(0, n.length() - 4) : n;
    }
}
