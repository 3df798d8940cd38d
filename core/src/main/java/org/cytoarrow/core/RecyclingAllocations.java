package org.cytoarrow.core;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.apache.arrow.memory.AllocationManager;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.unsafe.UnsafeAllocationManager;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * The allocation manager of {@link Memory}'s root allocators: native memory from {@code malloc}, as Arrow's unsafe
 * manager does, but a released block is kept on a free list by size, up to a total of {@code capacity} bytes, and
 * the next request of that size takes it.
 *
 * <p>Why: a batch allocates the same buffer sizes for every sample (Arrow rounds them up to powers of two), and
 * glibc gives released blocks of that size back to the kernel when it trims a thread's arena, so every sample
 * page-faulted its buffers in afresh: about 1,100 page faults and 2.5 ms of kernel CPU per 100k-event, 16-channel
 * sample, with both workers faulting at once. Reused blocks are not zeroed, just as {@code malloc}'s are not; Arrow
 * zeroes what must be zero.
 *
 * <p>Accounting is Arrow's: a kept block counts against no allocator. {@link #drain} frees the kept blocks, and
 * every block released after it at once; Memory's roots drain when they close. Thread-safe.
 */
final class RecyclingAllocations implements AllocationManager.Factory {
    /** Larger blocks are freed at once: Arrow does not round sizes above its 16 MiB chunk, so they rarely recur. */
    static final long MAX_KEPT_BLOCK = 16L << 20;

    private final long capacity;
    /** Kept blocks' addresses by size. Guarded by {@code this}. */
    private final Map<Long, ArrayDeque<Long>> kept = new HashMap<>();
    private long keptBytes;
    private boolean drained;

    /** Keeps at most {@code capacity} bytes of released blocks. */
    RecyclingAllocations(long capacity) {
        this.capacity = capacity;
    }

    @Override
    public AllocationManager create(BufferAllocator accountingAllocator, long size) {
        long address = take(size);
        return new Block(accountingAllocator, address != 0 ? address : MemoryUtil.allocateMemory(size), size);
    }

    @Override
    public ArrowBuf empty() {
        return UnsafeAllocationManager.FACTORY.empty();
    }

    /** Bytes kept for reuse now. */
    synchronized long keptBytes() {
        return keptBytes;
    }

    /** Frees every kept block; blocks released from now on are freed at once. */
    void drain() {
        Map<Long, ArrayDeque<Long>> blocks;
        synchronized (this) {
            drained = true;
            blocks = new HashMap<>(kept);
            kept.clear();
            keptBytes = 0;
        }
        for (ArrayDeque<Long> q : blocks.values()) {
            for (long address : q) {
                MemoryUtil.freeMemory(address);
            }
        }
    }

    /** A kept block of exactly {@code size} bytes, or 0. */
    private synchronized long take(long size) {
        ArrayDeque<Long> q = kept.get(size);
        if (q == null || q.isEmpty()) {
            return 0;
        }
        keptBytes -= size;
        return q.pop();
    }

    private void release(long address, long size) {
        synchronized (this) {
            if (!drained && size > 0 && size <= MAX_KEPT_BLOCK && keptBytes + size <= capacity) {
                kept.computeIfAbsent(size, k -> new ArrayDeque<>()).push(address);
                keptBytes += size;
                return;
            }
        }
        MemoryUtil.freeMemory(address);
    }

    /** One block of native memory; released to the free lists (or freed) once Arrow is done with it. */
    private final class Block extends AllocationManager {
        private final long address;
        private final long size;

        Block(BufferAllocator accountingAllocator, long address, long size) {
            super(accountingAllocator);
            this.address = address;
            this.size = size;
        }

        @Override
        public long getSize() {
            return size;
        }

        @Override
        protected long memoryAddress() {
            return address;
        }

        @Override
        protected void release0() {
            release(address, size);
        }
    }
}
