package org.cytoarrow.report;

import java.util.List;

/**
 * The outline of a gate to draw over a plot, in data coordinates (the same transformed scale as the plotted
 * values). Shapes describe geometry only; which events they select is the gating module's business.
 */
public sealed interface GateShape {

    /** A closed polygon through the vertices {@code (x[i], y[i])} (Gating-ML 2.0 PolygonGate). */
    record Polygon(double[] x, double[] y) implements GateShape {
        public Polygon {
            if (x.length != y.length || x.length < 3) {
                throw new IllegalArgumentException("Polygon needs >= 3 vertices with as many x as y, was "
                        + x.length + " x and " + y.length + " y");
            }
            x = x.clone();
            y = y.clone();
        }
    }

    /**
     * An axis-aligned rectangle (Gating-ML 2.0 RectangleGate in 2-D); an open side is an infinite bound.
     * Drawn clipped to the plot area.
     */
    record Rectangle(double xMin, double xMax, double yMin, double yMax) implements GateShape {
        public Rectangle {
            if (!(xMin < xMax) || !(yMin < yMax)) {
                throw new IllegalArgumentException("Rectangle needs min < max, was x [" + xMin + ", " + xMax
                        + "], y [" + yMin + ", " + yMax + "]");
            }
        }
    }

    /**
     * The ellipse {@code (p - mean)ᵀ C⁻¹ (p - mean) = distanceSquared} (Gating-ML 2.0 EllipsoidGate in 2-D).
     *
     * @param covariance symmetric positive-definite 2x2 matrix {@code {{a, b}, {b, c}}}
     */
    record Ellipse(double meanX, double meanY, double[][] covariance, double distanceSquared) implements GateShape {
        public Ellipse {
            if (covariance.length != 2 || covariance[0].length != 2 || covariance[1].length != 2) {
                throw new IllegalArgumentException("Ellipse covariance must be 2x2");
            }
            double a = covariance[0][0];
            double b = covariance[0][1];
            double c = covariance[1][1];
            if (!(a > 0) || !(a * c - b * b > 0) || !(distanceSquared > 0)) {
                throw new IllegalArgumentException("Ellipse needs a positive-definite covariance and distance"
                        + " squared > 0, was a=" + a + " b=" + b + " c=" + c + " d2=" + distanceSquared);
            }
            covariance = new double[][] {{a, b}, {b, c}};
        }
    }

    /**
     * Quadrant dividers at {@code x} and {@code y} (either may be NaN for a single divider), with optional
     * labels in the order upper-left, upper-right, lower-left, lower-right (empty list: none).
     */
    record Quadrant(double x, double y, List<String> labels) implements GateShape {
        public Quadrant {
            labels = List.copyOf(labels);
            if (!labels.isEmpty() && labels.size() != 4) {
                throw new IllegalArgumentException("Quadrant labels: 0 or 4, was " + labels.size());
            }
        }
    }

    /** A range on the x axis (a 1-D RectangleGate), shaded on a histogram; an open side is infinite. */
    record Interval(double min, double max) implements GateShape {
        public Interval {
            if (!(min < max)) {
                throw new IllegalArgumentException("Interval needs min < max, was [" + min + ", " + max + "]");
            }
        }
    }
}
