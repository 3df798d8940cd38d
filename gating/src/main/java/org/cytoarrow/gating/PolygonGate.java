package org.cytoarrow.gating;

import java.util.List;
import java.util.Objects;

/**
 * A two-dimensional polygon gate; the polygon closes from the last vertex back to the first.
 *
 * <p>Membership follows the even-odd (crossing-number) rule with half-open edges: a horizontal ray from the event
 * to the right is intersected with every edge whose y-range {@code [min(y1,y2), max(y1,y2))} contains the event's
 * y, and the event is inside when it crosses an odd number of edges strictly to its right. Consequences, all fixed
 * and tested:
 * <ul>
 *   <li>self-intersecting polygons: regions covered an even number of times are outside (what the compliance
 *       suite's non-simple polygon Polygon3NS expects);</li>
 *   <li>points exactly on an edge or a vertex: on a left or bottom edge they are inside, on a right or top edge
 *       outside (as for rectangles, the upper sides are exclusive), so two polygons sharing an edge never both
 *       contain a point on it;</li>
 *   <li>degenerate polygons (all vertices on one line, or fewer than 3 distinct vertices) have no area and
 *       select nothing;</li>
 *   <li>NaN in either coordinate is outside; infinite coordinates are outside (a bounded polygon cannot hold
 *       them).</li>
 * </ul>
 *
 * @param id       gate id
 * @param parentId parent population id, or null
 * @param x        first dimension
 * @param y        second dimension
 * @param vertices at least 3 vertices, in order
 */
public record PolygonGate(String id, String parentId, Dimension x, Dimension y, List<Vertex> vertices)
        implements Gate {

    public PolygonGate {
        Gate.requireId(id, "Gate");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        vertices = List.copyOf(vertices);
        if (vertices.size() < 3) {
            throw new IllegalArgumentException("PolygonGate " + id + " needs at least 3 vertices, has "
                    + vertices.size());
        }
    }

    @Override
    public List<Dimension> dimensions() {
        return List.of(x, y);
    }

    /** One polygon vertex; coordinates must be finite. */
    public record Vertex(double x, double y) {
        public Vertex {
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                throw new IllegalArgumentException("Polygon vertex must be finite, was (" + x + ", " + y + ")");
            }
        }
    }
}
