package org.cytoarrow.fcs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.cytoarrow.core.Channel;

/**
 * Decodes a large fixed-width DATA segment (binary I/F/D, fixed-width ASCII) in event slices on several threads,
 * straight into the frame's preallocated columns. For a frame of hundreds of MB most of the time goes into the
 * operating system's first touch of the new column memory; slices spread those page faults, and the decoding,
 * over the cores.
 *
 * <p>Slice {@code s} of {@code S} holds the events {@code [s*n/S, (s+1)*n/S)}; its task reads its own byte range
 * with positional reads into its own staging buffer and writes only its own rows, so slices share nothing but the
 * (thread-safe) file channel and allocator. The caller decodes slice 0 itself and runs any slice no pool thread has
 * started yet, so a read never waits for a busy pool. The result is bit for bit that of a sequential decode;
 * findings (bits above $PnR, invalid ASCII values) are merged and reported once, as a sequential read reports them.
 * When a slice fails the others stop at their next step, every task has ended before the failure (the first slice's
 * in slice order) is rethrown unchanged, so the caller can release the columns safely.
 */
final class SlicedDecode {
    /** Most slices (threads) per read. */
    static final int MAX_SLICES = 8;
    /** Least DATA bytes per slice: below, the thread hand-off costs more than it gains. */
    static final long MIN_SLICE_BYTES = 16L << 20;
    /** Events a slice decodes between two looks at the failure flag. */
    private static final int STEP_EVENTS = 1 << 16;

    private SlicedDecode() {
    }

    /** The number of slices for a read of this layout on this machine (1 = sequential). */
    static int slices(DataLayout layout) {
        if (layout.freeFormat() || layout.recordBytes() <= 0) {
            return 1;
        }
        long bySize = layout.events() * layout.recordBytes() / MIN_SLICE_BYTES;
        int cores = Math.min(Runtime.getRuntime().availableProcessors(), MAX_SLICES);
        return (int) Math.max(1, Math.min(cores, bySize));
    }

    /**
     * Decodes all {@code n} events of a fixed-width layout into rows {@code [0, n)} of the vectors in
     * {@code slices} slices (at most {@code n}), then reports the findings to {@code log}. Returns {@code n}.
     */
    static int decode(FileAccess file, DataLayout layout, Channel[] channels, BufferAllocator allocator,
                      IssueLog log, FieldVector[] vectors, int n, int slices) {
        int count = Math.max(1, Math.min(slices, n));
        AtomicBoolean failed = new AtomicBoolean();
        EventDecoder[] finished = new EventDecoder[count];
        List<FutureTask<Void>> tasks = new ArrayList<>(count);
        for (int s = 0; s < count; s++) {
            int slice = s;
            long first = (long) n * s / count;
            long end = (long) n * (s + 1) / count;
            tasks.add(new FutureTask<>(() -> {
                if (failed.get()) {
                    return null;   // another slice failed before this one started
                }
                try {
                    finished[slice] = decodeSlice(file, layout, channels, allocator, log, vectors, (int) first,
                            (int) (end - first), failed);
                } catch (RuntimeException | Error e) {
                    failed.set(true);
                    throw e;
                }
                return null;
            }));
        }
        for (int s = 1; s < count; s++) {
            Pool.EXECUTOR.execute(tasks.get(s));
        }
        Throwable failure = null;
        boolean interrupted = false;
        for (FutureTask<Void> task : tasks) {
            task.run();   // runs the slice here unless a pool thread has started it (or it is done)
            while (true) {
                try {
                    task.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;   // the columns must not be released while a slice still writes them
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException("slice failed", failure);
        }
        EventDecoder merged = finished[0];
        for (int s = 1; s < count; s++) {
            merged.absorbFindings(finished[s]);
        }
        merged.reportFindings();
        return n;
    }

    /** Decodes rows {@code [first, first + events)}; the returned decoder is closed and keeps its findings. */
    private static EventDecoder decodeSlice(FileAccess file, DataLayout layout, Channel[] channels,
                                            BufferAllocator allocator, IssueLog log, FieldVector[] vectors,
                                            int first, int events, AtomicBoolean failed) {
        try (EventDecoder decoder = new EventDecoder(file, layout, channels, allocator, log)) {
            decoder.restrictTo(first, events);
            int done = 0;
            while (done < events && !failed.get()) {
                done += decoder.decode(vectors, first + done, Math.min(events - done, STEP_EVENTS));
            }
            return decoder;
        }
    }

    /** Daemon threads shared by all reads, created on first use and ended after a second idle. */
    private static final class Pool {
        static final ExecutorService EXECUTOR = create();

        private static ExecutorService create() {
            int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), MAX_SLICES));
            AtomicInteger number = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "cytoarrow-fcs-decode-" + number.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            return pool;
        }
    }
}
