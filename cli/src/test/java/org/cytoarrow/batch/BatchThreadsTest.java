package org.cytoarrow.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Memory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --threads N} bounds every thread that works for a batch, including the parallel streams a processor
 * starts (the gating engine's): they run on the batch's N workers, never on the common fork/join pool, and at
 * most N samples are in flight.
 */
class BatchThreadsTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void parallelStreamsInsideSamplesRunOnTheBatchWorkersOnly(int threads, @TempDir Path tmp) throws Exception {
        for (int i = 0; i < 8; i++) {
            FakeFcs.good(tmp.resolve("in/S" + i + ".fcs"), 10);
        }
        Set<String> workers = ConcurrentHashMap.newKeySet();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        SampleProcessor parallel = (file, allocator) -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                // 64 chunks of 1 ms: long enough that an idle common-pool worker would steal some of them
                IntStream.range(0, 64).parallel().forEach(i -> {
                    workers.add(Thread.currentThread().getName());
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                });
                return FakeFcs.process(file, allocator);
            } finally {
                inFlight.decrementAndGet();
            }
        };

        BatchSummary s;
        try (BufferAllocator root = Memory.newRootAllocator()) {
            s = new BatchRunner(BatchOptions.of(tmp.resolve("out")).withThreads(threads), parallel,
                    new PrintWriter(new StringWriter())).run(List.of(tmp.resolve("in")), root);
        }

        assertEquals(8, s.processed(), () -> "failures: " + s.failures());
        assertTrue(workers.size() <= threads, () -> "more threads than --threads " + threads + ": " + workers);
        assertTrue(workers.stream().allMatch(n -> n.startsWith("cytoarrow-batch-")), () -> "not batch workers: "
                + workers);
        assertTrue(maxInFlight.get() <= threads, () -> maxInFlight + " samples at once with --threads " + threads);
        if (threads == 1) {
            assertEquals(Set.of("cytoarrow-batch-1"), workers);
        }
    }

    /**
     * Samples start largest input first, so that a large file does not run alone at the end while the other workers
     * idle; with one worker the order is exactly that.
     */
    @Test
    void samplesStartLargestInputFirst(@TempDir Path tmp) throws Exception {
        int[] padding = {300, 10, 5000, 0, 1200, 40};
        for (int i = 0; i < padding.length; i++) {
            Path f = FakeFcs.good(tmp.resolve("in/S" + i + ".fcs"), 10);
            Files.writeString(f, "x".repeat(padding[i]), StandardCharsets.ISO_8859_1, StandardOpenOption.APPEND);
        }
        List<String> started = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        SampleProcessor recording = (file, allocator) -> {
            started.add(file.getFileName().toString());
            return FakeFcs.process(file, allocator);
        };
        try (BufferAllocator root = Memory.newRootAllocator()) {
            BatchSummary s = new BatchRunner(BatchOptions.of(tmp.resolve("out")).withThreads(1), recording,
                    new PrintWriter(new StringWriter())).run(List.of(tmp.resolve("in")), root);
            assertEquals(padding.length, s.processed(), () -> "failures: " + s.failures());
        }
        assertEquals(List.of("S2.fcs", "S4.fcs", "S0.fcs", "S5.fcs", "S1.fcs", "S3.fcs"), started);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void theWorkerPoolHasExactlyItsThreadsEvenWhenWorkersWaitOnSubtasks(int threads) throws Exception {
        var pool = BatchRunner.workerPool(threads);
        try {
            Map<String, Boolean> seen = new ConcurrentHashMap<>();
            pool.submit(() -> IntStream.range(0, 4 * threads).parallel().forEach(i -> {
                // a nested parallel stream whose joins wait: the pool must help, not add threads
                IntStream.range(0, 16).parallel().forEach(j -> {
                    seen.put(Thread.currentThread().getName(), true);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                });
            })).get(30, TimeUnit.SECONDS);
            assertTrue(seen.size() <= threads, () -> "threads seen: " + seen.keySet());
            assertTrue(pool.getPoolSize() <= threads, () -> "pool size " + pool.getPoolSize());
        } finally {
            pool.shutdownNow();
        }
    }
}
