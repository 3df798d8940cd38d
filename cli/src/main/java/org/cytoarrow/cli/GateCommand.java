package org.cytoarrow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Memory;
import org.cytoarrow.fcs.FcsFile;
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
 * {@code cytoarrow gate FILE --gating G.xml [-o counts.csv] [--membership OUT.csv]}: applies a Gating-ML 2.0
 * strategy to one FCS data set and writes population counts (CSV: sample, population, parent, count,
 * percent_of_parent, percent_of_total) to {@code -o} or standard output, and optionally per-event membership
 * (one 0/1 column per population, in event order).
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
        if (format != null && !format.equals("csv")) {
            if (format.equals("arrow") || format.equals("parquet")) {
                // TODO(merge writers): use org.cytoarrow.fcs.write.ArrowIpcWriter / ParquetWriter.
                throw new ParameterException(spec.commandLine(), "--membership " + membership
                        + ": ." + format + " output is not available in this build yet; use .csv");
            }
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
            atomically(membership, w -> writeMembership(result, w));
        }
        return CytoarrowCommand.EXIT_OK;
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static void writeCounts(GatingResult result, String sampleName, Writer w) throws IOException {
        w.write("sample,population,parent,count,percent_of_parent,percent_of_total\n");
        for (Population p : result.populations()) {
            String parent = p.parentId() == null ? "/" : result.strategy().pathOf(p.parentId());
            w.write(csv(sampleName) + "," + csv(p.path()) + "," + csv(parent) + "," + p.count() + ","
                    + p.percentOfParent() + "," + p.percentOfTotal() + "\n");
        }
    }

    static void writeMembership(GatingResult result, Writer w) throws IOException {
        List<Population> pops = result.populations();
        long[][] words = new long[pops.size()][];
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < pops.size(); i++) {
            header.append(i == 0 ? "" : ",").append(csv(pops.get(i).path()));
            words[i] = result.mask(pops.get(i).gateId()).toWords();
        }
        w.write(header.append('\n').toString());
        char[] line = new char[Math.max(1, 2 * pops.size())];
        for (int e = 0; e < result.eventCount(); e++) {
            for (int i = 0; i < pops.size(); i++) {
                line[2 * i] = (words[i][e >>> 6] & (1L << e)) != 0 ? '1' : '0';
                line[2 * i + 1] = i == pops.size() - 1 ? '\n' : ',';
            }
            w.write(line, 0, 2 * pops.size());
        }
    }

    private static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private interface Body {
        void write(Writer w) throws IOException;
    }

    /** Writes to a temporary file in the same directory, then moves it into place. */
    private static void atomically(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                body.write(w);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
