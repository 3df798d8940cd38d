package org.cytoarrow.batch;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the machine itself gives a second thread, measured beside {@link BatchBenchmark}'s batch runs: fixed work cut
 * into chunks that one or two threads take from a shared counter (as the batch's workers take samples), so a slow
 * thread is made up for by the other. Two kinds of work:
 * <ul>
 *   <li>{@link Kind#CPU}: eight independent fused multiply-add chains over 8 KB, all in the L1 cache, no allocation:
 *       the ceiling for work that shares nothing between cores;</li>
 *   <li>{@link Kind#MEMORY}: each chunk sums a private 16 MB array (fresh per thread, about a batch sample's
 *       working set), so two threads share the L3 cache and memory bandwidth.</li>
 * </ul>
 * On a shared virtual machine the hypervisor and the neighbours decide how much of a second core a guest gets, and
 * it changes from second to second; measured next to each pair of batch runs, it tells the batch's own losses from
 * the host's.
 */
final class HostScaling {
    enum Kind { CPU, MEMORY }

    private static final int CHUNKS = 120;
    private static final int MEMORY_DOUBLES = 2 << 20; // 16 MB

    private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "bench-host-scaling");
        t.setDaemon(true);
        return t;
    });
    private volatile double sink;

    /** Seconds the fixed work of {@code kind} takes with {@code threads} (1 or 2) threads. */
    double seconds(Kind kind, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        Future<?>[] running = new Future<?>[threads];
        for (int k = 0; k < threads; k++) {
            running[k] = pool.submit(() -> {
                double s = 0;
                if (kind == Kind.CPU) {
                    double[] a = new double[1024];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = i;
                    }
                    while (next.getAndIncrement() < CHUNKS) {
                        s += fmaChains(a, 4000);
                    }
                } else {
                    double[] a = new double[MEMORY_DOUBLES];
                    java.util.Arrays.fill(a, 1.0);
                    while (next.getAndIncrement() < CHUNKS / 4) {
                        s += sum(a);
                    }
                }
                sink = s;
                return null;
            });
        }
        for (Future<?> f : running) {
            f.get();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * The ratio of one thread's time to two threads' for the work of {@code kind}, each done {@value #PAIRS} times in
     * alternating order ({@code 1, 2, 2, 1, ...}), their times added: both thread counts see the host's changing
     * speed over the same second or so.
     */
    double scaling(Kind kind) throws Exception {
        double one = 0;
        double two = 0;
        for (int pair = 0; pair < PAIRS; pair++) {
            if (pair % 2 == 0) {
                one += seconds(kind, 1);
                two += seconds(kind, 2);
            } else {
                two += seconds(kind, 2);
                one += seconds(kind, 1);
            }
        }
        return one / two;
    }

    private static final int PAIRS = 6;

    private static double fmaChains(double[] a, int reps) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        for (int r = 0; r < reps; r++) {
            for (int i = 0; i < a.length; i += 8) {
                s0 = Math.fma(a[i], 1.0000001, s0);
                s1 = Math.fma(a[i + 1], 1.0000001, s1);
                s2 = Math.fma(a[i + 2], 1.0000001, s2);
                s3 = Math.fma(a[i + 3], 1.0000001, s3);
                s4 = Math.fma(a[i + 4], 1.0000001, s4);
                s5 = Math.fma(a[i + 5], 1.0000001, s5);
                s6 = Math.fma(a[i + 6], 1.0000001, s6);
                s7 = Math.fma(a[i + 7], 1.0000001, s7);
            }
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    private static double sum(double[] a) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int i = 0; i < a.length; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
