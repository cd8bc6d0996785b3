package dev.dspj.variable.search;

import dev.dspj.variable.Configuration;
import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The Tree-structured Parzen Estimator (Bergstra et al., 2011), independent per variable, as
 * Optuna's {@code TPESampler} does it, and its multi-objective form MOTPE (Ozaki et al., 2020).
 *
 * <p>After {@link Builder#startupTrials(int) startupTrials} completed trials (proposed until then
 * from a Latin hypercube), each proposal splits the completed trials into the best
 * {@code gamma(n)} ("below") and the rest ("above"). For every active variable, in dependency
 * order so that a conditional variable is decided after the variable it depends on, it fits one
 * {@link ParzenEstimator} {@code l(x)} to the values the below trials took and one {@code g(x)}
 * to the above trials' values (each only over the trials where the variable was active), draws
 * {@link Builder#candidates(int) candidates} values from {@code l} and keeps the one that
 * maximizes {@code log l(x) - log g(x)}.
 *
 * <ul>
 *   <li>One objective: the split is by value. {@code gamma(n) = min(ceil(0.1 n), 25)}; every
 *       estimator weights its observations with Optuna's {@code default_weights} (equal below 25
 *       observations, then older ones ramp down to 1/n).</li>
 *   <li>Several objectives (MOTPE): the split takes whole fronts of non-dominated sorting and,
 *       from the first front that does not fit, the subset that greedily maximizes the
 *       hypervolume (Optuna's HSSP tie-break). {@code gamma(n) = ceil(0.1 n)} without the cap, and
 *       the below trials weigh the same, as Optuna's multi-objective default (v5) has it.</li>
 *   <li>Pending trials, with {@link Builder#constantLiar(boolean)}, join the above trials so that
 *       parallel proposals move apart.</li>
 *   <li>A candidate that violates a constraint or repeats a completed or pending configuration
 *       is redrawn a few times, then replaced by a unique random configuration.</li>
 * </ul>
 *
 * <pre>{@code
 * Sampler tpe = TpeSampler.builder().startupTrials(10).build();
 * Optional<Configuration> next = tpe.propose(space, completed, pending, random);
 * }</pre>
 */
public final class TpeSampler implements Sampler {

    /** Completed trials before TPE takes over from the Latin hypercube (Optuna: 10). */
    public static final int DEFAULT_STARTUP_TRIALS = 10;
    /** Values drawn from {@code l(x)} per variable and proposal (Optuna: 24). */
    public static final int DEFAULT_CANDIDATES = 24;
    /** The weight of the prior kernel (Optuna: 1.0). */
    public static final double DEFAULT_PRIOR_WEIGHT = 1.0;
    /** Whole proposals redrawn when one violates a constraint or repeats a trial. */
    static final int MAX_REDRAWS = 8;

    private final int startupTrials;
    private final int candidates;
    private final @Nullable IntUnaryOperator gamma;
    private final IntFunction<double[]> weights;
    private final double priorWeight;
    private final boolean considerEndpoints;
    private final boolean magicClip;
    private final boolean constantLiar;

    private TpeSampler(Builder builder) {
        this.startupTrials = builder.startupTrials;
        this.candidates = builder.candidates;
        this.gamma = builder.gamma;
        this.weights = builder.weights;
        this.priorWeight = builder.priorWeight;
        this.considerEndpoints = builder.considerEndpoints;
        this.magicClip = builder.magicClip;
        this.constantLiar = builder.constantLiar;
    }

    /**
     * A TPE sampler with Optuna's defaults.
     *
     * @return the sampler
     */
    public static TpeSampler create() {
        return builder().build();
    }

    /**
     * A builder, starting from Optuna's defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Optuna's default split for one objective: {@code min(ceil(0.1 n), 25)} trials below.
     *
     * @param n completed trials
     * @return trials below
     */
    public static int defaultGamma(int n) {
        return Math.min((int) Math.ceil(0.1 * n), 25);
    }

    /**
     * Optuna's default split for several objectives: {@code ceil(0.1 n)} trials below, no cap.
     *
     * @param n completed trials
     * @return trials below
     */
    public static int multiObjectiveGamma(int n) {
        return (int) Math.ceil(0.1 * n);
    }

    /**
     * Optuna's {@code default_weights}: equal weights below 25 observations; from 25 on the newest
     * 25 weigh 1 and the older ones ramp linearly from 1/n (oldest) up to 1.
     *
     * @param n observations, oldest first
     * @return their weights
     */
    public static double[] defaultWeights(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0);
        if (n >= 25) {
            int ramp = n - 25;
            for (int i = 0; i < ramp; i++) {
                w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1.0 - 1.0 / n) * i / (ramp - 1);
            }
        }
        return w;
    }

    /**
     * The number of completed trials proposed from the Latin hypercube before TPE starts.
     *
     * @return the count
     */
    public int startupTrials() {
        return startupTrials;
    }

    @Override
    public String name() {
        return "tpe";
    }

    @Override
    public Optional<Configuration> propose(
            VariableSpace space, List<Observation> completed, List<Configuration> pending, RandomGenerator random) {
        Set<Configuration> seen = Proposals.seen(completed, pending);
        if (completed.size() < startupTrials) {
            List<Configuration> existing = Proposals.configurations(completed, pending);
            for (int attempt = 0; attempt < Proposals.MAX_ATTEMPTS; attempt++) {
                Configuration candidate = Proposals.stratified(space, existing, startupTrials, random);
                if (!seen.contains(candidate)) {
                    return Optional.of(candidate);
                }
            }
            return Proposals.uniqueRandom(space, seen, random);
        }
        Split split = split(completed);
        List<Configuration> above = new ArrayList<>(split.above());
        if (constantLiar) {
            above.addAll(pending);
        }
        Map<String, Estimators> estimators = new HashMap<>();
        for (int redraw = 0; redraw < MAX_REDRAWS; redraw++) {
            Configuration partial = Configuration.empty();
            for (Variable variable : space.variables()) {
                if (!space.isActive(variable, partial)) {
                    continue;
                }
                Estimators pair = estimators.computeIfAbsent(
                        variable.name(), name -> estimators(variable, split.below(), split.multiObjective(), above));
                partial = partial.with(variable.name(), variable.fromUnit(pair.choose(candidates, random)));
            }
            if (space.satisfiesConstraints(partial) && !seen.contains(partial)) {
                return Optional.of(partial);
            }
        }
        return Proposals.uniqueRandom(space, seen, random);
    }

    /** The below and above configurations, each oldest first. */
    record Split(List<Configuration> below, List<Configuration> above, boolean multiObjective) {}

    /**
     * Splits completed trials into the best {@code gamma(n)} and the rest.
     *
     * @param completed the completed trials, oldest first
     * @return the split
     */
    Split split(List<Observation> completed) {
        int n = completed.size();
        int objectives = completed.get(0).objectiveCount();
        for (Observation observation : completed) {
            if (observation.objectiveCount() != objectives) {
                throw new IllegalArgumentException("every observation needs " + objectives
                        + " objective values like the first, got " + observation);
            }
        }
        boolean multi = objectives > 1;
        int wanted = gamma != null ? gamma.applyAsInt(n) : multi ? multiObjectiveGamma(n) : defaultGamma(n);
        int nBelow = Math.max(0, Math.min(n, wanted));
        boolean[] isBelow = new boolean[n];
        if (!multi) {
            markBest(completed, nBelow, isBelow);
        } else {
            for (int index : multiObjectiveBelow(completed, nBelow)) {
                isBelow[index] = true;
            }
        }
        List<Configuration> below = new ArrayList<>(nBelow);
        List<Configuration> above = new ArrayList<>(n - nBelow);
        for (int i = 0; i < n; i++) {
            (isBelow[i] ? below : above).add(completed.get(i).configuration());
        }
        return new Split(below, above, multi);
    }

    /** Marks the {@code count} highest values, the earlier trial first among equal values. */
    private static void markBest(List<Observation> completed, int count, boolean[] isBelow) {
        if (count == 0) {
            return;
        }
        int n = completed.size();
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = completed.get(i).value(0);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double threshold = sorted[n - count];
        int marked = 0;
        for (int i = 0; i < n; i++) {
            if (values[i] > threshold) {
                isBelow[i] = true;
                marked++;
            }
        }
        for (int i = 0; i < n && marked < count; i++) {
            if (values[i] == threshold) {
                isBelow[i] = true;
                marked++;
            }
        }
    }

    /** MOTPE's below set: whole non-dominated fronts, then a greedy hypervolume subset of the next. */
    static List<Integer> multiObjectiveBelow(List<Observation> completed, int nBelow) {
        List<double[]> points = new ArrayList<>(completed.size());
        for (Observation observation : completed) {
            points.add(observation.values());
        }
        List<Integer> below = new ArrayList<>(nBelow);
        for (List<Integer> front : Pareto.nondominatedSort(points, nBelow)) {
            if (below.size() + front.size() <= nBelow) {
                below.addAll(front);
            } else {
                below.addAll(greedyHypervolumeSubset(points, front, nBelow - below.size()));
            }
            if (below.size() >= nBelow) {
                break;
            }
        }
        return below;
    }

    /**
     * Greedily picks {@code size} points of a front, each time the one adding the most
     * hypervolume, against a reference just below the front's worst value in each objective.
     */
    static List<Integer> greedyHypervolumeSubset(List<double[]> points, List<Integer> front, int size) {
        int objectives = points.get(front.get(0)).length;
        double[] reference = new double[objectives];
        for (int m = 0; m < objectives; m++) {
            double worst = Double.POSITIVE_INFINITY;
            for (int index : front) {
                worst = Math.min(worst, points.get(index)[m]);
            }
            reference[m] = worst == 0 ? -1e-12 : Math.min(1.1 * worst, 0.9 * worst);
        }
        List<Integer> chosen = new ArrayList<>(size);
        List<double[]> chosenPoints = new ArrayList<>(size + 1);
        List<Integer> left = new ArrayList<>(front);
        double volume = 0;
        while (chosen.size() < size && !left.isEmpty()) {
            int bestAt = 0;
            double bestGain = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < left.size(); k++) {
                chosenPoints.add(points.get(left.get(k)));
                double gain = Hypervolume.of(chosenPoints, reference) - volume;
                chosenPoints.remove(chosenPoints.size() - 1);
                if (gain > bestGain) {
                    bestGain = gain;
                    bestAt = k;
                }
            }
            int picked = left.remove(bestAt);
            chosen.add(picked);
            chosenPoints.add(points.get(picked));
            volume += bestGain;
        }
        return chosen;
    }

    private Estimators estimators(
            Variable variable, List<Configuration> below, boolean multiObjective, List<Configuration> above) {
        double[] belowUnits = units(variable, below);
        double[] aboveUnits = units(variable, above);
        double[] belowWeights = multiObjective ? ones(belowUnits.length) : weights.apply(belowUnits.length);
        double[] aboveWeights = weights.apply(aboveUnits.length);
        return new Estimators(
                ParzenEstimator.of(variable, belowUnits, belowWeights, priorWeight, considerEndpoints, magicClip),
                ParzenEstimator.of(variable, aboveUnits, aboveWeights, priorWeight, considerEndpoints, magicClip));
    }

    private static double[] units(Variable variable, List<Configuration> configurations) {
        double[] units = new double[configurations.size()];
        int count = 0;
        for (Configuration configuration : configurations) {
            Object value = configuration.get(variable.name());
            if (value != null) {
                units[count++] = variable.toUnit(value);
            }
        }
        return count == units.length ? units : Arrays.copyOf(units, count);
    }

    private static double[] ones(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0);
        return w;
    }

    /** One variable's l(x) and g(x). */
    private record Estimators(ParzenEstimator below, ParzenEstimator above) {

        /** Draws candidates from l and returns the one maximizing log l − log g. */
        double choose(int candidates, RandomGenerator random) {
            double[] positions = new double[candidates];
            for (int i = 0; i < candidates; i++) {
                positions[i] = below.sample(random);
            }
            double[] logL = below.logPdf(positions);
            double[] logG = above.logPdf(positions);
            int best = 0;
            for (int i = 1; i < candidates; i++) {
                if (logL[i] - logG[i] > logL[best] - logG[best]) {
                    best = i;
                }
            }
            return positions[best];
        }
    }

    @Override
    public String toString() {
        return "TpeSampler[startupTrials=" + startupTrials + ", candidates=" + candidates + ", priorWeight="
                + priorWeight + (constantLiar ? ", constant liar" : "") + "]";
    }

    /** Settings of a {@link TpeSampler}; the defaults are Optuna's. */
    public static final class Builder {

        private int startupTrials = DEFAULT_STARTUP_TRIALS;
        private int candidates = DEFAULT_CANDIDATES;
        private @Nullable IntUnaryOperator gamma;
        private IntFunction<double[]> weights = TpeSampler::defaultWeights;
        private double priorWeight = DEFAULT_PRIOR_WEIGHT;
        private boolean considerEndpoints;
        private boolean magicClip = true;
        private boolean constantLiar;

        private Builder() {}

        /**
         * Completed trials proposed from a Latin hypercube before TPE starts.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder startupTrials(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("startupTrials must be at least 1, got " + value);
            }
            startupTrials = value;
            return this;
        }

        /**
         * Values drawn from {@code l(x)} per variable, of which the best ratio is kept.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder candidates(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("candidates must be at least 1, got " + value);
            }
            candidates = value;
            return this;
        }

        /**
         * How many of {@code n} completed trials are "below" (good); by default
         * {@link #defaultGamma} for one objective and {@link #multiObjectiveGamma} for several.
         *
         * @param value the function of {@code n}
         * @return this builder
         */
        public Builder gamma(IntUnaryOperator value) {
            gamma = Objects.requireNonNull(value, "gamma");
            return this;
        }

        /**
         * The weights of {@code n} observations, oldest first ({@link #defaultWeights} by default).
         *
         * @param value the function of {@code n}; it must return {@code n} weights, not negative
         * @return this builder
         */
        public Builder weights(IntFunction<double[]> value) {
            Objects.requireNonNull(value, "weights");
            weights = n -> {
                double[] w = value.apply(n);
                if (w == null || w.length < n) {
                    throw new IllegalArgumentException("the weights function returned "
                            + (w == null ? "null" : w.length + " weights") + " for " + n + " observations");
                }
                for (double x : w) {
                    if (!(x >= 0) || Double.isInfinite(x)) {
                        throw new IllegalArgumentException(
                                "the weights function returned " + x + "; weights must be finite and not negative");
                    }
                }
                return w.length == n ? w : Arrays.copyOf(w, n);
            };
            return this;
        }

        /**
         * The weight of the prior kernel against each observation's.
         *
         * @param value greater than 0
         * @return this builder
         */
        public Builder priorWeight(double value) {
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("priorWeight must be a finite number > 0, got " + value);
            }
            priorWeight = value;
            return this;
        }

        /**
         * Whether the ends of a numeric range count as neighbours when the outermost observations'
         * bandwidths are set (Optuna's {@code consider_endpoints}, off by default).
         *
         * @param value true to count them
         * @return this builder
         */
        public Builder considerEndpoints(boolean value) {
            considerEndpoints = value;
            return this;
        }

        /**
         * Whether bandwidths are kept above 1 / min(100, n + 2) of the range (Optuna's
         * {@code consider_magic_clip}, on by default).
         *
         * @param value true to clip
         * @return this builder
         */
        public Builder magicClip(boolean value) {
            magicClip = value;
            return this;
        }

        /**
         * Whether pending trials count as bad ("above") so that parallel proposals move apart
         * (Optuna's {@code constant_liar}, off by default).
         *
         * @param value true to count them
         * @return this builder
         */
        public Builder constantLiar(boolean value) {
            constantLiar = value;
            return this;
        }

        /**
         * The sampler.
         *
         * @return the built sampler
         */
        public TpeSampler build() {
            return new TpeSampler(this);
        }
    }
}
