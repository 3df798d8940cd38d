package org.cytoarrow.report;

import java.util.List;

/**
 * Everything the HTML report shows, already formatted as text. All strings are plain text: the writer escapes
 * them.
 *
 * @param title      page title
 * @param columns    summary table columns after "sample" (tube, events, key populations, statistics)
 * @param rows       one per sample
 * @param thresholds thresholds derived from control samples
 * @param errors     files that failed, with reasons
 * @param notes      free lines shown under the title (run time, counts)
 */
public record ReportModel(String title, List<String> columns, List<Row> rows, List<Threshold> thresholds,
        List<ErrorItem> errors, List<String> notes) {
    public ReportModel {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        thresholds = List.copyOf(thresholds);
        errors = List.copyOf(errors);
        notes = List.copyOf(notes);
        for (Row r : rows) {
            if (r.cells().size() != columns.size()) {
                throw new IllegalArgumentException("Row " + r.sample() + " has " + r.cells().size()
                        + " cells for " + columns.size() + " columns");
            }
        }
    }

    /**
     * One sample's line of the summary table.
     *
     * @param sample     sample name
     * @param cells      one text per column; a cell that parses as a number sorts numerically
     * @param thumbnails plots, as paths relative to the report
     */
    public record Row(String sample, List<String> cells, List<Thumbnail> thumbnails) {
        public Row {
            cells = List.copyOf(cells);
            thumbnails = List.copyOf(thumbnails);
        }
    }

    /** A plot image, {@code href} relative to the report file (a {@code /}-separated path). */
    public record Thumbnail(String href, String caption) {
    }

    /**
     * A threshold derived from control samples.
     *
     * @param population control population the statistic was taken in
     * @param channel    channel (or boundary) the threshold is on
     * @param statistic  statistic taken, e.g. {@code p99.5}
     * @param value      the threshold
     * @param events     control events the statistic was taken over, or -1 when not known
     * @param source     where it comes from (control sample(s), rule)
     * @param group      the control group it applies to (a sample-sheet value such as a patient), empty when it
     *                   applies to every sample
     */
    public record Threshold(String population, String channel, String statistic, double value, long events,
                            String source, String group) {
        public Threshold {
            group = group == null ? "" : group;
        }

        /** A threshold for every sample. */
        public Threshold(String population, String channel, String statistic, double value, long events,
                         String source) {
            this(population, channel, statistic, value, events, source, "");
        }

        /** A threshold for every sample, whose event count is not known. */
        public Threshold(String population, String channel, String statistic, double value, String source) {
            this(population, channel, statistic, value, -1, source, "");
        }
    }

    /** A file that produced no results. */
    public record ErrorItem(String file, String code, String reason) {
    }
}
