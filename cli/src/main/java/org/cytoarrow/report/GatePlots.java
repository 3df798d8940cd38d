package org.cytoarrow.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.EventMask;
import org.cytoarrow.core.Sample;
import org.cytoarrow.core.stats.PopulationStatistics;
import org.cytoarrow.core.transform.Transform;
import org.cytoarrow.fcs.FcsReader;
import org.cytoarrow.gating.BooleanGate;
import org.cytoarrow.gating.Dimension;
import org.cytoarrow.gating.EllipsoidGate;
import org.cytoarrow.gating.Gate;
import org.cytoarrow.gating.GatingResult;
import org.cytoarrow.gating.GatingStrategy;
import org.cytoarrow.gating.PolygonGate;
import org.cytoarrow.gating.Population;
import org.cytoarrow.gating.QuadrantGate;
import org.cytoarrow.gating.RectangleGate;
import org.cytoarrow.gating.ScaleTransformation;

/**
 * The gate plots of one gated sample: for every geometric gate, its parent population's events (all events for a
 * top-level gate) on the gate's first two dimensions, in the scale the gate saw ({@link GatingResult#values}),
 * with the gate drawn over them and its percentage of the parent written next to it.
 *
 * <ul>
 *   <li>1-D rectangle (range) gate: a histogram with the interval shaded;</li>
 *   <li>2-D (or more) rectangle: the rectangle on the first two dimensions (an n-D box's projection);</li>
 *   <li>polygon: the polygon;</li>
 *   <li>ellipsoid: the ellipse of the first two dimensions' covariance block and the same distance, which is
 *       exactly the shadow of an n-D ellipsoid on that plane;</li>
 *   <li>quadrant gate: one plot with the dividers of the first two dimensions and each quadrant's percentage in
 *       its corner (when the gate is the usual 2 x 2 split), or listed in the label otherwise;</li>
 *   <li>Boolean gate: no plot (it has no axes); its counts are in the statistics.</li>
 * </ul>
 *
 * <p>Axis labels are {@code "channel (marker)"} ($PnN and $PnS) with the transformation id appended when the
 * dimension is transformed; the ticks of a transformed axis are then labelled in data units (0, 1K, 10K...).
 * Stateless; the specs borrow the value arrays of a {@link GateValues}.
 */
public final class GatePlots {
    private GatePlots() {
    }

    /**
     * Plot specs for every geometric gate of {@code result}'s strategy, in document order.
     *
     * @param sampleTitle prefix of each plot title (a sample name), or empty
     * @param sample      the sample (for $PnS markers of the axis labels); may be null
     * @param result      the gating result
     */
    public static List<PlotSpec> of(String sampleTitle, Sample sample, GatingResult result) {
        return of(sampleTitle, sample, new GateValues(result));
    }

    /**
     * Plot specs for every geometric gate of {@code values}' result, in document order, drawn from the value
     * arrays of {@code values} (shared with whoever else reads them, such as the data set's statistics).
     *
     * @param sampleTitle prefix of each plot title (a sample name), or empty
     * @param sample      the sample (for $PnS markers of the axis labels); may be null
     * @param values      the gating result's values
     */
    public static List<PlotSpec> of(String sampleTitle, Sample sample, GateValues values) {
        GatingResult result = values.result();
        GatingStrategy s = result.strategy();
        List<PlotSpec> out = new ArrayList<>();
        for (Gate g : s.gates()) {
            if (g instanceof BooleanGate) {
                continue;
            }
            PlotSpec p = plot(sampleTitle, sample, values, g);
            if (p != null) {
                List<Dimension> dims = g.dimensions();
                out.add(p.withScales(scale(s, dims.get(0)), dims.size() > 1 ? scale(s, dims.get(1)) : null));
            }
        }
        return out;
    }

    /**
     * Reads data set 0 of {@code file} (from {@code allocator}, released before returning), gates it with
     * {@code strategy} and returns the plots: for callers that gate elsewhere and only want the pictures.
     */
    public static List<PlotSpec> read(Path file, GatingStrategy strategy, BufferAllocator allocator) {
        try (EventFrame frame = FcsReader.read(file, allocator)) {
            GatingResult r = strategy.evaluate(frame);
            return of(sampleName(file), frame.sample(), r);
        }
    }

    private static String sampleName(Path file) {
        String n = file.getFileName().toString();
        String lower = n.toLowerCase(Locale.ROOT);
        return lower.endsWith(".fcs") || lower.endsWith(".lmd") ? n.substring(0, n.length() - 4) : n;
    }

    private static PlotSpec plot(String sampleTitle, Sample sample, GateValues values, Gate g) {
        GatingResult result = values.result();
        GatingStrategy s = result.strategy();
        EventMask parent = g.parentId() == null ? null : result.mask(g.parentId());
        String parentPath = g.parentId() == null ? "" : s.pathOf(g.parentId());
        String title = (sampleTitle == null || sampleTitle.isEmpty() ? "" : sampleTitle + ": ")
                + (g instanceof QuadrantGate ? parentPath + "/" + g.id() : s.pathOf(g.id()));
        List<Dimension> dims = g.dimensions();
        double[] x = values.of(g, 0);
        String xLabel = label(dims.get(0), sample);
        if (dims.size() == 1) {
            List<RectangleGate.Range> ranges = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            if (g instanceof RectangleGate r) {
                ranges.add(r.ranges().get(0));
                labels.add(percentLabel(result, g.id()));
            } else { // a quadrant gate with one divider: its intervals
                QuadrantGate q = (QuadrantGate) g;
                for (QuadrantGate.Quadrant quad : q.quadrants()) {
                    ranges.add(q.asRectangle(quad).ranges().get(0));
                    labels.add(percentLabel(result, quad.id()));
                }
            }
            List<GateShape> shapes = new ArrayList<>();
            List<Double> bounds = new ArrayList<>();
            for (RectangleGate.Range range : ranges) {
                if (range.min() < range.max()) {
                    shapes.add(new GateShape.Interval(range.min(), range.max()));
                }
                bounds.add(range.min());
                bounds.add(range.max());
            }
            Range xr = range(x, parent, bounds.stream().mapToDouble(Double::doubleValue).toArray());
            return PlotSpec.histogram(title, xLabel, xr, x, parent, shapes, String.join("; ", labels));
        }
        double[] y = values.of(g, 1);
        String yLabel = label(dims.get(1), sample);
        List<GateShape> shapes = new ArrayList<>();
        double[] gx = {Double.NaN, Double.NaN};
        double[] gy = {Double.NaN, Double.NaN};
        String label;
        if (g instanceof RectangleGate r) {
            RectangleGate.Range a = r.ranges().get(0);
            RectangleGate.Range b = r.ranges().get(1);
            if (a.min() < a.max() && b.min() < b.max()) {
                shapes.add(new GateShape.Rectangle(a.min(), a.max(), b.min(), b.max()));
            }
            gx = new double[] {a.min(), a.max()};
            gy = new double[] {b.min(), b.max()};
            label = percentLabel(result, g.id());
        } else if (g instanceof PolygonGate p) {
            double[] px = p.vertices().stream().mapToDouble(PolygonGate.Vertex::x).toArray();
            double[] py = p.vertices().stream().mapToDouble(PolygonGate.Vertex::y).toArray();
            shapes.add(new GateShape.Polygon(px, py));
            gx = px;
            gy = py;
            label = percentLabel(result, g.id());
        } else if (g instanceof EllipsoidGate e) {
            double[][] c = {{e.covariance().get(0).get(0), e.covariance().get(0).get(1)},
                {e.covariance().get(1).get(0), e.covariance().get(1).get(1)}};
            double mx = e.mean().get(0);
            double my = e.mean().get(1);
            label = percentLabel(result, g.id());
            try {
                GateShape.Ellipse el = new GateShape.Ellipse(mx, my, c, e.distanceSquare());
                shapes.add(el);
                double[][] pts = PlotRenderer.ellipsePoints(el, 64);
                gx = Arrays.stream(pts).mapToDouble(pt -> pt[0]).toArray();
                gy = Arrays.stream(pts).mapToDouble(pt -> pt[1]).toArray();
            } catch (IllegalArgumentException notDrawable) {
                gx = new double[] {mx};
                gy = new double[] {my}; // a degenerate ellipse (distance 0): just keep its centre in view
            }
        } else {
            QuadrantGate q = (QuadrantGate) g;
            QuadrantGate.Divider dx = q.dividers().get(0);
            QuadrantGate.Divider dy = q.dividers().get(1);
            List<String> corners = quadrantCorners(result, q, dx, dy);
            for (double v : dx.values()) {
                shapes.add(new GateShape.Quadrant(v, Double.NaN, List.of()));
            }
            for (double v : dy.values()) {
                shapes.add(new GateShape.Quadrant(Double.NaN, v, List.of()));
            }
            if (!corners.isEmpty()) {
                shapes.add(new GateShape.Quadrant(Double.NaN, Double.NaN, corners));
                label = "";
            } else {
                List<String> parts = new ArrayList<>();
                for (QuadrantGate.Quadrant quad : q.quadrants()) {
                    parts.add(percentLabel(result, quad.id()));
                }
                label = String.join("; ", parts);
            }
            gx = dx.values().stream().mapToDouble(Double::doubleValue).toArray();
            gy = dy.values().stream().mapToDouble(Double::doubleValue).toArray();
        }
        Range xr = range(x, parent, gx);
        Range yr = range(y, parent, gy);
        return PlotSpec.density(title, xLabel, yLabel, xr, yr, x, y, parent, shapes, label);
    }

    /**
     * Corner labels (upper-left, upper-right, lower-left, lower-right) of a 2 x 2 quadrant gate: two dividers
     * with one cut each and four quadrants, each constraining both; empty otherwise.
     */
    private static List<String> quadrantCorners(GatingResult result, QuadrantGate q, QuadrantGate.Divider dx,
            QuadrantGate.Divider dy) {
        if (q.dividers().size() != 2 || dx.values().size() != 1 || dy.values().size() != 1
                || q.quadrants().size() != 4) {
            return List.of();
        }
        String[] corners = new String[4];
        double cx = dx.values().get(0);
        double cy = dy.values().get(0);
        for (QuadrantGate.Quadrant quad : q.quadrants()) {
            Double lx = quad.positions().get(dx.id());
            Double ly = quad.positions().get(dy.id());
            if (lx == null || ly == null) {
                return List.of();
            }
            int i = (ly >= cy ? 0 : 2) + (lx >= cx ? 1 : 0);
            if (corners[i] != null) {
                return List.of();
            }
            corners[i] = percentLabel(result, quad.id());
        }
        return List.of(corners);
    }

    /** {@code "Id 42.1%"}: the population's percentage of its parent. */
    static String percentLabel(GatingResult result, String id) {
        for (Population p : result.populations()) {
            if (p.gateId().equals(id)) {
                return id + " " + percent(p.percentOfParent());
            }
        }
        return id;
    }

    static String percent(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v + "%";
        }
        // as String.format's "%.1f%%" / "%.2f%%" (half up on the shortest decimal), without the Formatter, which
        // would be compiled for the five labels per sample
        return BigDecimal.valueOf(v).setScale(v >= 10 || v == 0 ? 1 : 2, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    /** The scale transformation of a dimension's values, for its axis' tick labels; null when untransformed. */
    static Transform scale(GatingStrategy s, Dimension d) {
        return d.transformRef() != null && s.transformations().get(d.transformRef()) instanceof ScaleTransformation t
                ? t.transform() : null;
    }

    /** "channel (marker)" plus ", transform" when the gate transforms the values. */
    static String label(Dimension d, Sample sample) {
        String name = d.isRatio() ? d.ratioRef() : d.channel();
        String marker = null;
        if (!d.isRatio() && sample != null) {
            int i = sample.channelIndex(name);
            if (i >= 0) {
                marker = sample.channels().get(i).label();
            }
        }
        String base = PlotSpec.axisLabel(name, marker);
        return d.transformRef() == null ? base : base + " [" + d.transformRef() + "]";
    }

    /**
     * Axis range: the parent's finite values (0.5th to 99.5th percentile, padded), widened to show the gate. Above
     * {@value #RANGE_SAMPLE} parent events the percentiles are those of every k-th event (in event order), enough
     * for an axis: the ends typically move by under 1 % of the span (a few pixels), and the ten axes of a sample no
     * longer cost more than half of its statistics.
     */
    static Range range(double[] v, EventMask parent, double... gate) {
        double[] members = rangeSample(v, parent);
        double lo;
        double hi;
        if (members.length == 0) {
            lo = Double.POSITIVE_INFINITY;
            hi = Double.NEGATIVE_INFINITY;
        } else {
            double[] p = PopulationStatistics.percentiles(members, 0.5, 99.5); // quickselect, no full sort
            lo = p[0];
            hi = p[1];
        }
        double dataSpan = hi > lo ? hi - lo : Math.max(1, Math.abs(lo));
        double gLo = Double.POSITIVE_INFINITY;
        double gHi = Double.NEGATIVE_INFINITY;
        for (double g : gate) {
            if (Double.isFinite(g)) {
                gLo = Math.min(gLo, g);
                gHi = Math.max(gHi, g);
            }
        }
        if (lo > hi) { // no data: the gate alone
            lo = gLo;
            hi = gHi;
            dataSpan = hi > lo ? hi - lo : 1;
        } else if (gLo <= gHi) {
            // show the gate, but not so far out that the events shrink to a line (open-ended gates often have
            // a bound far beyond the data, e.g. max = 1e9)
            lo = Math.min(lo, Math.max(gLo, lo - dataSpan));
            hi = Math.max(hi, Math.min(gHi, hi + dataSpan));
        }
        if (!(lo <= hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            return new Range(0, 1);
        }
        if (lo == hi) {
            return new Range(lo - 0.5, hi + 0.5);
        }
        double pad = (hi - lo) * 0.04;
        return new Range(lo - pad, hi + pad);
    }

    /** Most parent values an axis range is taken from. */
    static final int RANGE_SAMPLE = 16_384;

    /**
     * The finite values of every k-th event in {@code parent} (all events when null), in event order, with k the
     * smallest step that takes at most {@value #RANGE_SAMPLE} of them (k = 1: every finite value).
     */
    static double[] rangeSample(double[] v, EventMask parent) {
        int count = parent == null ? v.length : parent.count();
        int step = (int) Math.max(1, (count + (long) RANGE_SAMPLE - 1) / RANGE_SAMPLE);
        double[] out = new double[(count + step - 1) / step];
        int n = 0;
        if (parent == null) {
            for (int i = 0; i < v.length; i += step) {
                if (Double.isFinite(v[i])) {
                    out[n++] = v[i];
                }
            }
        } else {
            int skip = 0; // members to pass over before the next one taken
            for (int w = 0, words = EventMask.wordCount(parent.size()); w < words; w++) {
                long bits = parent.word(w);
                int inWord = Long.bitCount(bits);
                if (skip >= inWord) {
                    skip -= inWord;
                    continue;
                }
                while (bits != 0) {
                    int i = (w << 6) + Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    if (skip > 0) {
                        skip--;
                        continue;
                    }
                    skip = step - 1;
                    if (Double.isFinite(v[i])) {
                        out[n++] = v[i];
                    }
                }
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
