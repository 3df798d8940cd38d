package org.cytoarrow.gating;

/**
 * The size of one population in one sample.
 *
 * @param gateId          id of the gate (or quadrant) that defines it
 * @param path            path from the root, e.g. {@code /Cells/Singlets/CD138+}
 * @param parentId        the parent population id, or null for a top-level population (parent = all events)
 * @param count           number of events in the population
 * @param percentOfParent 100 * count / parent count (NaN when the parent is empty)
 * @param percentOfTotal  100 * count / all events (NaN when the sample is empty)
 */
public record Population(String gateId, String path, String parentId, int count, double percentOfParent,
                         double percentOfTotal) {
}
