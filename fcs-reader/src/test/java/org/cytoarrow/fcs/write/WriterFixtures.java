package org.cytoarrow.fcs.write;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Channel;
import org.cytoarrow.core.ColumnStorage;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Sample;

/**
 * A small sample whose scale values are known by hand:
 * <ul>
 *   <li>FSC-A linear, $PnR 262144: scale = raw;</li>
 *   <li>FL1-H $PnE 4,0, $PnR 1024 (FCS 3.1 section 3.2.20, f2 = 0 read as 1): raw 512 gives 10^(4*512/1024) = 100,
 *       raw 0 gives 1, raw 1023 gives 10^3.99609375 = 9910.458562488608 (the same value MANIFEST.csv lists as
 *       the scaled maximum of 0877408774.B08, $PnE 4,1, for raw 1023);</li>
 *   <li>SSC-A $PnG 2: scale = raw / 2;</li>
 *   <li>Time with $TIMESTEP 0.01: scale = raw * 0.01.</li>
 * </ul>
 * Its keywords include a value with '|' and '/' (so the writer must pick another delimiter), a $SPILLOVER, and
 * stale layout keywords ($BEGINDATA, $DATATYPE, $BYTEORD, $P2B) that the writer must replace.
 */
final class WriterFixtures {
    static final double[][] RAW = {
        {1.5, 262143, 0},
        {512, 0, 1023},
        {10, 20, 1023},
        {100, 200, 300},
    };

    static final double[][] SCALED = {
        {1.5, 262143, 0},
        {100, 1, 9910.458562488608},
        {5, 10, 511.5},
        {1, 2, 3},
    };

    static final String SPILLOVER = "2,FSC-A,FL1-H,1,0.1,0.05,1";

    private WriterFixtures() {
    }

    static Sample sample() {
        Map<String, String> kw = new LinkedHashMap<>();
        kw.put("$BEGINDATA", "123");
        kw.put("$BYTEORD", "4,3,2,1");
        kw.put("$DATATYPE", "I");
        kw.put("$FIL", "runs/a|b.fcs");
        kw.put("$P1N", "FSC-A");
        kw.put("$P1R", "262144");
        kw.put("$P2N", "FL1-H");
        kw.put("$P2S", "CD3|FITC");
        kw.put("$P2B", "16");
        kw.put("$P2E", "4,0");
        kw.put("$P2R", "1024");
        kw.put("$P3N", "SSC-A");
        kw.put("$P3G", "2");
        kw.put("$P3R", "1024");
        kw.put("$P4N", "Time");
        kw.put("$P4R", "262144");
        kw.put("$TIMESTEP", "0.01");
        kw.put("$SPILLOVER", SPILLOVER);
        kw.put("Custom Key", "ünïcode value");
        List<Channel> channels = List.of(
                new Channel(0, "FSC-A", null, 32, 262144, ColumnStorage.FLOAT32, 0, 0, Double.NaN, false, 1),
                new Channel(1, "FL1-H", "CD3|FITC", 16, 1024, ColumnStorage.FLOAT32, 4, 0, Double.NaN, false, 1),
                new Channel(2, "SSC-A", null, 16, 1024, ColumnStorage.FLOAT32, 0, 0, 2, false, 1),
                new Channel(3, "Time", null, 16, 262144, ColumnStorage.FLOAT32, 0, 0, Double.NaN, true, 0.01));
        return new Sample("fixture.fcs", 0, kw, channels, 3, Optional.empty(), List.of());
    }

    static EventFrame frame(BufferAllocator allocator) {
        return EventFrame.fromColumns(allocator, sample(), RAW);
    }

    /** A linear float32 sample of {@code n} events x {@code par} channels, values {@code row * par + column}. */
    static EventFrame counting(BufferAllocator allocator, int n, int par) {
        List<Channel> channels = new java.util.ArrayList<>();
        for (int c = 0; c < par; c++) {
            channels.add(Channel.linear(c, "C" + c, null, 1 << 24));
        }
        double[][] cols = new double[par][n];
        for (int c = 0; c < par; c++) {
            for (int r = 0; r < n; r++) {
                cols[c][r] = (double) r * par + c;
            }
        }
        Sample s = new Sample("counting", 0, Map.of(), channels, n, Optional.empty(), List.of());
        return EventFrame.fromColumns(allocator, s, cols);
    }
}
