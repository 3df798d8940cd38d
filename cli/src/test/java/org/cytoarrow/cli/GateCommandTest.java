package org.cytoarrow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cytoarrow gate} on the Gating-ML compliance data; expected counts and memberships are the suite's truth. */
class GateCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static Path gatingml() {
        String repo = System.getProperty("cytoarrow.repo.root");
        Path p = repo == null ? null : Path.of(repo).resolve("../shared/testdata/gatingml").normalize();
        Assumptions.assumeTrue(p != null && Files.isDirectory(p), "../shared/testdata not found: skipping");
        return p;
    }

    private int run(String... args) {
        CommandLine cmd = CytoarrowCommand.newCommandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    @Test
    void countsToStdoutAndMembershipCsvMatchTheTruthFiles(@TempDir Path tmp) throws Exception {
        Path g = gatingml();
        Path members = tmp.resolve("members.csv");
        int code = run("gate", g.resolve("data1.fcs").toString(), "--gating",
                g.resolve("gml/gml_parent_quadrant_rect_gate.xml").toString(), "--membership", members.toString());
        assertEquals(0, code, err.toString());
        List<String> lines = out.toString().lines().toList();
        assertEquals("sample,population,parent,count,freq_parent,freq_total", lines.get(0));
        // cases.csv: FL2P-FL4P has 620 events of 13367; ParRectangle1 (parent FL2P-FL4P) has 3.
        assertTrue(lines.contains("data1.fcs,/FL2P-FL4P,/,620," + (100.0 * 620 / 13367) + "," + (100.0 * 620 / 13367)),
                out.toString());
        assertTrue(lines.contains("data1.fcs,/FL2P-FL4P/ParRectangle1,/FL2P-FL4P,3," + (100.0 * 3 / 620) + ","
                + (100.0 * 3 / 13367)), out.toString());

        List<String> m = Files.readAllLines(members);
        assertEquals(13368, m.size());
        List<String> header = List.of(m.get(0).split(","));
        int col = header.indexOf("/FL2P-FL4P/ParRectangle1");
        List<String> truth = Files.readAllLines(g.resolve("truth/Results_ParQuadRect.txt"));
        for (int e = 0; e < truth.size(); e++) {
            assertEquals(truth.get(e).strip(), m.get(e + 1).split(",")[col], "event " + e);
        }
    }

    @Test
    void countsToFile(@TempDir Path tmp) throws Exception {
        Path g = gatingml();
        Path counts = tmp.resolve("counts.csv");
        assertEquals(0, run("gate", g.resolve("data1.fcs").toString(), "--gating",
                g.resolve("gml/gml_range_gate.xml").toString(), "-o", counts.toString()), err.toString());
        // Range1 (FSC-H >= 100 after $P1G) has 440 events according to cases.csv.
        assertEquals("data1.fcs,/Range1,/,440," + (100.0 * 440 / 13367) + "," + (100.0 * 440 / 13367),
                Files.readAllLines(counts).get(1));
        assertEquals("", out.toString());
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary files left");
        }
    }

    @Test
    void errorsGiveExitCodes(@TempDir Path tmp) throws Exception {
        Path g = gatingml();
        Path xml = g.resolve("gml/gml_range_gate.xml");
        assertEquals(3, run("gate", tmp.resolve("missing.fcs").toString(), "--gating", xml.toString()));
        Path bad = tmp.resolve("bad.xml");
        Files.writeString(bad, "<nope");
        assertEquals(3, run("gate", g.resolve("data1.fcs").toString(), "--gating", bad.toString()));
        assertTrue(err.toString().contains("bad.xml"), err.toString());
        assertEquals(2, run("gate", g.resolve("data1.fcs").toString()));
        assertEquals(2, run("gate", g.resolve("data1.fcs").toString(), "--gating", xml.toString(),
                "--membership", tmp.resolve("m.xlsx").toString()));
        // A gate on a channel the file does not have.
        Path other = tmp.resolve("other.xml");
        Files.writeString(other, Files.readString(xml).replace("\"FSC-H\"", "\"CD45\""));
        assertEquals(3, run("gate", g.resolve("data1.fcs").toString(), "--gating", other.toString()));
        assertTrue(err.toString().contains("CD45"), err.toString());
    }
}
