package org.cytoarrow.testdata;

import java.util.SplittableRandom;

/**
 * Seeded random numbers for the demo cohort, reproducible across JDKs and platforms: built only on
 * {@link SplittableRandom#nextDouble()} (specified algorithm) and {@link StrictMath} (fdlibm results), never on
 * {@code Math.log} intrinsics or the JDK's {@code nextGaussian} (whose algorithm changed in JDK 17).
 */
final class Rng {
    /** Truncation of every simulated population, in standard deviations: keeps populations apart from the gates. */
    static final double TRUNCATION = 3.5;

    private final SplittableRandom random;

    Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** An independent stream for (a, b), e.g. (patient, tube), the same whatever else was drawn before. */
    static Rng of(long seed, int a, int b) {
        long s = seed;
        s = s * 0x9E37_79B9_7F4A_7C15L + a;
        s = s * 0xBF58_476D_1CE4_E5B9L + b;
        return new Rng(s);
    }

    double uniform() {
        return random.nextDouble();
    }

    double uniform(double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    int uniformInt(int lo, int hiInclusive) {
        return lo + random.nextInt(hiInclusive - lo + 1);
    }

    boolean bernoulli(double p) {
        return random.nextDouble() < p;
    }

    /** Standard normal (Marsaglia polar method; the second value is discarded to keep the stream simple). */
    double normal() {
        while (true) {
            double u = 2 * random.nextDouble() - 1;
            double v = 2 * random.nextDouble() - 1;
            double s = u * u + v * v;
            if (s > 0 && s < 1) {
                return u * StrictMath.sqrt(-2 * StrictMath.log(s) / s);
            }
        }
    }

    /** Standard normal truncated to [-TRUNCATION, TRUNCATION] (rejection). */
    double truncatedNormal() {
        while (true) {
            double z = normal();
            if (Math.abs(z) <= TRUNCATION) {
                return z;
            }
        }
    }

    /** Normal(mean, sd) truncated at {@link #TRUNCATION} standard deviations. */
    double normal(double mean, double sd) {
        return mean + sd * truncatedNormal();
    }

    /** Log-normal with the given median and log-scale sigma, truncated at {@link #TRUNCATION} sigma. */
    double logNormal(double median, double sigma) {
        return median * StrictMath.exp(sigma * truncatedNormal());
    }

    /** Exponential with the given rate. */
    double exponential(double rate) {
        return -StrictMath.log(1 - random.nextDouble()) / rate;
    }
}
