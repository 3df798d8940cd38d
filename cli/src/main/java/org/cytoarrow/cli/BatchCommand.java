package org.cytoarrow.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.batch.BatchOptions;
import org.cytoarrow.batch.BatchRunner;
import org.cytoarrow.batch.BatchSummary;
import org.cytoarrow.batch.ControlRule;
import org.cytoarrow.batch.Failure;
import org.cytoarrow.batch.SampleProcessors;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.SampleSheet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cytoarrow batch}: gate and summarise every FCS file under some folders; resumable. */
@Command(name = "batch",
        mixinStandardHelpOptions = true,
        description = {
            // one element per paragraph: picocli wraps each to the terminal's width
            "Processes every FCS file found (by content) under DIR..., in parallel, and writes per-sample"
                    + " statistics, one long statistics table (CSV + Parquet), plots, errors.csv and report.html to"
                    + " OUTDIR.",
            "A rerun skips samples whose outputs are complete and whose input is unchanged (see --force), and"
                    + " redoes those computed with another gating file or other statistics, or with other control"
                    + " thresholds than now (see --controls, --control-group).",
            "Exit code 4 when some files failed; they are listed in OUTDIR/errors.csv."})
public final class BatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Folders (searched recursively) or FCS files.")
    List<Path> inputs;

    @Option(names = "--gating", required = true, paramLabel = "G.xml", description = "Gating-ML 2.0 strategy.")
    Path gating;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTDIR", description = "Output folder.")
    Path outDir;

    @Option(names = "--samples", paramLabel = "SHEET.csv",
            description = "Sample sheet: column 'file' (name, or path relative to the sheet), optional 'sample',"
                    + " others are metadata. Comma-, semicolon- or tab-separated text, or an Excel .xlsx workbook"
                    + " (its first sheet).")
    Path sheet;

    @Option(names = "--threads", paramLabel = "N", description = "Samples processed at once (default: cores).")
    Integer threads;

    @Option(names = "--controls", paramLabel = "GLOB:STAT",
            description = "Control samples (names matching GLOB, e.g. '*FMO*:p99.5'), processed first. Per"
                    + " population and gated channel, threshold = median over the controls of STAT (thresholds.csv);"
                    + " every other sample gets pct_above_control = 100 x events above it (gated scale, NaN values"
                    + " count as not above) / population count. No match or a failed control: nothing applied.")
    String controls;

    @Option(names = "--control-group", paramLabel = "COLUMN",
            description = "Pair samples with their own controls instead of pooling them: a sample's thresholds come"
                    + " only from the controls with the same value of sample-sheet COLUMN (e.g. patient; median when"
                    + " several). A sample whose group has no control (or a failed one) gets no pct_above_control"
                    + " rows; the log and report list it. Needs --controls and --samples.")
    String controlGroup;

    @Option(names = "--force", description = "Redo every sample, even those already done.")
    boolean force;

    @Option(names = "--sample-memory", paramLabel = "MiB", defaultValue = "2048",
            description = "Arrow memory one sample may use (default: ${DEFAULT-VALUE}).")
    long sampleMemoryMiB;

    @Option(names = "-v", description = "Verbose (-vv: stack traces).")
    boolean[] verbose = new boolean[0];

    @Override
    public Integer call() throws Exception {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be >= 1, was " + n);
        }
        if (sampleMemoryMiB < 1) {
            throw new ParameterException(spec.commandLine(), "--sample-memory must be >= 1 MiB");
        }
        if (controlGroup != null && controls == null) {
            throw new ParameterException(spec.commandLine(), "--control-group needs --controls GLOB:STAT");
        }
        if (controlGroup != null && sheet == null) {
            throw new ParameterException(spec.commandLine(), "--control-group " + controlGroup
                    + " needs --samples SHEET.csv with a '" + controlGroup + "' column");
        }
        if (!Files.isRegularFile(gating)) {
            throw new CytoException("NOT_FOUND", gating.toString(), null, gating + ": gating file not found");
        }
        SampleSheet samples = sheet == null ? SampleSheet.empty() : SampleSheet.read(sheet, SampleSheet.FILE);
        if (controlGroup != null && !samples.has(controlGroup)) {
            throw new ParameterException(spec.commandLine(), "--control-group " + controlGroup + ": " + sheet
                    + " has no such column; its columns are " + samples.columns());
        }
        BatchOptions options = BatchOptions.of(outDir).withThreads(n).withForce(force)
                .withSampleMemory(sampleMemoryMiB << 20)
                .withSheet(samples)
                .withControls(controls == null ? null : ControlRule.parse(controls).withGroupColumn(controlGroup))
                .withInteractive(System.console() != null);
        PrintWriter out = spec.commandLine().getOut();
        BatchSummary s;
        try (BufferAllocator root = Memory.newRootAllocator()) {
            s = new BatchRunner(options, SampleProcessors.forGating(gating, options), spec.commandLine().getErr())
                    .run(inputs, root);
        }
        out.printf(Locale.ROOT, "%d sample(s): %d processed, %d up to date, %d failed; %d other file(s) ignored;"
                + " %,d events in %.1f s%n", s.samples(), s.processed(), s.upToDate(), s.failures().size(),
                s.ignored(), s.events(), s.seconds());
        out.println("outputs: " + s.outDir() + "/{statistics.csv,statistics.parquet,report.html,errors.csv}");
        for (Failure f : s.failures()) {
            out.println("  FAILED " + f.code() + ": " + f.reason());
        }
        out.flush();
        if (s.samples() == 0 && s.failures().isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("cytoarrow batch: warning: no FCS file under " + inputs + " (a file counts by its first bytes,"
                    + " FCS2.0 to FCS3.2, whatever its name; hidden files and folders are not searched)");
            err.flush();
        }
        return s.exitCode();
    }
}
