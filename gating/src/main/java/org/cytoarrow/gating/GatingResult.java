package org.cytoarrow.gating;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cytoarrow.core.EventMask;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Which events of one sample fall in each population of a {@link GatingStrategy}. Lives on the heap and
 * outlives the {@link org.cytoarrow.core.EventFrame} it was computed from. Immutable.
 */
public final class GatingResult {
    private final GatingStrategy strategy;
    private final int eventCount;
    private final Map<String, EventMask> masks;
    private final Map<String, double[][]> values;
    private final List<Population> populations;

    GatingResult(GatingStrategy strategy, int eventCount, Map<String, EventMask> masks,
                 Map<String, double[][]> values) {
        this.strategy = strategy;
        this.eventCount = eventCount;
        this.masks = Collections.unmodifiableMap(masks);
        this.values = values;
        List<Population> pops = new ArrayList<>();
        for (String id : strategy.populationIds()) {
            String parent = strategy.parentOf(id);
            int count = masks.get(id).count();
            int parentCount = parent == null ? eventCount : masks.get(parent).count();
            pops.add(new Population(id, strategy.pathOf(id), parent, count, percent(count, parentCount),
                    percent(count, eventCount)));
        }
        this.populations = List.copyOf(pops);
    }

    private static double percent(int count, int of) {
        return of == 0 ? Double.NaN : 100.0 * count / of;
    }

    /** The strategy that was evaluated. */
    public GatingStrategy strategy() {
        return strategy;
    }

    /** Number of events in the sample. */
    public int eventCount() {
        return eventCount;
    }

    /** All populations, parents before children. */
    public List<Population> populations() {
        return populations;
    }

    /**
     * The membership of a population (by gate or quadrant id, or by path), parents applied.
     *
     * @throws IllegalArgumentException for an unknown id; a quadrant gate's own id is not a population, its
     *                                  quadrants are
     */
    public EventMask mask(String idOrPath) {
        return masks.get(id(idOrPath));
    }

    /**
     * The values population {@code idOrPath}'s gate saw on its dimension {@code d} (scaled, compensated and
     * transformed), for all events in event order. A copy. For a quadrant, dimensions are the quadrant gate's
     * dividers in order.
     *
     * @throws IllegalArgumentException for a Boolean gate (no dimensions) or {@code d} out of range
     */
    public double[] values(String idOrPath, int d) {
        String id = id(idOrPath);
        double[][] cols = values.get(id);
        if (cols == null || cols.length == 0) {
            throw new IllegalArgumentException("Population " + id + " is a Boolean gate: it has no dimensions");
        }
        Objects.checkIndex(d, cols.length);
        return cols[d].clone();
    }

    /**
     * One row per population: sample, population (path), parent (path, "/" for all events), count,
     * freq_parent, freq_total.
     */
    public Table toTable(String sampleName) {
        StringColumn sample = StringColumn.create("sample");
        StringColumn path = StringColumn.create("population");
        StringColumn parent = StringColumn.create("parent");
        IntColumn count = IntColumn.create("count");
        DoubleColumn ofParent = DoubleColumn.create("freq_parent");
        DoubleColumn ofTotal = DoubleColumn.create("freq_total");
        for (Population p : populations) {
            sample.append(sampleName);
            path.append(p.path());
            parent.append(p.parentId() == null ? "/" : strategy.pathOf(p.parentId()));
            count.append(p.count());
            ofParent.append(p.percentOfParent());
            ofTotal.append(p.percentOfTotal());
        }
        return Table.create(sampleName, sample, path, parent, count, ofParent, ofTotal);
    }

    private String id(String idOrPath) {
        return strategy.resolve(idOrPath).orElseThrow(() -> new IllegalArgumentException(
                "No population '" + idOrPath + "'; populations are " + strategy.populationIds()));
    }
}
