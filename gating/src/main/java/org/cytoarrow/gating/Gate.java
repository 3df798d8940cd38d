package org.cytoarrow.gating;

import java.util.List;

/**
 * A Gating-ML 2.0 gate: a region in the space of its {@link #dimensions()}. Gates are plain values; the tree they
 * form (which gate is applied within which population) is kept by {@link GatingStrategy} through
 * {@link #parentId()}.
 */
public sealed interface Gate permits RectangleGate, PolygonGate, EllipsoidGate, QuadrantGate, BooleanGate {

    /** The gate's id (unique within its strategy). */
    String id();

    /** The id of the population this gate is applied within (a gate or a quadrant), or null for all events. */
    String parentId();

    /** The axes the gate is defined on (empty for Boolean gates). */
    List<Dimension> dimensions();

    /** Checks an id for emptiness and returns it. */
    static String requireId(String id, String what) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(what + " id must not be blank, was '" + id + "'");
        }
        return id;
    }
}
