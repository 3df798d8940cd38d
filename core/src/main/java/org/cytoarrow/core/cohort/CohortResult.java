package org.cytoarrow.core.cohort;

import java.util.List;

/** A cohort test result or summary that can be laid out as {@link CohortRow}s. */
public interface CohortResult {

    /** The rows of this result for one endpoint under one grouping. */
    List<CohortRow> rows(String endpoint, String grouping);
}
