package dev.dspj.variable.search;

import dev.dspj.variable.Variable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * One variable's Parzen estimator for {@link TpeSampler}, over the variable's unit interval
 * ({@link Variable#toUnit}): a weighted mixture of one kernel per observation plus a prior kernel,
 * as Optuna builds it.
 *
 * <ul>
 *   <li>Choices and booleans: a categorical distribution; each observation's kernel puts its mass
 *       on the observed choice plus {@code priorWeight / (n + 1)} on every choice (then
 *       normalized), the prior kernel is uniform.</li>
 *   <li>Reals: truncated Gaussians on [0, 1] centred on the observations, with Optuna's bandwidth
 *       rule (the larger gap to a neighbour, the prior's centre 0.5 and the ends counted as
 *       neighbours; clipped to [1 / min(100, n + 2), 1]), and a prior kernel N(0.5, 1).</li>
 *   <li>Integers: the same Gaussians, discretized: a value's probability is the mass of its cell of
 *       the unit interval (the i-th of k values owns [i/k, (i+1)/k), which is Optuna's
 *       [low - step/2, high + step/2] rescaled).</li>
 * </ul>
 *
 * Positions returned by {@link #sample} for discrete variables are cell centres, which
 * {@link Variable#fromUnit} maps back to the value.
 */
final class ParzenEstimator {

    /** Terms this many nats below the largest are left out of a log-sum (they change nothing). */
    private static final double NEGLIGIBLE = 50;

    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double EPS = 1e-12;
    private static final int MAX_REJECTIONS = 100;
    private static final int INDEX_BITS = 21;
    private static final int INDEX_LIMIT = 1 << INDEX_BITS;
    private static final double POSITION_SCALE = 0x1p40;

    private enum Shape {
        CATEGORICAL,
        DISCRETE,
        CONTINUOUS
    }

    private final Shape shape;
    private final int cells;
    // The arrays a shape does not use are empty (NONE), never null.
    private static final double[] NONE = new double[0];
    // Categorical: the probability of each choice.
    private final double[] probabilities;
    // Numeric: the kernels.
    private final double[] mus;
    private final double[] sigmas;
    private final double[] cumulativeWeights;
    private final double[] logCoefficients;

    private ParzenEstimator(
            Shape shape,
            int cells,
            double[] probabilities,
            double[] mus,
            double[] sigmas,
            double[] cumulativeWeights,
            double[] logCoefficients) {
        this.shape = shape;
        this.cells = cells;
        this.probabilities = probabilities;
        this.mus = mus;
        this.sigmas = sigmas;
        this.cumulativeWeights = cumulativeWeights;
        this.logCoefficients = logCoefficients;
    }

    /**
     * Builds the estimator of a variable from observed positions.
     *
     * @param variable the variable
     * @param units the observations' positions in the unit interval, oldest first
     * @param weights one weight per observation, not negative
     * @param priorWeight the prior kernel's weight
     * @param considerEndpoints whether the ends of the interval count as neighbours of the
     *     outermost observations (Optuna's {@code consider_endpoints})
     * @param magicClip whether bandwidths are kept above 1 / min(100, n + 2) (Optuna's
     *     {@code consider_magic_clip})
     */
    static ParzenEstimator of(
            Variable variable,
            double[] units,
            double[] weights,
            double priorWeight,
            boolean considerEndpoints,
            boolean magicClip) {
        int n = units.length;
        double[] mixture = new double[n + 1];
        double total = 0;
        for (int i = 0; i < n; i++) {
            mixture[i] = weights[i];
            total += weights[i];
        }
        mixture[n] = n == 0 ? 1 : priorWeight;
        total += mixture[n];
        for (int i = 0; i <= n; i++) {
            mixture[i] /= total;
        }
        return switch (variable.kind()) {
            case CHOICE, BOOLEAN -> categorical((int) variable.cardinality(), units, mixture, n == 0 ? 1 : priorWeight);
            case INTEGER ->
                numeric(
                        Shape.DISCRETE,
                        (int) Math.min(Integer.MAX_VALUE, variable.cardinality()),
                        units,
                        mixture,
                        considerEndpoints,
                        magicClip);
            case FLOAT -> numeric(Shape.CONTINUOUS, 0, units, mixture, considerEndpoints, magicClip);
        };
    }

    private static ParzenEstimator categorical(int choices, double[] units, double[] mixture, double priorWeight) {
        int n = units.length;
        double[] probabilities = new double[choices];
        if (n == 0) {
            Arrays.fill(probabilities, 1.0 / choices);
        } else {
            // Each observation's kernel: (smoothing + one-hot) / (1 + choices * smoothing).
            double smoothing = priorWeight / (n + 1);
            double rowSum = 1 + choices * smoothing;
            double observedWeight = 0;
            for (int i = 0; i < n; i++) {
                probabilities[cell(units[i], choices)] += mixture[i] / rowSum;
                observedWeight += mixture[i];
            }
            double base = observedWeight * smoothing / rowSum + mixture[n] / choices;
            for (int c = 0; c < choices; c++) {
                probabilities[c] += base;
            }
        }
        return new ParzenEstimator(Shape.CATEGORICAL, choices, probabilities, NONE, NONE, NONE, NONE);
    }

    private static ParzenEstimator numeric(
            Shape shape, int cells, double[] units, double[] mixture, boolean considerEndpoints, boolean magicClip) {
        int n = units.length;
        double[] mus = Arrays.copyOf(units, n + 1);
        double[] sigmas = new double[n + 1];
        mus[n] = 0.5;
        if (n > 0) {
            bandwidths(units, sigmas, considerEndpoints, magicClip);
        }
        sigmas[n] = 1.0;
        if (shape == Shape.DISCRETE) {
            return merged(cells, mus, sigmas, mixture);
        }
        return build(shape, cells, mus, sigmas, mixture);
    }

    /**
     * Integer observations repeat, and repeated observations mostly share a bandwidth: kernels
     * with the same centre and bandwidth are merged into one carrying their summed weight (the
     * mixture is the same, its evaluation much cheaper).
     */
    private static ParzenEstimator merged(int cells, double[] mus, double[] sigmas, double[] mixture) {
        Map<Kernel, Integer> index = new HashMap<>();
        double[] mergedMus = new double[mus.length];
        double[] mergedSigmas = new double[mus.length];
        double[] mergedWeights = new double[mus.length];
        int count = 0;
        for (int i = 0; i < mus.length; i++) {
            Integer at = index.putIfAbsent(new Kernel(mus[i], sigmas[i]), count);
            if (at == null) {
                mergedMus[count] = mus[i];
                mergedSigmas[count] = sigmas[i];
                mergedWeights[count] = mixture[i];
                count++;
            } else {
                mergedWeights[at] += mixture[i];
            }
        }
        return build(
                Shape.DISCRETE,
                cells,
                Arrays.copyOf(mergedMus, count),
                Arrays.copyOf(mergedSigmas, count),
                Arrays.copyOf(mergedWeights, count));
    }

    private record Kernel(double mu, double sigma) {}

    private static ParzenEstimator build(Shape shape, int cells, double[] mus, double[] sigmas, double[] mixture) {
        int n = mus.length - 1;
        double[] cumulative = new double[n + 1];
        double[] logCoefficients = new double[n + 1];
        double running = 0;
        for (int i = 0; i <= n; i++) {
            running += mixture[i];
            cumulative[i] = running;
            double logMassInside = Normal.logMass(-mus[i] / sigmas[i], (1 - mus[i]) / sigmas[i]);
            logCoefficients[i] = Math.log(mixture[i] + EPS)
                    - logMassInside
                    - (shape == Shape.CONTINUOUS ? Math.log(sigmas[i]) + LOG_SQRT_2PI : 0);
        }
        return new ParzenEstimator(shape, cells, NONE, mus, sigmas, cumulative, logCoefficients);
    }

    /**
     * Optuna's univariate bandwidths of the observations: along the sorted observations with the
     * prior's centre 0.5 among them and the ends 0 and 1 around them, each gets the larger gap to
     * its neighbours (the outermost the gap inwards, unless endpoints are considered). Equal
     * observations keep their order of appearance, the prior's centre after them.
     */
    private static void bandwidths(double[] units, double[] sigmas, boolean considerEndpoints, boolean magicClip) {
        int n = units.length;
        int m = n + 1;
        int[] order = sortedOrder(units);
        double[] line = new double[m + 2];
        line[m + 1] = 1;
        for (int i = 0; i < m; i++) {
            line[i + 1] = order[i] == n ? 0.5 : units[order[i]];
        }
        double minSigma = magicClip ? 1.0 / Math.min(100.0, 1.0 + m) : EPS;
        for (int i = 0; i < m; i++) {
            if (order[i] == n) {
                continue;
            }
            double gap;
            if (!considerEndpoints && i == 0) {
                gap = line[2] - line[1];
            } else if (!considerEndpoints && i == m - 1) {
                gap = line[m] - line[m - 1];
            } else {
                gap = Math.max(line[i + 1] - line[i], line[i + 2] - line[i + 1]);
            }
            sigmas[order[i]] = Math.max(minSigma, Math.min(1.0, gap));
        }
    }

    /**
     * The order of the observations and the prior's centre (index n) by position, ties by index:
     * one primitive sort of keys packing the position (to 2^-40) above the index.
     */
    private static int[] sortedOrder(double[] units) {
        int n = units.length;
        int m = n + 1;
        int[] order = new int[m];
        if (m >= INDEX_LIMIT) {
            Integer[] boxed = new Integer[m];
            for (int i = 0; i < m; i++) {
                boxed[i] = i;
            }
            Arrays.sort(boxed, (a, b) -> Double.compare(a == n ? 0.5 : units[a], b == n ? 0.5 : units[b]));
            for (int i = 0; i < m; i++) {
                order[i] = boxed[i];
            }
            return order;
        }
        long[] keys = new long[m];
        for (int i = 0; i < m; i++) {
            double u = i == n ? 0.5 : Math.max(0, Math.min(1, units[i]));
            keys[i] = ((long) Math.floor(u * POSITION_SCALE) << INDEX_BITS) | i;
        }
        Arrays.sort(keys);
        for (int i = 0; i < m; i++) {
            order[i] = (int) (keys[i] & (INDEX_LIMIT - 1));
        }
        return order;
    }

    /** The kernels' centres, the prior's last (for tests; null for choices). */
    double @Nullable [] mus() {
        return shape == Shape.CATEGORICAL ? null : mus.clone();
    }

    /** The kernels' bandwidths, the prior's last (for tests; null for choices). */
    double @Nullable [] sigmas() {
        return shape == Shape.CATEGORICAL ? null : sigmas.clone();
    }

    /**
     * Draws a position from the mixture.
     *
     * @param random the source of randomness
     * @return a position in [0, 1] (a cell centre for discrete variables)
     */
    double sample(RandomGenerator random) {
        if (shape == Shape.CATEGORICAL) {
            double u = random.nextDouble();
            double running = 0;
            for (int c = 0; c < cells; c++) {
                running += probabilities[c];
                if (u < running) {
                    return (c + 0.5) / cells;
                }
            }
            return (cells - 0.5) / cells;
        }
        double u = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
        int kernel = Arrays.binarySearch(cumulativeWeights, u);
        kernel = kernel >= 0 ? kernel : Math.min(-kernel - 1, cumulativeWeights.length - 1);
        double x = Double.NaN;
        for (int attempt = 0; attempt < MAX_REJECTIONS; attempt++) {
            double draw = mus[kernel] + sigmas[kernel] * random.nextGaussian();
            if (draw >= 0 && draw <= 1) {
                x = draw;
                break;
            }
        }
        if (Double.isNaN(x)) {
            x = Math.max(0, Math.min(1, mus[kernel] + sigmas[kernel] * random.nextGaussian()));
        }
        return shape == Shape.DISCRETE ? (cell(x, cells) + 0.5) / cells : x;
    }

    /**
     * The log density (log probability for discrete variables) of positions.
     *
     * @param positions positions in [0, 1]
     * @return the log densities, in order
     */
    double[] logPdf(double[] positions) {
        double[] out = new double[positions.length];
        if (shape == Shape.CATEGORICAL) {
            for (int i = 0; i < positions.length; i++) {
                out[i] = Math.log(probabilities[cell(positions[i], cells)] + EPS);
            }
            return out;
        }
        double[] scratch = new double[mus.length];
        if (shape == Shape.CONTINUOUS) {
            for (int i = 0; i < positions.length; i++) {
                out[i] = continuousLogPdf(positions[i], scratch);
            }
            return out;
        }
        // Candidates crowd into few cells: each distinct cell is computed once.
        Map<Integer, Double> byCell = new HashMap<>();
        for (int i = 0; i < positions.length; i++) {
            out[i] = byCell.computeIfAbsent(cell(positions[i], cells), c -> discreteLogPmf(c, scratch));
        }
        return out;
    }

    private double continuousLogPdf(double x, double[] terms) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < mus.length; j++) {
            double z = (x - mus[j]) / sigmas[j];
            terms[j] = logCoefficients[j] - 0.5 * z * z;
            max = Math.max(max, terms[j]);
        }
        return logSumExp(terms, max);
    }

    private double discreteLogPmf(int cell, double[] terms) {
        double low = (double) cell / cells;
        double high = (double) (cell + 1) / cells;
        // A cheap upper bound of each kernel's term first, so far kernels skip the exact mass.
        double bound = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < mus.length; j++) {
            double zLow = (low - mus[j]) / sigmas[j];
            double zHigh = (high - mus[j]) / sigmas[j];
            double gap = Math.max(0, Math.max(zLow, -zHigh));
            terms[j] = logCoefficients[j] - 0.5 * gap * gap;
            bound = Math.max(bound, terms[j]);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < mus.length; j++) {
            if (terms[j] < bound - NEGLIGIBLE) {
                terms[j] = Double.NEGATIVE_INFINITY;
                continue;
            }
            terms[j] = logCoefficients[j] + Normal.logMass((low - mus[j]) / sigmas[j], (high - mus[j]) / sigmas[j]);
            max = Math.max(max, terms[j]);
        }
        return logSumExp(terms, max);
    }

    private static double logSumExp(double[] terms, double max) {
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        double floor = max - NEGLIGIBLE;
        for (double term : terms) {
            if (term > floor) {
                sum += Math.exp(term - max);
            }
        }
        return max + Math.log(sum);
    }

    private static int cell(double position, int cells) {
        return (int) Math.max(0, Math.min(cells - 1, Math.floor(position * cells)));
    }

    /** The standard normal distribution's tail masses, accurate in both tails. */
    static final class Normal {

        /** Beyond this many standard deviations on both sides the mass is 1 to double precision. */
        private static final double WHOLE = 8.5;
        /** Cells narrower than this many standard deviations are integrated by series. */
        private static final double NARROW = 0.3;

        private Normal() {}

        /**
         * log(Φ(b) − Φ(a)) for a ≤ b, computed from the nearer tail so that masses far out keep
         * their relative accuracy.
         */
        static double logMass(double a, double b) {
            if (a < -WHOLE && b > WHOLE) {
                return 0;
            }
            double width = b - a;
            double mass;
            if (width < NARROW) {
                // Narrow cells: the Taylor series of the density around the midpoint, integrated
                // (Hermite terms to width^4), is within 5e-4 of the mass for |mid| <= 8 and needs no
                // difference of tails, which would cancel.
                double mid = 0.5 * (a + b);
                double m2 = mid * mid;
                double w2 = width * width;
                mass = width
                        * Math.exp(-0.5 * m2 - LOG_SQRT_2PI)
                        * (1 + (m2 - 1) * w2 / 24 + (m2 * m2 - 6 * m2 + 3) * w2 * w2 / 1920);
            } else if (a >= 0) {
                mass = upperTail(a) - upperTail(b);
            } else if (b <= 0) {
                mass = upperTail(-b) - upperTail(-a);
            } else {
                mass = 1 - upperTail(-a) - upperTail(b);
            }
            return Math.log(Math.max(mass, Double.MIN_NORMAL));
        }

        /** 1 − Φ(z) = erfc(z / √2) / 2. */
        static double upperTail(double z) {
            return 0.5 * erfc(z / Math.sqrt(2));
        }

        /**
         * The complementary error function, with a relative error below 1.2e-7 everywhere
         * (the Chebyshev-fitted form of Press et al., Numerical Recipes, §6.2).
         */
        static double erfc(double x) {
            double z = Math.abs(x);
            double t = 1 / (1 + 0.5 * z);
            double r = t
                    * Math.exp(
                            -z * z
                                    - 1.26551223
                                    + t
                                            * (1.00002368
                                                    + t
                                                            * (0.37409196
                                                                    + t
                                                                            * (0.09678418
                                                                                    + t
                                                                                            * (-0.18628806
                                                                                                    + t
                                                                                                            * (0.27886807
                                                                                                                    + t
                                                                                                                            * (-1.13520398
                                                                                                                                    + t
                                                                                                                                            * (1.48851587
                                                                                                                                                    + t
                                                                                                                                                            * (-0.82215223
                                                                                                                                                                    + t
                                                                                                                                                                            * 0.17087277)))))))));
            return x >= 0 ? r : 2 - r;
        }
    }
}
