package org.cytoarrow.core.stats;

import java.util.Arrays;

/**
 * Order statistics by selection (quickselect) on a scratch array the caller owns and lets us reorder.
 *
 * <p>{@link #select(double[], int, int, int)} rearranges {@code a[from, to)} so that {@code a[k]} holds the value a
 * full sort would put there, everything before it is {@code <=} and everything after is {@code >=}. Expected linear
 * time (median-of-three pivot, Hoare-style partition); after {@code 2 log2(n)} unproductive rounds it sorts the
 * remaining range, so the worst case is O(n log n), never quadratic. The array must not contain NaN. Not
 * thread-safe on a shared array.
 */
final class Selection {
    private static final int SMALL = 16;

    private Selection() {
    }

    /** Places the order statistic of 0-based rank {@code k} at {@code a[k]}, {@code from <= k < to}. */
    static void select(double[] a, int from, int to, int k) {
        int lo = from;
        int hi = to - 1;
        int budget = 2 * (32 - Integer.numberOfLeadingZeros(Math.max(1, to - from)));
        while (hi > lo) {
            if (hi - lo < SMALL || budget-- == 0) {
                Arrays.sort(a, lo, hi + 1);
                return;
            }
            double pivot = medianOfThree(a, lo, (lo + hi) >>> 1, hi);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            // Now a[lo..j] <= pivot, a[i..hi] >= pivot and j < i; a[j+1..i-1] (if any) equal the pivot.
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    /**
     * Puts the order statistic of every rank in {@code ranks} (sorted ascending, distinct, inside [0, n)) at
     * {@code a[rank]}. The rest of {@code a[0, n)} is scratch afterwards: it may no longer hold the same values.
     *
     * <p>Small arrays: quickselect on the middle rank, recursing into both sides (k ranks cost about n log k).
     * From {@value #RADIX_MIN} values on, a radix step first: one pass counts the values per bucket of the top
     * {@value #BUCKET_BITS} bits of an order-preserving integer key (sign, exponent and 4 mantissa bits: 16 buckets
     * per octave), which tells the bucket of each wanted rank; a second pass copies only the values of those
     * buckets aside, and quickselect runs on each of them alone. Both passes are branch-predictable, unlike
     * quickselect's partitioning of random data, so this is several times faster. Ranks follow the order of
     * {@link Arrays#sort(double[])} (-0.0 before 0.0).
     */
    static void selectAll(double[] a, int n, int[] ranks) {
        if (n < RADIX_MIN || ranks.length == 0) {
            selectAll(a, 0, n, ranks, 0, ranks.length);
            return;
        }
        int[] count = COUNTS.get();
        try {
            radixSelectAll(a, n, ranks, count);
        } finally {
            Arrays.fill(count, 0);
        }
    }

    private static void radixSelectAll(double[] a, int n, int[] ranks, int[] count) {
        for (int i = 0; i < n; i++) {
            count[bucket(a[i])]++;
        }
        // The bucket of each rank, and the number of values in lower buckets.
        int[] bucketOf = new int[ranks.length];
        int[] below = new int[ranks.length];
        int bucket = 0;
        int cumulative = 0;
        for (int r = 0; r < ranks.length; r++) {
            while (cumulative + count[bucket] <= ranks[r]) {
                cumulative += count[bucket++];
            }
            bucketOf[r] = bucket;
            below[r] = cumulative;
        }
        // Where each wanted bucket's values go in the scratch array; count[] becomes "1 + next slot" for wanted
        // buckets and 0 for the others.
        int[] offsetOf = new int[ranks.length];
        int total = 0;
        int[] sizes = new int[ranks.length];
        for (int r = 0; r < ranks.length; r++) {
            if (r > 0 && bucketOf[r] == bucketOf[r - 1]) {
                offsetOf[r] = offsetOf[r - 1];
                sizes[r] = sizes[r - 1];
                continue;
            }
            offsetOf[r] = total;
            sizes[r] = count[bucketOf[r]];
            total += sizes[r];
        }
        Arrays.fill(count, 0);
        for (int r = 0; r < ranks.length; r++) {
            count[bucketOf[r]] = offsetOf[r] + 1;
        }
        double[] scratch = new double[total];
        for (int i = 0; i < n; i++) {
            double v = a[i];
            int b = bucket(v);
            int slot = count[b];
            if (slot != 0) {
                scratch[slot - 1] = v;
                count[b] = slot + 1;
            }
        }
        // Quickselect inside each wanted bucket, on the ranks falling in it (as positions in scratch).
        int[] local = new int[ranks.length];
        for (int r = 0; r < ranks.length; r++) {
            local[r] = offsetOf[r] + ranks[r] - below[r];
        }
        for (int r = 0; r < ranks.length; ) {
            int end = r;
            while (end < ranks.length && bucketOf[end] == bucketOf[r]) {
                end++;
            }
            selectAll(scratch, offsetOf[r], offsetOf[r] + sizes[r], local, r, end);
            r = end;
        }
        for (int r = 0; r < ranks.length; r++) {
            a[ranks[r]] = scratch[local[r]];
        }
    }

    /** From this many values on, {@link #selectAll(double[], int, int[])} starts with a radix pass. */
    static final int RADIX_MIN = 16_384;
    private static final int BUCKET_BITS = 16;
    /** Per-thread bucket counters, all zero between calls. */
    private static final ThreadLocal<int[]> COUNTS = ThreadLocal.withInitial(() -> new int[1 << BUCKET_BITS]);

    /**
     * The bucket of a (non-NaN) value: the top bits of its IEEE 754 bits, with negative values' bits flipped so
     * that the buckets ascend with the values (a negative value's larger magnitude gives a smaller key).
     */
    static int bucket(double v) {
        long bits = Double.doubleToRawLongBits(v);
        long key = bits ^ ((bits >> 63) & 0x7FFF_FFFF_FFFF_FFFFL);
        return (int) (key >>> (64 - BUCKET_BITS)) ^ (1 << (BUCKET_BITS - 1));
    }

    private static void selectAll(double[] a, int from, int to, int[] ranks, int rFrom, int rTo) {
        if (rFrom >= rTo) {
            return;
        }
        int mid = (rFrom + rTo) >>> 1;
        int k = ranks[mid];
        select(a, from, to, k);
        selectAll(a, from, k, ranks, rFrom, mid);
        selectAll(a, k + 1, to, ranks, mid + 1, rTo);
    }

    private static double medianOfThree(double[] a, int i, int j, int k) {
        double x = a[i];
        double y = a[j];
        double z = a[k];
        if (x < y) {
            return y < z ? y : Math.max(x, z);
        }
        return x < z ? x : Math.max(y, z);
    }
}
