package org.cytoarrow.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Channel;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.Sample;
import org.cytoarrow.fcs.write.OutputFormat;
import org.cytoarrow.fcs.write.Values;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing a 1M events x 16 channels float32 frame (64 MB of values) to each output format, raw values, to a
 * temporary directory (page cache; includes the atomic rename). Values are seeded pseudo-random cytometry-like
 * numbers with a fractional part (a Diva-style float32 file), so CSV pays for real decimal formatting.
 * SampleTime mode: JMH reports the median (p0.50) per format.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar WriteBenchmark}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class WriteBenchmark {
    private static final int EVENTS = 1_000_000;
    private static final int CHANNELS = 16;

    @Param({"FCS", "ARROW", "PARQUET", "CSV"})
    public OutputFormat format;

    private Path dir;
    private Path target;
    private BufferAllocator allocator;
    private EventFrame frame;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("cytoarrow-write-bench");
        target = dir.resolve("out." + format.extension());
        allocator = Memory.newRootAllocator();
        List<Channel> channels = new ArrayList<>();
        for (int c = 0; c < CHANNELS; c++) {
            channels.add(Channel.linear(c, c == 0 ? "Time" : "FL" + c + "-A", null, 262144));
        }
        SplittableRandom random = new SplittableRandom(42);
        double[][] columns = new double[CHANNELS][EVENTS];
        for (int c = 0; c < CHANNELS; c++) {
            for (int i = 0; i < EVENTS; i++) {
                // Log-normal-ish intensities with two decimals, as acquisition software writes them.
                columns[c][i] = c == 0 ? i * 0.01 : Math.round(Math.exp(4 + 3 * random.nextDouble()) * 100) / 100.0;
            }
        }
        Sample sample = new Sample("bench", 0, Map.of("$CYT", "benchmark"), channels, EVENTS, Optional.empty(),
                List.of());
        frame = EventFrame.fromColumns(allocator, sample, columns);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        frame.close();
        allocator.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public long write() throws IOException {
        format.write(frame, target, Values.RAW);
        return Files.size(target);
    }
}
