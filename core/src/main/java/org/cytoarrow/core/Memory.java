package org.cytoarrow.core;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Makes root allocators with cytoarrow's own allocation manager: native memory from {@code malloc} like Arrow's unsafe
 * manager (pinned, so the classpath cannot switch it), and released blocks kept for reuse, up to
 * 128 MiB per root, until the root closes (see {@link RecyclingAllocations}).
 *
 * <p>Only applications (the CLI's {@code main}, a test, a benchmark) make a root; library code takes a
 * {@link BufferAllocator} from its caller. On JDK 17+ the JVM needs
 * {@code --add-opens=java.base/java.nio=ALL-UNNAMED} (and on JDK 24+ also
 * {@code --sun-misc-unsafe-memory-access=allow}).
 */
public final class Memory {
    /**
     * Most bytes of released blocks a root keeps for reuse: about the buffers of two 1M-event samples of 16 float
     * channels.
     */
    static final long KEPT_BYTES = 128L << 20;

    /** Why Arrow cannot make direct buffer views of its memory here, or null when it can. Checked once. */
    private static final String ACCESS_PROBLEM = probeAccess();

    private Memory() {
    }

    private static String probeAccess() {
        try {
            MemoryUtil.directBuffer(0, 0); // a view of no bytes: needs the constructor java.nio must open to Arrow
            return null;
        } catch (RuntimeException | LinkageError e) {
            return e.toString();
        }
    }

    /** A new root allocator with no limit. The caller closes it. */
    public static BufferAllocator newRootAllocator() {
        return newRootAllocator(Long.MAX_VALUE);
    }

    /**
     * A new root allocator that refuses to hold more than {@code limitBytes}. The caller closes it.
     *
     * @throws IllegalStateException when Arrow cannot view its memory as {@link java.nio.ByteBuffer}s in this JVM
     *                               (started without {@code --add-opens=java.base/java.nio=ALL-UNNAMED}): reading
     *                               FCS would fail later with a less helpful message
     */
    public static BufferAllocator newRootAllocator(long limitBytes) {
        if (ACCESS_PROBLEM != null) {
            throw new IllegalStateException("Arrow cannot reach its memory in this JVM (" + ACCESS_PROBLEM
                    + "): start it with --add-opens=java.base/java.nio=ALL-UNNAMED (JDK 17 and later; the cytoarrow"
                    + " launcher and its jar's manifest do this)");
        }
        RecyclingAllocations blocks = new RecyclingAllocations(KEPT_BYTES);
        return new RootAllocator(RootAllocator.configBuilder()
                .allocationManagerFactory(blocks)
                .maxAllocation(limitBytes)
                .build()) {
            @Override
            public void close() {
                try {
                    super.close();
                } finally {
                    blocks.drain();
                }
            }
        };
    }
}
