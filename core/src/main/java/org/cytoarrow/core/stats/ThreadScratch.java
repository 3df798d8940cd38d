package org.cytoarrow.core.stats;

/**
 * A scratch array per thread, reused from call to call up to a size limit: it stays in cache from one population
 * to the next, where a new array would be zeroed and pulled in from memory each time. Larger requests get a new
 * array. The content left by the previous use is garbage.
 */
final class ThreadScratch {
    private final int max;
    private final ThreadLocal<double[]> arrays;

    /** Scratch of {@code initial} values per thread at first, grown on demand up to {@code max} values. */
    ThreadScratch(int initial, int max) {
        this.max = max;
        this.arrays = ThreadLocal.withInitial(() -> new double[initial]);
    }

    /** An array of at least {@code size} values: this thread's reused one up to the limit, a new one above. */
    double[] get(int size) {
        if (size > max) {
            return new double[size];
        }
        double[] a = arrays.get();
        if (a.length < size) {
            a = new double[Math.min(max, Math.max(size, 2 * a.length))];
            arrays.set(a);
        }
        return a;
    }
}
