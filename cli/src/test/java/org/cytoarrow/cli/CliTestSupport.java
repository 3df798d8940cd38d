package org.cytoarrow.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import picocli.CommandLine;

/** Runs the CLI in-process and finds ../shared/testdata. */
final class CliTestSupport {
    record Run(int exitCode, String out, String err) {
    }

    private CliTestSupport() {
    }

    static Run run(String... args) {
        CommandLine cmd = CytoarrowCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The shared test data directory, or the test is skipped. */
    static Path testdata() {
        String root = System.getProperty("cytoarrow.repo.root");
        Path dir = root == null ? null : Path.of(root).resolve("../shared/testdata").normalize();
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir),
                "../shared/testdata not found: skipping tests on real FCS files");
        return dir;
    }

    /** The MANIFEST.json rows (one per data set). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> manifest() throws java.io.IOException {
        Map<String, Object> m = (Map<String, Object>) MiniJson.parse(
                Files.readString(testdata().resolve("MANIFEST.json")));
        return (List<Map<String, Object>>) m.get("datasets");
    }
}
