package org.cytoarrow.fcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM started without {@code --add-opens=java.base/java.nio=ALL-UNNAMED}, as a library user's might be: the
 * root allocator refuses at once with a message that names the flag, and a read that fails on it (with a plain Arrow
 * root) leaves no memory allocated behind its error.
 */
class NoOpensTest {
    @Test
    void withoutTheFlagTheRootSaysSoAndAFailedReadLeaksNothing(@TempDir Path tmp) throws IOException,
            InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                NoOpensMain.class.getName(), tmp.toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not end");
        Assumptions.assumeFalse(out.contains("READ: ok"),
                "this JVM lets Arrow reach direct buffers without the flag: nothing to check\n" + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("ROOT: Arrow cannot reach its memory in this JVM"), out);
        assertTrue(out.contains("--add-opens=java.base/java.nio=ALL-UNNAMED"), out);
        assertTrue(out.contains("READ: "), out);
        assertTrue(out.contains("CLOSED"), "the failed read left Arrow memory allocated:\n" + out);
    }
}
