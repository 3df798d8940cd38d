package org.cytoarrow.gating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.EventMask;
import org.cytoarrow.core.Memory;
import org.cytoarrow.fcs.FcsReader;
import org.cytoarrow.fcs.FcsFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ISAC Gating-ML 2.0 compliance suite: every row of gatingml/cases.csv, event for event against its
 * truth/Results_*.txt (one 0/1 per event). data1.fcs is read as the "fcs_reading" column says: $PnE/$PnG
 * linearised, no compensation from the file (it has no spillover), Time unscaled (no $TIMESTEP).
 */
class ComplianceTest {
    private static BufferAllocator allocator;
    private static EventFrame data1;
    private static final Map<String, GatingResult> RESULTS = new ConcurrentHashMap<>();
    private static final AtomicInteger PASSED = new AtomicInteger();
    private static final AtomicInteger RUN = new AtomicInteger();

    static Stream<Arguments> cases() throws IOException {
        Path root = TestData.root();
        List<Arguments> out = new ArrayList<>();
        for (Map<String, String> row : TestData.csv(root.resolve("gatingml/cases.csv"))) {
            out.add(Arguments.of(row.get("case_id"), row));
        }
        return out.stream();
    }

    @BeforeAll
    static void readData() throws IOException {
        Path root = TestData.root();
        allocator = Memory.newRootAllocator();
        data1 = FcsReader.read(root.resolve("gatingml/data1.fcs"), allocator);
    }

    @AfterAll
    static void close() {
        System.out.println(PASSED.get() + "/" + RUN.get() + " compliance cases pass");
        if (data1 != null) {
            data1.close();
        }
        if (allocator != null) {
            assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory leaked");
            allocator.close();
        }
    }

    @Test
    void everyGatingMlFileReads() throws IOException {
        Path root = TestData.root();
        List<Map<String, String>> rows = TestData.csv(root.resolve("gatingml/cases.csv"));
        assertEquals(101, rows.size(), "cases.csv rows");
        try (Stream<Path> files = Files.list(root.resolve("gatingml/gml"))) {
            List<Path> xmls = files.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
            assertEquals(47, xmls.size());
            for (Path xml : xmls) {
                GatingStrategy s = GatingStrategy.read(xml);
                assertTrue(!s.populationIds().isEmpty(), xml + " has populations");
            }
        }
        // gml_range_gate_attr_testing.xml (gates wrapped in a foreign <sample> element, extra gating:name
        // attribute) has no truth file; it describes the same gate as gml_range_gate.xml.
        GatingStrategy wrapped = GatingStrategy.read(root.resolve("gatingml/gml/gml_range_gate_attr_testing.xml"));
        GatingStrategy plain = GatingStrategy.read(root.resolve("gatingml/gml/gml_range_gate.xml"));
        assertEquals(plain.gates(), wrapped.gates());
    }

    /**
     * Every compliance strategy gates a frame of only its {@link GatingStrategy#channelsRead} channels exactly
     * as it gates the whole frame (whose results the cases below check against the truth files): ratios and
     * spectrum matrices included. Most strategies read fewer channels than data1.fcs has.
     */
    @Test
    void strategiesGateAFrameOfTheirChannelsLikeTheWholeFrame() throws IOException {
        Path root = TestData.root();
        int fewer = 0;
        try (Stream<Path> files = Files.list(root.resolve("gatingml/gml"));
             FcsFile fcs = FcsFile.open(root.resolve("gatingml/data1.fcs"))) {
            for (Path xml : files.filter(p -> p.toString().endsWith(".xml")).sorted().toList()) {
                GatingStrategy s = GatingStrategy.read(xml);
                GatingResult whole = s.evaluate(data1);
                Set<String> channels = s.channelsRead(data1.sample());
                try (EventFrame part = fcs.read(0, allocator, channels)) {
                    fewer += part.channels().size() < data1.channels().size() ? 1 : 0;
                    GatingResult result = s.evaluate(part);
                    for (String id : s.populationIds()) {
                        assertEquals(whole.mask(id), result.mask(id), xml.getFileName() + " " + id);
                    }
                }
            }
        }
        assertTrue(fewer >= 40, "strategies reading fewer channels than the file has: " + fewer);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gateMatchesTruth(String caseId, Map<String, String> row) throws IOException {
        RUN.incrementAndGet();
        Path root = TestData.root();
        assertEquals("data1.fcs", row.get("fcs_file"));
        String xml = row.get("xml_file");
        GatingResult result = RESULTS.computeIfAbsent(xml,
                x -> GatingStrategy.read(root.resolve("gatingml").resolve(x)).evaluate(data1));
        EventMask mask = result.mask(row.get("gate_id"));
        List<String> truth = Files.readAllLines(root.resolve("gatingml").resolve(row.get("truth_file")));
        int n = Integer.parseInt(row.get("n_events"));
        assertEquals(n, truth.size(), "truth lines");
        assertEquals(n, mask.size(), "mask size");
        int mismatches = 0;
        int first = -1;
        for (int i = 0; i < n; i++) {
            boolean expected = truth.get(i).strip().equals("1");
            if (expected != mask.get(i)) {
                mismatches++;
                first = first < 0 ? i : first;
            }
        }
        assertTrue(mismatches == 0, caseId + ": " + mismatches + " events differ from the truth file (first at event "
                + first + "); count " + mask.count() + " vs expected " + row.get("expected_in_gate"));
        assertEquals(Integer.parseInt(row.get("expected_in_gate")), mask.count(), "expected_in_gate");
        PASSED.incrementAndGet();
    }
}
