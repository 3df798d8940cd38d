package org.cytoarrow.gating;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Channel;
import org.cytoarrow.core.ColumnStorage;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Sample;

/**
 * TEST-ONLY stand-in for the FCS reader until it is merged: decodes gatingml/data1.fcs with its layout hard-coded
 * from testdata/README.md and MANIFEST.csv (FCS2.0, 8 x int16 big-endian, DATA 2560..216431, 13367 events,
 * $PnR=1024, $P1G=3.67, $P2G=8, $PnE=4,0 on FL1-H, FL2-H, FL3-H, FL4-H, no $TIMESTEP).
 */
final class Data1StandIn {
    private Data1StandIn() {
    }

    static EventFrame read(Path file, BufferAllocator allocator) throws IOException {
        String[] names = {"FSC-H", "SSC-H", "FL1-H", "FL2-H", "FL3-H", "FL2-A", "FL4-H", "Time"};
        double[] decades = {0, 0, 4, 4, 4, 0, 4, 0};
        double[] gains = {3.67, 8, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            channels.add(new Channel(i, names[i], null, 16, 1024, ColumnStorage.FLOAT32, decades[i], 0, gains[i],
                    names[i].equals("Time"), 1.0));
        }
        int n = 13367;
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(file), 2560, n * 16).order(ByteOrder.BIG_ENDIAN);
        double[][] cols = new double[8][n];
        for (int e = 0; e < n; e++) {
            for (int c = 0; c < 8; c++) {
                cols[c][e] = (data.getShort() & 0xFFFF) & 1023;
            }
        }
        Sample sample = new Sample(file.getFileName().toString(), 0, Map.of(), channels, n, Optional.empty(),
                List.of());
        return EventFrame.fromColumns(allocator, sample, cols);
    }
}
