package org.cytoarrow.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cytoarrow.cli.CytoarrowCommand;
import org.cytoarrow.testdata.StudyPanel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cytoarrow batch} options and exit codes. */
class BatchCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = CytoarrowCommand.newCommandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void runsOverAFolderWithASampleSheetAndReportsFailuresWithExitCode4(@TempDir Path tmp) throws Exception {
        Path data = SampleProcessorsTest.testdata().resolve("fcs/noncompliant");
        Path gating = SampleProcessorsTest.testdata().resolve("gatingml/gml/gml_range_gate.xml");
        Path sheet = Files.writeString(tmp.resolve("sheet.csv"), "file,sample,tube\ncorrupted.fcs,X,1\n,Y,2\n");
        int code = run("batch", data.toString(), "--gating", gating.toString(), "-o", tmp.resolve("out").toString(),
                "--samples", sheet.toString(), "--threads", "1", "--controls", "*:count");
        assertEquals(CytoarrowCommand.EXIT_BATCH_FAILURES, code, out + "\n" + err);
        assertTrue(out.toString().contains("FAILED NOT_FCS"), out.toString());
        assertTrue((out.toString() + err).contains("1 sample-sheet row(s) name no file and describe nothing"),
                out + "\n" + err);
        assertTrue(Files.isRegularFile(tmp.resolve("out/report.html")));
        assertTrue(Files.isRegularFile(tmp.resolve("out/thresholds.csv")));
    }

    @Test
    void aFolderWithoutFcsFilesIsNotAnErrorButIsSaid(@TempDir Path tmp) throws Exception {
        Path gating = tmp.resolve("panel.xml");
        try (InputStream in = StudyPanel.open(StudyPanel.MYELOMA_GATING)) {
            Files.copy(in, gating);
        }
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("notes.txt"), "not cytometry");
        Files.writeString(Files.createDirectories(data.resolve(".hidden")).resolve("A01.fcs"), "FCS3.1    ");

        assertEquals(0, run("batch", data.toString(), "--gating", gating.toString(), "-o",
                tmp.resolve("out").toString()), out + "\n" + err);

        assertTrue(out.toString().contains("0 sample(s): 0 processed, 0 up to date, 0 failed; 1 other file(s)"
                + " ignored"), out.toString());
        assertTrue(err.toString().contains("warning: no FCS file under [" + data + "]"), err.toString());
    }

    @Test
    void helpSaysWhatTheControlRuleApplies() {
        assertEquals(0, run("batch", "--help"));
        String help = out.toString().replaceAll("\\s+", " ");
        assertTrue(help.contains("--controls=GLOB:STAT"), help);
        assertTrue(help.contains("pct_above_control = 100 x events above it"), help);
        assertTrue(help.contains("redoes those computed with another gating file or other statistics, or with other"
                + " control thresholds"), help);
        assertTrue(help.contains("--control-group=COLUMN"), help);
        assertTrue(help.contains("only from the controls with the same value of sample-sheet COLUMN"), help);
    }

    @Test
    void aControlGroupNeedsControlsAndASampleSheetWithThatColumn(@TempDir Path tmp) throws Exception {
        Path gating = Files.writeString(tmp.resolve("g.xml"), "<gating/>");
        String o = tmp.resolve("o").toString();
        assertEquals(CytoarrowCommand.EXIT_USAGE, run("batch", tmp.toString(), "--gating", gating.toString(),
                "-o", o, "--controls", "*iso*:p99.5", "--control-group", "patient"));
        assertTrue(err.toString().contains("--control-group patient needs --samples SHEET.csv with a 'patient'"
                + " column"), err.toString());
        Path sheet = Files.writeString(tmp.resolve("sheet.csv"), "file,donor,tube\nA.fcs,1,iso\n");
        assertEquals(CytoarrowCommand.EXIT_USAGE, run("batch", tmp.toString(), "--gating", gating.toString(),
                "-o", o, "--controls", "*iso*:p99.5", "--control-group", "patient", "--samples", sheet.toString()));
        assertTrue(err.toString().contains("has no such column; its columns are [file, donor, tube]"), err.toString());
        assertEquals(CytoarrowCommand.EXIT_USAGE, run("batch", tmp.toString(), "--gating", gating.toString(),
                "-o", o, "--control-group", "donor", "--samples", sheet.toString()));
        assertTrue(err.toString().contains("--control-group needs --controls"), err.toString());
        assertFalse(Files.exists(tmp.resolve("o")), "refused before any output");
    }

    @Test
    void usageErrors(@TempDir Path tmp) throws Exception {
        Path gating = Files.writeString(tmp.resolve("g.xml"), "<gating/>");
        assertEquals(CytoarrowCommand.EXIT_USAGE, run("batch", tmp.toString(), "-o", tmp.toString()));
        assertEquals(CytoarrowCommand.EXIT_USAGE, run("batch", tmp.toString(), "--gating", gating.toString(),
                "-o", tmp.resolve("o").toString(), "--threads", "0"));
        assertEquals(CytoarrowCommand.EXIT_INVALID_INPUT, run("batch", tmp.toString(), "--gating",
                tmp.resolve("missing.xml").toString(), "-o", tmp.resolve("o").toString()));
        assertEquals(CytoarrowCommand.EXIT_INVALID_INPUT, run("batch", tmp.toString(), "--gating",
                gating.toString(), "-o", tmp.resolve("o").toString(), "--controls", "nocolon"));
        // not Gating-ML 2.0: refused before any sample is read
        assertEquals(CytoarrowCommand.EXIT_INVALID_INPUT, run("batch", tmp.toString(), "--gating",
                gating.toString(), "-o", tmp.resolve("o").toString()));
        assertTrue(err.toString().contains("Gating-ML"), err.toString());
    }
}
