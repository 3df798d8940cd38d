package org.cytoarrow.core;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.unsafe.UnsafeAllocationManager;

/**
 * Makes root allocators pinned to Arrow's unsafe allocation manager, so the classpath cannot switch it.
 *
 * <p>Only applications (the CLI's {@code main}, a test, a benchmark) make a root; library code takes a
 * {@link BufferAllocator} from its caller. On JDK 17+ the JVM needs
 * {@code --add-opens=java.base/java.nio=ALL-UNNAMED} (and on JDK 24+ also
 * {@code --sun-misc-unsafe-memory-access=allow}).
 */
public final class Memory {
    private Memory() {
    }

    /** A new root allocator with no limit. The caller closes it. */
    public static BufferAllocator newRootAllocator() {
        return newRootAllocator(Long.MAX_VALUE);
    }

    /** A new root allocator that refuses to hold more than {@code limitBytes}. The caller closes it. */
    public static BufferAllocator newRootAllocator(long limitBytes) {
        return new RootAllocator(RootAllocator.configBuilder()
                .allocationManagerFactory(UnsafeAllocationManager.FACTORY)
                .maxAllocation(limitBytes)
                .build());
    }
}
