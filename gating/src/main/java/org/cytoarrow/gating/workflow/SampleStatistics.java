package org.cytoarrow.gating.workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.EventMask;
import org.cytoarrow.core.stats.Lineage;
import org.cytoarrow.core.stats.PopulationStatistics;
import org.cytoarrow.core.stats.Statistic;
import org.cytoarrow.core.stats.StatisticValues;
import org.cytoarrow.gating.Dimension;
import org.cytoarrow.gating.Gate;
import org.cytoarrow.gating.GatingResult;
import org.cytoarrow.gating.GatingStrategy;
import org.cytoarrow.gating.Population;
import org.cytoarrow.gating.QuadrantGate;

/**
 * The long statistics table of one gated sample: per population its count, percent of parent and percent of
 * total, then the requested value statistics per channel, on the requested {@link Scale}.
 */
public final class SampleStatistics {
    /** Which values the channel statistics are taken over. */
    public enum Scale {
        /** The numbers stored in the file. */
        RAW,
        /** Linearised ($PnE/$PnG) values, uncompensated. */
        SCALED,
        /**
         * The values the gates see: compensated and transformed as the strategy's first gate dimension on the
         * channel says (so medians are on the gating axis, e.g. logicle 0..1).
         */
        TRANSFORMED
    }

    /**
     * One value of the long table.
     *
     * @param population population path ({@code /Cells/Singlets})
     * @param statistic  statistic label ({@code count}, {@code freq_parent}, {@code freq_total}, {@code median}...)
     * @param channel    the channel of a value statistic, empty for counts and frequencies
     * @param value      the value, NaN when undefined
     */
    public record Row(String population, String statistic, String channel, double value) {
        public Row {
            Objects.requireNonNull(population, "population");
            Objects.requireNonNull(statistic, "statistic");
            channel = channel == null ? "" : channel;
        }
    }

    private SampleStatistics() {
    }

    /**
     * Rows for every population of {@code result}: {@code count}, {@code freq_parent}, {@code freq_total}, then
     * each statistic of {@code statistics} that needs values, for each channel of {@code channels}.
     *
     * @param frame      the events the result was computed from (for RAW and SCALED values)
     * @param result     the gating result
     * @param statistics value statistics (count and frequencies among them are ignored: always written)
     * @param channels   channel names; empty = every channel a gate looks at (TRANSFORMED) or every channel of
     *                   the file (RAW, SCALED)
     * @param scale      the scale of the values
     * @throws CytoException (code {@code UNKNOWN_CHANNEL}) for a channel the file lacks or, on the TRANSFORMED
     *                       scale, no gate looks at
     */
    public static List<Row> compute(EventFrame frame, GatingResult result, List<Statistic> statistics,
                                    List<String> channels, Scale scale) {
        GatingStrategy strategy = result.strategy();
        Map<String, double[]> columns = columns(frame, result, channels, scale);
        List<Statistic> valueStats = statistics.stream().filter(Statistic::needsValues).distinct().toList();
        List<Row> out = new ArrayList<>();
        for (Population p : result.populations()) {
            out.add(new Row(p.path(), "count", "", p.count()));
            out.add(new Row(p.path(), "freq_parent", "", p.percentOfParent()));
            out.add(new Row(p.path(), "freq_total", "", p.percentOfTotal()));
            if (valueStats.isEmpty()) {
                continue;
            }
            EventMask mask = result.mask(p.gateId());
            for (Map.Entry<String, double[]> c : columns.entrySet()) {
                StatisticValues v = PopulationStatistics.compute(c.getValue(), mask, Lineage.root(), valueStats);
                for (Statistic s : valueStats) {
                    out.add(new Row(strategy.pathOf(p.gateId()), s.label(), c.getKey(), v.get(s)));
                }
            }
        }
        return out;
    }

    private static Map<String, double[]> columns(EventFrame frame, GatingResult result, List<String> channels,
                                                 Scale scale) {
        Map<String, double[]> out = new LinkedHashMap<>();
        if (scale == Scale.TRANSFORMED) {
            Map<String, double[]> seen = gateColumns(result);
            List<String> wanted = channels.isEmpty() ? List.copyOf(seen.keySet()) : channels;
            for (String c : wanted) {
                double[] v = seen.get(c);
                if (v == null) {
                    throw new CytoException("UNKNOWN_CHANNEL", frame.sample().source(), c, "No gate looks at channel '"
                            + c + "', so it has no transformed scale; gated channels are " + seen.keySet()
                            + " (use --scale scaled or raw)");
                }
                out.put(c, v);
            }
            return out;
        }
        List<String> wanted = channels;
        if (wanted.isEmpty()) {
            wanted = frame.channels().stream().map(ch -> ch.name()).toList();
        }
        for (String c : wanted) {
            int i = frame.sample().channelIndex(c);
            if (i < 0) {
                throw new CytoException("UNKNOWN_CHANNEL", frame.sample().source(), c, frame.sample().source()
                        + ": no channel '" + c + "'; channels are "
                        + frame.channels().stream().map(ch -> ch.name()).toList());
            }
            out.put(c, scale == Scale.RAW ? frame.rawColumn(i) : frame.scaledColumn(i));
        }
        return out;
    }

    /** Channel name to the values of the first gate dimension on it (document order). */
    static Map<String, double[]> gateColumns(GatingResult result) {
        Map<String, double[]> out = new LinkedHashMap<>();
        Set<String> done = new LinkedHashSet<>();
        for (Gate g : result.strategy().gates()) {
            List<Dimension> dims = g.dimensions();
            for (int d = 0; d < dims.size(); d++) {
                String ch = dims.get(d).channel();
                if (ch == null || !done.add(ch)) {
                    continue;
                }
                String pop = g instanceof QuadrantGate q ? q.quadrants().get(0).id() : g.id();
                out.put(ch, result.values(pop, d));
            }
        }
        return out;
    }
}
