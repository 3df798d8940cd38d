package org.cytoarrow.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.Float8Vector;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventMask;
import org.cytoarrow.report.GateShape;
import org.cytoarrow.report.PlotSpec;
import org.cytoarrow.report.Range;

/**
 * Fake FCS files for batch tests: a real FCS version string, then {@code FAKE events=N;end}. The fake processor
 * stores N values 0..N-1 in an Arrow vector (so memory limits apply) and reports count = N and
 * mean = (N - 1) / 2 (the mean of 0..N-1), plus one plot.
 */
final class FakeFcs {
    private static final Pattern BODY = Pattern.compile("^FCS3\\.0    FAKE events=(\\d+);end");

    private FakeFcs() {
    }

    static Path good(Path file, int events) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.writeString(file, "FCS3.0    FAKE events=" + events + ";end\n", StandardCharsets.ISO_8859_1);
    }

    /** A valid start whose body is cut: passes the sniff, fails processing. */
    static Path truncated(Path file) throws IOException {
        return Files.writeString(file, "FCS3.0    FAKE ev", StandardCharsets.ISO_8859_1);
    }

    static SampleOutcome process(Path file, org.apache.arrow.memory.BufferAllocator allocator) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        Matcher m = BODY.matcher(text);
        if (!m.find()) {
            throw new CytoException("TRUNCATED", file.toString(), "DATA", file.getFileName()
                    + ": DATA segment ends early (fake reader)");
        }
        int n = Integer.parseInt(m.group(1));
        double sum = 0;
        try (Float8Vector v = new Float8Vector("FSC", allocator)) {
            v.allocateNew(n);
            for (int i = 0; i < n; i++) {
                v.set(i, i);
            }
            v.setValueCount(n);
            for (int i = 0; i < n; i++) {
                sum += v.get(i);
            }
        }
        double[] x = new double[Math.min(n, 1000)];
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 100;
            y[i] = (i * 7) % 100;
        }
        PlotSpec plot = PlotSpec.density("/Cells", "FSC-A", "SSC-A", new Range(0, 100), new Range(0, 100), x, y,
                EventMask.all(x.length), List.of(new GateShape.Rectangle(20, 80, 20, 80)), "Cells 36%");
        return new SampleOutcome(n, Map.of("tube", "T" + n),
                List.of(new StatisticRow("/", "count", "", n), new StatisticRow("/", "mean", "FSC", sum / n)),
                List.of(plot));
    }
}
