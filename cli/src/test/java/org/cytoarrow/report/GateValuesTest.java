package org.cytoarrow.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Channel;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.Sample;
import org.cytoarrow.gating.Gate;
import org.cytoarrow.gating.GatingResult;
import org.cytoarrow.gating.GatingStrategy;
import org.cytoarrow.gating.xml.GatingMl;
import org.junit.jupiter.api.Test;

/** GateValues: one shared copy per distinct dimension, equal to what the result hands out. */
class GateValuesTest {
    /** The strategy of {@link #XML}: gates A, A/B and C (FSC-A through flin with T = 100). */
    static GatingStrategy strategy() {
        return GatingMl.read(new ByteArrayInputStream(XML.getBytes(StandardCharsets.UTF_8)), "test.xml");
    }

    /** Four events of FSC-A (1 to 4) and SSC-A (10 to 40), from {@code root}. */
    static EventFrame frame(BufferAllocator root) {
        List<Channel> channels = List.of(Channel.linear(0, "FSC-A", null, 1024),
                Channel.linear(1, "SSC-A", null, 1024));
        Sample sample = new Sample("t", 0, Map.of(), channels, 4, Optional.empty(), List.of());
        return EventFrame.fromColumns(root, sample, new double[][] {{1, 2, 3, 4}, {10, 20, 30, 40}});
    }

    @Test
    void gatesOnEqualDimensionsShareOneCopyOfTheirValues() {
        GatingStrategy strategy = strategy();
        try (BufferAllocator root = Memory.newRootAllocator()) {
            try (EventFrame frame = frame(root)) {
                GatingResult result = strategy.evaluate(frame);
                GateValues values = new GateValues(result);
                Gate a = strategy.gate("A").orElseThrow();
                Gate b = strategy.gate("B").orElseThrow();
                Gate c = strategy.gate("C").orElseThrow();
                assertArrayEquals(new double[] {1, 2, 3, 4}, values.of(a, 0));
                assertArrayEquals(new double[] {0.01, 0.02, 0.03, 0.04}, values.of(c, 0), 1e-15); // flin: x / T
                assertArrayEquals(result.values("A", 0), values.of(a, 0));
                assertArrayEquals(result.values("A", 1), values.of(a, 1));
                assertArrayEquals(result.values("C", 0), values.of(c, 0));
                assertSame(values.of(a, 0), values.of(b, 0), "FSC-A, uncompensated, untransformed in both");
                assertNotSame(values.of(a, 0), values.of(c, 0), "C sees FSC-A through a transformation");
                assertNotSame(values.of(a, 0), values.of(a, 1));
            }
            assertEquals(0L, root.getAllocatedMemory());
        }
    }

    private static final String XML = """
            <gating:Gating-ML xmlns:gating="http://www.isac-net.org/std/Gating-ML/v2.0/gating"
                xmlns:transforms="http://www.isac-net.org/std/Gating-ML/v2.0/transformations"
                xmlns:data-type="http://www.isac-net.org/std/Gating-ML/v2.0/datatypes">
              <transforms:transformation transforms:id="lin">
                <transforms:flin transforms:T="100" transforms:A="0"/>
              </transforms:transformation>
              <gating:RectangleGate gating:id="A">
                <gating:dimension gating:compensation-ref="uncompensated" gating:min="2">
                  <data-type:fcs-dimension data-type:name="FSC-A"/></gating:dimension>
                <gating:dimension gating:compensation-ref="uncompensated" gating:max="35">
                  <data-type:fcs-dimension data-type:name="SSC-A"/></gating:dimension>
              </gating:RectangleGate>
              <gating:RectangleGate gating:id="B" gating:parent_id="A">
                <gating:dimension gating:compensation-ref="uncompensated" gating:max="3">
                  <data-type:fcs-dimension data-type:name="FSC-A"/></gating:dimension>
              </gating:RectangleGate>
              <gating:RectangleGate gating:id="C">
                <gating:dimension gating:compensation-ref="uncompensated" gating:transformation-ref="lin"
                    gating:min="0.02">
                  <data-type:fcs-dimension data-type:name="FSC-A"/></gating:dimension>
              </gating:RectangleGate>
            </gating:Gating-ML>
            """;
}
