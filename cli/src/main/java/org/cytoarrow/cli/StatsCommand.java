package org.cytoarrow.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.batch.StatisticsTable;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.io.Csv;
import org.cytoarrow.core.stats.Statistic;
import org.cytoarrow.fcs.FcsReader;
import org.cytoarrow.gating.GatingStrategy;
import org.cytoarrow.gating.workflow.SampleStatistics;
import org.cytoarrow.gating.workflow.StudyWorkflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cytoarrow stats}: population statistics of FCS files as one long table. */
@Command(name = "stats",
        mixinStandardHelpOptions = true,
        description = {
            // one element per paragraph: picocli wraps each to the terminal's width
            "Population statistics of FCS files as one long table (CSV or Parquet).",
            "",
            "Gates FILE... with a Gating-ML 2.0 strategy and writes one long table (CSV or Parquet, by the"
                    + " extension of -o) with the columns sample, file, population, statistic, channel, value (as batch"
                    + " writes it): per population count, freq_parent and freq_total, then each --stat on each"
                    + " --channel. A sample is named by its file name without .fcs; files sharing a name are named by"
                    + " their path from the common folder.",
            "Statistics: count, freq_parent, freq_total, mean, median (mfi), gmean, sd, cv, rsd, rcv, min,"
                    + " max, p<0-100> (e.g. p99.5, Hyndman-Fan type 7)."})
public final class StatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "FCS files.")
    List<Path> files;

    @Option(names = "--gating", required = true, paramLabel = "G.xml", description = "Gating-ML 2.0 strategy.")
    Path gating;

    @Option(names = "--stat", paramLabel = "STAT", split = ",",
            description = "Value statistic(s), repeatable or comma-separated (default: median).")
    List<String> stats = new ArrayList<>();

    @Option(names = "--channel", paramLabel = "NAME", split = ",",
            description = "Channel(s) for value statistics (default: every gated channel on the transformed"
                    + " scale, every channel otherwise).")
    List<String> channels = new ArrayList<>();

    @Option(names = "--scale", paramLabel = "SCALE", defaultValue = "transformed",
            description = "Values of the statistics: raw (as stored), scaled (linearised, uncompensated) or"
                    + " transformed (compensated and transformed as the gates see them; default).")
    String scale;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "stats.{csv,parquet}",
            description = "Output table; .parquet writes Parquet, anything else CSV.")
    Path output;

    @Option(names = "-v", description = "Verbose (-vv: stack traces).")
    boolean[] verbose = new boolean[0];

    @Override
    public Integer call() throws Exception {
        SampleStatistics.Scale sc = parseScale(scale);
        List<Statistic> wanted = new ArrayList<>();
        for (String s : stats.isEmpty() ? List.of("median") : stats) {
            wanted.add(Statistic.parse(s));
        }
        if (!Files.isRegularFile(gating)) {
            throw new CytoException("NOT_FOUND", gating.toString(), null, gating + ": gating file not found");
        }
        GatingStrategy strategy = GatingStrategy.read(gating);
        List<StatisticsTable.Row> rows = new ArrayList<>();
        long t0 = System.nanoTime();
        List<String> names = sampleNames(files);
        try (BufferAllocator root = Memory.newRootAllocator()) {
            for (int i = 0; i < files.size(); i++) {
                Path f = files.get(i);
                String sample = names.get(i);
                try (EventFrame frame = FcsReader.read(f, root)) {
                    for (SampleStatistics.Row r : SampleStatistics.compute(frame, strategy.evaluate(frame), wanted,
                            channels, sc)) {
                        rows.add(new StatisticsTable.Row(sample, f.toString(), r.population(), r.statistic(),
                                r.channel(), r.value()));
                    }
                }
            }
        }
        if (output.toAbsolutePath().getParent() != null) {
            Files.createDirectories(output.toAbsolutePath().getParent());
        }
        if (output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet")) {
            StatisticsTable.writeParquet(output, rows);
        } else {
            StatisticsTable.writeCsv(output, rows);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%d file(s), %d rows -> %s (%.1f s)%n", files.size(), rows.size(), output,
                (System.nanoTime() - t0) / 1e9);
        out.flush();
        return CytoarrowCommand.EXIT_OK;
    }

    /**
     * The sample name of each file: its file name without ".fcs" ({@link StudyWorkflow#sampleName}); files that
     * share a name (same name in different folders) are named by their path relative to the deepest folder
     * holding all of them, "/"-separated and without ".fcs" (e.g. {@code day1/A1} and {@code day2/A1}). A file
     * given twice gets "_2", "_3"... on its later occurrences.
     */
    static List<String> sampleNames(List<Path> files) {
        List<String> names = new ArrayList<>();
        Map<String, List<Path>> byName = new HashMap<>();
        for (Path f : files) {
            String n = StudyWorkflow.sampleName(f);
            names.add(n);
            byName.computeIfAbsent(n, k -> new ArrayList<>()).add(f.toAbsolutePath().normalize());
        }
        Set<String> used = new HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            List<Path> same = byName.get(names.get(i));
            String name = names.get(i);
            if (same.size() > 1) {
                Path common = commonParent(same);
                Path rel = common.relativize(files.get(i).toAbsolutePath().normalize());
                List<String> parts = new ArrayList<>();
                rel.forEach(p -> parts.add(p.toString()));
                if (!parts.isEmpty()) {
                    parts.set(parts.size() - 1, StudyWorkflow.sampleName(rel.getFileName()));
                    name = String.join("/", parts);
                }
            }
            String unique = name;
            for (int k = 2; !used.add(unique); k++) {
                unique = name + "_" + k;
            }
            names.set(i, unique);
        }
        return names;
    }

    /** The deepest folder that holds every one of {@code files} (absolute, normalised). */
    private static Path commonParent(List<Path> files) {
        Path common = files.get(0).getParent();
        for (Path f : files) {
            while (common != null && !f.startsWith(common)) {
                common = common.getParent();
            }
        }
        return common == null ? files.get(0).getRoot() : common;
    }

    static SampleStatistics.Scale parseScale(String text) {
        try {
            return SampleStatistics.Scale.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CytoException("INVALID_OPTION", null, "--scale", "--scale must be raw, scaled or transformed,"
                    + " was '" + text + "'");
        }
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return Csv.number(v);
    }
}
