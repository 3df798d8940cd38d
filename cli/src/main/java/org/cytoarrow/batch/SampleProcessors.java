package org.cytoarrow.batch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.stats.Statistic;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.gating.GatingStrategy;
import org.cytoarrow.gating.workflow.DerivedThreshold;
import org.cytoarrow.gating.workflow.StudyWorkflow;
import org.cytoarrow.gating.workflow.ThresholdRule;
import org.cytoarrow.gating.workflow.Thresholds;
import org.cytoarrow.report.GatePlots;
import org.cytoarrow.report.PlotSpec;

/**
 * Where {@code cytoarrow batch} gets its {@link SampleProcessor}: {@link #forGating} gates every data set of each
 * file ({@link GatingProcessor}); {@link #headerOnly()} only counts events from the TEXT segment.
 */
public final class SampleProcessors {
    private SampleProcessors() {
    }

    /**
     * The processor for a Gating-ML 2.0 strategy file, with the default statistics and plots.
     *
     * @throws CytoException when the file cannot be read or is not valid Gating-ML 2.0
     */
    public static GatingProcessor forGating(Path gatingMl) {
        return GatingProcessor.of(readStrategy(gatingMl));
    }

    /**
     * The processor for a Gating-ML 2.0 strategy file under batch {@code options}: with a control rule
     * ({@code --controls GLOB:STATISTIC}), STATISTIC is also computed per population and gated channel (under
     * the rule's spelling) so that {@link BatchRunner} can derive the thresholds from the controls' rows. The
     * thresholds are reported (thresholds.csv, report.html) and applied to the other samples as
     * {@value ControlThresholds#STATISTIC} rows ({@link GatingProcessor#withControlThresholds}), not moved into
     * their gates: a per-sample gate change needs the control matched to each sample, which the study workflow
     * ({@code cytoarrow demo}, {@code org.cytoarrow.gating.workflow.ThresholdRule}) does.
     */
    public static GatingProcessor forGating(Path gatingMl, BatchOptions options) {
        return forGating(readStrategy(gatingMl), options);
    }

    /** As {@link #forGating(Path, BatchOptions)} for a strategy already read. */
    public static GatingProcessor forGating(GatingStrategy strategy, BatchOptions options) {
        GatingProcessor p = GatingProcessor.of(strategy);
        ControlRule rule = options == null ? null : options.controls();
        if (rule != null) {
            Statistic s;
            try {
                s = Statistic.parse(rule.statistic());
            } catch (CytoException notAValueStatistic) {
                return p; // count, freq_parent... are reported anyway
            }
            p = p.plus(rule.statistic(), s);
        }
        return p;
    }

    /**
     * The gate plots of one tube of a study ({@code cytoarrow demo}): re-reads {@code result}'s file (from
     * {@code allocator}, released before returning), gates it with its tube type's strategy with the same
     * control-derived thresholds applied as in {@code result} (so the IL-6 divider is drawn where the patient's
     * isotype put it), and returns the plots for {@link SampleOutcome#plots()}.
     */
    public static List<PlotSpec> studyPlots(StudyWorkflow workflow, StudyWorkflow.SampleResult result,
            BufferAllocator allocator) {
        GatingStrategy s = workflow.strategyFor(result.tube());
        for (DerivedThreshold t : result.thresholds()) {
            for (ThresholdRule rule : workflow.thresholds()) {
                if (rule.name().equals(t.rule()) && rule.appliesTo().equals(result.tube())) {
                    s = Thresholds.apply(s, rule, t);
                }
            }
        }
        return GatePlots.read(result.file(), s, allocator);
    }

    private static GatingStrategy readStrategy(Path gatingMl) {
        try {
            return GatingStrategy.read(gatingMl);
        } catch (IllegalArgumentException e) {
            throw new CytoException("GATING_INVALID", gatingMl.toString(), null,
                    gatingMl + ": not a usable gating strategy: " + e.getMessage());
        }
    }

    /**
     * Reads the HEADER and primary TEXT (FCS 3.1 sections 3.2 and 3.3) and reports population {@code /}
     * statistic {@code count} = {@code $TOT}, with {@code $CYT}, tube name, date and start time as metadata.
     * Checks that the TEXT and DATA segments lie inside the file (a truncated file fails). No Arrow memory is used.
     */
    public static SampleProcessor headerOnly() {
        return (file, allocator) -> {
            Map<String, String> kw = readText(file);
            String tot = kw.get("$TOT");
            long events;
            try {
                events = Long.parseLong(tot == null ? "" : tot.strip());
            } catch (NumberFormatException e) {
                throw new CytoException("TOT_MISSING", file.toString(), "TEXT $TOT",
                        file + ": TEXT has no valid $TOT (found " + tot + ")");
            }
            Map<String, String> meta = new LinkedHashMap<>();
            String tube = kw.getOrDefault("TUBE NAME", kw.getOrDefault("$SRC", ""));
            meta.put("tube", tube);
            meta.put("cytometer", kw.getOrDefault("$CYT", ""));
            meta.put("date", kw.getOrDefault("$DATE", ""));
            String start = kw.getOrDefault("$BTIM", "").strip();
            if (!start.isEmpty()) {
                meta.put("start", start); // no empty column in the report of files that lack it
            }
            return new SampleOutcome(events, meta, List.of(new StatisticRow("/", "count", "", events)), List.of());
        };
    }

    /** Keywords of the primary TEXT (names upper-cased), after checking the segment offsets. */
    static Map<String, String> readText(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer header = ByteBuffer.allocate(58);
            while (header.hasRemaining() && ch.read(header) > 0) {
                // fill
            }
            if (header.position() < 42) {
                throw new CytoException("TRUNCATED", file.toString(), "HEADER", file + ": HEADER is "
                        + header.position() + " bytes, expected at least 42");
            }
            String h = new String(header.array(), 0, header.position(), StandardCharsets.ISO_8859_1);
            long textStart = offset(file, h, 10);
            long textEnd = offset(file, h, 18);
            long dataStart = offset(file, h, 26);
            long dataEnd = offset(file, h, 34);
            if (textStart < 42 || textEnd < textStart || textEnd >= size) {
                throw new CytoException("TRUNCATED", file.toString(), "HEADER", file + ": TEXT segment "
                        + textStart + ".." + textEnd + " is not inside the file of " + size + " bytes");
            }
            ByteBuffer text = ByteBuffer.allocate((int) (textEnd - textStart + 1));
            ch.position(textStart);
            while (text.hasRemaining() && ch.read(text) > 0) {
                // fill
            }
            Map<String, String> kw = parse(new String(text.array(), 0, text.position(), StandardCharsets.ISO_8859_1));
            if (dataStart == 0 && dataEnd == 0) { // large files: offsets in TEXT (FCS 3.0 section 3.2.5)
                dataStart = parseLong(kw.get("$BEGINDATA"));
                dataEnd = parseLong(kw.get("$ENDDATA"));
            }
            // one byte past the end is a known writer quirk (FlowKit's test_comp_example.fcs); more is truncation
            if (dataEnd > size) {
                throw new CytoException("TRUNCATED", file.toString(), "DATA", file + ": DATA segment ends at byte "
                        + dataEnd + " but the file has " + size + " bytes");
            }
            return kw;
        }
    }

    private static long offset(Path file, String header, int at) {
        String field = header.substring(at, Math.min(header.length(), at + 8)).strip();
        try {
            return field.isEmpty() ? 0 : Long.parseLong(field);
        } catch (NumberFormatException e) {
            throw new CytoException("HEADER_OFFSET", file.toString(), "HEADER byte " + at,
                    file + ": HEADER offset at byte " + at + " is '" + field + "', not a number");
        }
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Keyword/value pairs; a doubled delimiter inside a keyword or value is one delimiter character. */
    static Map<String, String> parse(String text) {
        Map<String, String> kw = new HashMap<>();
        if (text.isEmpty()) {
            return kw;
        }
        char d = text.charAt(0);
        StringBuilder cur = new StringBuilder();
        String key = null;
        int i = 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == d) {
                if (i + 1 < text.length() && text.charAt(i + 1) == d) {
                    cur.append(d);
                    i += 2;
                    continue;
                }
                if (key == null) {
                    key = cur.toString();
                } else {
                    kw.put(key.strip().toUpperCase(java.util.Locale.ROOT), cur.toString());
                    key = null;
                }
                cur.setLength(0);
            } else {
                cur.append(c);
            }
            i++;
        }
        return kw;
    }
}
