package org.cytoarrow.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.cytoarrow.core.compensation.SpilloverMatrix;

/**
 * What is known about one acquisition (one FCS data set) apart from its events: keywords, channels,
 * spillover and the issues found while reading it. Immutable.
 *
 * @param source       where it came from (file name), for messages
 * @param datasetIndex 0-based index of the data set within its file
 * @param keywords     TEXT keywords in file order; keys as written (look-ups via {@link #keyword} ignore case)
 * @param channels     the channels in record order
 * @param eventCount   number of events ($TOT, or what could actually be read)
 * @param spillover    the file's spillover matrix, if any
 * @param issues       problems found while reading
 */
public record Sample(String source, int datasetIndex, Map<String, String> keywords, List<Channel> channels,
                     long eventCount, Optional<SpilloverMatrix> spillover, List<Issue> issues) {

    public Sample {
        Objects.requireNonNull(source, "source");
        keywords = Collections.unmodifiableMap(new LinkedHashMap<>(keywords));
        channels = List.copyOf(channels);
        Objects.requireNonNull(spillover, "spillover");
        issues = List.copyOf(issues);
        for (int i = 0; i < channels.size(); i++) {
            if (channels.get(i).index() != i) {
                throw new IllegalArgumentException("Channel " + channels.get(i).name() + " has index "
                        + channels.get(i).index() + " but stands at position " + i);
            }
        }
    }

    /** The value of a keyword, ignoring case, or empty. */
    public Optional<String> keyword(String key) {
        String v = keywords.get(key);
        if (v != null) {
            return Optional.of(v);
        }
        String upper = key.toUpperCase(Locale.ROOT);
        for (Map.Entry<String, String> e : keywords.entrySet()) {
            if (e.getKey().toUpperCase(Locale.ROOT).equals(upper)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** The index of the channel with this $PnN (exact match first, then ignoring case), or -1. */
    public int channelIndex(String name) {
        for (Channel c : channels) {
            if (c.name().equals(name)) {
                return c.index();
            }
        }
        for (Channel c : channels) {
            if (c.name().equalsIgnoreCase(name)) {
                return c.index();
            }
        }
        return -1;
    }

    /** The channel with this $PnN, or a {@link CytoException} naming the channels that exist. */
    public Channel channel(String name) {
        int i = channelIndex(name);
        if (i < 0) {
            List<String> names = new ArrayList<>();
            channels.forEach(c -> names.add(c.name()));
            throw new CytoException("CHANNEL_NOT_FOUND", source, name,
                    source + ": no channel named '" + name + "'; channels are " + names);
        }
        return channels.get(i);
    }

    /** A copy with more issues appended. */
    public Sample withIssues(List<Issue> more) {
        List<Issue> all = new ArrayList<>(issues);
        all.addAll(more);
        return new Sample(source, datasetIndex, keywords, channels, eventCount, spillover, all);
    }

    /** A copy with another event count (when fewer events than $TOT could be read). */
    public Sample withEventCount(long count) {
        return new Sample(source, datasetIndex, keywords, channels, count, spillover, issues);
    }
}
