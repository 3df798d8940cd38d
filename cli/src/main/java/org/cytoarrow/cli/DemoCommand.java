package org.cytoarrow.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.batch.BatchOptions;
import org.cytoarrow.batch.BatchRunner;
import org.cytoarrow.batch.BatchSummary;
import org.cytoarrow.batch.Failure;
import org.cytoarrow.batch.SampleOutcome;
import org.cytoarrow.batch.SampleProcessor;
import org.cytoarrow.batch.StatisticRow;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.SampleSheet;
import org.cytoarrow.core.cohort.CohortRow;
import org.cytoarrow.core.stats.Statistic;
import org.cytoarrow.gating.workflow.CohortAnalysis;
import org.cytoarrow.gating.workflow.CohortData;
import org.cytoarrow.gating.workflow.ControlMatcher;
import org.cytoarrow.gating.workflow.DerivedThreshold;
import org.cytoarrow.gating.workflow.SampleStatistics;
import org.cytoarrow.gating.workflow.StudyTables;
import org.cytoarrow.gating.workflow.StudyWorkflow;
import org.cytoarrow.report.GatePlots;
import org.cytoarrow.report.PlotSpec;
import org.cytoarrow.report.ReportModel;
import org.cytoarrow.testdata.DemoCohort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cytoarrow demo}: the whole study on a generated cohort, end to end. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            // one element per paragraph: picocli wraps each to the terminal's width
            "Run the whole myeloma IL-6 / apoptosis study on a generated cohort.",
            "",
            "Generates a synthetic MGUS / multiple-myeloma cohort (4 tubes per patient: stained, isotype,"
                    + " untreated, dexamethasone) into WORK/cohort unless it is there already, gates every tube with"
                    + " the study panel (IL-6+ threshold = P99.5 of the patient's isotype control), writes WORK/batch"
                    + " (long table, report.html), WORK/patients.csv, WORK/samples.csv, WORK/thresholds.csv and the"
                    + " cohort tests and Kaplan-Meier curves in WORK/cohort-results, and prints the headline table."})
public final class DemoCommand implements Callable<Integer> {
    /** Stage order of the trend test (MGUS patients have no stage: their diagnosis stands in). */
    static final List<String> STAGES = List.of("MGUS", "I", "II", "III", "RR");

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "WORK", defaultValue = "cytoarrow-demo",
            description = "Working folder (default: ./${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--patients", paramLabel = "N", defaultValue = "20",
            description = "Patients when generating (a quarter MGUS; default: ${DEFAULT-VALUE}).")
    int patients;

    @Option(names = "--events", paramLabel = "N", defaultValue = "10000",
            description = "Mean events per tube when generating (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "20261130", description = "Generator seed.")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Samples processed at once (default: cores).")
    Integer threads;

    @Option(names = "-v", description = "Verbose (-vv: stack traces).")
    boolean[] verbose = new boolean[0];

    @Override
    public Integer call() throws Exception {
        if (patients < 2 || patients > 999) {
            throw new ParameterException(spec.commandLine(), "--patients must be in 2..999, was " + patients);
        }
        if (events < 100 || events > 10_000_000) {
            throw new ParameterException(spec.commandLine(), "--events must be in 100..10,000,000, was " + events);
        }
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        Path cohortDir = dir.resolve("cohort");
        Path sheetFile = cohortDir.resolve("sample_sheet.csv");
        if (Files.isRegularFile(sheetFile) && Files.isRegularFile(cohortDir.resolve("panel/panel.properties"))) {
            out.println("cytoarrow demo: using the cohort in " + cohortDir + " (delete it to generate a new one)");
        } else {
            int mgus = Math.max(1, Math.round(patients / 4f));
            DemoCohort.Config c = new DemoCohort.Config(seed, mgus, patients - mgus, events / 125_000.0);
            out.printf(Locale.ROOT, "cytoarrow demo: generating %d patients (%d MGUS, %d MM) x 4 tubes, ~%,d events"
                    + " each, into %s%n", patients, mgus, patients - mgus, events, cohortDir);
            out.flush();
            DemoCohort.generate(cohortDir, c);
        }
        StudyWorkflow workflow = StudyWorkflow.fromPanel(cohortDir.resolve("panel"));
        SampleSheet sheet = SampleSheet.read(sheetFile);
        ControlMatcher matcher = ControlMatcher.bySheet(sheet, "patient", "tube");
        Map<String, Map<String, Path>> byPatient = matcher.byPatient(
                sheet.rows().stream().map(sheet::fileOf).toList());

        Map<Path, StudyWorkflow.SampleResult> results = new ConcurrentHashMap<>();
        SampleProcessor processor = (file, allocator) -> {
            List<PlotSpec> plots = new ArrayList<>();
            StudyWorkflow.SampleResult r = process(workflow, matcher, byPatient, file, allocator,
                    (frame, result) -> plots.addAll(GatePlots.of(StudyWorkflow.sampleName(file), frame.sample(),
                            result)));
            results.put(file.toAbsolutePath().normalize(), r);
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("patient", r.patient());
            meta.put("tube", r.tube());
            List<StatisticRow> stats = new ArrayList<>();
            for (SampleStatistics.Row row : r.rows()) {
                stats.add(new StatisticRow(row.population(), row.statistic(), row.channel(), row.value()));
            }
            return new SampleOutcome(r.events(), meta, stats, plots);
        };
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        BatchOptions options = BatchOptions.of(dir.resolve("batch")).withThreads(Math.max(1, n)).withForce(true)
                .withSheet(sheet).withInteractive(System.console() != null)
                .withReportStatistics(List.of("count", "freq_parent", "threshold_p99.5"));
        BatchSummary summary;
        try (BufferAllocator root = Memory.newRootAllocator()) {
            summary = new BatchRunner(options, processor, spec.commandLine().getErr())
                    .withReportThresholds(() -> reportThresholds(results.values()))
                    .run(List.of(cohortDir.resolve("fcs")), root);
        }
        for (Failure f : summary.failures()) {
            out.println("  FAILED " + f.file() + " " + f.code() + ": " + f.reason());
        }
        List<StudyWorkflow.SampleResult> ordered = new ArrayList<>();
        for (Map<String, Path> tubes : byPatient.values()) {
            for (Path f : tubes.values()) {
                StudyWorkflow.SampleResult r = results.get(f.toAbsolutePath().normalize());
                if (r != null) {
                    ordered.add(r);
                }
            }
        }
        List<StudyWorkflow.PatientRow> patientRows = workflow.patients(ordered, sheet, "patient", "tube");
        Path patientsCsv = dir.resolve("patients.csv");
        StudyTables.writePatients(patientsCsv, patientRows);
        StudyTables.writeSamples(dir.resolve("samples.csv"), ordered);
        StudyTables.writeThresholds(dir.resolve("thresholds.csv"), ordered);

        List<String> endpoints = new ArrayList<>();
        workflow.endpoints().forEach(e -> endpoints.add(e.name()));
        if (workflow.apoptosis().isPresent()) {
            endpoints.addAll(List.of("spontaneous_apoptosis", workflow.apoptosis().get().treatedName(),
                    "specific_apoptosis"));
        }
        String il6 = endpoints.isEmpty() ? null : endpoints.get(0);
        CohortAnalysis.Options o = new CohortAnalysis.Options("stage", "diagnosis", STAGES, endpoints,
                List.of(CohortAnalysis.Comparison.parse("diagnosis=MM:MGUS")), List.of("age"),
                workflow.apoptosis().isPresent() ? List.of(List.of(workflow.apoptosis().get().treatedName(),
                        "spontaneous_apoptosis")) : List.of(),
                "ttp_months", "progression", il6 == null ? null : il6 + ":median");
        Path cohortOut = dir.resolve("cohort-results");
        CohortData data = CohortData.read(patientsCsv, null);
        CohortAnalysis.Result r = CohortCommand.write(data, o, cohortOut);

        headline(out, data, r, il6);
        out.printf(Locale.ROOT, "%n%d tubes of %d patients processed (%d failed) in %.1f s%n", summary.processed(),
                patientRows.size(), summary.failures().size(), (System.nanoTime() - t0) / 1e9);
        out.println("patients table: " + patientsCsv);
        out.println("cohort tests:   " + cohortOut.resolve("tests.csv"));
        if (!r.survival().isEmpty()) {
            out.println("Kaplan-Meier:   " + cohortOut.resolve("km_1.png"));
        }
        out.println("HTML report:    " + summary.outDir().resolve("report.html"));
        out.flush();
        return summary.exitCode();
    }

    /**
     * The thresholds the study derived from its controls, for the batch report: one per control and boundary (the
     * tubes that share a control share its threshold), on the channel the divider cuts, in control order.
     */
    static List<ReportModel.Threshold> reportThresholds(Collection<StudyWorkflow.SampleResult> results) {
        Map<List<String>, ReportModel.Threshold> out = new TreeMap<>(Comparator.comparing(Object::toString));
        for (StudyWorkflow.SampleResult r : results) {
            for (DerivedThreshold t : r.thresholds()) {
                String statistic = Statistic.percentile(t.percentile()).label();
                String label = "threshold_" + statistic;
                String channel = r.rows().stream()
                        .filter(row -> row.population().equals(t.population()) && row.statistic().equals(label))
                        .map(SampleStatistics.Row::channel).findFirst().orElse(t.boundary());
                String source = t.control() + " (rule " + t.rule() + ", " + t.gateId() + " " + t.boundary() + ")";
                out.putIfAbsent(List.of(t.control(), t.rule(), t.gateId(), t.boundary()), new ReportModel.Threshold(
                        t.population(), channel, statistic, t.value(), t.events(), source));
            }
        }
        return List.copyOf(out.values());
    }

    private static StudyWorkflow.SampleResult process(StudyWorkflow workflow, ControlMatcher matcher,
            Map<String, Map<String, Path>> byPatient, Path file, BufferAllocator allocator,
            StudyWorkflow.Inspector inspector) {
        ControlMatcher.SampleKey key = matcher.key(file).orElseThrow(() -> new CytoException("NOT_IN_SHEET",
                file.toString(), null, file + " is not in the sample sheet (patient and tube unknown)"));
        Map<String, Path> tubes = byPatient.getOrDefault(key.patient(), Map.of());
        return workflow.process(file, key, tube -> Optional.ofNullable(tubes.get(tube)), allocator, inspector);
    }

    private static void headline(PrintWriter out, CohortData data, CohortAnalysis.Result r, String il6) {
        if (il6 != null) {
            out.printf(Locale.ROOT, "%n%% IL-6+ of CD138+ plasma cells (%s) by stage%n", il6);
            out.printf(Locale.ROOT, "  %-6s %4s %9s %21s%n", "stage", "n", "median", "IQR");
            for (CohortRow s : CohortAnalysis.summaries(r, il6).values()) {
                if (s.grouping().equals("stage")) {
                    out.printf(Locale.ROOT, "  %-6s %4d %9.2f %9.2f - %9.2f%n", s.comparison(), s.n(), s.estimate(),
                            s.ciLow(), s.ciHigh());
                }
            }
            CohortRow kw = r.find(il6, "kruskal_wallis", null);
            CohortRow jt = r.find(il6, "jonckheere_terpstra", null);
            out.printf(Locale.ROOT, "  Kruskal-Wallis p = %s; Jonckheere-Terpstra trend p = %s%n",
                    CohortCommand.p(kw == null ? Double.NaN : kw.p()),
                    CohortCommand.p(jt == null ? Double.NaN : jt.p()));
        }
        String sa = "specific_apoptosis";
        CohortAnalysis.Result byDiagnosis = CohortAnalysis.analyse(data, new CohortAnalysis.Options("diagnosis", null,
                List.of("MGUS", "MM"), List.of(sa), List.of(), List.of(), List.of(), null, null, null));
        out.printf(Locale.ROOT, "%nSpecific dexamethasone apoptosis (%%) by diagnosis%n");
        out.printf(Locale.ROOT, "  %-6s %4s %9s %21s%n", "group", "n", "median", "IQR");
        for (CohortRow s : CohortAnalysis.summaries(byDiagnosis, sa).values()) {
            out.printf(Locale.ROOT, "  %-6s %4d %9.2f %9.2f - %9.2f%n", s.comparison(), s.n(), s.estimate(),
                    s.ciLow(), s.ciHigh());
        }
        CohortRow mw = r.find(sa, "mann_whitney", "MM vs MGUS");
        if (mw != null) {
            out.printf(Locale.ROOT, "  MM vs MGUS: Hodges-Lehmann shift %.2f (95%% CI %.2f to %.2f), Mann-Whitney"
                    + " p = %s (BH across endpoints %s)%n", mw.estimate(), mw.ciLow(), mw.ciHigh(),
                    CohortCommand.p(mw.p()), CohortCommand.p(mw.pAdj()));
        }
        if (!r.survival().isEmpty()) {
            CohortAnalysis.Survival s = r.survival().get(0);
            out.printf(Locale.ROOT, "%nTime to progression, %s: log-rank p = %s%n", s.title(),
                    CohortCommand.p(s.test().p()));
        }
    }
}
