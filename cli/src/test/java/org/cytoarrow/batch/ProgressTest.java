package org.cytoarrow.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void groupsDigitsAsFormatDoes() {
        assertEquals("0", Progress.grouped(0));
        assertEquals("999", Progress.grouped(999));
        assertEquals("1,000", Progress.grouped(1000));
        assertEquals("-12,345,678", Progress.grouped(-12_345_678));
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 10_000; i++) {
            long v = i < 3 ? new long[] {Long.MIN_VALUE, Long.MAX_VALUE, -1}[i] : rnd.nextLong() >> rnd.nextInt(64);
            assertEquals(String.format(Locale.ROOT, "%,d", v), Progress.grouped(v));
        }
    }

    @Test
    void etaGoesByTheInputBytesLeft() {
        // largest first: the first of ten samples holds half the bytes, so about as long again is left (by the
        // samples left it would be nine times as long)
        assertEquals(12.0, Progress.etaSeconds(12, 1, 10, 500, 1000), 1e-12);
        assertEquals(4.0, Progress.etaSeconds(12, 9, 10, 750, 1000), 1e-12);
        assertEquals(0.0, Progress.etaSeconds(12, 10, 10, 1000, 1000), 0);
        // inputs of no bytes (or none done yet): by the samples left
        assertEquals(12.0, Progress.etaSeconds(12, 5, 10, 0, 0), 1e-12);
        assertEquals(0.0, Progress.etaSeconds(0, 0, 10, 0, 1000), 0);
    }

    @Test
    void logLinesCountSamplesAndNameFailures() {
        StringWriter out = new StringWriter();
        try (Progress p = Progress.create(false, 2, 3_000, new PrintWriter(out))) {
            p.sampleDone("A", 1_234_567, 2_000, true, "1,234,567 events");
            p.sampleDone("B", 0, 1_000, false, "truncated DATA segment");
        }
        String[] lines = out.toString().split("\\R");
        assertEquals(2, lines.length);
        assertTrue(lines[0].matches("\\[1/2] done A: 1,234,567 events \\([0-9,]+ events/s, ETA \\d+ s\\)"),
                lines[0]);
        assertTrue(lines[1].matches("\\[2/2] FAILED B: truncated DATA segment \\([0-9,]+ events/s, ETA 0 s\\)"),
                lines[1]);
    }
}
