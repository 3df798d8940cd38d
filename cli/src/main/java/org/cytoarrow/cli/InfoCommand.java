package org.cytoarrow.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Channel;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Issue;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.Sample;
import org.cytoarrow.core.Stringency;
import org.cytoarrow.core.compensation.SpilloverMatrix;
import org.cytoarrow.fcs.FcsFile;
import org.cytoarrow.fcs.ReadOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cytoarrow info FILE [--json] [--stringency S]}: what an FCS file holds, per data set: version, data type,
 * byte order, $TOT, $PAR, a channel table with raw minimum, maximum and mean, the spillover matrix and the issues
 * found while reading.
 *
 * <p>The JSON form is a stable contract: {@code {"file", "datasets": [{"index", "version", "datatype", "byteord",
 * "tot", "events", "par", "channels": [{"name", "label", "bits", "range", "type", "min", "max", "mean"}],
 * "spillover": {"fluorochromes", "detectors", "coefficients"} or null, "issues": [{"code", "severity",
 * "message"}]}]}}; min/max/mean are over raw values (null when there are no events). A data set whose DATA cannot
 * be read is still reported (from its TEXT, with an ERROR issue and null statistics) and the exit code is 3.
 */
@Command(name = "info", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Show the data sets, channels (raw min/max/mean), spillover and issues of an FCS file.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "FCS file")
    Path file;

    @Option(names = "--json", description = "Print JSON (a stable format) instead of a table.")
    boolean json;

    @Option(names = "--stringency", paramLabel = "S", defaultValue = "lenient",
            converter = StringencyConverter.class,
            description = "strict, lenient or silent (default: ${DEFAULT-VALUE}).")
    Stringency stringency;

    @Override
    public Integer call() {
        requireReadable(spec, file);
        List<DatasetSummary> summaries = new ArrayList<>();
        CytoException unreadable = null;
        try (BufferAllocator root = Memory.newRootAllocator();
             FcsFile fcs = FcsFile.open(file, new ReadOptions(stringency))) {
            List<Sample> datasets = fcs.datasets();
            for (int i = 0; i < datasets.size(); i++) {
                try (EventFrame frame = fcs.read(i, root)) {
                    summaries.add(DatasetSummary.of(frame, fcs.version(i)));
                } catch (CytoException e) {
                    // Report what TEXT says even when DATA cannot be read; the exit code still says "invalid".
                    summaries.add(DatasetSummary.unreadable(datasets.get(i), fcs.version(i), e));
                    unreadable = unreadable == null ? e : unreadable;
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? toJson(file.toString(), summaries) + "\n" : toText(file.toString(), summaries));
        out.flush();
        if (unreadable != null) {
            spec.commandLine().getErr().println("cytoarrow: " + unreadable.getMessage());
            return CytoarrowCommand.EXIT_INVALID_INPUT;
        }
        return CytoarrowCommand.EXIT_OK;
    }

    static void requireReadable(CommandSpec spec, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "No readable file: " + file);
        }
    }

    static String toJson(String file, List<DatasetSummary> summaries) {
        JsonWriter w = new JsonWriter().beginObject().name("file").value(file).name("datasets").beginArray();
        for (DatasetSummary s : summaries) {
            w.beginObject()
                    .name("index").value(s.sample().datasetIndex())
                    .name("version").value(s.version())
                    .name("datatype").value(s.keyword("$DATATYPE"))
                    .name("byteord").value(s.keyword("$BYTEORD"))
                    .name("tot").value(s.tot())
                    .name("events").value(s.events())
                    .name("par").value(s.channels().size())
                    .name("channels").beginArray();
            for (DatasetSummary.ChannelStats c : s.channels()) {
                Channel ch = c.channel();
                w.beginObject()
                        .name("name").value(ch.name())
                        .name("label").value(ch.label())
                        .name("bits").value(ch.bits())
                        .name("range").value(ch.range())
                        .name("type").value(DatasetSummary.scaleType(ch))
                        .name("min").value(c.min())
                        .name("max").value(c.max())
                        .name("mean").value(c.mean())
                        .endObject();
            }
            w.endArray().name("spillover");
            if (s.spillover().isPresent()) {
                SpilloverMatrix m = s.spillover().get();
                w.beginObject().name("fluorochromes").beginArray();
                m.fluorochromes().forEach(w::value);
                w.endArray().name("detectors").beginArray();
                m.detectors().forEach(w::value);
                w.endArray().name("coefficients").beginArray();
                for (double[] row : m.coefficients()) {
                    w.beginArray();
                    for (double v : row) {
                        w.value(v);
                    }
                    w.endArray();
                }
                w.endArray().endObject();
            } else {
                w.nullValue();
            }
            w.name("issues").beginArray();
            for (Issue i : s.issues()) {
                w.beginObject().name("code").value(i.code()).name("severity").value(i.severity().name())
                        .name("message").value(i.message()).endObject();
            }
            w.endArray().endObject();
        }
        return w.endArray().endObject().toString();
    }

    static String toText(String file, List<DatasetSummary> summaries) {
        StringBuilder sb = new StringBuilder();
        sb.append(file).append(": ").append(summaries.size()).append(summaries.size() == 1 ? " data set" : " data sets")
                .append('\n');
        for (DatasetSummary s : summaries) {
            sb.append('\n').append(String.format(Locale.ROOT,
                    "Data set %d: %s, $DATATYPE %s, $BYTEORD %s, $TOT %d, $PAR %d%s%n", s.sample().datasetIndex(),
                    s.version(), s.keyword("$DATATYPE"), s.keyword("$BYTEORD"), s.tot(), s.channels().size(),
                    s.events() == s.tot() ? "" : " (" + s.events() + " events read)"));
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"#", "name", "label", "range", "bits", "type", "min", "max", "mean"});
            for (DatasetSummary.ChannelStats c : s.channels()) {
                Channel ch = c.channel();
                rows.add(new String[] {Integer.toString(ch.index() + 1), ch.name(),
                    ch.label() == null ? "" : ch.label().strip(), DatasetSummary.number(ch.range()),
                    Integer.toString(ch.bits()), DatasetSummary.scaleType(ch), DatasetSummary.number(c.min()),
                    DatasetSummary.number(c.max()), DatasetSummary.number(c.mean())});
            }
            table(sb, rows);
            if (s.spillover().isPresent()) {
                SpilloverMatrix m = s.spillover().get();
                sb.append(String.format(Locale.ROOT, "  Spillover: %d x %d%n", m.fluorochromes().size(),
                        m.detectors().size()));
                List<String[]> mrows = new ArrayList<>();
                List<String> head = new ArrayList<>();
                head.add("");
                head.addAll(m.detectors());
                mrows.add(head.toArray(String[]::new));
                double[][] coef = m.coefficients();
                for (int i = 0; i < coef.length; i++) {
                    String[] r = new String[coef[i].length + 1];
                    r[0] = i < m.fluorochromes().size() ? m.fluorochromes().get(i) : "";
                    for (int j = 0; j < coef[i].length; j++) {
                        r[j + 1] = DatasetSummary.number(coef[i][j]);
                    }
                    mrows.add(r);
                }
                table(sb, mrows);
            } else {
                sb.append("  Spillover: none\n");
            }
            if (s.issues().isEmpty()) {
                sb.append("  Issues: none\n");
            } else {
                sb.append("  Issues:\n");
                for (Issue i : s.issues()) {
                    sb.append("    ").append(i).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static void table(StringBuilder sb, List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        for (String[] r : rows) {
            sb.append(' ');
            for (int c = 0; c < cols; c++) {
                sb.append(' ').append(r[c]).append(" ".repeat(width[c] - r[c].length()));
                sb.append(c == cols - 1 ? "" : " ");
            }
            int end = sb.length();
            while (end > 0 && sb.charAt(end - 1) == ' ') {
                end--;
            }
            sb.setLength(end);
            sb.append('\n');
        }
    }

    /** Reads "strict", "LENIENT", ... case-insensitively. */
    static final class StringencyConverter implements CommandLine.ITypeConverter<Stringency> {
        @Override
        public Stringency convert(String value) {
            try {
                return Stringency.valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a stringency; use strict, lenient or silent");
            }
        }
    }
}
