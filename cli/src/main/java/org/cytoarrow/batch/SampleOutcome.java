package org.cytoarrow.batch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cytoarrow.report.PlotSpec;

/**
 * What processing one sample produced: its statistics, plots to draw, and descriptive metadata.
 *
 * @param eventCount  events read (for progress rates and the report)
 * @param metadata    descriptive values shown in the report, such as {@code tube} (insertion order kept);
 *                    {@code cytometer}, {@code date} and {@code start} ($CYT, $DATE, $BTIM) also tell the runner
 *                    when two files hold one acquisition
 * @param statistics  rows of the long statistics table
 * @param plots       plots to render as PNG (may hold references to large arrays: the runner drops the outcome
 *                    once the files are written)
 */
public record SampleOutcome(long eventCount, Map<String, String> metadata, List<StatisticRow> statistics,
        List<PlotSpec> plots) {
    public SampleOutcome {
        if (eventCount < 0) {
            throw new IllegalArgumentException("eventCount must be >= 0, was " + eventCount);
        }
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        statistics = statistics == null ? List.of() : List.copyOf(statistics);
        plots = plots == null ? List.of() : List.copyOf(plots);
    }
}
