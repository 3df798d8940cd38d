package org.cytoarrow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.junit.jupiter.api.Test;

/** Released blocks are kept by size up to the capacity, reused for the same size, and freed by drain. */
class RecyclingAllocationsTest {
    private static RootAllocator root(RecyclingAllocations blocks) {
        return new RootAllocator(RootAllocator.configBuilder().allocationManagerFactory(blocks).build());
    }

    @Test
    void aReleasedBlockIsReusedForTheSameSizeOnly() {
        RecyclingAllocations blocks = new RecyclingAllocations(1 << 20);
        try (RootAllocator root = root(blocks)) {
            long first;
            try (ArrowBuf b = root.buffer(100_000)) {
                assertEquals(131_072, b.capacity(), "Arrow rounds up to a power of two");
                first = b.memoryAddress();
                b.setLong(0, 42);
            }
            assertEquals(131_072, blocks.keptBytes());
            try (ArrowBuf other = root.buffer(300_000)) {
                assertNotEquals(first, other.memoryAddress(), "another size gets a block of its own");
            }
            assertEquals(131_072 + 524_288, blocks.keptBytes());
            try (ArrowBuf again = root.buffer(120_000)) {
                assertEquals(first, again.memoryAddress(), "the kept block of that size");
                assertEquals(42, again.getLong(0), "not zeroed, like malloc's");
                assertEquals(524_288, blocks.keptBytes());
            }
            assertEquals(0, root.getAllocatedMemory(), "kept blocks count against no allocator");
            blocks.drain();
            assertEquals(0, blocks.keptBytes());
            root.buffer(100_000).close();
            assertEquals(0, blocks.keptBytes(), "after drain, released blocks are freed at once");
        }
    }

    @Test
    void keepsNoMoreThanItsCapacity() {
        RecyclingAllocations blocks = new RecyclingAllocations(200_000);
        try (RootAllocator root = root(blocks)) {
            ArrowBuf a = root.buffer(131_072);
            ArrowBuf b = root.buffer(131_072);
            a.close();
            b.close();
            assertEquals(131_072, blocks.keptBytes(), "the second did not fit and was freed");
            root.buffer(RecyclingAllocations.MAX_KEPT_BLOCK + 1).close();
            assertEquals(131_072, blocks.keptBytes(), "blocks above the largest kept size are freed");
        } finally {
            blocks.drain();
        }
    }

    @Test
    void memoryRootsReuseBlocksAndVectorsOnThemStartEmpty() {
        try (BufferAllocator root = Memory.newRootAllocator()) {
            long address;
            try (IntVector v = new IntVector("v", root)) {
                v.allocateNew(10_000);
                for (int i = 0; i < 10_000; i++) {
                    v.set(i, i);
                }
                address = v.getDataBuffer().memoryAddress();
            }
            try (IntVector v = new IntVector("v", root)) {
                v.allocateNew(10_000);
                assertEquals(address, v.getDataBuffer().memoryAddress(), "the released data buffer again");
                v.setValueCount(10_000);
                assertEquals(10_000, v.getNullCount(), "a reused validity buffer is zeroed by Arrow");
            }
            assertEquals(0, root.getAllocatedMemory());
        }
    }
}
