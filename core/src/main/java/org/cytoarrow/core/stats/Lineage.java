package org.cytoarrow.core.stats;

import java.util.Map;
import java.util.Objects;
import org.cytoarrow.core.EventMask;

/**
 * The populations a population's frequencies are measured against: its parent and any named ancestors (e.g. the
 * gating path {@code "/Cells"} or a gate id). The sample's total is the mask size and needs no entry.
 *
 * @param parent    the parent population; null means the population hangs off the root (parent = all events)
 * @param ancestors named ancestor populations for {@code freq_of:<name>}; never null (copied)
 */
public record Lineage(EventMask parent, Map<String, EventMask> ancestors) {

    public Lineage {
        ancestors = Map.copyOf(Objects.requireNonNull(ancestors, "ancestors"));
    }

    /** A root population: its parent is the whole sample and it has no named ancestors. */
    public static Lineage root() {
        return new Lineage(null, Map.of());
    }

    /** A population with the given parent and no named ancestors. */
    public static Lineage of(EventMask parent) {
        return new Lineage(parent, Map.of());
    }
}
