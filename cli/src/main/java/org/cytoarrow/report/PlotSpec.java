package org.cytoarrow.report;

import java.util.List;
import java.util.Objects;
import org.cytoarrow.core.EventMask;
import org.cytoarrow.core.transform.Transform;

/**
 * What to draw: one density dot plot ({@code y != null}) or one histogram ({@code y == null}) of the events in
 * {@code parent}, with gate outlines and a label.
 *
 * <p>Values are in the scale the gate saw (already compensated and transformed). An axis with a scale
 * ({@code xScale}, {@code yScale}: the transformation that made its values) has its ticks at data values,
 * labelled in data units (0, 1K, 10K... on a logicle axis); one without has them in the plotted units. The arrays
 * are borrowed, not copied: do not change them while a plot is being rendered.
 *
 * @param title     shown above the plot (sample and population path, say)
 * @param xLabel    x axis label, like {@code "FL1-H (CD3)"}
 * @param yLabel    y axis label; for a histogram ignored ("count" is drawn)
 * @param xRange    visible x range; events outside are piled on the edge
 * @param yRange    visible y range; ignored for a histogram
 * @param x         x value per event
 * @param y         y value per event, or null for a histogram
 * @param parent    which events to plot (null: all)
 * @param gates     outlines to draw over the events
 * @param label     text such as {@code "CD3+ 42.1%"} drawn next to the first gate (null or empty: none)
 * @param xScale    the transformation from data values to x values, for the tick labels; null: none
 * @param yScale    the same for y; null: none (and always for a histogram, whose y is a count)
 */
public record PlotSpec(String title, String xLabel, String yLabel, Range xRange, Range yRange, double[] x,
        double[] y, EventMask parent, List<GateShape> gates, String label, Transform xScale, Transform yScale) {

    public PlotSpec {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(xRange, "xRange");
        title = title == null ? "" : title;
        xLabel = xLabel == null ? "" : xLabel;
        yLabel = yLabel == null ? "" : yLabel;
        label = label == null ? "" : label;
        gates = gates == null ? List.of() : List.copyOf(gates);
        if (y != null) {
            Objects.requireNonNull(yRange, "yRange of a dot plot");
            if (y.length != x.length) {
                throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
            }
        }
        if (parent != null && parent.size() != x.length) {
            throw new IllegalArgumentException("Parent mask covers " + parent.size() + " events, values "
                    + x.length);
        }
    }

    /** A plot whose axes have no scale: ticks in the plotted units. */
    public PlotSpec(String title, String xLabel, String yLabel, Range xRange, Range yRange, double[] x, double[] y,
            EventMask parent, List<GateShape> gates, String label) {
        this(title, xLabel, yLabel, xRange, yRange, x, y, parent, gates, label, null, null);
    }

    /** This plot with its axes' scales (either may be null); a histogram keeps no y scale. */
    public PlotSpec withScales(Transform x, Transform y) {
        return new PlotSpec(title, xLabel, yLabel, xRange, yRange, this.x, this.y, parent, gates, label, x,
                isHistogram() ? null : y);
    }

    /** A density dot plot of {@code (x, y)} restricted to {@code parent}. */
    public static PlotSpec density(String title, String xLabel, String yLabel, Range xRange, Range yRange,
            double[] x, double[] y, EventMask parent, List<GateShape> gates, String label) {
        return new PlotSpec(title, xLabel, yLabel, xRange, yRange, x, Objects.requireNonNull(y, "y"), parent,
                gates, label);
    }

    /** A histogram of {@code x} restricted to {@code parent}. */
    public static PlotSpec histogram(String title, String xLabel, Range xRange, double[] x, EventMask parent,
            List<GateShape> gates, String label) {
        return new PlotSpec(title, xLabel, "count", xRange, null, x, null, parent, gates, label);
    }

    /**
     * An axis label {@code "name (marker)"}, like {@code "FL1-H (CD3)"}: just {@code name} when the marker is
     * blank or repeats the name ($PnS often equals $PnN or is a single space).
     */
    public static String axisLabel(String name, String marker) {
        String m = marker == null ? "" : marker.strip();
        return m.isEmpty() || m.equals(name) ? name : name + " (" + m + ")";
    }

    /** True for a histogram (no y values). */
    public boolean isHistogram() {
        return y == null;
    }

    /** Number of events drawn: those in {@code parent}, or all. */
    public int eventCount() {
        return parent == null ? x.length : parent.count();
    }
}
