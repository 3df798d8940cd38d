package org.cytoarrow.fcs.write;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.Schema;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.io.AtomicFile;

/**
 * Writes an event frame as an Arrow IPC file (the random-access "file" format, also known as Feather v2),
 * uncompressed, readable by pyarrow, the JavaScript {@code apache-arrow} package, DuckDB and R arrow.
 *
 * <p>One non-null float column per channel, named by $PnN; each field's metadata holds $PnN, $PnS, $PnB, $PnR,
 * $PnE and $PnG, and the schema metadata holds the TEXT keywords plus {@code cytoarrow.values} ("raw" or
 * "scaled"). Raw values are written straight from the frame's vectors in one record batch (no copy); scale values
 * (and raw values whose vectors differ from the channels' declared storage) are computed in batches of 64 Ki rows
 * into vectors from the frame's allocator, released before returning.
 *
 * <p>Writing is atomic ({@link AtomicFile}). Stateless and thread-safe.
 */
public final class ArrowIpcWriter {
    private ArrowIpcWriter() {
    }

    /** Writes the raw values of {@code frame} to {@code path}. */
    public static void write(EventFrame frame, Path path) {
        write(frame, path, Values.RAW);
    }

    /** Writes {@code frame} to {@code path}. */
    public static void write(EventFrame frame, Path path, Values values) {
        OutputColumns cols = new OutputColumns(frame, values);
        Schema schema = cols.schema();
        AtomicFile.write(path, temp -> {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                if (cols.count() == 0 || (values == Values.RAW && vectorsMatch(frame, schema))) {
                    writeRaw(frame, schema, channel);
                } else {
                    writeComputed(cols, schema, channel);
                }
            }
        });
    }

    /** Whether the frame's vectors have exactly the output types, so they can be written without a copy. */
    private static boolean vectorsMatch(EventFrame frame, Schema schema) {
        List<FieldVector> vectors = frame.root().getFieldVectors();
        for (int c = 0; c < vectors.size(); c++) {
            if (!vectors.get(c).getField().getType().equals(schema.getFields().get(c).getType())) {
                return false;
            }
        }
        return true;
    }

    private static void writeRaw(EventFrame frame, Schema schema, FileChannel channel) throws IOException {
        List<FieldVector> vectors = new ArrayList<>(frame.root().getFieldVectors());
        // A view over the frame's vectors with the output schema; not closed, since the frame owns the vectors.
        VectorSchemaRoot view = new VectorSchemaRoot(schema, vectors, frame.eventCount());
        try (ArrowFileWriter writer = new ArrowFileWriter(view, null, channel)) {
            writer.start();
            writer.writeBatch();
            writer.end();
        }
    }

    private static void writeComputed(OutputColumns cols, Schema schema, FileChannel channel) throws IOException {
        BufferAllocator allocator = cols.frame.vector(0).getAllocator();
        int block = Math.max(1, Math.min(OutputColumns.BLOCK, cols.rows));
        double[] values = new double[block];
        try (VectorSchemaRoot out = VectorSchemaRoot.create(schema, allocator);
             ArrowFileWriter writer = new ArrowFileWriter(out, null, channel)) {
            writer.start();
            for (int from = 0; from < cols.rows || from == 0; from += block) {
                int n = Math.min(block, cols.rows - from);
                for (int c = 0; c < cols.count(); c++) {
                    FieldVector v = out.getVector(c);
                    cols.block(c, from, n, values);
                    if (v instanceof Float8Vector d) {
                        d.allocateNew(n);
                        for (int i = 0; i < n; i++) {
                            d.set(i, values[i]);
                        }
                    } else {
                        Float4Vector f = (Float4Vector) v;
                        f.allocateNew(n);
                        for (int i = 0; i < n; i++) {
                            f.set(i, (float) values[i]);
                        }
                    }
                    v.setValueCount(n);
                }
                out.setRowCount(n);
                writer.writeBatch();
                if (cols.rows == 0) {
                    break;
                }
            }
            writer.end();
        }
    }
}
