package org.cytoarrow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import blue.strategic.parquet.Hydrator;
import blue.strategic.parquet.ParquetReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.EventMask;
import org.cytoarrow.core.Memory;
import org.cytoarrow.fcs.FcsReader;
import org.cytoarrow.gating.GatingResult;
import org.cytoarrow.gating.GatingStrategy;
import org.cytoarrow.gating.Population;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code cytoarrow gate --membership} as Arrow IPC, Parquet and CSV on the Gating-ML compliance data with all of its
 * gates: every column read back with Arrow's own reader / parquet-floor must equal the gating result's mask, and
 * the columns of populations with a published truth file must equal that file.
 */
class GateMembershipTest {
    private static Path gatingml;
    private static GatingResult expected;

    @BeforeAll
    static void evaluate() throws IOException {
        String repo = System.getProperty("cytoarrow.repo.root");
        Path p = repo == null ? null : Path.of(repo).resolve("../shared/testdata/gatingml").normalize();
        Assumptions.assumeTrue(p != null && Files.isDirectory(p), "../shared/testdata not found: skipping");
        gatingml = p;
        GatingStrategy strategy = GatingStrategy.read(p.resolve("gml/gml_all_gates.xml"));
        try (BufferAllocator allocator = Memory.newRootAllocator()) {
            try (EventFrame frame = FcsReader.read(p.resolve("data1.fcs"), allocator)) {
                expected = strategy.evaluate(frame);
            }
            assertEquals(0, allocator.getAllocatedMemory());
        }
    }

    private static void gate(Path membership) {
        CommandLine cmd = CytoarrowCommand.newCommandLine();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(new StringWriter()));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute("gate", gatingml.resolve("data1.fcs").toString(), "--gating",
                gatingml.resolve("gml/gml_all_gates.xml").toString(), "--membership", membership.toString());
        assertEquals(0, code, err.toString());
    }

    /** Checks the columns (name to 0/1 values) against the expected masks and the compliance truth files. */
    private static void check(List<String> names, Map<String, boolean[]> columns) throws IOException {
        List<Population> pops = expected.populations();
        assertEquals(pops.stream().map(Population::path).toList(), names, "one column per population, in order");
        for (Population p : pops) {
            boolean[] got = columns.get(p.path());
            EventMask mask = expected.mask(p.gateId());
            assertEquals(13367, got.length, p.path());
            int count = 0;
            for (int e = 0; e < got.length; e++) {
                assertEquals(mask.get(e), got[e], p.path() + " event " + e);
                count += got[e] ? 1 : 0;
            }
            assertEquals(p.count(), count, p.path());
        }
        // Ground truth from the compliance suite (cases.csv): Range1 has 440 events, Rectangle1 252.
        for (String id : List.of("Range1", "Rectangle1", "Polygon1")) {
            List<String> truth = Files.readAllLines(gatingml.resolve("truth/Results_" + id + ".txt"));
            boolean[] got = columns.get("/" + id);
            for (int e = 0; e < truth.size(); e++) {
                assertEquals(truth.get(e).strip().equals("1"), got[e], id + " event " + e);
            }
        }
    }

    @Test
    void arrowMembershipEqualsTheMasks(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("members.arrow");
        gate(out);
        List<String> names = new ArrayList<>();
        Map<String, boolean[]> columns = new HashMap<>();
        try (BufferAllocator allocator = Memory.newRootAllocator()) {
            try (var channel = Files.newByteChannel(out);
                 ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
                VectorSchemaRoot batch = reader.getVectorSchemaRoot();
                for (Field f : batch.getSchema().getFields()) {
                    names.add(f.getName());
                    columns.put(f.getName(), new boolean[0]);
                }
                while (reader.loadNextBatch()) {
                    for (int c = 0; c < names.size(); c++) {
                        Float4Vector v = (Float4Vector) batch.getVector(c);
                        boolean[] old = columns.get(names.get(c));
                        boolean[] grown = java.util.Arrays.copyOf(old, old.length + batch.getRowCount());
                        for (int i = 0; i < batch.getRowCount(); i++) {
                            float x = v.get(i);
                            assertTrue(x == 0f || x == 1f, names.get(c) + ": " + x);
                            grown[old.length + i] = x == 1f;
                        }
                        columns.put(names.get(c), grown);
                    }
                }
                // The gate id travels as the column's $PnS.
                assertEquals("Range1", batch.getSchema().findField("/Range1").getMetadata().get("$PnS"));
            }
            assertEquals(0, allocator.getAllocatedMemory());
        }
        check(names, columns);
    }

    @Test
    void parquetMembershipEqualsTheMasks(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("members.parquet");
        gate(out);
        List<String> names = ParquetReader.readMetadata(out.toFile()).getFileMetaData().getSchema().getFields()
                .stream().map(org.apache.parquet.schema.Type::getName).toList();
        List<Map<String, Object>> rows;
        try (Stream<Map<String, Object>> s = ParquetReader.streamContent(out.toFile(),
                new Hydrator<Map<String, Object>, Map<String, Object>, String[]>() {
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
            rows = s.toList();
        }
        Map<String, boolean[]> columns = new HashMap<>();
        for (String name : names) {
            boolean[] col = new boolean[rows.size()];
            for (int e = 0; e < col.length; e++) {
                float x = (Float) rows.get(e).get(name);
                assertTrue(x == 0f || x == 1f, name + ": " + x);
                col[e] = x == 1f;
            }
            columns.put(name, col);
        }
        check(names, columns);
    }

    @Test
    void csvMembershipEqualsTheMasks(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("members.csv");
        gate(out);
        List<String> lines = Files.readAllLines(out);
        List<String> names = List.of(lines.get(0).split(","));
        Map<String, boolean[]> columns = new HashMap<>();
        for (String name : names) {
            columns.put(name, new boolean[lines.size() - 1]);
        }
        for (int e = 1; e < lines.size(); e++) {
            String[] cells = lines.get(e).split(",");
            for (int c = 0; c < names.size(); c++) {
                assertTrue(cells[c].equals("0") || cells[c].equals("1"), cells[c]);
                columns.get(names.get(c))[e - 1] = cells[c].equals("1");
            }
        }
        check(names, columns);
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary files left");
        }
    }
}
