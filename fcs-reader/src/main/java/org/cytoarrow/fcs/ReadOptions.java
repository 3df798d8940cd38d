package org.cytoarrow.fcs;

import java.util.Objects;
import org.cytoarrow.core.Stringency;

/**
 * How an FCS file is read.
 *
 * @param stringency what to do with departures from the standard (see {@link FcsIssueCode})
 */
public record ReadOptions(Stringency stringency) {
    public ReadOptions {
        Objects.requireNonNull(stringency, "stringency");
    }

    /** LENIENT: repair known quirks and record them as issues. */
    public static ReadOptions defaults() {
        return new ReadOptions(Stringency.LENIENT);
    }
}
