package org.cytoarrow.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Memory;
import org.cytoarrow.fcs.EventBatches;
import org.cytoarrow.fcs.FcsFile;
import org.cytoarrow.fcs.FcsReader;
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
 * FCS DATA decoding into Arrow columns against a same-run baseline that only reads the same bytes from the page
 * cache into a direct buffer (the floor any reader pays). Files are generated in {@code @Setup}:
 * {@code f32le_1m} = 1M events x 16 float32 little-endian (FCS 3.1), {@code u16be_1m} = 1M x 16 uint16 big-endian
 * (FCS 2.0 CellQuest style), {@code f32le_10m} = 10M x 16 float32 (640 MB). Bandwidth = file bytes / time.
 *
 * <p>{@code readArrow} makes a new frame, so it also pays for first touching fresh memory
 * ({@code baselineFreshBuffer} shows that cost alone, on one thread); {@code readBatches} reuses one root like
 * {@code baseline} reuses its buffer. {@code FcsFile.read} decodes a frame with at least 32 MB of fixed-width DATA
 * in slices on all cores, so {@code readArrow} spreads those page faults over the cores; run the fork with
 * {@code -jvmArgsAppend "--add-opens=java.base/java.nio=ALL-UNNAMED -Xmx2g -XX:ActiveProcessorCount=1"} to see
 * the sequential read.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class ReadBenchmark {
    private static final int PARAMETERS = 16;

    @Param({"f32le_1m", "u16be_1m", "f32le_10m"})
    public String file;

    private Path dir;
    private Path path;
    private BufferAllocator allocator;
    private ByteBuffer baselineBuffer;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("cytoarrow-read-bench");
        path = switch (file) {
            case "f32le_1m" -> write(dir.resolve("f32le_1m.fcs"), 1_000_000, 'F', ByteOrder.LITTLE_ENDIAN);
            case "u16be_1m" -> write(dir.resolve("u16be_1m.fcs"), 1_000_000, 'I', ByteOrder.BIG_ENDIAN);
            case "f32le_10m" -> write(dir.resolve("f32le_10m.fcs"), 10_000_000, 'F', ByteOrder.LITTLE_ENDIAN);
            default -> throw new IllegalArgumentException(file);
        };
        allocator = Memory.newRootAllocator();
        baselineBuffer = ByteBuffer.allocateDirect((int) Files.size(path));
        baseline();   // warm the page cache
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        allocator.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** FCS DATA into Arrow float columns (one frame). */
    @Benchmark
    public double readArrow() {
        try (EventFrame frame = FcsReader.read(path, allocator)) {
            return frame.raw(PARAMETERS - 1, frame.eventCount() - 1);
        }
    }

    /** FCS DATA streamed in 65,536-event batches into one reused root. */
    @Benchmark
    public long readBatches() {
        long rows = 0;
        try (FcsFile f = FcsFile.open(path); EventBatches b = f.batches(0, allocator, 65_536)) {
            while (b.hasNext()) {
                VectorSchemaRoot r = b.next();
                rows += r.getRowCount();
            }
        }
        return rows;
    }

    /** The floor: the same file bytes from the page cache into a direct buffer, nothing decoded. */
    @Benchmark
    public byte baseline() throws IOException {
        baselineBuffer.clear();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long pos = 0;
            while (baselineBuffer.hasRemaining()) {
                int r = ch.read(baselineBuffer, pos);
                if (r < 0) {
                    break;
                }
                pos += r;
            }
        }
        return baselineBuffer.get(baselineBuffer.position() - 1);
    }

    /**
     * The floor for a fresh frame: the same bytes into newly allocated Arrow memory, which pays the first-touch page
     * faults that any reader producing new columns pays (the reused {@link #baseline()} buffer does not).
     */
    @Benchmark
    public byte baselineFreshBuffer() throws IOException {
        int size = baselineBuffer.capacity();
        try (ArrowBuf fresh = allocator.buffer(size);
             FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer view = fresh.nioBuffer(0, size);
            long pos = 0;
            while (view.hasRemaining()) {
                int r = ch.read(view, pos);
                if (r < 0) {
                    break;
                }
                pos += r;
            }
            return view.get(view.position() - 1);
        }
    }

    /**
     * Memory of one {@code f32le_10m} read (not a JMH benchmark): peak Arrow memory and peak heap growth against the
     * decoded column size. Run with {@code java --add-opens=java.base/java.nio=ALL-UNNAMED -Xmx2g -cp
     * benchmarks.jar org.cytoarrow.benchmarks.ReadBenchmark}.
     */
    public static void main(String[] args) throws IOException {
        Path tmp = Files.createTempDirectory("cytoarrow-read-mem");
        Path p = write(tmp.resolve("f32le_10m.fcs"), 10_000_000, 'F', ByteOrder.LITTLE_ENDIAN);
        long columns = 10_000_000L * PARAMETERS * Float.BYTES;
        try {
            for (int run = 1; run <= 3; run++) {
                System.gc();
                List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(b -> b.getType() == MemoryType.HEAP).toList();
                long heapBefore = heap.stream().mapToLong(b -> b.getUsage().getUsed()).sum();
                heap.forEach(MemoryPoolMXBean::resetPeakUsage);
                try (BufferAllocator root = Memory.newRootAllocator()) {
                    long t0 = System.nanoTime();
                    try (EventFrame frame = FcsReader.read(p, root)) {
                        long ms = (System.nanoTime() - t0) / 1_000_000;
                        long heapPeak = heap.stream().mapToLong(b -> b.getPeakUsage().getUsed()).sum();
                        System.out.printf("run %d: %d ms, %d events; Arrow peak %,d B = %.4f x columns (%,d B);"
                                        + " heap peak - before = %,d B (sum of pool peaks, includes garbage)%n", run,
                                ms, frame.eventCount(), root.getPeakMemoryAllocation(),
                                (double) root.getPeakMemoryAllocation() / columns, columns, heapPeak - heapBefore);
                    }
                }
            }
        } finally {
            Files.deleteIfExists(p);
            Files.deleteIfExists(tmp);
        }
    }

    /** A minimal FCS writer: HEADER, TEXT at 58 with 12-digit offsets, DATA of seeded random values. */
    static Path write(Path p, int events, char type, ByteOrder order) throws IOException {
        int width = type == 'F' ? 4 : 2;
        long dataBytes = (long) events * PARAMETERS * width;
        StringBuilder t = new StringBuilder("/$BYTEORD/").append(order == ByteOrder.LITTLE_ENDIAN ? "1,2,3,4"
                : "4,3,2,1").append("/$DATATYPE/").append(type).append("/$MODE/L/$PAR/").append(PARAMETERS)
                .append("/$TOT/").append(events).append("/$NEXTDATA/0/");
        for (int n = 1; n <= PARAMETERS; n++) {
            t.append("$P").append(n).append("N/Ch").append(n).append("/$P").append(n).append("B/")
                    .append(width * 8).append("/$P").append(n).append("R/").append(type == 'F' ? 262144 : 65536)
                    .append("/$P").append(n).append("E/0,0/");
        }
        String beginKey = "$BEGINDATA/";
        int textLength = t.length() + beginKey.length() + 13 + "$ENDDATA/".length() + 13;
        long dataStart = 58 + textLength;
        long dataEnd = dataStart + dataBytes - 1;
        t.append(beginKey).append(String.format("%012d", dataStart)).append("/$ENDDATA/")
                .append(String.format("%012d", dataEnd)).append('/');
        String header = String.format("%-10s%8d%8d%8s%8s%8d%8d", "FCS3.1", 58, 58 + textLength - 1,
                dataEnd > 99_999_999 ? "0" : Long.toString(dataStart),
                dataEnd > 99_999_999 ? "0" : Long.toString(dataEnd), 0, 0);
        SplittableRandom random = new SplittableRandom(42);
        try (OutputStream out = Files.newOutputStream(p)) {
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            out.write(t.toString().getBytes(StandardCharsets.US_ASCII));
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(order);
            for (long i = 0; i < (long) events * PARAMETERS; i++) {
                if (type == 'F') {
                    chunk.putFloat((float) (random.nextDouble() * 262144));
                } else {
                    chunk.putShort((short) random.nextInt(65536));
                }
                if (!chunk.hasRemaining()) {
                    out.write(chunk.array(), 0, chunk.position());
                    chunk.clear();
                }
            }
            out.write(chunk.array(), 0, chunk.position());
        }
        return p;
    }
}
