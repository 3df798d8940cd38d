package org.cytoarrow.batch;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.SampleSheet;
import org.cytoarrow.core.io.AtomicFile;
import org.cytoarrow.core.io.Csv;
import org.cytoarrow.report.AtomicOutput;
import org.cytoarrow.report.HtmlReport;
import org.cytoarrow.report.PlotRenderer;
import org.cytoarrow.report.PlotSpec;
import org.cytoarrow.report.ReportModel;

/**
 * Runs a {@link SampleProcessor} over every FCS file under some folders and collects the results.
 *
 * <p>Output folder layout:
 * <pre>
 * OUTDIR/samples/&lt;sample&gt;.csv      statistics of one sample (long format)
 * OUTDIR/plots/&lt;sample&gt;/NN_*.png    its plots
 * OUTDIR/statistics.csv, .parquet    all samples' statistics, rebuilt from the per-sample files every run
 * OUTDIR/errors.csv                  files that failed, with a code and a reason
 * OUTDIR/thresholds.csv              thresholds derived from control samples (with a control rule), applied to
 *                                    the other samples as pct_above_control rows
 * OUTDIR/report.html                 summary table, thumbnails, thresholds, errors
 * OUTDIR/.state/&lt;hash&gt;.done         per input: fingerprint and outputs, written after the outputs
 * </pre>
 *
 * <p>Guarantees: files are found by content ({@link FcsDiscovery} rules); samples run on a pool of
 * {@code threads} threads that also runs their parallel streams ({@link #workerPool}), each sample with a child
 * allocator limited to {@code sampleMemoryBytes}; a failing sample is recorded and the others go on; every file
 * is written atomically; a sample counts as done only once its manifest is written, so a killed run, rerun,
 * redoes exactly the unfinished samples (unless {@code force}) and the long table, rebuilt from the per-sample
 * files of done samples, never holds duplicate or partial rows.
 *
 * <p>Not for concurrent runs into the same output folder.
 */
public final class BatchRunner {
    private final BatchOptions options;
    private final SampleProcessor processor;
    private final PrintWriter log;
    private final Supplier<List<ReportModel.Threshold>> reportThresholds;
    private final PlotRenderer renderer = new PlotRenderer();
    /** The samples this run committed, as {@link #readBack} would read them: manifests and statistics rows. */
    private final Map<Job, ReadBack> written = new ConcurrentHashMap<>();

    /** A runner; progress and messages go to {@code log}. */
    public BatchRunner(BatchOptions options, SampleProcessor processor, PrintWriter log) {
        this(options, processor, log, List::of);
    }

    private BatchRunner(BatchOptions options, SampleProcessor processor, PrintWriter log,
                        Supplier<List<ReportModel.Threshold>> reportThresholds) {
        this.options = options;
        this.processor = processor;
        this.log = log;
        this.reportThresholds = reportThresholds;
    }

    /**
     * This runner, also listing {@code thresholds} in the report's control-threshold table (after any the control
     * rule derives). The supplier is called once per run, after every sample was processed, so a processor that
     * derives thresholds itself (the study workflow of {@code cytoarrow demo}) can hand them over.
     */
    public BatchRunner withReportThresholds(Supplier<List<ReportModel.Threshold>> thresholds) {
        return new BatchRunner(options, processor, log, Objects.requireNonNull(thresholds, "thresholds"));
    }

    /** One sample to process: the input, its unique name, and its sheet metadata. */
    record Job(Path file, String sample, Map<String, String> sheetRow) {
    }

    /** What one job produced: events processed, or the failure. */
    private record Done(Job job, long events, Failure failure) {
    }

    /**
     * Processes every FCS file under {@code inputs} (folders walked recursively, or files) with Arrow memory
     * from child allocators of {@code root}, writes the outputs and returns the summary.
     *
     * <p>With a control rule, in two rounds on the same pool: first the control samples (names matching the
     * glob), then, with the thresholds derived from all of them, the other samples, which also get
     * {@value ControlThresholds#STATISTIC} rows ({@link SampleProcessor#withControlThresholds}). When no sample
     * matches the glob or a control failed, nothing is applied and the log and report say why. With a
     * {@link ControlRule#groupColumn() group column} (which the sample sheet must have) the same holds per value of
     * that column: a sample gets the thresholds of the controls of its own group, none when its group has no
     * control (or one failed), and the log and report list those samples. A sample's manifest records the
     * {@link ControlThresholds#fingerprint() fingerprint} of the thresholds it got: a rerun redoes a sample
     * computed with other thresholds (say a control of its group was added or changed), not an up-to-date control.
     */
    public BatchSummary run(List<Path> inputs, BufferAllocator root) throws IOException {
        long t0 = System.nanoTime();
        Path out = options.outDir().toAbsolutePath().normalize();
        Files.createDirectories(out.resolve("samples"));
        Files.createDirectories(out.resolve(Manifest.DIR));
        removeTemporaries(out);

        ControlRule rule = options.controls();
        if (rule != null && rule.grouped() && !options.sheet().has(rule.groupColumn())) {
            throw new CytoException("CONTROL_RULE", null, null, "Control group column '" + rule.groupColumn()
                    + "' is not a column of the sample sheet " + options.sheet().columns());
        }
        FcsDiscovery.Result found = FcsDiscovery.scan(inputs, out);
        List<Job> jobs = name(found.samples(), inputs, options.sheet());
        List<Job> controls = new ArrayList<>();
        List<Job> controlTodo = new ArrayList<>();
        List<Job> otherTodo = new ArrayList<>();
        Map<Job, String> otherComputedWith = new LinkedHashMap<>(); // input unchanged: thresholds fingerprint
        for (Job job : jobs) {
            boolean control = rule != null && rule.isControl(job.sample());
            if (control) {
                controls.add(job);
            }
            Path mf = Manifest.pathFor(out, job.file());
            Manifest m = options.force() ? null : Manifest.read(mf);
            if (m != null && m.isCurrent(job.file(), job.sample(), processor.fingerprint(), out)) {
                if (control && !m.controls().isEmpty()) {
                    Files.deleteIfExists(mf); // it was a stained sample of an earlier rule: redo it as a control
                    controlTodo.add(job);
                } else if (!control) {
                    otherComputedWith.put(job, m.controls());
                }
                continue;
            }
            Files.deleteIfExists(mf); // not done until processed again: a failure must not keep old results
            (control ? controlTodo : otherTodo).add(job);
        }
        if (rule == null) {
            log.printf(Locale.ROOT, "cytoarrow batch: %d FCS file(s) found, %d up to date, %d to process with %d"
                    + " thread(s)%n", jobs.size(), jobs.size() - otherTodo.size() - countChanged(otherComputedWith,
                    ""), otherTodo.size() + countChanged(otherComputedWith, ""), options.threads());
        } else {
            log.printf(Locale.ROOT, "cytoarrow batch: %d FCS file(s) found, %d control(s) matching '%s': %d up to"
                    + " date, %d to process with %d thread(s)%n", jobs.size(), controls.size(), rule.sampleGlob(),
                    controls.size() - controlTodo.size(), controlTodo.size(), options.threads());
        }
        long noFile = options.sheet().rows().stream().filter(r -> r.getOrDefault(SampleSheet.FILE, "").isEmpty())
                .count();
        if (noFile > 0) {
            log.printf(Locale.ROOT, "cytoarrow batch: %d sample-sheet row(s) name no file and describe nothing%n",
                    noFile);
        }
        List<String> sheetNotes = sheetNotes(found.samples(), options.sheet());
        sheetNotes.forEach(n -> log.println("cytoarrow batch: note: " + n));
        log.flush();

        List<Failure> failures = new ArrayList<>(found.rejected());
        Counts counts = new Counts();
        ForkJoinPool pool = workerPool(options.threads());
        ExecutorService committer = committer(options.threads());
        try {
            if (!controlTodo.isEmpty() || !otherTodo.isEmpty()) {
                // the Parquet writer's first use loads ~1,500 classes (about a second): do it while samples run
                // rather than alone at the end
                pool.execute(() -> StatisticsTable.warmUpParquet(out.resolve(Manifest.DIR)));
            }
            List<Failure> controlFailures = processAll(controlTodo, job -> processor, job -> "", root, out, pool,
                    committer, counts);
            failures.addAll(controlFailures);
            Set<Job> controlSet = new java.util.HashSet<>(controls);
            List<Job> otherJobs = jobs.stream().filter(job -> !controlSet.contains(job)).toList();
            Applied applied = rule == null ? new Applied(List.of(), Map.of(), List.of())
                    : applyControls(rule, controls, controlFailures, otherJobs, out, pool);
            int changed = 0;
            for (Map.Entry<Job, String> e : otherComputedWith.entrySet()) {
                if (!e.getValue().equals(applied.of(groupOf(e.getKey())).fingerprint())) {
                    Files.deleteIfExists(Manifest.pathFor(out, e.getKey().file()));
                    otherTodo.add(e.getKey());
                    changed++;
                }
            }
            if (rule != null) {
                int others = jobs.size() - controls.size();
                log.printf(Locale.ROOT, "cytoarrow batch: %d other sample(s): %d up to date, %d to process"
                        + " (%d for changed thresholds)%n", others, others - otherTodo.size(), otherTodo.size(),
                        changed);
                log.flush();
            }
            Map<ControlThresholds, SampleProcessor> applying = new HashMap<>(); // one processor per group
            failures.addAll(processAll(otherTodo, job -> applying.computeIfAbsent(applied.of(groupOf(job)),
                    processor::withControlThresholds), job -> applied.of(groupOf(job)).fingerprint(), root, out,
                    pool, committer, counts));
            failures.sort((a, b) -> a.file().compareTo(b.file()));
            rebuild(out, jobs, failures, applied, sheetNotes, pool);
        } finally {
            pool.shutdownNow();
            committer.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int upToDate = jobs.size() - controlTodo.size() - otherTodo.size();
        return new BatchSummary(jobs.size(), counts.processed, upToDate, failures, found.ignored(), counts.events,
                seconds, out);
    }

    private static int countChanged(Map<Job, String> computedWith, String fingerprint) {
        return (int) computedWith.values().stream().filter(f -> !f.equals(fingerprint)).count();
    }

    /** Samples processed and their events, over both rounds. */
    private static final class Counts {
        int processed;
        long events;
    }

    /**
     * What the control round gives the rest of the run: the thresholds derived from the controls that are done
     * (shown in thresholds.csv and the report), those applied to the other samples by control group (key
     * {@code ""} when pooled; a group is missing when its control failed or it has none), and notes explaining
     * what was not applied.
     */
    private record Applied(List<ReportModel.Threshold> derived, Map<String, ControlThresholds> byGroup,
            List<String> notes) {
        /** The thresholds applied to the samples of {@code group}; {@link ControlThresholds#NONE} for none. */
        ControlThresholds of(String group) {
            return byGroup.getOrDefault(group, ControlThresholds.NONE);
        }
    }

    /** The control group of a sample: its sheet value of the rule's group column, or {@code ""} when pooled. */
    private String groupOf(Job job) {
        ControlRule rule = options.controls();
        return rule == null || !rule.grouped() ? "" : job.sheetRow().getOrDefault(rule.groupColumn(), "").strip();
    }

    /**
     * Processes {@code todo} on {@code pool}, each sample with {@code processorOf} it and its manifest recording
     * {@code controlsOf} it (the thresholds fingerprint); reports progress and returns the failures. The two
     * functions are called on this thread.
     */
    private List<Failure> processAll(List<Job> todo, Function<Job, SampleProcessor> processorOf,
            Function<Job, String> controlsOf, BufferAllocator root, Path out, ForkJoinPool pool,
            ExecutorService committer, Counts counts) throws IOException {
        List<Failure> failures = new ArrayList<>();
        if (todo.isEmpty()) {
            return failures;
        }
        Map<Job, Long> sizeOf = inputSizes(todo);
        long totalBytes = sizeOf.values().stream().mapToLong(Long::longValue).sum();
        try (Progress progress = Progress.create(options.interactive(), todo.size(), totalBytes, log)) {
            CompletionService<Future<Done>> cs = new ExecutorCompletionService<>(pool);
            for (Job job : largestFirst(todo, sizeOf)) {
                SampleProcessor p = processorOf.apply(job);
                String controls = controlsOf.apply(job);
                cs.submit(() -> processOne(job, p, controls, root, out, committer));
            }
            for (int i = 0; i < todo.size(); i++) {
                Done d = take(cs);
                if (d.failure() == null) {
                    counts.processed++;
                    counts.events += d.events();
                    progress.sampleDone(d.job().sample(), d.events(), sizeOf.get(d.job()),
                            true, Progress.grouped(d.events()) + " events");
                } else {
                    failures.add(d.failure());
                    progress.sampleDone(d.job().sample(), 0, sizeOf.get(d.job()), false, d.failure().reason());
                }
            }
        }
        return failures;
    }

    /** The size in bytes of each job's input; 0 for a file that cannot be read (it fails quickly). */
    static Map<Job, Long> inputSizes(List<Job> jobs) {
        Map<Job, Long> sizes = new HashMap<>();
        for (Job job : jobs) {
            long size;
            try {
                size = Files.size(job.file());
            } catch (IOException e) {
                size = 0;
            }
            sizes.put(job, size);
        }
        return sizes;
    }

    /**
     * {@code jobs} by the size of their input, largest first (equal sizes in their order). The workers take samples
     * in this order, so the last ones to start are the small ones: a large file started last would leave the other
     * workers idle while it alone runs.
     */
    static List<Job> largestFirst(List<Job> jobs, Map<Job, Long> sizeOf) {
        List<Job> order = new ArrayList<>(jobs);
        order.sort(Comparator.comparingLong((Job job) -> sizeOf.get(job)).reversed()); // stable
        return order;
    }

    /**
     * Derives the thresholds from every control's statistics (those just processed and those up to date, read
     * back from their per-sample files) and decides whether they can be applied: pooled, not when no sample
     * matched or a control has no results; paired by a group column, the same per group, and not to the samples of
     * a group without a control. Logs the outcome.
     */
    private Applied applyControls(ControlRule rule, List<Job> controls, List<Failure> controlFailures,
            List<Job> others, Path out, ForkJoinPool pool) throws IOException {
        List<ReadBack> readBack = await(pool.submit(() -> controls.parallelStream().map(job -> readBack(out, job))
                .toList()));
        Set<String> failed = new java.util.TreeSet<>();
        for (int i = 0; i < controls.size(); i++) {
            if (readBack.get(i).manifest() == null) {
                failed.add(controls.get(i).sample()); // failed now, or its results cannot be read (see errors)
            }
        }
        for (Failure f : controlFailures) {
            for (Job job : controls) {
                if (job.file().equals(f.file())) {
                    failed.add(job.sample());
                }
            }
        }
        if (rule.grouped()) {
            return applyByGroup(rule, controls, readBack, failed, others);
        }
        Derivation pooled = derive(rule, "", java.util.stream.IntStream.range(0, controls.size()).boxed().toList(),
                controls, readBack, failed, "the");
        List<ReportModel.Threshold> derived = pooled.thresholds();
        String why = controls.isEmpty() ? "no sample name matches the control glob '" + rule.sampleGlob() + "'"
                : pooled.whyNot();
        if (why == null) {
            log.printf(Locale.ROOT, "cytoarrow batch: %d threshold(s) from %d control(s) applied to the other"
                    + " samples as %s%n", derived.size(), controls.size(), ControlThresholds.STATISTIC);
            log.flush();
            return new Applied(derived, Map.of("", new ControlThresholds(derived)), List.of());
        }
        String note = "Control thresholds not applied: " + why + "; no " + ControlThresholds.STATISTIC
                + " rows were computed.";
        log.println("cytoarrow batch: " + note);
        log.flush();
        return new Applied(derived, Map.of(), List.of(note));
    }

    /** The thresholds some controls give, and why they cannot be applied (null when they can). */
    private record Derivation(List<ReportModel.Threshold> thresholds, String whyNot) {
    }

    /**
     * The thresholds of the controls at {@code members} (indices into {@code controls}, read back as
     * {@code readBack}) for {@code group} ({@code ""} pooled). They cannot be applied when one of the controls
     * failed or none has a value of the rule's statistic; {@code their} starts that reason ("the", "its").
     */
    private static Derivation derive(ControlRule rule, String group, List<Integer> members, List<Job> controls,
            List<ReadBack> readBack, Set<String> failed, String their) {
        List<StatisticsTable.Row> rows = new ArrayList<>();
        Set<String> memberFailed = new java.util.TreeSet<>();
        for (int i : members) {
            if (failed.contains(controls.get(i).sample())) {
                memberFailed.add(controls.get(i).sample());
            } else if (readBack.get(i).manifest() != null) {
                rows.addAll(readBack.get(i).rows());
            }
        }
        List<ReportModel.Threshold> thresholds = rule.derive(rows, group);
        String why = null;
        if (!memberFailed.isEmpty()) {
            why = memberFailed.size() + " of " + members.size() + " control(s) failed (" + String.join(", ",
                    memberFailed) + "; see errors)";
        } else if (thresholds.isEmpty()) {
            why = their + " " + members.size() + " control(s) have no '" + rule.statistic() + "' values";
        }
        return new Derivation(thresholds, why);
    }

    /**
     * {@link #applyControls} with a group column: per value of the column, the thresholds of that group's controls
     * (as pooled ones: none when one of them failed or they have no values); a group's thresholds go to the other
     * samples of the group only. Notes, one log line each, list the samples left without thresholds and why.
     */
    private Applied applyByGroup(ControlRule rule, List<Job> controls, List<ReadBack> readBack, Set<String> failed,
            List<Job> others) {
        String column = rule.groupColumn();
        Map<String, List<Integer>> controlsOf = new java.util.TreeMap<>();
        List<String> ungrouped = new ArrayList<>();
        for (int i = 0; i < controls.size(); i++) {
            String g = groupOf(controls.get(i));
            if (g.isEmpty()) {
                ungrouped.add(controls.get(i).sample());
            } else {
                controlsOf.computeIfAbsent(g, k -> new ArrayList<>()).add(i);
            }
        }
        Map<String, List<String>> samplesOf = new java.util.TreeMap<>();
        for (Job job : others) {
            samplesOf.computeIfAbsent(groupOf(job), k -> new ArrayList<>()).add(job.sample());
        }
        List<ReportModel.Threshold> derived = new ArrayList<>();
        Map<String, ControlThresholds> byGroup = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : controlsOf.entrySet()) {
            String g = e.getKey();
            Derivation own = derive(rule, g, e.getValue(), controls, readBack, failed, "its");
            derived.addAll(own.thresholds());
            String why = own.whyNot();
            if (why == null) {
                byGroup.put(g, new ControlThresholds(own.thresholds()));
            } else if (samplesOf.containsKey(g)) {
                notes.add("Control thresholds not applied to " + column + "=" + g + ": " + why + "; no "
                        + ControlThresholds.STATISTIC + " rows for its sample(s) " + String.join(", ",
                        samplesOf.get(g)) + ".");
            }
        }
        List<String> withoutControl = new ArrayList<>();
        int samplesWithoutControl = 0;
        for (Map.Entry<String, List<String>> e : samplesOf.entrySet()) {
            if (!e.getKey().isEmpty() && !controlsOf.containsKey(e.getKey())) {
                withoutControl.add(column + "=" + e.getKey() + " (" + String.join(", ", e.getValue()) + ")");
                samplesWithoutControl += e.getValue().size();
            }
        }
        if (!withoutControl.isEmpty()) {
            notes.add("Control thresholds not applied to " + samplesWithoutControl + " sample(s) whose " + column
                    + " has no control matching '" + rule.sampleGlob() + "': " + String.join(", ", withoutControl)
                    + "; no "
                    + ControlThresholds.STATISTIC + " rows for them.");
        }
        if (samplesOf.containsKey("")) {
            notes.add("Control thresholds not applied to " + samplesOf.get("").size() + " sample(s) with no '"
                    + column + "' value in the sample sheet: " + String.join(", ", samplesOf.get("")) + "; no "
                    + ControlThresholds.STATISTIC + " rows for them.");
        }
        if (!ungrouped.isEmpty()) {
            notes.add("Control(s) with no '" + column + "' value in the sample sheet, not used: "
                    + String.join(", ", ungrouped) + ".");
        }
        int applied = 0;
        for (String g : byGroup.keySet()) {
            applied += samplesOf.getOrDefault(g, List.of()).size();
        }
        log.printf(Locale.ROOT, "cytoarrow batch: thresholds of %d %s group(s) (%d control(s) matching '%s')"
                + " applied to %d of %d other sample(s), each from the controls of its own %s, as %s%n",
                byGroup.size(), column, controls.size(), rule.sampleGlob(), applied, others.size(), column,
                ControlThresholds.STATISTIC);
        for (String note : notes) {
            log.println("cytoarrow batch: " + note);
        }
        log.flush();
        return new Applied(derived, byGroup, notes);
    }

    private static Done take(CompletionService<Future<Done>> cs) throws IOException {
        try {
            return cs.take().get().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Batch interrupted", e);
        } catch (ExecutionException e) {
            // processOne and commit catch everything a sample can throw; this is a bug in the runner itself
            throw new IllegalStateException("Batch worker failed", e.getCause());
        }
    }

    /**
     * Processes one sample and stages its outputs (the CPU work, on a pool worker), then hands them to
     * {@code committer}, which forces them to disk, moves them in place and then writes the manifest (the waiting
     * for the disk, off the workers). Never throws: failures are returned.
     */
    private Future<Done> processOne(Job job, SampleProcessor processor, String controls, BufferAllocator root,
            Path out, ExecutorService committer) {
        List<AtomicFile.Staged> staged = new ArrayList<>();
        try {
            Manifest.Fingerprint fp = Manifest.fingerprint(job.file());
            SampleOutcome outcome;
            long leaked;
            BufferAllocator child = root.newChildAllocator("sample " + job.sample(), 0, options.sampleMemoryBytes());
            try {
                outcome = processor.process(job.file(), child);
            } finally {
                leaked = child.getAllocatedMemory();
                if (leaked == 0) {
                    child.close();
                } // else closing would throw: report the processor's bug for this sample below and keep going
            }
            if (leaked != 0) {
                return CompletableFuture.completedFuture(new Done(job, 0, new Failure(job.file(), "MEMORY_LEAK",
                        job.file() + ": processing left " + leaked + " bytes of Arrow memory allocated")));
            }
            String csv = "samples/" + job.sample() + ".csv";
            List<StatisticsTable.Row> rows = StatisticsTable.rows(job.sample(), job.file().toString(),
                    outcome.statistics());
            staged.add(StatisticsTable.stageCsv(out.resolve(csv), rows));
            List<String> plots = stagePlots(out, job.sample(), outcome.plots(), staged);
            Map<String, String> meta = new LinkedHashMap<>(outcome.metadata());
            job.sheetRow().forEach((k, v) -> {
                if (!k.equals("sample")) {
                    meta.put(k, v); // the sheet wins over what the file says
                }
            });
            Manifest manifest = new Manifest(job.file().toString(), fp.size(), fp.mtimeMillis(), fp.checksum(),
                    job.sample(), outcome.eventCount(), csv, plots, meta, controls, processor.fingerprint());
            return committer.submit(() -> commit(job, out, staged, manifest, rows));
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            staged.forEach(AtomicFile.Staged::discard);
            return CompletableFuture.completedFuture(failed(job, e));
        }
    }

    /**
     * Puts a sample's staged outputs in place (each forced to disk first), deletes plots an earlier run of it left,
     * then writes its manifest: only then does the sample count as done, and its {@code rows} (what its CSV holds)
     * are kept for {@link #readBack}. Never throws: failures are returned.
     */
    private Done commit(Job job, Path out, List<AtomicFile.Staged> staged, Manifest manifest,
            List<StatisticsTable.Row> rows) {
        int next = 0;
        try {
            for (; next < staged.size(); next++) {
                AtomicOutput.commit(staged.get(next));
            }
            removeOldPlots(out.resolve("plots").resolve(job.sample()), manifest.plots());
            manifest.write(Manifest.pathFor(out, job.file()));
            written.put(job, new ReadBack(manifest, rows, null));
            return new Done(job, manifest.events(), null);
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            for (int i = next + 1; i < staged.size(); i++) {
                staged.get(i).discard(); // the one that failed deleted its own temporary file
            }
            return failed(job, e);
        }
    }

    /** What a sample that threw {@code e} is recorded as. */
    private Done failed(Job job, Throwable e) {
        Failure f;
        if (e instanceof CytoException c) {
            f = new Failure(job.file(), c.code(), oneLine(c.getMessage(), job));
        } else if (e instanceof OutOfMemoryException) {
            f = new Failure(job.file(), "MEMORY_LIMIT", job.file() + ": needs more than the "
                    + (options.sampleMemoryBytes() >> 20) + " MiB of Arrow memory allowed per sample ("
                    + e.getMessage() + ")");
        } else if (e instanceof OutOfMemoryError) {
            f = new Failure(job.file(), "MEMORY_LIMIT", job.file()
                    + ": Java heap exhausted (" + e.getMessage() + "); use fewer threads or a larger -Xmx");
        } else if (e instanceof IOException) {
            f = new Failure(job.file(), "IO_ERROR", oneLine(String.valueOf(e), job));
        } else {
            f = new Failure(job.file(), "ERROR", oneLine(String.valueOf(e), job));
        }
        return new Done(job, 0, f);
    }

    private static String oneLine(String message, Job job) {
        String m = message == null ? "(no message)" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
        return m.contains(job.file().getFileName().toString()) ? m : job.file() + ": " + m;
    }

    /** Renders and stages (adds to {@code staged}) a sample's plots; returns their paths relative to the output. */
    private List<String> stagePlots(Path out, String sample, List<PlotSpec> specs, List<AtomicFile.Staged> staged)
            throws IOException {
        Path dir = out.resolve("plots").resolve(sample);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            String name = (i < 9 ? "0" : "") + (i + 1) + "_" + slug(specs.get(i).title()) + ".png";
            staged.add(renderer.stagePng(specs.get(i), dir.resolve(name)));
            written.add("plots/" + sample + "/" + name);
        }
        return written;
    }

    /** Deletes the files in a sample's plot folder other than {@code plots}: plots of an earlier run of it. */
    private static void removeOldPlots(Path dir, List<String> plots) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Set<String> names = new LinkedHashSet<>();
        for (String p : plots) {
            names.add(p.substring(p.lastIndexOf('/') + 1));
        }
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir)) {
            for (Path p : old) {
                if (!names.contains(p.getFileName().toString())) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * Rebuilds the long table, errors, thresholds and report from the manifests of done samples: the per-sample
     * files are read back and the outputs written by {@code pool}'s workers.
     */
    private void rebuild(Path out, List<Job> jobs, List<Failure> failures, Applied applied, List<String> sheetNotes,
            ForkJoinPool pool) throws IOException {
        List<ReadBack> readBack = await(pool.submit(() -> jobs.parallelStream().map(job -> readBack(out, job))
                .toList()));
        List<StatisticsTable.Row> all = new ArrayList<>();
        List<Manifest> done = new ArrayList<>();
        for (ReadBack b : readBack) {
            if (b.failure() != null) {
                Files.deleteIfExists(Manifest.pathFor(out, b.failure().file())); // redo it next time
                failures.add(b.failure());
            } else if (b.manifest() != null) {
                all.addAll(b.rows());
                done.add(b.manifest());
            }
        }
        List<String> notes = new ArrayList<>(sheetNotes);
        notes.addAll(applied.notes());
        for (String same : sameAcquisitions(done)) {
            notes.add(same);
            log.println("cytoarrow batch: note: " + same);
        }
        log.flush();
        List<ReportModel.Threshold> thresholds = applied.derived();
        List<ReportModel.Threshold> shown = new ArrayList<>(thresholds);
        shown.addAll(reportThresholds.get());
        ForkJoinTask<Void> parquet = pool.submit(() -> {
            StatisticsTable.writeParquet(out.resolve("statistics.parquet"), all);
            return null;
        });
        ForkJoinTask<Void> csv = pool.submit(() -> {
            StatisticsTable.writeCsv(out.resolve("statistics.csv"), all);
            return null;
        });
        ForkJoinTask<Void> rest = pool.submit(() -> {
            writeErrors(out, failures);
            if (options.controls() != null) {
                writeThresholds(out, thresholds, options.controls().grouped());
            }
            HtmlReport.write(reportModel(done, all, shown, failures, jobs.size(), notes),
                    out.resolve("report.html"));
            return null;
        });
        await(parquet);
        await(csv);
        await(rest);
    }

    /**
     * Notes on a sample sheet that does not fit the files found: rows naming a file that was not found (a typo, a
     * file left out of the folder) and files found that no row describes, which then lack its metadata. None
     * without a sheet or when every row and file found its match.
     */
    static List<String> sheetNotes(List<Path> files, SampleSheet sheet) {
        List<Map<String, String>> naming = sheet.rows().stream()
                .filter(r -> !r.getOrDefault(SampleSheet.FILE, "").isEmpty()).toList();
        if (naming.isEmpty()) {
            return List.of();
        }
        Set<Map<String, String>> described = Collections.newSetFromMap(new IdentityHashMap<>());
        List<String> undescribed = new ArrayList<>();
        for (Path f : files) {
            sheet.rowFor(f).ifPresentOrElse(described::add, () -> undescribed.add(f.getFileName().toString()));
        }
        List<String> notFound = naming.stream().filter(r -> !described.contains(r))
                .map(r -> r.get(SampleSheet.FILE)).toList();
        List<String> notes = new ArrayList<>();
        if (!notFound.isEmpty()) {
            notes.add(notFound.size() + " sample-sheet row(s) name a file that was not found: " + firstFew(notFound));
        }
        if (!undescribed.isEmpty()) {
            notes.add(undescribed.size() + " FCS file(s) have no row in the sample sheet, so none of its columns: "
                    + firstFew(undescribed));
        }
        return notes;
    }

    /** The first five of {@code names}, and how many more there are. */
    private static String firstFew(List<String> names) {
        String shown = String.join(", ", names.subList(0, Math.min(5, names.size())));
        return names.size() > 5 ? shown + " and " + (names.size() - 5) + " more" : shown;
    }

    /**
     * Notes on files that look like one acquisition exported more than once (a re-export, a copy under another
     * name): done samples whose metadata agree on a non-blank {@code cytometer}, {@code date} and {@code start}
     * ($CYT, $DATE, $BTIM, to the second) and on the event count, and files with the same bytes (same size and
     * checksum) that those keywords do not already name. Their events would count twice in a cohort; the batch
     * keeps them all and says so.
     */
    static List<String> sameAcquisitions(List<Manifest> done) {
        Map<List<String>, List<String>> byAcquisition = new LinkedHashMap<>();
        Map<List<String>, List<String>> byContent = new LinkedHashMap<>();
        for (Manifest m : done) {
            byContent.computeIfAbsent(List.of(m.checksum(), Long.toString(m.size())), k -> new ArrayList<>())
                    .add(m.sample());
            Map<String, String> meta = m.metadata();
            List<String> key = List.of(meta.getOrDefault("cytometer", "").strip(),
                    meta.getOrDefault("date", "").strip(), meta.getOrDefault("start", "").strip(),
                    Long.toString(m.events()));
            if (!key.get(0).isEmpty() && !key.get(1).isEmpty() && !key.get(2).isEmpty()) {
                byAcquisition.computeIfAbsent(key, k -> new ArrayList<>()).add(m.sample());
            }
        }
        List<String> notes = new ArrayList<>();
        for (Map.Entry<List<String>, List<String>> e : byAcquisition.entrySet()) {
            if (e.getValue().size() > 1) {
                List<String> k = e.getKey();
                notes.add("Possibly one acquisition in " + e.getValue().size() + " files (same cytometer " + k.get(0)
                        + ", date " + k.get(1) + ", start " + k.get(2) + " and " + k.get(3) + " events): "
                        + String.join(", ", e.getValue()) + ". Each is a sample of its own here; a cohort would"
                        + " count its events more than once.");
            }
        }
        Set<List<String>> named = new java.util.HashSet<>(byAcquisition.values());
        for (List<String> same : byContent.values()) {
            if (same.size() > 1 && !named.contains(same)) { // copies of a file without $BTIM, say
                notes.add(same.size() + " files with the same bytes: " + String.join(", ", same) + ". Each is a"
                        + " sample of its own here; a cohort would count its events more than once.");
            }
        }
        return notes;
    }

    /** A done sample's manifest and statistics read back, or the failure to read them; both null if not done. */
    private record ReadBack(Manifest manifest, List<StatisticsTable.Row> rows, Failure failure) {
    }

    /**
     * A sample's manifest and statistics as its files hold them: those this run wrote ({@link #written}) are taken
     * from memory when the manifest on disk is still theirs, the others are read.
     */
    private ReadBack readBack(Path out, Job job) {
        Manifest m = Manifest.read(Manifest.pathFor(out, job.file()));
        if (m == null || !m.isCurrent(job.file(), job.sample(), processor.fingerprint(), out)) {
            return new ReadBack(null, null, null);
        }
        ReadBack w = written.get(job);
        if (w != null && w.manifest().equals(m)) {
            return w;
        }
        try {
            return new ReadBack(m, StatisticsTable.readCsv(out.resolve(m.csv())), null);
        } catch (IOException e) {
            return new ReadBack(null, null, new Failure(job.file(), "OUTPUT_CORRUPT", job.file()
                    + ": its statistics file " + m.csv() + " cannot be read back (" + e.getMessage()
                    + "); it will be redone"));
        }
    }

    private static void writeErrors(Path out, List<Failure> failures) throws IOException {
        AtomicOutput.write(out.resolve("errors.csv"), o -> {
            Writer w = new OutputStreamWriter(o, StandardCharsets.UTF_8);
            Csv.writeRow(w, List.of("file", "code", "reason"));
            for (Failure f : failures) {
                Csv.writeRow(w, List.of(f.file().toString(), f.code(), f.reason()));
            }
            w.flush();
        });
    }

    /**
     * thresholds.csv: population, channel, statistic, threshold, source; paired by a group column ({@code grouped})
     * also {@code group}, last so that the pooled columns keep their places.
     */
    private static void writeThresholds(Path out, List<ReportModel.Threshold> thresholds, boolean grouped)
            throws IOException {
        AtomicOutput.write(out.resolve("thresholds.csv"), o -> {
            Writer w = new OutputStreamWriter(o, StandardCharsets.UTF_8);
            List<String> header = new ArrayList<>(List.of("population", "channel", "statistic", "threshold",
                    "source"));
            if (grouped) {
                header.add("group");
            }
            Csv.writeRow(w, header);
            for (ReportModel.Threshold t : thresholds) {
                List<String> row = new ArrayList<>(List.of(t.population(), t.channel(), t.statistic(),
                        Csv.number(t.value()), t.source()));
                if (grouped) {
                    row.add(t.group());
                }
                Csv.writeRow(w, row);
            }
            w.flush();
        });
    }

    /** The result of a task run on the batch's pool; its IOException (or unchecked exception) rethrown as is. */
    private static <T> T await(java.util.concurrent.Future<T> task) throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Batch interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("Batch output failed", cause);
        }
    }

    private ReportModel reportModel(List<Manifest> done, List<StatisticsTable.Row> all,
            List<ReportModel.Threshold> thresholds, List<Failure> failures, int samples, List<String> extraNotes) {
        List<String> metaKeys = new ArrayList<>();
        metaKeys.add("tube");
        for (Manifest m : done) {
            for (String k : m.metadata().keySet()) {
                if (!metaKeys.contains(k)) {
                    metaKeys.add(k);
                }
            }
        }
        Map<List<String>, String> statColumns = statColumns(all);
        List<String> columns = new ArrayList<>(metaKeys);
        columns.add("events");
        columns.addAll(statColumns.values());
        // The passes over every row of the long table are methods of their own, so that the JIT compiles each
        // alone rather than all of this method (once per run) around them.
        Map<String, Map<List<String>, Double>> bySample = valuesBySample(all);
        Map<String, Set<String>> samplesOfFile = samplesOfFile(all);
        List<ReportModel.Row> rows = new ArrayList<>();
        for (Manifest m : done) {
            Set<String> names = samplesOfFile.getOrDefault(m.input(), Set.of());
            List<String> parts = names.size() > 1 || (names.size() == 1 && !names.contains(m.sample()))
                    ? List.copyOf(names) : List.of(m.sample());
            for (String name : parts) {
                List<String> cells = new ArrayList<>();
                for (String k : metaKeys) {
                    cells.add(m.metadata().getOrDefault(k, ""));
                }
                Map<List<String>, Double> values = bySample.getOrDefault(name, Map.of());
                Double ownCount = values.get(List.of("/", "count", ""));
                cells.add(parts.size() > 1 && ownCount != null ? shortNumber(ownCount) : Long.toString(m.events()));
                for (List<String> key : statColumns.keySet()) {
                    Double v = values.get(key);
                    cells.add(v == null ? "" : shortNumber(v));
                }
                List<ReportModel.Thumbnail> thumbs = new ArrayList<>();
                int hash = name.lastIndexOf('#');
                String dsPrefix = parts.size() > 1 && hash >= 0 ? slug(stripFcsExtension(
                        Path.of(m.input()).getFileName().toString()) + name.substring(hash)) + "_" : "";
                for (String p : m.plots()) {
                    String file = p.substring(p.lastIndexOf('/') + 1);
                    String caption = file.replaceFirst("^\\d+_", "").replaceFirst("\\.png$", "");
                    if (caption.startsWith(dsPrefix)) {
                        thumbs.add(new ReportModel.Thumbnail(p, caption));
                    }
                }
                rows.add(new ReportModel.Row(name, cells, thumbs));
            }
        }
        List<ReportModel.ErrorItem> errors = new ArrayList<>();
        for (Failure f : failures) {
            errors.add(new ReportModel.ErrorItem(f.file().toString(), f.code(), f.reason()));
        }
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "%d FCS file(s); %d with results; %d failed.", samples, done.size(),
                failures.size()));
        notes.addAll(extraNotes);
        return new ReportModel("cytoarrow batch report", columns, rows, thresholds, errors, notes);
    }

    /**
     * The report's key statistics: one column per population (+ channel) and chosen statistic name, in first-seen
     * order, keyed by (population, statistic, channel) and named by the population's leaf where that is unique.
     */
    private Map<List<String>, String> statColumns(List<StatisticsTable.Row> all) {
        Map<List<String>, String> statColumns = new LinkedHashMap<>();
        Map<String, Set<String>> leafToPaths = new HashMap<>();
        for (StatisticsTable.Row r : all) {
            if (options.reportStatistics().contains(r.statistic())) {
                statColumns.putIfAbsent(List.of(r.population(), r.statistic(), r.channel()), "");
                leafToPaths.computeIfAbsent(leaf(r.population()), k -> new LinkedHashSet<>()).add(r.population());
            }
        }
        for (List<String> key : statColumns.keySet()) {
            String leaf = leaf(key.get(0));
            String pop = leafToPaths.get(leaf).size() == 1 ? leaf : key.get(0);
            statColumns.put(key, pop + " " + key.get(1) + (key.get(2).isEmpty() ? "" : " " + key.get(2)));
        }
        return statColumns;
    }

    /** Each long-table sample's values by (population, statistic, channel). */
    private static Map<String, Map<List<String>, Double>> valuesBySample(List<StatisticsTable.Row> all) {
        Map<String, Map<List<String>, Double>> bySample = new HashMap<>();
        for (StatisticsTable.Row r : all) {
            bySample.computeIfAbsent(r.sample(), k -> new HashMap<>())
                    .put(List.of(r.population(), r.statistic(), r.channel()), r.value());
        }
        return bySample;
    }

    /**
     * The long-table samples of each input file: a file with several data sets has one per data set
     * ({@code <sample>#<index>}), and one report row each.
     */
    private static Map<String, Set<String>> samplesOfFile(List<StatisticsTable.Row> all) {
        Map<String, Set<String>> samplesOfFile = new HashMap<>();
        for (StatisticsTable.Row r : all) {
            samplesOfFile.computeIfAbsent(r.file(), k -> new LinkedHashSet<>()).add(r.sample());
        }
        return samplesOfFile;
    }

    private static String leaf(String path) {
        if (path.equals("/")) {
            return "all events";
        }
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        int i = p.lastIndexOf('/');
        return i < 0 || i == p.length() - 1 ? p : p.substring(i + 1);
    }

    static String shortNumber(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /**
     * Names samples: the sheet's {@code sample} column, else the file name without {@code .fcs}/{@code .lmd}
     * (other extensions are kept: CellQuest's {@code 060909.001} and {@code .002} are different samples);
     * names that collide use the path below the input folder instead; characters outside
     * {@code [A-Za-z0-9._+-]} become {@code _}; remaining collisions get {@code _2}, {@code _3}...
     */
    static List<Job> name(List<Path> files, List<Path> roots, SampleSheet sheet) {
        Map<String, Integer> baseCount = new HashMap<>();
        List<String> bases = new ArrayList<>();
        List<Map<String, String>> rows = new ArrayList<>();
        for (Path f : files) {
            Map<String, String> row = new LinkedHashMap<>(sheet.rowFor(f).orElse(Map.of()));
            row.remove(SampleSheet.FILE); // the job's file says it
            rows.add(Collections.unmodifiableMap(row));
            String s = row.getOrDefault("sample", "");
            String base = sanitize(s.isBlank() ? stripFcsExtension(f.getFileName().toString()) : s);
            bases.add(base);
            baseCount.merge(base, 1, Integer::sum);
        }
        Set<String> used = new java.util.HashSet<>();
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            String name = bases.get(i);
            if (baseCount.get(name) > 1) {
                name = sanitize(stripFcsExtension(relative(f, roots)).replace('/', '_').replace('\\', '_'));
            }
            String unique = name;
            for (int k = 2; !used.add(unique); k++) {
                unique = name + "_" + k;
            }
            jobs.add(new Job(f, unique, rows.get(i)));
        }
        return jobs;
    }

    private static String relative(Path f, List<Path> roots) {
        for (Path r : roots) {
            Path root = r.toAbsolutePath().normalize();
            if (f.startsWith(root) && !f.equals(root)) {
                return root.relativize(f).toString();
            }
        }
        return f.getFileName().toString();
    }

    static String stripFcsExtension(String n) {
        String lower = n.toLowerCase(Locale.ROOT);
        return lower.endsWith(".fcs") || lower.endsWith(".lmd") ? n.substring(0, n.length() - 4) : n;
    }

    private static final Pattern NOT_IN_FILE_NAME = Pattern.compile("[^A-Za-z0-9._+-]");
    private static final Pattern NOT_IN_SLUG = Pattern.compile("[^A-Za-z0-9+-]+");
    private static final Pattern OUTER_UNDERSCORES = Pattern.compile("^_+|_+$");

    static String sanitize(String s) {
        String t = NOT_IN_FILE_NAME.matcher(s).replaceAll("_");
        if (t.isEmpty()) {
            return "sample";
        }
        return t.startsWith(".") ? "_" + t : t;
    }

    private static String slug(String title) {
        String s = OUTER_UNDERSCORES.matcher(NOT_IN_SLUG.matcher(title).replaceAll("_")).replaceAll("");
        s = s.isEmpty() ? "plot" : s;
        return s.length() > 60 ? s.substring(0, 60) : s;
    }

    /** Deletes temporary files an interrupted run left in the output folder. */
    private static void removeTemporaries(Path out) throws IOException {
        try (Stream<Path> files = Files.walk(out, 3)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p) && AtomicOutput.isTemporary(p)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * The single daemon thread {@code cytoarrow-commit} that puts samples' staged outputs in place: it mostly
     * waits for the disk (fsync), which would otherwise idle a worker's core. At most {@code threads} samples wait
     * for it; when more do, the worker that finished one commits it itself.
     */
    private static ExecutorService committer(int threads) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(threads), r -> {
            Thread t = new Thread(r, "cytoarrow-commit");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    /**
     * A pool of exactly {@code threads} daemon workers named {@code cytoarrow-batch-N} that run the samples.
     * A parallel stream started on a fork/join worker runs its subtasks in that worker's pool, so the gating
     * engine's parallel streams share these workers instead of adding the common pool's: {@code --threads}
     * bounds every thread that computes for the batch. No spare threads (maximum pool size = {@code threads},
     * saturation tolerated): a worker waiting on its own stream's subtasks helps run them (stream tasks are
     * counted completers) rather than letting a new thread start another sample, which would also break the
     * bound of {@code threads} samples' memory at a time.
     */
    static ForkJoinPool workerPool(int threads) {
        AtomicInteger n = new AtomicInteger();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ForkJoinPool.ForkJoinWorkerThreadFactory factory = pool -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName("cytoarrow-batch-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(loader); // as a thread the caller started would have
            return t;
        };
        return new ForkJoinPool(threads, factory, null, false, 0, threads, 1, pool -> true, 60, TimeUnit.SECONDS);
    }
}
