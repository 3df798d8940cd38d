package org.cytoarrow.core.stats;

import java.util.Arrays;

/**
 * Order statistics by selection (quickselect) on a scratch array the caller owns and lets us reorder.
 *
 * <p>{@link #select(double[], int, int, int)} rearranges {@code a[from, to)} so that {@code a[k]} holds the value a
 * full sort would put there, everything before it is {@code <=} and everything after is {@code >=}. Expected linear
 * time (median-of-three pivot; a branch-free partition into values below the pivot, equal to it and above it);
 * after {@code 2 log2(n)} rounds it sorts the remaining range, so the worst case is O(n log n), never quadratic.
 * The array must not contain NaN. Not thread-safe on a shared array.
 */
final class Selection {
    private static final int SMALL = 16;

    private Selection() {
    }

    /** Places the order statistic of 0-based rank {@code k} at {@code a[k]}, {@code from <= k < to}. */
    static void select(double[] a, int from, int to, int k) {
        int lo = from;
        int hi = to;
        int budget = 2 * (32 - Integer.numberOfLeadingZeros(Math.max(1, to - from)));
        while (hi - lo > SMALL && budget-- > 0) {
            double pivot = medianOfThree(a, lo, (lo + hi) >>> 1, hi - 1);
            int less = partitionBelow(a, lo, hi, pivot);
            if (k < less) {
                hi = less;
                continue;
            }
            // a[less, equal) == pivot (nextUp(pivot) bounds it: both zeros count as equal, as in comparisons)
            int equal = pivot == Double.POSITIVE_INFINITY ? hi : partitionBelow(a, less, hi, Math.nextUp(pivot));
            if (k < equal) {
                return;
            }
            lo = equal;
        }
        Arrays.sort(a, lo, hi);
    }

    /**
     * Moves the values of {@code a[from, to)} below {@code bound} to its start, keeping the others after them;
     * returns the end of the first part. Branch-free (Lomuto's scheme with an unconditional swap): random data
     * makes the comparison unpredictable, and a mispredicted branch per value costs more than the two stores.
     */
    private static int partitionBelow(double[] a, int from, int to, double bound) {
        int j = from;
        for (int i = from; i < to; i++) {
            double v = a[i];
            a[i] = a[j];
            a[j] = v;
            j += v < bound ? 1 : 0;
        }
        return j;
    }

    /**
     * Puts the order statistic of every rank in {@code ranks} (sorted ascending, distinct, inside [0, n)) at
     * {@code a[rank]}. The rest of {@code a[0, n)} is scratch afterwards: it may no longer hold the same values.
     *
     * <p>Small arrays: quickselect on the middle rank, recursing into both sides (k ranks cost about n log k).
     * From {@value #SAMPLE_MIN} values on, sampled brackets first (see {@link #bracketSelectAll}): a median costs
     * one comparison pass and a quickselect on a few percent of the values. When the ranks are too spread out for
     * that, from {@value #RADIX_MIN} values on, a radix step: one pass counts the values per bucket of the top
     * {@value #BUCKET_BITS} bits of an order-preserving integer key (sign, exponent and 4 mantissa bits: 16 buckets
     * per octave), which tells the bucket of each wanted rank; a second pass copies only the values of those
     * buckets aside, and quickselect runs on each of them alone. Both passes are branch-predictable, unlike
     * quickselect's partitioning of random data, so this is several times faster. Ranks follow the order of
     * {@link Arrays#sort(double[])} (-0.0 before 0.0).
     */
    static void selectAll(double[] a, int n, int[] ranks) {
        if (n >= SAMPLE_MIN && ranks.length > 0 && bracketSelectAll(a, n, ranks)) {
            return;
        }
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

    /** From this many values on, {@link #selectAll(double[], int, int[])} first tries sampled brackets. */
    static final int SAMPLE_MIN = 32_768;
    /** Most values sampled to place the brackets. */
    private static final int SAMPLE = 2048;
    /** Values per overflow check of a bracket pass. */
    private static final int BLOCK = 4096;
    /** Most brackets (passes over the data) before the radix step is cheaper. */
    private static final int MAX_BRACKETS = 3;

    /**
     * Selection through sampled brackets (Floyd and Rivest 1975, "Expected time bounds for selection", CACM
     * 18:165): the order statistics of a random sample of s values give, for each wanted rank k, bounds L and H
     * that hold the k-th value with high probability (sample ranks k s / n &plusmn; 2 &radic;s, four standard
     * deviations of where it falls in the sample). One branch-free pass per bracket counts the values below L and
     * copies the values in [L, H] aside (about 4 / &radic;s of them), and quickselect runs on those. Bounds are
     * compared as order-preserving keys, so ranks follow {@link Arrays#sort(double[])}; a zero found inside a
     * bracket gets its sign from counting the bracket's negative values and zeros.
     *
     * <p>Returns false, with {@code a} untouched, when the ranks need more than {@value #MAX_BRACKETS} brackets
     * or a bracket missed its rank or overflowed (many equal values): the caller then selects another way. The
     * sample is drawn with a fixed seed, so the outcome is reproducible.
     */
    private static boolean bracketSelectAll(double[] a, int n, int[] ranks) {
        int s = Math.min(SAMPLE, n / 2);
        double[] sample = new double[s];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(0x5EEDL + n);
        for (int i = 0; i < s; i++) {
            // 31 random bits scaled to [0, n): no rejection loop (nextInt(n) has one, whose rare second round made
            // the JIT recompile this method); the bias, below n / 2^31, does not matter for a pivot sample
            sample[i] = a[(int) ((rnd.nextLong() >>> 33) * n >>> 31)];
        }
        // Sample-rank bracket of each rank, merged where they overlap.
        int delta = (int) Math.ceil(2 * Math.sqrt(s));
        int[] lo = new int[MAX_BRACKETS];
        int[] hi = new int[MAX_BRACKETS];
        int[] firstRank = new int[MAX_BRACKETS + 1];
        int brackets = 0;
        for (int r = 0; r < ranks.length; r++) {
            double at = (ranks[r] + 0.5) * s / n - 0.5;
            int l = Math.max(0, (int) Math.floor(at) - delta);
            int h = Math.min(s - 1, (int) Math.ceil(at) + delta);
            if (brackets > 0 && l <= hi[brackets - 1] + 1) {
                hi[brackets - 1] = h;
                continue;
            }
            if (brackets == MAX_BRACKETS) {
                return false;
            }
            lo[brackets] = l;
            hi[brackets] = h;
            firstRank[brackets++] = r;
        }
        firstRank[brackets] = ranks.length;
        int[] bounds = new int[2 * brackets];
        for (int b = 0; b < brackets; b++) {
            bounds[2 * b] = lo[b];
            bounds[2 * b + 1] = hi[b];
        }
        bounds = Arrays.stream(bounds).distinct().sorted().toArray();
        selectAll(sample, 0, s, bounds, 0, bounds.length);

        double[] found = new double[ranks.length];
        for (int b = 0; b < brackets; b++) {
            // Halved keys (63 bits) subtract without overflow, so "less than" is the sign of a difference: no
            // branches to mispredict. Halving merges keys 2j and 2j + 1, so the bounds widen to even / odd ones.
            long low = lo[b] == 0 ? Long.MIN_VALUE >> 1 : (key(sample[lo[b]]) & ~1L) >> 1;
            long high = hi[b] == s - 1 ? Long.MAX_VALUE >> 1 : (key(sample[hi[b]]) | 1L) >> 1;
            int cap = (int) Math.min(n, 2L * (hi[b] - lo[b] + 1) * n / s + 2 * BLOCK);
            double[] in = BRACKET_BUFFER.get(cap);
            long counts = bracketPass(a, n, low, high, in, cap);
            if (counts < 0) {
                return false; // many equal values, or an unlucky sample
            }
            int m = (int) counts;
            int below = (int) (counts >>> 32);
            int from = firstRank[b];
            int to = firstRank[b + 1];
            int[] local = new int[to - from];
            for (int r = from; r < to; r++) {
                local[r - from] = ranks[r] - below;
                if (local[r - from] < 0 || local[r - from] >= m) {
                    return false;
                }
            }
            selectAll(in, 0, m, local, 0, local.length);
            for (int r = from; r < to; r++) {
                found[r] = signedZero(in, m, local[r - from]);
            }
        }
        for (int r = 0; r < ranks.length; r++) {
            a[ranks[r]] = found[r];
        }
        return true;
    }

    /**
     * Copies the values of {@code a[0, n)} whose halved keys lie in [{@code low}, {@code high}] to the start of
     * {@code in}, which has room for {@code cap} of them; returns (number below {@code low}) &lt;&lt; 32 | (number
     * copied), or -1 if they did not fit.
     */
    private static long bracketPass(double[] a, int n, long low, long high, double[] in, int cap) {
        int m = 0;
        int below = 0;
        for (int start = 0; start < n; start += BLOCK) {
            if (m > cap - BLOCK) {
                return -1;
            }
            int end = Math.min(n, start + BLOCK);
            for (int i = start; i < end; i++) {
                double v = a[i];
                long h = key(v) >> 1;
                int less = (int) ((h - low) >>> 63);
                below += less;
                in[m] = v;
                m += 1 - less - (int) ((high - h) >>> 63);
            }
        }
        return (long) below << 32 | m;
    }

    /**
     * The value at local rank {@code t} of {@code in[0, m)} after selection, with a zero's sign as a sort would
     * have it (quickselect compares -0.0 and 0.0 as equal): -0.0 when fewer than t + 1 values are negative or -0.0.
     */
    private static double signedZero(double[] in, int m, int t) {
        double v = in[t];
        if (v != 0) {
            return v;
        }
        int negativeOrMinusZero = 0;
        for (int i = 0; i < m; i++) {
            negativeOrMinusZero += key(in[i]) < 0 ? 1 : 0;
        }
        return t < negativeOrMinusZero ? -0.0 : 0.0;
    }

    /** Per thread, the buffer a bracket's values are copied to (reused up to 2 MB). */
    private static final ThreadScratch BRACKET_BUFFER = new ThreadScratch(0, 1 << 18);

    /** An order-preserving integer key of a (non-NaN) value: signed comparison of keys orders like a sort. */
    private static long key(double v) {
        long bits = Double.doubleToRawLongBits(v);
        return bits ^ ((bits >> 63) & 0x7FFF_FFFF_FFFF_FFFFL);
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
        return (int) (key(v) >>> (64 - BUCKET_BITS)) ^ (1 << (BUCKET_BITS - 1));
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
