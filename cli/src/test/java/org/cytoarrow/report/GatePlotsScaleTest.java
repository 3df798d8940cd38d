package org.cytoarrow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Memory;
import org.cytoarrow.gating.GatingStrategy;
import org.junit.jupiter.api.Test;

/** A plot's axis carries the transformation of its gate's dimension, so that its ticks read in data units. */
class GatePlotsScaleTest {
    @Test
    void transformedDimensionsGiveTheirAxesTheirScale() {
        GatingStrategy strategy = GateValuesTest.strategy();
        try (BufferAllocator root = Memory.newRootAllocator()) {
            try (EventFrame frame = GateValuesTest.frame(root)) {
                List<PlotSpec> plots = GatePlots.of("t", frame.sample(), strategy.evaluate(frame));
                assertEquals(List.of("t: /A", "t: /A/B", "t: /C"), plots.stream().map(PlotSpec::title).toList());
                assertNull(plots.get(0).xScale(), "A: raw FSC-A");
                assertNull(plots.get(0).yScale(), "A: raw SSC-A");
                assertNull(plots.get(1).xScale(), "B: raw FSC-A");
                assertEquals(0.5, plots.get(2).xScale().apply(50), 1e-15, "C: flin with T = 100");
                assertNull(plots.get(2).yScale(), "a histogram's y is a count");
                assertEquals(List.of("0", "20", "40", "60", "80", "100"), Ticks.scaled(new Range(0, 1),
                        plots.get(2).xScale(), 5).stream().map(Ticks.Tick::label).toList(), "C's axis in FSC-A units");
            }
            assertEquals(0L, root.getAllocatedMemory());
        }
    }
}
