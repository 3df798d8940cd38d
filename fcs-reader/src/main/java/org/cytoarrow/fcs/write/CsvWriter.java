package org.cytoarrow.fcs.write;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.io.AtomicFile;
import org.cytoarrow.core.io.Csv;

/**
 * Writes an event frame as CSV (RFC 4180): a header row of channel names ($PnN, quoted when they contain a comma,
 * quote or line break), then one row per event, UTF-8, "\n" line ends. Each value is written as the decimal that
 * parses back to the identical float32 or float64 (integral values without a fraction, NaN as "NaN"); see
 * {@link Numbers} for the shortest-form guarantee.
 *
 * <p>Writing is atomic ({@link AtomicFile}). Stateless and thread-safe.
 */
public final class CsvWriter {
    private CsvWriter() {
    }

    /** Writes the raw values of {@code frame} to {@code path}. */
    public static void write(EventFrame frame, Path path) {
        write(frame, path, Values.RAW);
    }

    /** Writes {@code frame} to {@code path}. */
    public static void write(EventFrame frame, Path path, Values values) {
        OutputColumns cols = new OutputColumns(frame, values);
        AtomicFile.writeStream(path, stream -> {
            Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            StringBuilder sb = new StringBuilder(1 << 16);
            for (int c = 0; c < cols.count(); c++) {
                if (c > 0) {
                    sb.append(',');
                }
                sb.append(Csv.quote(cols.channels.get(c).name()));
            }
            sb.append('\n');
            int par = cols.count();
            boolean[] single = new boolean[par];
            for (int c = 0; c < par; c++) {
                single[c] = !cols.isDouble(c);
            }
            int block = Math.max(1, Math.min(OutputColumns.BLOCK, cols.rows));
            double[][] buffer = new double[par][block];
            for (int from = 0; from < cols.rows; from += block) {
                int n = Math.min(block, cols.rows - from);
                for (int c = 0; c < par; c++) {
                    cols.block(c, from, n, buffer[c]);
                }
                for (int r = 0; r < n; r++) {
                    for (int c = 0; c < par; c++) {
                        if (c > 0) {
                            sb.append(',');
                        }
                        Numbers.append(sb, buffer[c][r], single[c]);
                    }
                    sb.append('\n');
                    if (sb.length() > 1 << 16) {
                        out.append(sb);
                        sb.setLength(0);
                    }
                }
            }
            out.append(sb);
            out.flush();
        });
    }
}
