package org.cytoarrow.fcs.write;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.io.AtomicFile;

/**
 * Writes an event frame as a Parquet file: one required FLOAT (float32) or DOUBLE column per channel, named by
 * $PnN, Snappy-compressed, with the TEXT keywords and {@code cytoarrow.values} ("raw" or "scaled") as key-value
 * metadata in the footer.
 *
 * <p>Uses the pure-Java Parquet writer that parquet-floor ({@code blue.strategic.parquet}) packages without
 * Hadoop: its {@code org.apache.parquet.hadoop.ParquetWriter} driven by a small {@link WriteSupport} that reads
 * the frame block by block, so no per-event objects are made. Writing is atomic ({@link AtomicFile}).
 * Stateless and thread-safe.
 */
public final class ParquetWriter {
    private ParquetWriter() {
    }

    /** Writes the raw values of {@code frame} to {@code path}. */
    public static void write(EventFrame frame, Path path) {
        write(frame, path, Values.RAW);
    }

    /** Writes {@code frame} to {@code path}. */
    public static void write(EventFrame frame, Path path, Values values) {
        OutputColumns cols = new OutputColumns(frame, values);
        MessageType schema = schema(cols);
        AtomicFile.write(path, temp -> {
            Rows rows = new Rows(cols);
            try (org.apache.parquet.hadoop.ParquetWriter<Rows> writer = new Builder(new TempFile(temp))
                    .withType(schema, cols.metadata())
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                    .withDictionaryEncoding(false)
                    .build()) {
                while (rows.next()) {
                    writer.write(rows);
                }
            }
        });
    }

    static MessageType schema(OutputColumns cols) {
        List<Type> fields = new ArrayList<>();
        for (int c = 0; c < cols.count(); c++) {
            PrimitiveTypeName t = cols.isDouble(c) ? PrimitiveTypeName.DOUBLE : PrimitiveTypeName.FLOAT;
            fields.add(Types.required(t).named(cols.channels.get(c).name()));
        }
        return new MessageType("events", fields);
    }

    /** A cursor over the rows of the output, filled one block of columns at a time. */
    static final class Rows {
        private final OutputColumns cols;
        private final double[][] block;
        private int blockStart;
        private int blockLength;
        private int row = -1;

        Rows(OutputColumns cols) {
            this.cols = cols;
            this.block = new double[cols.count()][Math.max(1, Math.min(OutputColumns.BLOCK, cols.rows))];
        }

        boolean next() {
            row++;
            if (row >= cols.rows) {
                return false;
            }
            if (row >= blockStart + blockLength) {
                blockStart = row;
                blockLength = Math.min(block.length == 0 ? 0 : block[0].length, cols.rows - row);
                for (int c = 0; c < cols.count(); c++) {
                    cols.block(c, blockStart, blockLength, block[c]);
                }
            }
            return true;
        }
    }

    private static final class Support extends WriteSupport<Rows> {
        private final MessageType schema;
        private final Map<String, String> metadata;
        private RecordConsumer consumer;

        Support(MessageType schema, Map<String, String> metadata) {
            this.schema = schema;
            this.metadata = metadata;
        }

        @Override
        @SuppressWarnings("deprecation") // the Hadoop-free init(ParquetConfiguration) delegates here
        public WriteContext init(Configuration configuration) {
            return new WriteContext(schema, metadata);
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(Rows rows) {
            int i = rows.row - rows.blockStart;
            consumer.startMessage();
            for (int c = 0; c < rows.cols.count(); c++) {
                String name = rows.cols.channels.get(c).name();
                consumer.startField(name, c);
                if (rows.cols.isDouble(c)) {
                    consumer.addDouble(rows.block[c][i]);
                } else {
                    consumer.addFloat((float) rows.block[c][i]);
                }
                consumer.endField(name, c);
            }
            consumer.endMessage();
        }
    }

    private static final class Builder extends org.apache.parquet.hadoop.ParquetWriter.Builder<Rows, Builder> {
        private MessageType schema;
        private Map<String, String> metadata;

        Builder(OutputFile file) {
            super(file);
        }

        Builder withType(MessageType type, Map<String, String> meta) {
            this.schema = type;
            this.metadata = meta;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        @SuppressWarnings("deprecation") // abstract in the base class; only the parquet-floor Hadoop stub is used
        protected WriteSupport<Rows> getWriteSupport(Configuration conf) {
            return new Support(schema, metadata);
        }
    }

    /** The temporary file of {@link AtomicFile} as a Parquet output file (always overwritten). */
    private record TempFile(Path path) implements OutputFile {
        @Override
        public PositionOutputStream create(long blockSizeHint) throws IOException {
            return createOrOverwrite(blockSizeHint);
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
            OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
            return new PositionOutputStream() {
                private long position;

                @Override
                public long getPos() {
                    return position;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    position++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    position += len;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }
}
