package dev.dspj.optimize;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Python's {@code random.Random}, bit for bit: the Mersenne Twister (MT19937) seeded from an
 * integer exactly as CPython seeds it, and the same {@code shuffle}, {@code sample},
 * {@code randint}, {@code choice} and {@code random} algorithms. DSPy's optimizers pick demos with
 * {@code random.Random(seed)}; with this class the same training set and seed give the same demos
 * in DSPJ as in DSPy. Not thread-safe.
 */
final class PyRandom {

    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] mt = new int[N];
    private int mti;

    /**
     * Seeds the generator as {@code random.Random(seed)} does for an int seed (the absolute value,
     * split into 32-bit words, through {@code init_by_array}).
     *
     * @param seed the seed
     */
    PyRandom(long seed) {
        long magnitude = seed == Long.MIN_VALUE ? Long.MIN_VALUE : Math.abs(seed);
        int low = (int) magnitude;
        int high = (int) (magnitude >>> 32);
        initByArray(high == 0 ? new int[] {low} : new int[] {low, high});
    }

    private void initGenrand(int s) {
        mt[0] = s;
        for (mti = 1; mti < N; mti++) {
            mt[mti] = 1812433253 * (mt[mti - 1] ^ (mt[mti - 1] >>> 30)) + mti;
        }
    }

    private void initByArray(int[] key) {
        initGenrand(19650218);
        int i = 1;
        int j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.length) {
                j = 0;
            }
        }
        for (int k = N - 1; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x80000000;
    }

    private PyRandom(PyRandom state) {
        System.arraycopy(state.mt, 0, mt, 0, N);
        mti = state.mti;
    }

    /** A generator in this one's state: it draws what this one would draw next. */
    PyRandom copy() {
        return new PyRandom(this);
    }

    /** Puts this generator back in a copy's state, as if nothing had been drawn since the copy. */
    void restore(PyRandom state) {
        System.arraycopy(state.mt, 0, mt, 0, N);
        mti = state.mti;
    }

    /** The next 32 random bits, as an unsigned value in a long (CPython's {@code genrand_uint32}). */
    long nextUint32() {
        if (mti >= N) {
            int kk;
            for (kk = 0; kk < N - M; kk++) {
                int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
                mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
            }
            for (; kk < N - 1; kk++) {
                int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
                mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
            }
            int y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
            mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
            mti = 0;
        }
        int y = mt[mti++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }

    /**
     * {@code getrandbits(k)} for 1 to 32 bits.
     *
     * @param k the number of bits
     * @return a value in [0, 2^k)
     */
    long getrandbits(int k) {
        if (k < 1 || k > 32) {
            throw new IllegalArgumentException("getrandbits supports 1 to 32 bits here, got " + k);
        }
        return nextUint32() >>> (32 - k);
    }

    /**
     * A float in [0, 1) with 53 random bits, as {@code random()}.
     *
     * @return the value
     */
    double random() {
        long a = nextUint32() >>> 5;
        long b = nextUint32() >>> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /** CPython's {@code _randbelow_with_getrandbits}: uniform in [0, n). */
    int randbelow(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("randbelow needs a positive bound, got " + n);
        }
        int k = 32 - Integer.numberOfLeadingZeros(n);
        long r = getrandbits(k);
        while (r >= n) {
            r = getrandbits(k);
        }
        return (int) r;
    }

    /**
     * {@code randint(a, b)}: uniform in [a, b], both ends included.
     *
     * @param a the lowest value
     * @param b the highest value
     * @return the value
     */
    int randint(int a, int b) {
        if (b < a) {
            throw new IllegalArgumentException("empty range for randint(" + a + ", " + b + ")");
        }
        return a + randbelow(b - a + 1);
    }

    /**
     * {@code choice(seq)}.
     *
     * @param items a non-empty list
     * @param <T> the item type
     * @return one item
     */
    <T> T choice(List<T> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("cannot choose from an empty sequence");
        }
        return items.get(randbelow(items.size()));
    }

    /**
     * {@code shuffle(x)} in place.
     *
     * @param items the list to shuffle
     * @param <T> the item type
     */
    <T> void shuffle(List<T> items) {
        for (int i = items.size() - 1; i > 0; i--) {
            int j = randbelow(i + 1);
            T swap = items.get(i);
            items.set(i, items.get(j));
            items.set(j, swap);
        }
    }

    /**
     * {@code sample(population, k)}: k distinct items, in selection order, with CPython's two
     * strategies (a pool for small populations, a set of picked indexes for large ones).
     *
     * @param population the items
     * @param k how many, 0 to the population's size
     * @param <T> the item type
     * @return the sample
     */
    <T> List<T> sample(List<T> population, int k) {
        int n = population.size();
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("sample larger than population or is negative: k=" + k + ", n=" + n);
        }
        List<T> result = new ArrayList<>(k);
        int setsize = 21;
        if (k > 5) {
            setsize += (int) Math.pow(4, Math.ceil(Math.log(k * 3) / Math.log(4)));
        }
        if (n <= setsize) {
            List<T> pool = new ArrayList<>(population);
            for (int i = 0; i < k; i++) {
                int j = randbelow(n - i);
                result.add(pool.get(j));
                pool.set(j, pool.get(n - i - 1));
            }
        } else {
            Set<Integer> selected = new HashSet<>();
            for (int i = 0; i < k; i++) {
                int j = randbelow(n);
                while (selected.contains(j)) {
                    j = randbelow(n);
                }
                selected.add(j);
                result.add(population.get(j));
            }
        }
        return result;
    }
}
