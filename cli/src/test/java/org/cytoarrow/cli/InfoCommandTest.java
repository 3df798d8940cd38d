package org.cytoarrow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InfoCommandTest {
    @TempDir
    Path dir;

    /**
     * info --json against MANIFEST.json (values computed outside the project by FlowIO, fcsparser and a spec
     * decoder): version, data type, byte order, $TOT, $PAR, channel names and raw min / max / mean (= raw_sum /
     * raw_n_events) for each data set. Files chosen to cover FCS 2.0 int16 (data1.fcs), FCS 3.0 float32 with a
     * spillover (facs_diva_test.fcs), two data sets of different versions (coulter.lmd) and int32 (B01).
     */
    @ParameterizedTest
    @ValueSource(strings = {"gatingml/data1.fcs", "fcs/bd-diva/facs_diva_test.fcs", "fcs/beckman-coulter/coulter.lmd",
        "fcs/bd-accuri/B01 KC-A-W---91-US.fcs"})
    @SuppressWarnings("unchecked")
    void jsonMatchesManifest(String relative) throws IOException {
        Path file = CliTestSupport.testdata().resolve(relative);
        CliTestSupport.Run run = CliTestSupport.run("info", "--json", file.toString());
        assertEquals(0, run.exitCode(), run.err());
        Map<String, Object> json = (Map<String, Object>) MiniJson.parse(run.out());
        assertEquals(file.toString(), json.get("file"));
        List<Map<String, Object>> datasets = (List<Map<String, Object>>) json.get("datasets");
        List<Map<String, Object>> expected = CliTestSupport.manifest().stream()
                .filter(r -> r.get("path").equals(relative)).toList();
        assertEquals(expected.size(), datasets.size());
        for (int d = 0; d < expected.size(); d++) {
            Map<String, Object> e = expected.get(d);
            Map<String, Object> a = datasets.get(d);
            assertEquals((double) d, a.get("index"));
            assertEquals(e.get("fcs_version"), a.get("version"));
            assertEquals(e.get("datatype"), a.get("datatype"));
            assertEquals(e.get("byteord"), a.get("byteord"));
            assertEquals(e.get("tot"), a.get("tot"));
            assertEquals(e.get("par"), a.get("par"));
            List<Map<String, Object>> channels = (List<Map<String, Object>>) a.get("channels");
            List<Object> names = (List<Object>) e.get("pnn");
            List<Object> min = (List<Object>) e.get("raw_min");
            List<Object> max = (List<Object>) e.get("raw_max");
            List<Object> sum = (List<Object>) e.get("raw_sum");
            double n = (Double) e.get("raw_n_events");
            for (int c = 0; c < channels.size(); c++) {
                Map<String, Object> ch = channels.get(c);
                assertEquals(names.get(c), ch.get("name"));
                assertEquals((Double) min.get(c), (Double) ch.get("min"), 0.0, relative + " min " + c);
                assertEquals((Double) max.get(c), (Double) ch.get("max"), 0.0, relative + " max " + c);
                double mean = (Double) sum.get(c) / n;
                assertEquals(mean, (Double) ch.get("mean"), Math.abs(mean) * 1e-9 + 1e-9, relative + " mean " + c);
            }
            assertTrue(a.containsKey("spillover"));
            assertTrue(a.get("issues") instanceof List);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void spilloverAndLabelsOfDivaFile() throws IOException {
        Path file = CliTestSupport.testdata().resolve("fcs/bd-diva/facs_diva_test.fcs");
        CliTestSupport.Run run = CliTestSupport.run("info", "--json", file.toString());
        Map<String, Object> ds = ((List<Map<String, Object>>) ((Map<String, Object>) MiniJson.parse(run.out()))
                .get("datasets")).get(0);
        Map<String, Object> spill = (Map<String, Object>) ds.get("spillover");
        List<Object> detectors = (List<Object>) spill.get("detectors");
        List<List<Object>> coef = (List<List<Object>>) spill.get("coefficients");
        assertEquals(detectors.size(), coef.size());
        for (int i = 0; i < coef.size(); i++) {
            assertEquals(1.0, (Double) coef.get(i).get(i), 0.0, "spillover diagonal is 1");
        }
        List<Map<String, Object>> channels = (List<Map<String, Object>>) ds.get("channels");
        assertNull(channels.get(0).get("label"), "Time has no $P1S");
        assertEquals("CD20", channels.get(4).get("label"));
    }

    @Test
    void textTableNamesEveryChannel() {
        Path file = CliTestSupport.testdata().resolve("gatingml/data1.fcs");
        CliTestSupport.Run run = CliTestSupport.run("info", file.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Data set 0: FCS2.0, $DATATYPE I, $BYTEORD 4,3,2,1, $TOT 13367, $PAR 8"),
                run.out());
        for (String name : List.of("FSC-H", "SSC-H", "FL1-H", "FL2-H", "FL3-H", "FL2-A", "FL4-H", "Time")) {
            assertTrue(run.out().contains(" " + name + " "), name);
        }
        // FL1-H: $PnE 4,0 (log), min 0, max 768 (MANIFEST raw_min/raw_max); SSC-H has $PnG 8.
        assertTrue(run.out().matches("(?s).*FL1-H +CD4 FITC +1024 +16 +log\\(4,0\\) +0 +768 .*"), run.out());
        assertTrue(run.out().contains("lin /8"), run.out());
        assertTrue(run.out().contains("Spillover: none"), run.out());
    }

    @Test
    void exitCodes() throws IOException {
        assertEquals(2, CliTestSupport.run("info").exitCode(), "missing FILE");
        assertEquals(2, CliTestSupport.run("info", dir.resolve("nope.fcs").toString()).exitCode());
        assertEquals(2, CliTestSupport.run("info", "--stringency", "sloppy", "x.fcs").exitCode());
        Path notFcs = dir.resolve("not.fcs");
        Files.writeString(notFcs, "hello, I am not an FCS file at all, but long enough to have a HEADER........");
        CliTestSupport.Run run = CliTestSupport.run("info", notFcs.toString());
        assertEquals(3, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("cytoarrow: "), run.err());
        assertTrue(run.err().contains("not.fcs"), run.err());
    }

    @Test
    @SuppressWarnings("unchecked")
    void dataSetWithMissingDataIsStillDescribed() {
        // sample_header.fcs: TEXT is complete but the file ends before DATA (MANIFEST status data_missing).
        Path file = CliTestSupport.testdata().resolve("fcs/noncompliant/sample_header.fcs");
        CliTestSupport.Run run = CliTestSupport.run("info", "--json", file.toString());
        assertEquals(3, run.exitCode(), run.err());
        Map<String, Object> ds = ((List<Map<String, Object>>) ((Map<String, Object>) MiniJson.parse(run.out()))
                .get("datasets")).get(0);
        assertEquals(20000.0, ds.get("tot"));
        assertEquals(27.0, ds.get("par"));
        assertEquals(0.0, ds.get("events"));
        assertNull(((List<Map<String, Object>>) ds.get("channels")).get(0).get("min"));
        List<Map<String, Object>> issues = (List<Map<String, Object>>) ds.get("issues");
        assertTrue(issues.stream().anyMatch(i -> "ERROR".equals(i.get("severity"))), issues.toString());
        assertTrue(run.err().startsWith("cytoarrow: "), run.err());
    }

    @Test
    void strictStringencyRefusesWhatLenientRepairs() {
        // data_start_offset_discrepancy_example.fcs: HEADER and TEXT disagree on the DATA offsets.
        Path file = CliTestSupport.testdata().resolve("fcs/noncompliant/data_start_offset_discrepancy_example.fcs");
        assertEquals(0, CliTestSupport.run("info", file.toString()).exitCode());
        assertEquals(3, CliTestSupport.run("info", "--stringency", "STRICT", file.toString()).exitCode());
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonEscaping() {
        JsonWriter w = new JsonWriter().beginObject().name("a\"b").value("line\nnext\t\u0001\\ é")
                .name("n").value(Double.NaN).name("x").value(0.5).name("l").value(3L).endObject();
        assertEquals("{\"a\\\"b\":\"line\\nnext\\t\\u0001\\\\ é\",\"n\":null,\"x\":0.5,\"l\":3}", w.toString());
        assertEquals(Map.of("a\"b", "line\nnext\t\u0001\\ é", "x", 0.5, "l", 3.0),
                withoutNulls((Map<String, Object>) MiniJson.parse(w.toString())));
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> m) {
        m.values().removeIf(v -> v == null);
        return m;
    }
}
