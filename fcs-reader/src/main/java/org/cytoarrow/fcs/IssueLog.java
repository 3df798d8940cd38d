package org.cytoarrow.fcs;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.Issue;
import org.cytoarrow.core.Severity;
import org.cytoarrow.core.Stringency;

/**
 * Collects the issues of one data set under a stringency: STRICT throws WARNING and ERROR issues, LENIENT records
 * them, SILENT drops them. Messages start with the file name and the place ("TEXT keyword $P3B").
 */
final class IssueLog {
    private final String source;
    private final String datasetPrefix;
    private final Stringency stringency;
    private final List<Issue> issues = new ArrayList<>();
    private final Set<FcsIssueCode> reportedOnce = EnumSet.noneOf(FcsIssueCode.class);
    /** Issues kept per data set; a hostile file could otherwise produce millions. */
    static final int MAX_ISSUES = 1000;
    private long suppressed;
    private CytoException deferred;

    IssueLog(String source, int dataset, Stringency stringency) {
        this.source = source;
        this.datasetPrefix = dataset == 0 ? "" : "data set " + dataset + ", ";
        this.stringency = stringency;
    }

    String source() {
        return source;
    }

    Stringency stringency() {
        return stringency;
    }

    /** Records (or throws, under STRICT) a repaired problem. */
    void report(FcsIssueCode code, String location, String message) {
        report(code, location, message, true);
    }

    /**
     * Records a problem; with {@code strictThrows} false it is only recorded, also under STRICT (for problems that
     * make the events unreadable but leave the metadata usable: read() throws them later).
     */
    void report(FcsIssueCode code, String location, String message, boolean strictThrows) {
        String where = datasetPrefix + location;
        String text = source + ": " + where + ": " + message;
        if (strictThrows && stringency == Stringency.STRICT && code.severity() != Severity.INFO) {
            throw new CytoException(code.name(), source, where, text + " (use stringency LENIENT to accept)");
        }
        if (stringency != Stringency.SILENT) {
            if (issues.size() < MAX_ISSUES) {
                issues.add(new Issue(code.name(), code.severity(), text));
            } else {
                suppressed++;
            }
        }
    }

    /** As {@link #report}, but only the first time this code is reported for the data set. */
    void reportOnce(FcsIssueCode code, String location, String message) {
        if (reportedOnce.add(code)) {
            report(code, location, message);
        }
    }

    /**
     * Records a problem that makes the events unreadable but leaves the metadata usable (also under STRICT: only
     * recorded); the first one is kept for {@link #deferred()}, which read() throws.
     */
    void defer(FcsIssueCode code, String location, String message) {
        report(code, location, message + "; events cannot be read", false);
        if (deferred == null) {
            deferred = fatal(code, location, message);
        }
    }

    /** The first deferred problem, or null. */
    CytoException deferred() {
        return deferred;
    }

    /** An exception for an unrepairable problem; the caller throws it. */
    CytoException fatal(FcsIssueCode code, String location, String message) {
        String where = datasetPrefix + location;
        return new CytoException(code.name(), source, where, source + ": " + where + ": " + message);
    }

    List<Issue> issues() {
        if (suppressed == 0) {
            return List.copyOf(issues);
        }
        List<Issue> all = new ArrayList<>(issues);
        all.add(new Issue(FcsIssueCode.TOO_MANY_ISSUES.name(), FcsIssueCode.TOO_MANY_ISSUES.severity(),
                source + ": " + datasetPrefix + suppressed + " more issues were not recorded"));
        return List.copyOf(all);
    }
}
