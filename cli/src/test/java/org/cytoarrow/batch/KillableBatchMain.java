package org.cytoarrow.batch;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Memory;

/**
 * A batch in its own JVM for the kill test: args OUTDIR INPUTDIR K. Processes K samples normally (one thread),
 * then hangs inside the processor of the next one until the test kills the process.
 */
public final class KillableBatchMain {
    private KillableBatchMain() {
    }

    public static void main(String[] args) throws Exception {
        int k = Integer.parseInt(args[2]);
        AtomicInteger calls = new AtomicInteger();
        SampleProcessor p = (file, allocator) -> {
            if (calls.incrementAndGet() > k) {
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("should have been killed");
            }
            return FakeFcs.process(file, allocator);
        };
        try (BufferAllocator root = Memory.newRootAllocator()) {
            new BatchRunner(BatchOptions.of(Path.of(args[0])).withThreads(1), p,
                    new PrintWriter(System.out, true)).run(List.of(Path.of(args[1])), root);
        }
    }
}
