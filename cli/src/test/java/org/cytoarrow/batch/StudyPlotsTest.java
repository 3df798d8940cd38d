package org.cytoarrow.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Memory;
import org.cytoarrow.gating.workflow.ControlMatcher;
import org.cytoarrow.core.SampleSheet;
import org.cytoarrow.gating.workflow.StudyWorkflow;
import org.cytoarrow.report.GateShape;
import org.cytoarrow.report.PlotSpec;
import org.cytoarrow.testdata.DemoCohort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's plots: a stained tube's plots show its gates with the IL-6 divider at the threshold derived from
 * the patient's isotype control, and the quadrant's percentage is the one in the tube's statistics.
 */
class StudyPlotsTest {
    @Test
    void stainedTubePlotsDrawTheDerivedThreshold(@TempDir Path tmp) {
        DemoCohort.Result c = DemoCohort.generate(tmp, DemoCohort.Config.small().withPatients(0, 1));
        StudyWorkflow w = StudyWorkflow.fromPanel(c.panel());
        SampleSheet sheet = SampleSheet.read(c.sampleSheet());
        ControlMatcher m = ControlMatcher.bySheet(sheet, "patient", "tube");
        try (BufferAllocator root = Memory.newRootAllocator()) {
            List<StudyWorkflow.SampleResult> results = w.run(c.files(), m, root);
            StudyWorkflow.SampleResult stained = results.stream().filter(r -> r.tube().equals("stained"))
                    .findFirst().orElseThrow();
            assertEquals(1, stained.thresholds().size());
            double threshold = stained.thresholds().get(0).value();
            List<PlotSpec> plots = SampleProcessors.studyPlots(w, stained, root);
            assertEquals(0, root.getAllocatedMemory());
            // Cells, Singlets, PlasmaCells, CD138pos, the CD138 x IL-6 quadrants
            assertEquals(5, plots.size(), plots.stream().map(PlotSpec::title).toList().toString());
            PlotSpec q = plots.get(4);
            assertTrue(q.title().endsWith("/CD138xIL6"), q.title());
            boolean divider = q.gates().stream().anyMatch(g -> g instanceof GateShape.Quadrant d
                    && d.y() == threshold);
            assertTrue(divider, "IL-6 divider at the isotype threshold " + threshold + ": " + q.gates());
            double il6 = stained.value("/Cells/Singlets/PlasmaCells/CD138pos/IL6pos", "freq_parent", "");
            String corners = q.gates().stream().filter(g -> g instanceof GateShape.Quadrant d && !d.labels().isEmpty())
                    .map(g -> ((GateShape.Quadrant) g).labels().toString()).findFirst().orElse("");
            assertTrue(corners.contains("IL6pos " + String.format(java.util.Locale.ROOT,
                    il6 >= 10 || il6 == 0 ? "%.1f%%" : "%.2f%%", il6)), corners + " vs " + il6);
        }
    }
}
