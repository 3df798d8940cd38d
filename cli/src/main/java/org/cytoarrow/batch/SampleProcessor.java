package org.cytoarrow.batch;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Turns one FCS file into its results: read, gate, summarise. {@link BatchRunner} calls it once per sample,
 * from several threads at once, so implementations must be thread-safe (in practice: stateless).
 *
 * <p>All Arrow memory must come from {@code allocator} (a child allocator with a per-sample limit) and be
 * released before returning; the runner closes the allocator afterwards and fails the sample on a leak.
 * Failing is normal: throw (a {@code CytoException} for bad input) and the runner records the message and goes
 * on with the other samples.
 */
@FunctionalInterface
public interface SampleProcessor {
    /** Processes {@code file}, allocating from {@code allocator}; the result lives on the heap. */
    SampleOutcome process(Path file, BufferAllocator allocator) throws IOException;

    /**
     * This processor also applying control-derived {@code thresholds} (with {@code --controls}, the runner
     * processes the non-control samples with the processor this returns). The default ignores them: a processor
     * that cannot apply thresholds reports none, and its samples get no {@value ControlThresholds#STATISTIC} rows.
     */
    default SampleProcessor withControlThresholds(ControlThresholds thresholds) {
        return this;
    }

    /**
     * What this processor's results depend on besides the input file and the control thresholds (say a hash of
     * its gating strategy and statistics). A rerun redoes every sample whose manifest records another fingerprint,
     * so changing the gating file does not leave stale results. The default, empty, means "always the same".
     */
    default String fingerprint() {
        return "";
    }
}
