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
    void logLinesCountSamplesAndNameFailures() {
        StringWriter out = new StringWriter();
        try (Progress p = Progress.create(false, 2, new PrintWriter(out))) {
            p.sampleDone("A", 1_234_567, true, "1,234,567 events");
            p.sampleDone("B", 0, false, "truncated DATA segment");
        }
        String[] lines = out.toString().split("\\R");
        assertEquals(2, lines.length);
        assertTrue(lines[0].matches("\\[1/2] done A: 1,234,567 events \\([0-9,]+ events/s, ETA \\d+ s\\)"),
                lines[0]);
        assertTrue(lines[1].matches("\\[2/2] FAILED B: truncated DATA segment \\([0-9,]+ events/s, ETA 0 s\\)"),
                lines[1]);
    }
}
