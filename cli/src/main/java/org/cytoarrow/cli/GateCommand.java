package org.cytoarrow.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.cytoarrow.core.Channel;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.Sample;
import org.cytoarrow.core.io.AtomicFile;
import org.cytoarrow.core.io.Csv;
import org.cytoarrow.fcs.FcsFile;
import org.cytoarrow.fcs.write.ArrowIpcWriter;
import org.cytoarrow.fcs.write.CsvWriter;
import org.cytoarrow.fcs.write.ParquetWriter;
import org.cytoarrow.gating.GatingResult;
import org.cytoarrow.gating.GatingStrategy;
import org.cytoarrow.gating.Population;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cytoarrow gate FILE --gating G.xml [-o counts.csv] [--membership OUT.{csv,arrow,parquet}]}: applies a
 * Gating-ML 2.0 strategy to one FCS data set and writes population counts (CSV: sample, population, parent, count,
 * freq_parent, freq_total) to {@code -o} or standard output, and optionally per-event membership: one
 * float32 0/1 column per population (strategy order, named by path, gate id as $PnS), one row per event, as CSV,
 * Arrow IPC or Parquet by the file's extension.
 */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = "Apply a Gating-ML 2.0 strategy to an FCS file; report population counts.")
public final class GateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "FCS file")
    Path file;

    @Option(names = "--gating", required = true, paramLabel = "G.xml", description = "Gating-ML 2.0 file")
    Path gating;

    @Option(names = {"-o", "--output"}, paramLabel = "counts.csv",
            description = "write population counts here (CSV) instead of standard output")
    Path output;

    @Option(names = "--membership", paramLabel = "OUT.{csv,arrow,parquet}",
            description = "write one 0/1 column per population, one row per event")
    Path membership;

    @Option(names = "--dataset", defaultValue = "0", paramLabel = "N",
            description = "0-based data set of the file (default: ${DEFAULT-VALUE})")
    int dataset;

    @Override
    public Integer call() throws IOException {
        String format = membership == null ? null : extension(membership);
        if (format != null && !format.equals("csv") && !format.equals("arrow") && !format.equals("parquet")) {
            throw new ParameterException(spec.commandLine(), "--membership " + membership
                    + ": unknown format; use .csv, .arrow or .parquet");
        }
        GatingStrategy strategy = GatingStrategy.read(gating);
        GatingResult result;
        String sampleName = file.getFileName().toString();
        try (BufferAllocator allocator = Memory.newRootAllocator();
             FcsFile fcs = FcsFile.open(file)) {
            if (dataset < 0 || dataset >= fcs.datasets().size()) {
                throw new ParameterException(spec.commandLine(), "--dataset " + dataset + ": " + file + " has "
                        + fcs.datasets().size() + " data set(s)");
            }
            try (EventFrame frame = fcs.read(dataset, allocator)) {
                result = strategy.evaluate(frame);
            }
        } catch (IllegalArgumentException e) {
            throw new CytoException("GATING_INVALID", gating.toString(), null, gating + ": " + e.getMessage(), e);
        }
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            writeCounts(result, sampleName, out);
            out.flush();
        } else {
            atomically(output, w -> writeCounts(result, sampleName, w));
        }
        if (membership != null) {
            writeMembership(result, file.toString(), membership, format);
        }
        return CytoarrowCommand.EXIT_OK;
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static void writeCounts(GatingResult result, String sampleName, Writer w) throws IOException {
        w.write("sample,population,parent,count,freq_parent,freq_total\n");
        for (Population p : result.populations()) {
            String parent = p.parentId() == null ? "/" : result.strategy().pathOf(p.parentId());
            w.write(Csv.quote(sampleName) + "," + Csv.quote(p.path()) + "," + Csv.quote(parent) + ","
                    + p.count() + "," + p.percentOfParent() + "," + p.percentOfTotal() + "\n");
        }
    }

    /** Writes the membership table in {@code format} (csv, arrow or parquet) through the event-frame writers. */
    static void writeMembership(GatingResult result, String source, Path target, String format) {
        try (BufferAllocator allocator = Memory.newRootAllocator();
             EventFrame frame = membershipFrame(result, source, allocator)) {
            switch (format) {
                case "arrow" -> ArrowIpcWriter.write(frame, target);
                case "parquet" -> ParquetWriter.write(frame, target);
                default -> CsvWriter.write(frame, target);
            }
        }
    }

    /**
     * The membership of every population as a frame: one float32 column per population in strategy order (parents
     * before children), named by the population's path, with the gate id as its label ($PnS); 1 for events in the
     * population, 0 otherwise. The columns are filled straight from the masks (no heap copy of the table).
     */
    static EventFrame membershipFrame(GatingResult result, String source, BufferAllocator allocator) {
        List<Population> pops = result.populations();
        List<Channel> channels = new ArrayList<>(pops.size());
        for (int i = 0; i < pops.size(); i++) {
            channels.add(Channel.linear(i, pops.get(i).path(), pops.get(i).gateId(), 2));
        }
        int n = result.eventCount();
        Sample sample = new Sample(source, 0, Map.of(), channels, n, Optional.empty(), List.of());
        VectorSchemaRoot root = VectorSchemaRoot.create(EventFrame.schemaOf(sample), allocator);
        try {
            for (int i = 0; i < pops.size(); i++) {
                Float4Vector v = (Float4Vector) root.getVector(i);
                v.allocateNew(n);
                long[] words = result.mask(pops.get(i).gateId()).toWords();
                for (int e = 0; e < n; e++) {
                    v.set(e, (words[e >>> 6] & (1L << e)) != 0 ? 1f : 0f);
                }
                v.setValueCount(n);
            }
            root.setRowCount(n);
            return new EventFrame(sample, root);
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    private interface Body {
        void write(Writer w) throws IOException;
    }

    /** Writes UTF-8 text atomically through {@link AtomicFile}; I/O failures leave as {@link IOException}. */
    private static void atomically(Path target, Body body) throws IOException {
        try {
            AtomicFile.writeStream(target, out -> {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                body.write(w);
                w.flush();
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
