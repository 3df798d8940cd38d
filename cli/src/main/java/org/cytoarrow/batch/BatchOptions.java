package org.cytoarrow.batch;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.cytoarrow.core.SampleSheet;
import org.cytoarrow.core.stats.Statistic;

/**
 * How a batch runs.
 *
 * @param outDir            output folder (created when missing)
 * @param threads           samples processed at once (a fixed pool), >= 1
 * @param force             redo every sample even when its outputs are complete and its input unchanged
 * @param sampleMemoryBytes Arrow memory one sample may hold (its child allocator's limit); with {@code threads}
 *                          this bounds the off-heap memory of the run
 * @param sheet             sample sheet (names and metadata), {@link SampleSheet#empty()} for none
 * @param controls          how to derive thresholds from control samples, or null
 * @param interactive       draw a progress bar (a terminal) instead of one log line per sample
 * @param reportStatistics  statistics shown as summary table columns of the HTML report
 */
public record BatchOptions(Path outDir, int threads, boolean force, long sampleMemoryBytes, SampleSheet sheet,
        ControlRule controls, boolean interactive, List<String> reportStatistics) {

    /** 2 GiB per sample unless told otherwise. */
    public static final long DEFAULT_SAMPLE_MEMORY = 2L << 30;

    public BatchOptions {
        Objects.requireNonNull(outDir, "outDir");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        if (sampleMemoryBytes < 1 << 20) {
            throw new IllegalArgumentException("sample memory must be >= 1 MiB, was " + sampleMemoryBytes);
        }
        sheet = sheet == null ? SampleSheet.empty() : sheet;
        reportStatistics = List.copyOf(reportStatistics);
    }

    /** Defaults: one thread per core, no force, 2 GiB per sample, no sheet or controls, log lines. */
    public static BatchOptions of(Path outDir) {
        return new BatchOptions(outDir, Runtime.getRuntime().availableProcessors(), false, DEFAULT_SAMPLE_MEMORY,
                SampleSheet.empty(), null, false, List.of(Statistic.COUNT.label(), Statistic.FREQ_PARENT.label()));
    }

    public BatchOptions withThreads(int n) {
        return new BatchOptions(outDir, n, force, sampleMemoryBytes, sheet, controls, interactive, reportStatistics);
    }

    public BatchOptions withForce(boolean f) {
        return new BatchOptions(outDir, threads, f, sampleMemoryBytes, sheet, controls, interactive, reportStatistics);
    }

    public BatchOptions withSampleMemory(long bytes) {
        return new BatchOptions(outDir, threads, force, bytes, sheet, controls, interactive, reportStatistics);
    }

    public BatchOptions withSheet(SampleSheet s) {
        return new BatchOptions(outDir, threads, force, sampleMemoryBytes, s, controls, interactive, reportStatistics);
    }

    public BatchOptions withControls(ControlRule c) {
        return new BatchOptions(outDir, threads, force, sampleMemoryBytes, sheet, c, interactive, reportStatistics);
    }

    public BatchOptions withInteractive(boolean i) {
        return new BatchOptions(outDir, threads, force, sampleMemoryBytes, sheet, controls, i, reportStatistics);
    }

    public BatchOptions withReportStatistics(List<String> stats) {
        return new BatchOptions(outDir, threads, force, sampleMemoryBytes, sheet, controls, interactive, stats);
    }
}
