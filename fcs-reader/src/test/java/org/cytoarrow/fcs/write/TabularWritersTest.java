package org.cytoarrow.fcs.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.cytoarrow.core.Channel;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TabularWritersTest {
    @TempDir
    Path dir;

    @Test
    void arrowFileKeepsRawValuesAndMetadata() throws IOException {
        Path out = dir.resolve("raw.arrow");
        try (BufferAllocator root = Memory.newRootAllocator()) {
            try (EventFrame frame = WriterFixtures.frame(root)) {
                ArrowIpcWriter.write(frame, out);
            }
            double[][] read = readArrow(root, out, schema -> {
                assertEquals("raw", schema.getCustomMetadata().get("cytoarrow.values"));
                assertEquals(WriterFixtures.SPILLOVER, schema.getCustomMetadata().get("$SPILLOVER"));
                assertEquals("runs/a|b.fcs", schema.getCustomMetadata().get("$FIL"));
                assertEquals(List.of("FSC-A", "FL1-H", "SSC-A", "Time"),
                        schema.getFields().stream().map(f -> f.getName()).toList());
                Map<String, String> fl1 = schema.getFields().get(1).getMetadata();
                assertEquals("CD3|FITC", fl1.get("$PnS"));
                assertEquals("4,0", fl1.get("$PnE"));
                assertEquals("1024", fl1.get("$PnR"));
                assertEquals("2", schema.getFields().get(2).getMetadata().get("$PnG"));
                for (var f : schema.getFields()) {
                    assertEquals(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), f.getType());
                }
            });
            for (int c = 0; c < 4; c++) {
                assertArrayEquals(WriterFixtures.RAW[c], read[c], 0.0);
            }
            assertEquals(0, root.getAllocatedMemory());
        }
    }

    @Test
    void arrowFileOfScaledValuesUsesFloat64ForScaledChannels() throws IOException {
        Path out = dir.resolve("scaled.arrow");
        try (BufferAllocator root = Memory.newRootAllocator()) {
            try (EventFrame frame = WriterFixtures.frame(root)) {
                ArrowIpcWriter.write(frame, out, Values.SCALED);
            }
            double[][] read = readArrow(root, out, schema -> {
                assertEquals("scaled", schema.getCustomMetadata().get("cytoarrow.values"));
                assertEquals(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE),
                        schema.getFields().get(0).getType());
                for (int c = 1; c < 4; c++) {
                    assertEquals(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE),
                            schema.getFields().get(c).getType());
                }
            });
            for (int c = 0; c < 4; c++) {
                assertArrayEquals(WriterFixtures.SCALED[c], read[c], 1e-12 * 9910.458562488608, "column " + c);
            }
            assertEquals(0, root.getAllocatedMemory());
        }
    }

    @Test
    void arrowFileOfManyBatches() throws IOException {
        // 150,000 rows: three record batches of at most 65,536 rows when computed (scaled) values are written.
        Path out = dir.resolve("many.arrow");
        try (BufferAllocator root = Memory.newRootAllocator()) {
            try (EventFrame frame = WriterFixtures.counting(root, 150_000, 3)) {
                ArrowIpcWriter.write(frame, out, Values.SCALED);
            }
            double[][] read = readArrow(root, out, schema -> { });
            assertEquals(150_000, read[2].length);
            assertEquals(149_999 * 3 + 2, read[2][149_999], 0.0);
            assertEquals(0, root.getAllocatedMemory());
        }
    }

    private static double[][] readArrow(BufferAllocator root, Path path, java.util.function.Consumer<Schema> check)
            throws IOException {
        try (var channel = Files.newByteChannel(path);
             ArrowFileReader reader = new ArrowFileReader(channel, root)) {
            VectorSchemaRoot batch = reader.getVectorSchemaRoot();
            check.accept(batch.getSchema());
            int cols = batch.getSchema().getFields().size();
            List<List<Double>> values = new java.util.ArrayList<>();
            for (int c = 0; c < cols; c++) {
                values.add(new java.util.ArrayList<>());
            }
            while (reader.loadNextBatch()) {
                for (int c = 0; c < cols; c++) {
                    FieldVector v = batch.getVector(c);
                    for (int i = 0; i < batch.getRowCount(); i++) {
                        values.get(c).add(v instanceof Float4Vector f ? (double) f.get(i) : ((Float8Vector) v).get(i));
                    }
                }
            }
            double[][] out = new double[cols][];
            for (int c = 0; c < cols; c++) {
                out[c] = values.get(c).stream().mapToDouble(Double::doubleValue).toArray();
            }
            return out;
        }
    }

    @Test
    void parquetKeepsValuesTypesAndKeywords() throws IOException {
        Path raw = dir.resolve("raw.parquet");
        Path scaled = dir.resolve("scaled.parquet");
        try (BufferAllocator root = Memory.newRootAllocator()) {
            try (EventFrame frame = WriterFixtures.frame(root)) {
                ParquetWriter.write(frame, raw);
                ParquetWriter.write(frame, scaled, Values.SCALED);
            }
            assertEquals(0, root.getAllocatedMemory());
        }
        ParquetMetadata meta = blue.strategic.parquet.ParquetReader.readMetadata(raw.toFile());
        Map<String, String> kv = meta.getFileMetaData().getKeyValueMetaData();
        assertEquals("raw", kv.get("cytoarrow.values"));
        assertEquals(WriterFixtures.SPILLOVER, kv.get("$SPILLOVER"));
        assertEquals("CD3|FITC", kv.get("$P2S"));
        MessageType schema = meta.getFileMetaData().getSchema();
        assertEquals(PrimitiveTypeName.FLOAT, schema.getType("FL1-H").asPrimitiveType().getPrimitiveTypeName());
        assertEquals(3, meta.getBlocks().stream().mapToLong(b -> b.getRowCount()).sum());
        double[][] r = readParquet(raw, 4, 3);
        for (int c = 0; c < 4; c++) {
            assertArrayEquals(WriterFixtures.RAW[c], r[c], 0.0);
        }
        MessageType scaledSchema = blue.strategic.parquet.ParquetReader.readMetadata(scaled.toFile())
                .getFileMetaData().getSchema();
        assertEquals(PrimitiveTypeName.DOUBLE,
                scaledSchema.getType("FL1-H").asPrimitiveType().getPrimitiveTypeName());
        assertEquals(PrimitiveTypeName.FLOAT,
                scaledSchema.getType("FSC-A").asPrimitiveType().getPrimitiveTypeName());
        double[][] s = readParquet(scaled, 4, 3);
        for (int c = 0; c < 4; c++) {
            assertArrayEquals(WriterFixtures.SCALED[c], s[c], 1e-12 * 9910.458562488608);
        }
    }

    private static double[][] readParquet(Path path, int cols, int rows) throws IOException {
        String[] names = {"FSC-A", "FL1-H", "SSC-A", "Time"};
        double[][] out = new double[cols][rows];
        int[] row = {0};
        try (var stream = blue.strategic.parquet.ParquetReader.streamContent(path.toFile(),
                new blue.strategic.parquet.Hydrator<Map<String, Object>, Map<String, Object>, String[]>() {
                    @Override
                    public Map<String, Object> start() {
                        return new HashMap<>();
                    }

                    @Override
                    public Map<String, Object> add(Map<String, Object> target, String[] heading, Object value) {
                        target.put(heading[0], value);
                        return target;
                    }

                    @Override
                    public Map<String, Object> finish(Map<String, Object> target) {
                        return target;
                    }
                })) {
            stream.forEach(m -> {
                for (int c = 0; c < cols; c++) {
                    out[c][row[0]] = ((Number) m.get(names[c])).doubleValue();
                }
                row[0]++;
            });
        }
        assertEquals(rows, row[0]);
        return out;
    }

    @Test
    void csvHasHeaderAndExactShortValues() throws IOException {
        Path raw = dir.resolve("raw.csv");
        Path scaled = dir.resolve("scaled.csv");
        try (BufferAllocator root = Memory.newRootAllocator()) {
            try (EventFrame frame = WriterFixtures.frame(root)) {
                CsvWriter.write(frame, raw);
                CsvWriter.write(frame, scaled, Values.SCALED);
            }
            assertEquals(0, root.getAllocatedMemory());
        }
        assertEquals("FSC-A,FL1-H,SSC-A,Time\n1.5,512,10,100\n262143,0,20,200\n0,1023,1023,300\n",
                Files.readString(raw, StandardCharsets.UTF_8));
        // Scaled: FSC-A stays float32; the others are float64 scale values (hand-computed in WriterFixtures).
        List<String> lines = Files.readAllLines(scaled, StandardCharsets.UTF_8);
        assertEquals("1.5,100,5,1", lines.get(1));
        String[] last = lines.get(3).split(",");
        assertEquals(9910.458562488608, Double.parseDouble(last[1]), 1e-11);
        assertEquals("511.5", last[2]);
        assertEquals("3", last[3]);
    }

    @Test
    void csvQuotesNamesThatNeedIt() throws IOException {
        List<Channel> channels = List.of(Channel.linear(0, "a,b", null, 1024),
                Channel.linear(1, "say \"hi\"", null, 1024));
        Sample s = new Sample("q", 0, Map.of(), channels, 1, Optional.empty(), List.of());
        Path out = dir.resolve("q.csv");
        try (BufferAllocator root = Memory.newRootAllocator();
             EventFrame frame = EventFrame.fromColumns(root, s, new double[][] {{0.1}, {-0.0}})) {
            CsvWriter.write(frame, out);
        }
        assertEquals("\"a,b\",\"say \"\"hi\"\"\"\n0.1,-0\n", Files.readString(out));
    }

    @Test
    void framesWithoutEventsGiveEmptyButValidFiles() throws IOException {
        try (BufferAllocator root = Memory.newRootAllocator()) {
            try (EventFrame frame = WriterFixtures.counting(root, 0, 2)) {
                ArrowIpcWriter.write(frame, dir.resolve("e.arrow"));
                ArrowIpcWriter.write(frame, dir.resolve("s.arrow"), Values.SCALED);
                ParquetWriter.write(frame, dir.resolve("e.parquet"));
                CsvWriter.write(frame, dir.resolve("e.csv"));
            }
            assertEquals(0, readArrow(root, dir.resolve("e.arrow"), schema -> { })[1].length);
            assertEquals(0, readArrow(root, dir.resolve("s.arrow"), schema -> { })[1].length);
            assertEquals(0, root.getAllocatedMemory());
        }
        assertEquals(0, blue.strategic.parquet.ParquetReader.readMetadata(dir.resolve("e.parquet").toFile())
                .getBlocks().stream().mapToLong(b -> b.getRowCount()).sum());
        assertEquals("C0,C1\n", Files.readString(dir.resolve("e.csv")));
    }

    @Test
    void numbersRoundTripInTheirOwnType() {
        assertEquals("1023", Numbers.ofFloat(1023f));
        assertEquals("0.1", Numbers.ofFloat(0.1f));
        assertEquals("-0", Numbers.ofFloat(-0f));
        assertEquals("NaN", Numbers.ofFloat(Float.NaN));
        assertEquals("-Infinity", Numbers.ofDouble(Double.NEGATIVE_INFINITY));
        assertEquals("1.0E10", Numbers.ofFloat(1e10f), "beyond 2^24 floats use exponent form");
        assertEquals("16777216", Numbers.ofFloat(16777216f));
        assertEquals("0.1", Numbers.ofDouble(0.1));
        assertEquals("9007199254740992", Numbers.ofDouble(9007199254740992.0));
        // JDK 17's Float.toString gives "-1.68289035E13" and "1.53252934E12"; the shortest forms (JDK 19+) are these.
        assertEquals("-1.6828903E13", Numbers.ofFloat(-1.6828903E13f));
        assertEquals("1.5325293E12", Numbers.ofFloat(1.5325293E12f));
        assertEquals("1.0E-5", Numbers.shorten("1.0E-5", 1.0E-5f));
        assertEquals("123456.78", Numbers.ofFloat(123456.78f));
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (!Float.isNaN(f)) {
                StringBuilder sb = new StringBuilder();
                Numbers.append(sb, f, true);
                assertEquals(f, Float.parseFloat(sb.toString()), sb.toString());
                assertEquals(Numbers.ofFloat(f), sb.toString());
                assertShortest(sb.toString(), f);
            }
            double d = Double.longBitsToDouble(random.nextLong());
            if (!Double.isNaN(d)) {
                assertEquals(d, Double.parseDouble(Numbers.ofDouble(d)));
            }
        }
    }

    /** No decimal with one significant digit fewer parses back to {@code f} (checked with BigDecimal rounding). */
    private static void assertShortest(String text, float f) {
        if (Float.isInfinite(f) || text.equals("-0")) {
            return;
        }
        java.math.BigDecimal given = new java.math.BigDecimal(text).stripTrailingZeros();
        int digits = given.precision();
        if (digits > 1) {
            java.math.BigDecimal fewer = new java.math.BigDecimal(f)
                    .round(new java.math.MathContext(digits - 1, java.math.RoundingMode.HALF_EVEN));
            assertTrue(Float.parseFloat(fewer.toString()) != f, text + " is not the shortest: " + fewer);
        }
    }

    @Test
    void outputFormatsByExtensionAndDataSetPaths() {
        assertEquals(OutputFormat.ARROW, OutputFormat.ofPath(Path.of("x/OUT.Arrow")));
        assertEquals(OutputFormat.ARROW, OutputFormat.ofPath(Path.of("x.feather")));
        assertEquals(OutputFormat.PARQUET, OutputFormat.ofPath(Path.of("x.parquet")));
        assertEquals(OutputFormat.CSV, OutputFormat.ofPath(Path.of("x.csv")));
        assertEquals(OutputFormat.FCS, OutputFormat.ofPath(Path.of("x.fcs")));
        assertThrows(IllegalArgumentException.class, () -> OutputFormat.ofPath(Path.of("x.xlsx")));
        assertEquals(Path.of("dir/OUT_ds1.parquet"), OutputFormat.datasetPath(Path.of("dir/OUT.parquet"), 1));
        assertEquals(Path.of("OUT_ds0"), OutputFormat.datasetPath(Path.of("OUT"), 0));
    }
}
