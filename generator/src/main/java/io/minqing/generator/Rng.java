package io.minqing.generator;

import java.util.SplittableRandom;

/**
 * Randomness derived from (seed, keys) only, so any case can be generated on its own (streaming, bounded memory)
 * and the same seed always gives the same district. No global random state, no {@code Math.random()}.
 */
final class Rng {

    private final SplittableRandom r;

    private Rng(long state) {
        this.r = new SplittableRandom(state);
    }

    /** A generator for the entity named by {@code keys} under {@code seed}. */
    static Rng of(long seed, long... keys) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (long k : keys) {
            h = mix(h ^ mix(k + 0x632BE59BD9B4E019L));
        }
        return new Rng(h);
    }

    /** SplitMix64's finaliser: a good 64-bit hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A stable 64-bit key for a string (String.hashCode is stable too, but only 32 bits). */
    static long key(String s) {
        long h = 1125899906842597L;
        for (int i = 0; i < s.length(); i++) {
            h = 31 * h + s.charAt(i);
        }
        return mix(h);
    }

    double uniform() {
        return r.nextDouble();
    }

    boolean chance(double p) {
        return r.nextDouble() < p;
    }

    int nextInt(int bound) {
        return r.nextInt(bound);
    }

    /** Uniform in [lo, hi] inclusive. */
    int between(int lo, int hi) {
        return lo + r.nextInt(hi - lo + 1);
    }

    long nextLong(long bound) {
        return r.nextLong(bound);
    }

    /** Standard normal by Box–Muller (written out so the sequence does not depend on a JDK's algorithm). */
    double gaussian() {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Lognormal with the given median and log-scale sigma. */
    double lognormal(double median, double sigma) {
        return median * Math.exp(sigma * gaussian());
    }

    <T> T pick(T[] items) {
        return items[r.nextInt(items.length)];
    }

    /** Index drawn with probability proportional to {@code weights} (non-negative, not all zero). */
    int weighted(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = r.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        for (int i = weights.length - 1; i >= 0; i--) {
            if (weights[i] > 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("all weights are zero");
    }
}
