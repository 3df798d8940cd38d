package org.cytoarrow.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Memory;
import org.cytoarrow.gating.workflow.ControlMatcher;
import org.cytoarrow.gating.workflow.StudyWorkflow;
import org.cytoarrow.testdata.DemoCohort;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One patient's stained tube through the study workflow, including the isotype-derived IL-6 threshold (a new
 * workflow per call, so the isotype tube is read and gated every time): read both FCS files, gate (compensation,
 * logicle, polygon/rectangle/quadrant gates), derive P99.5, re-gate the stained tube, statistics. Tubes of the demo
 * cohort at full size (patient P003: a stage-I myeloma, 50k-200k events per tube).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class StudyBenchmark {
    private Path dir;
    private Path panel;
    private Path stained;
    private Path isotype;
    private BufferAllocator allocator;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("study-bench");
        DemoCohort.Result r = DemoCohort.generate(dir, new DemoCohort.Config(20_261_130L, 2, 1, 1.0));
        panel = r.panel();
        stained = dir.resolve("fcs/P003_stained.fcs");
        isotype = dir.resolve("fcs/P003_isotype.fcs");
        allocator = Memory.newRootAllocator();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        allocator.close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public StudyWorkflow.SampleResult stainedWithIsotypeThreshold() {
        StudyWorkflow w = StudyWorkflow.fromPanel(panel);
        return w.process(stained, new ControlMatcher.SampleKey("P003", "stained"),
                tube -> tube.equals("isotype") ? Optional.of(isotype) : Optional.empty(), allocator);
    }

    /** Events per call, for a rate: the two files' event counts. */
    public static void main(String[] args) throws IOException {
        StudyBenchmark b = new StudyBenchmark();
        b.setUp();
        StudyWorkflow.SampleResult r = b.stainedWithIsotypeThreshold();
        System.out.println(r.sample() + " " + r.events() + " events; thresholds " + r.thresholds() + " "
                + List.of(b.stained, b.isotype));
        b.tearDown();
    }
}
