package org.cytoarrow.fcs.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Memory;
import org.cytoarrow.fcs.FcsReader;
import org.cytoarrow.testdata.SyntheticFcs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Parquet and CSV files cytoarrow writes, opened by an independent reader: DuckDB (its C++ engine, through the
 * JDBC driver from Maven Central), so that this check also runs where the npm registry is out of reach (the
 * node-based check in {@code .ci/interop.sh} adds the JavaScript Arrow reader for the IPC file). Every value
 * DuckDB returns is compared with the frame that was written: row count, column names and order, each value of
 * the first rows, and per column min, max and sum.
 */
class DuckDbInteropTest {
    private static BufferAllocator allocator;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        allocator = Memory.newRootAllocator();
    }

    @AfterAll
    static void close() {
        assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory leaked");
        allocator.close();
    }

    @Test
    void syntheticSample() throws Exception {
        Random r = new Random(42);
        int n = 5000;
        double[][] cols = new double[3][n];
        for (int i = 0; i < n; i++) {
            cols[0][i] = (float) (r.nextGaussian() * 1000);
            cols[1][i] = (float) Math.abs(r.nextGaussian() * 50000);
            cols[2][i] = (float) (i * 0.1);
        }
        Path fcs = dir.resolve("synthetic.fcs");
        SyntheticFcs.builder().version("3.1").datatype('F').byteOrder(ByteOrder.LITTLE_ENDIAN)
                .channel("FSC-A", null, 32, 262144).channel("CD138 PE-A", "CD138", 32, 262144)
                .channel("Time", null, 32, 262144).events(cols).write(fcs);
        check(fcs);
    }

    @Test
    void realInstrumentFiles() throws Exception {
        Path shared = Path.of(System.getProperty("cytoarrow.repo.root", "."), "..", "shared", "testdata");
        Assumptions.assumeTrue(Files.isDirectory(shared), "../shared/testdata not found: skipping DuckDB check");
        check(shared.resolve("gatingml/data1.fcs"));
        check(shared.resolve("fcs/bd-diva/facs_diva_test.fcs"));
    }

    private void check(Path fcs) throws SQLException {
        try (EventFrame frame = FcsReader.read(fcs, allocator);
             Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
            Path parquet = dir.resolve("out.parquet");
            Path csv = dir.resolve("out.csv");
            ParquetWriter.write(frame, parquet);
            CsvWriter.write(frame, csv);
            compare(db, frame, "read_parquet('" + parquet + "')", false);
            compare(db, frame, "read_csv('" + csv + "', header = true, all_varchar = false)", true);
        }
    }

    /**
     * Compares what DuckDB reads from {@code source} with the frame. CSV ({@code text}) holds the shortest round-trip
     * text of float32 values: parsed as a double it narrows back to the same float.
     */
    private static void compare(Connection db, EventFrame frame, String source, boolean text) throws SQLException {
        int channels = frame.channels().size();
        int n = frame.eventCount();
        double[][] expected = new double[channels][];
        for (int c = 0; c < channels; c++) {
            expected[c] = frame.rawColumn(c);
        }
        try (Statement st = db.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + source)) {
                rs.next();
                assertEquals(n, rs.getLong(1), source + ": rows");
            }
            try (ResultSet rs = st.executeQuery("SELECT * FROM " + source + " LIMIT 5")) {
                ResultSetMetaData md = rs.getMetaData();
                assertEquals(channels, md.getColumnCount(), source + ": columns");
                for (int c = 0; c < channels; c++) {
                    assertEquals(frame.channels().get(c).name(), md.getColumnName(c + 1), source + ": column name");
                }
                for (int row = 0; rs.next(); row++) {
                    for (int c = 0; c < channels; c++) {
                        assertEquals(expected[c][row], value(rs.getDouble(c + 1), frame, c),
                                source + ": row " + row + " column " + c);
                    }
                }
            }
            List<String> aggregates = new ArrayList<>();
            for (int c = 0; c < channels; c++) {
                String q = "\"" + frame.channels().get(c).name().replace("\"", "\"\"") + "\"";
                aggregates.add("min(" + q + "), max(" + q + "), sum(" + q + "::DOUBLE)");
            }
            try (ResultSet rs = st.executeQuery("SELECT " + String.join(", ", aggregates) + " FROM " + source)) {
                rs.next();
                for (int c = 0; c < channels; c++) {
                    double min = Double.POSITIVE_INFINITY;
                    double max = Double.NEGATIVE_INFINITY;
                    double sum = 0;
                    double abs = 0;
                    for (double v : expected[c]) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                        sum += v;
                        abs += Math.abs(v);
                    }
                    assertEquals(min, value(rs.getDouble(3 * c + 1), frame, c), source + ": min of " + c);
                    assertEquals(max, value(rs.getDouble(3 * c + 2), frame, c), source + ": max of " + c);
                    // Parquet holds the float32 values themselves: only the summation order differs. CSV text is the
                    // shortest decimal that narrows back to the float; DuckDB sums those decimals as doubles, each
                    // within half a float32 ulp (2^-24 relative) of the value written.
                    double tolerance = text ? 0x1p-24 * abs + 1e-9 * abs
                            : 1e-9 * n * Math.max(Math.abs(min), Math.abs(max)) + 1e-9;
                    assertTrue(Math.abs(sum - rs.getDouble(3 * c + 3)) <= tolerance,
                            source + ": sum of " + c + " " + sum + " vs " + rs.getDouble(3 * c + 3));
                }
            }
        }
    }

    private static double value(double read, EventFrame frame, int c) {
        boolean float32 = frame.vector(c) instanceof org.apache.arrow.vector.Float4Vector;
        return float32 ? (double) (float) read : read;
    }
}
