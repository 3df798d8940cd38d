package org.cytoarrow.batch;

import blue.strategic.parquet.Dehydrator;
import blue.strategic.parquet.ParquetWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.cytoarrow.core.io.AtomicFile;
import org.cytoarrow.core.io.Csv;
import org.cytoarrow.report.AtomicOutput;

/**
 * The long ("tidy") statistics table that {@code batch} and {@code stats} write: one row per sample, population,
 * statistic and channel, with the input file of each sample. {@code batch} writes it per sample as CSV, then
 * concatenates those into {@code statistics.csv} and {@code statistics.parquet}; always atomically.
 */
public final class StatisticsTable {
    /** Column names, in order, of every statistics CSV and of the Parquet file. */
    public static final List<String> COLUMNS = List.of("sample", "file", "population", "statistic", "channel",
            "value");

    /**
     * One row of the long table.
     *
     * @param sample     sample name
     * @param file       the input file, as given
     * @param population population path
     * @param statistic  statistic name (e.g. count, freq_parent, median, p99.5)
     * @param channel    channel, empty for population-level statistics
     * @param value      the value; NaN (an empty CSV field) when undefined
     */
    public record Row(String sample, String file, String population, String statistic, String channel, double value) {
    }

    static final MessageType SCHEMA = Types.buildMessage()
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("sample")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("file")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("population")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("statistic")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("channel")
            .required(PrimitiveTypeName.DOUBLE).named("value")
            .named("statistics");

    private StatisticsTable() {
    }

    /**
     * A sample's rows of the long table, exactly as {@link #readCsv} reads them back after {@link #writeCsv}: the
     * CSV writes -0.0 as {@code 0}, so it is 0.0 here too (every other value reads back exactly).
     */
    static List<Row> rows(String sample, String file, List<StatisticRow> stats) {
        List<Row> out = new ArrayList<>(stats.size());
        for (StatisticRow s : stats) {
            String name = s.dataset().isEmpty() ? sample : sample + "#" + s.dataset();
            double value = s.value() == 0 ? 0.0 : s.value(); // -0.0 == 0 too
            out.add(new Row(name, file, s.population(), s.statistic(), s.channel(), value));
        }
        return out;
    }

    /** Writes {@code rows} as CSV with the header {@link #COLUMNS}, atomically. */
    public static void writeCsv(Path target, List<Row> rows) throws IOException {
        AtomicOutput.commit(stageCsv(target, rows));
    }

    /** {@link #writeCsv}, staged: {@link AtomicOutput#commit} puts it in place. */
    static AtomicFile.Staged stageCsv(Path target, List<Row> rows) throws IOException {
        return AtomicOutput.stage(target, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            Csv.writeRow(w, COLUMNS);
            for (Row r : rows) {
                Csv.writeRow(w, List.of(r.sample(), r.file(), r.population(), r.statistic(), r.channel(),
                        Csv.number(r.value())));
            }
            w.flush();
        });
    }

    /** Reads a statistics CSV written by {@link #writeCsv}; a malformed file is an IOException. */
    static List<Row> readCsv(Path file) throws IOException {
        List<List<String>> records;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            records = Csv.read(r);
        }
        if (records.isEmpty() || !records.get(0).equals(COLUMNS)) {
            throw new IOException(file + ": not a statistics table (header must be " + COLUMNS + ")");
        }
        List<Row> rows = new ArrayList<>(records.size() - 1);
        for (int i = 1; i < records.size(); i++) {
            List<String> f = records.get(i);
            if (f.size() != COLUMNS.size()) {
                throw new IOException(file + ": line " + (i + 1) + " has " + f.size() + " fields, expected "
                        + COLUMNS.size());
            }
            double v;
            try {
                v = Double.parseDouble(f.get(5));
            } catch (NumberFormatException e) {
                throw new IOException(file + ": line " + (i + 1) + ": value \"" + f.get(5) + "\" is not a number",
                        e);
            }
            rows.add(new Row(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), v));
        }
        return rows;
    }

    /**
     * Writes a one-row table to a temporary file in {@code dir} and deletes it, so that the Parquet writer's
     * classes (about 1,500, a second's work on a cold JVM) are loaded and initialised before the real table is
     * written. Best effort: a failure here is left for the real write to report. The file is named as a temporary
     * file ({@link AtomicOutput#isTemporary}), so a run killed meanwhile leaves nothing the next run keeps. Once
     * per JVM: later batches in the same JVM (a library user's, the benchmark's) find the classes loaded.
     */
    static void warmUpParquet(Path dir) {
        if (PARQUET_WARM.getAndSet(true)) {
            return;
        }
        Path target = dir.resolve(".parquet-warm-up.tmp");
        try {
            writeParquet(target, List.of(new Row("", "", "/", "count", "", 0)));
        } catch (IOException | RuntimeException e) {
            // the real write will fail the same way and say so
        } finally {
            try {
                Files.deleteIfExists(target);
            } catch (IOException e) {
                // a hidden .tmp file: removed by the next run
            }
        }
    }

    private static final AtomicBoolean PARQUET_WARM = new AtomicBoolean();

    /** Writes {@code rows} as Parquet (uncompressed columns per parquet-floor's defaults), atomically. */
    public static void writeParquet(Path target, List<Row> rows) throws IOException {
        Dehydrator<Row> dehydrator = (row, out) -> {
            out.write("sample", row.sample());
            out.write("file", row.file());
            out.write("population", row.population());
            out.write("statistic", row.statistic());
            out.write("channel", row.channel());
            out.write("value", row.value());
        };
        try {
            AtomicFile.write(target, tmp -> {
                Files.delete(tmp);   // parquet-floor creates the file itself
                try (ParquetWriter<Row> w = ParquetWriter.writeFile(SCHEMA, tmp.toFile(), dehydrator)) {
                    for (Row r : rows) {
                        w.write(r);
                    }
                } finally {
                    Files.deleteIfExists(tmp.resolveSibling("." + tmp.getFileName() + ".crc"));
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
