package org.cytoarrow.batch;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of one {@link BatchRunner#run}.
 *
 * @param samples   FCS files found (by content)
 * @param processed samples processed in this run
 * @param upToDate  samples skipped because their outputs were complete and their input unchanged
 * @param failures  files that failed or that claim to be FCS but are not (listed in errors.csv)
 * @param ignored   other files seen and skipped (not FCS by content nor by name)
 * @param events    events processed in this run
 * @param seconds   wall time
 * @param outDir    the output folder
 */
public record BatchSummary(int samples, int processed, int upToDate, List<Failure> failures, int ignored,
        long events, double seconds, Path outDir) {
    public BatchSummary {
        failures = List.copyOf(failures);
    }

    /** 0 when everything succeeded, 4 when some files failed (cytoarrow's exit codes). */
    public int exitCode() {
        return failures.isEmpty() ? 0 : 4;
    }
}
