package org.cytoarrow.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.Stringency;
import org.cytoarrow.fcs.FcsFile;
import org.cytoarrow.fcs.ReadOptions;
import org.cytoarrow.fcs.write.OutputFormat;
import org.cytoarrow.fcs.write.Values;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cytoarrow convert FILE -o OUT.{arrow,parquet,csv,fcs} [--values raw|scaled] [--dataset N|all]
 * [--stringency S]}: writes the events of an FCS data set in the format named by the output's extension, atomically.
 * With {@code --dataset all} every data set goes to its own file {@code OUT_ds<N>.ext}.
 */
@Command(name = "convert", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Convert an FCS file to Arrow IPC (.arrow/.feather), Parquet, CSV or FCS 3.1 (float32).")
final class ConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "FCS file")
    Path file;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "Output file; its extension (.arrow, .feather, .parquet, .csv, .fcs) picks the format.")
    Path output;

    @Option(names = "--values", paramLabel = "raw|scaled", defaultValue = "raw", converter = ValuesConverter.class,
            description = "raw: values as stored; scaled: $PnE/$PnG/$TIMESTEP applied (default: ${DEFAULT-VALUE}).")
    Values values;

    @Option(names = "--dataset", paramLabel = "N|all", defaultValue = "0",
            description = "Data set to convert (0-based), or all: one file per data set, OUT_ds<N>.ext "
                    + "(default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--stringency", paramLabel = "S", defaultValue = "lenient",
            converter = InfoCommand.StringencyConverter.class,
            description = "strict, lenient or silent (default: ${DEFAULT-VALUE}).")
    Stringency stringency;

    @Override
    public Integer call() {
        InfoCommand.requireReadable(spec, file);
        OutputFormat format;
        try {
            format = OutputFormat.ofPath(output);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path dir = output.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Output directory does not exist: " + dir);
        }
        boolean all = dataset.strip().equalsIgnoreCase("all");
        int single = all ? -1 : parseIndex(dataset);
        PrintWriter out = spec.commandLine().getOut();
        try (BufferAllocator root = Memory.newRootAllocator();
             FcsFile fcs = FcsFile.open(file, new ReadOptions(stringency))) {
            int count = fcs.datasets().size();
            if (!all && single >= count) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--dataset " + single + ": " + file
                        + " has " + count
                        + (count == 1 ? " data set (index 0)" : " data sets (0.." + (count - 1) + ")"));
            }
            List<Integer> indices = new ArrayList<>();
            for (int i = all ? 0 : single; i < (all ? count : single + 1); i++) {
                indices.add(i);
            }
            for (int i : indices) {
                Path target = all ? OutputFormat.datasetPath(output, i) : output;
                try (EventFrame frame = fcs.read(i, root)) {
                    format.write(frame, target, values);
                    out.printf(Locale.ROOT, "wrote %s (%d events x %d channels, %s values, data set %d)%n", target,
                            frame.eventCount(), frame.channels().size(), values.name().toLowerCase(Locale.ROOT), i);
                } catch (UncheckedIOException e) {
                    throw new CytoException("WRITE_FAILED", target.toString(), null,
                            "cannot write " + target + ": " + e.getCause().getMessage(), e);
                }
            }
        }
        out.flush();
        return CytoarrowCommand.EXIT_OK;
    }

    private int parseIndex(String s) {
        try {
            int i = Integer.parseInt(s.strip());
            if (i >= 0) {
                return i;
            }
        } catch (NumberFormatException e) {
            // fall through to the usage error
        }
        throw new CommandLine.ParameterException(spec.commandLine(),
                "--dataset must be a data set index (0, 1, ...) or 'all', was '" + s + "'");
    }

    /** Reads "raw" or "scaled", case-insensitively. */
    static final class ValuesConverter implements CommandLine.ITypeConverter<Values> {
        @Override
        public Values convert(String value) {
            try {
                return Values.valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not raw or scaled");
            }
        }
    }
}
