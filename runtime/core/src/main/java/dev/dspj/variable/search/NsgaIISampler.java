package dev.dspj.variable.search;

import dev.dspj.variable.Configuration;
import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * NSGA-II (Deb et al., 2002), the genetic algorithm for several objectives, as Optuna's
 * {@code NSGAIISampler} runs it, computed from the history on every call.
 *
 * <p>Generations come from the order of the completed trials: the first
 * {@link #populationSize(VariableSpace) populationSize} completed trials are generation 0, the
 * next as many generation 1, and so on. Until generation 0 is complete, proposals are drawn from
 * a Latin hypercube. After that, the parent population is folded over the complete generations:
 * starting from generation 0, each next generation joins the current population and the best
 * {@code populationSize} of the union survive (whole fronts of non-dominated sorting, the last
 * front cut by crowding distance). A child is made from two parents, each the winner of a binary
 * tournament (lower front, then larger crowding distance):
 *
 * <ul>
 *   <li>with the {@linkplain Builder#crossoverProbability crossover probability}, choices and
 *       booleans are swapped with the {@linkplain Builder#swappingProbability swapping
 *       probability} (uniform crossover) and numeric variables crossed in their unit interval by
 *       SBX (η = 20 for several objectives, 2 for one, as Optuna) or BLX-α; otherwise the child
 *       copies the first parent;</li>
 *   <li>each variable is then resampled with the {@linkplain Builder#mutationProbability
 *       mutation probability} (by default 1 / number of variables);</li>
 *   <li>the child is completed in dependency order ({@link VariableSpace#complete}): a variable
 *       made active by the crossover but missing from both parents is drawn at random, values of
 *       variables made inactive are dropped;</li>
 *   <li>a child that violates a constraint or repeats a completed or pending configuration is
 *       bred again (a bounded number of times, then a unique random configuration is used).</li>
 * </ul>
 *
 * <pre>{@code
 * Sampler nsga = NsgaIISampler.builder().populationSize(20).build();
 * }</pre>
 */
public final class NsgaIISampler implements Sampler {

    /** The population size when none is set and the space is small (Optuna: 50; smaller budgets here). */
    public static final int DEFAULT_POPULATION_SIZE = 20;
    /** The largest automatic population size. */
    public static final int MAX_AUTO_POPULATION_SIZE = 100;
    /** The probability that a child is a crossover of two parents (Optuna: 0.9). */
    public static final double DEFAULT_CROSSOVER_PROBABILITY = 0.9;
    /** The probability that uniform crossover takes the second parent's choice (Optuna: 0.5). */
    public static final double DEFAULT_SWAPPING_PROBABILITY = 0.5;
    /** BLX-α's α. */
    public static final double BLX_ALPHA = 0.5;

    private static final int MAX_BREEDS = 16;

    /** How numeric variables are crossed, in their unit interval. */
    public enum NumericCrossover {
        /** Simulated binary crossover, bounded to the interval (Optuna's {@code SBXCrossover}). */
        SBX,
        /** Blend crossover: uniform within the parents' interval widened by α on both sides. */
        BLX_ALPHA,
        /** Uniform crossover, as for choices (Optuna's default {@code UniformCrossover}). */
        UNIFORM
    }

    private final int populationSize;
    private final double crossoverProbability;
    private final double swappingProbability;
    private final double mutationProbability;
    private final NumericCrossover numericCrossover;
    private final OptionalLong seed;

    private NsgaIISampler(Builder builder) {
        this.populationSize = builder.populationSize;
        this.crossoverProbability = builder.crossoverProbability;
        this.swappingProbability = builder.swappingProbability;
        this.mutationProbability = builder.mutationProbability;
        this.numericCrossover = builder.numericCrossover;
        this.seed = builder.seed;
    }

    /**
     * An NSGA-II sampler with the defaults.
     *
     * @return the sampler
     */
    public static NsgaIISampler create() {
        return builder().build();
    }

    /**
     * A builder, starting from the defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The population size used when none is set: {@value #DEFAULT_POPULATION_SIZE}, or four per
     * variable for spaces of more than five variables, at most {@value #MAX_AUTO_POPULATION_SIZE}.
     *
     * @param space the space searched
     * @return the population size
     */
    public static int autoPopulationSize(VariableSpace space) {
        return Math.min(MAX_AUTO_POPULATION_SIZE, Math.max(DEFAULT_POPULATION_SIZE, 4 * space.dimensionality()));
    }

    /**
     * The population size for a space: the one set, else {@link #autoPopulationSize}.
     *
     * @param space the space searched
     * @return the population size
     */
    public int populationSize(VariableSpace space) {
        return populationSize > 0 ? populationSize : autoPopulationSize(space);
    }

    /**
     * The generation the next proposal belongs to: (completed + pending) / population size.
     *
     * @param space the space searched
     * @param completed the completed trials
     * @param pending the pending configurations
     * @return the generation, 0 for the first
     */
    public int generation(VariableSpace space, List<Observation> completed, List<Configuration> pending) {
        return (completed.size() + pending.size()) / populationSize(space);
    }

    /**
     * The parents of the next children: the survivors after folding every complete generation of
     * the completed trials (see the class description).
     *
     * @param space the space searched
     * @param completed the completed trials, oldest first
     * @return the parent population; empty until generation 0 is complete
     */
    public List<Observation> parentPopulation(VariableSpace space, List<Observation> completed) {
        int size = populationSize(space);
        int generations = completed.size() / size;
        List<Observation> population = new ArrayList<>();
        for (int g = 0; g < generations; g++) {
            List<Observation> union = new ArrayList<>(completed.subList(g * size, (g + 1) * size));
            union.addAll(population);
            population = survivors(union, size);
        }
        return population;
    }

    /**
     * The best {@code size} of a population: whole fronts of non-dominated sorting, the last front
     * cut by crowding distance (larger first; ties by position).
     */
    static List<Observation> survivors(List<Observation> union, int size) {
        List<double[]> points = values(union);
        List<Observation> elite = new ArrayList<>(size);
        for (List<Integer> front : Pareto.nondominatedSort(points)) {
            if (elite.size() + front.size() <= size) {
                for (int index : front) {
                    elite.add(union.get(index));
                }
            } else {
                List<double[]> frontPoints = new ArrayList<>(front.size());
                for (int index : front) {
                    frontPoints.add(points.get(index));
                }
                double[] crowding = Pareto.crowdingDistance(frontPoints);
                List<Integer> order = new ArrayList<>();
                for (int k = 0; k < front.size(); k++) {
                    order.add(k);
                }
                order.sort(Comparator.comparingDouble((Integer k) -> -crowding[k]));
                for (int k = 0; elite.size() < size; k++) {
                    elite.add(union.get(front.get(order.get(k))));
                }
            }
            if (elite.size() >= size) {
                break;
            }
        }
        return elite;
    }

    @Override
    public String name() {
        return "nsga-ii";
    }

    @Override
    public Optional<Configuration> propose(
            VariableSpace space, List<Observation> completed, List<Configuration> pending, RandomGenerator random) {
        RandomGenerator rng = seed.isPresent() ? historyRandom(seed.getAsLong(), completed, pending) : random;
        Set<Configuration> seen = Proposals.seen(completed, pending);
        int size = populationSize(space);
        List<Observation> parents = parentPopulation(space, completed);
        if (parents.isEmpty()) {
            List<Configuration> existing = Proposals.configurations(completed, pending);
            for (int attempt = 0; attempt < Proposals.MAX_ATTEMPTS; attempt++) {
                Configuration candidate = Proposals.stratified(space, existing, size, rng);
                if (!seen.contains(candidate)) {
                    return Optional.of(candidate);
                }
            }
            return Proposals.uniqueRandom(space, seen, rng);
        }
        Ranked ranked = Ranked.of(parents);
        double eta = parents.get(0).objectiveCount() > 1 ? 20 : 2;
        double mutation =
                Double.isNaN(mutationProbability) ? 1.0 / Math.max(1, space.dimensionality()) : mutationProbability;
        for (int breed = 0; breed < MAX_BREEDS; breed++) {
            Configuration first = ranked.tournament(rng);
            Configuration second = ranked.tournament(rng);
            Configuration.Builder child = Configuration.builder();
            boolean cross = rng.nextDouble() < crossoverProbability;
            for (Variable variable : space.variables()) {
                Object value = cross
                        ? crossover(variable, first.get(variable.name()), second.get(variable.name()), eta, rng)
                        : first.get(variable.name());
                if (value != null && rng.nextDouble() >= mutation) {
                    child.put(variable.name(), value);
                }
            }
            Configuration candidate = space.complete(child.build(), variable -> variable.sample(rng));
            if (space.satisfiesConstraints(candidate) && !seen.contains(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Proposals.uniqueRandom(space, seen, rng);
    }

    private @Nullable Object crossover(
            Variable variable, @Nullable Object a, @Nullable Object b, double eta, RandomGenerator random) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        if (!(variable.kind() == Variable.Kind.INTEGER || variable.kind() == Variable.Kind.FLOAT)
                || numericCrossover == NumericCrossover.UNIFORM) {
            return random.nextDouble() < swappingProbability ? b : a;
        }
        double x1 = variable.toUnit(a);
        double x2 = variable.toUnit(b);
        double child = numericCrossover == NumericCrossover.SBX ? sbx(x1, x2, eta, random) : blxAlpha(x1, x2, random);
        return variable.fromUnit(child);
    }

    /**
     * Simulated binary crossover of two positions in [0, 1], bounded to the interval: with
     * probability 1/2 one of the two SBX children, else one of the parents (Optuna's one-child
     * form).
     */
    static double sbx(double x1, double x2, double eta, RandomGenerator random) {
        double low = Math.min(x1, x2);
        double high = Math.max(x1, x2);
        double diff = Math.max(high - low, 1e-10);
        double u = random.nextDouble();
        double beta1 = 1 + 2 * low / diff;
        double beta2 = 1 + 2 * (1 - high) / diff;
        double alpha1 = 2 - Math.pow(beta1, -(eta + 1));
        double alpha2 = 2 - Math.pow(beta2, -(eta + 1));
        double betaq1 =
                u > 1 / alpha1 ? Math.pow(1 / (2 - u * alpha1), 1 / (eta + 1)) : Math.pow(u * alpha1, 1 / (eta + 1));
        double betaq2 =
                u > 1 / alpha2 ? Math.pow(1 / (2 - u * alpha2), 1 / (eta + 1)) : Math.pow(u * alpha2, 1 / (eta + 1));
        double c1 = 0.5 * ((low + high) - betaq1 * diff);
        double c2 = 0.5 * ((low + high) + betaq2 * diff);
        double child;
        if (random.nextDouble() < 0.5) {
            child = random.nextDouble() < 0.5 ? c1 : c2;
        } else {
            child = random.nextDouble() < 0.5 ? x1 : x2;
        }
        return Math.max(0, Math.min(1, child));
    }

    /** Blend crossover: uniform in [low - α d, high + α d] clipped to [0, 1]. */
    static double blxAlpha(double x1, double x2, RandomGenerator random) {
        double low = Math.min(x1, x2);
        double high = Math.max(x1, x2);
        double d = high - low;
        double from = Math.max(0, low - BLX_ALPHA * d);
        double to = Math.min(1, high + BLX_ALPHA * d);
        return from + random.nextDouble() * (to - from);
    }

    /**
     * A generator seeded from the seed and the whole history, so that proposals depend on nothing
     * else (the caller's generator is ignored).
     */
    private static RandomGenerator historyRandom(long seed, List<Observation> completed, List<Configuration> pending) {
        long mix = seed;
        for (Observation observation : completed) {
            mix = mix * 0x9E3779B97F4A7C15L + observation.configuration().hashCode();
            for (double value : observation.values()) {
                mix = mix * 31 + Double.hashCode(value);
            }
        }
        for (Configuration configuration : pending) {
            mix = mix * 0x9E3779B97F4A7C15L + configuration.hashCode() + 1;
        }
        return new SplittableRandom(mix);
    }

    private static List<double[]> values(List<Observation> observations) {
        List<double[]> points = new ArrayList<>(observations.size());
        for (Observation observation : observations) {
            points.add(observation.values());
        }
        return points;
    }

    /** A parent population with each member's front and crowding distance, for tournaments. */
    @SuppressWarnings("ArrayRecordComponent") // private carrier, never compared
    private record Ranked(List<Observation> members, int[] front, double[] crowding) {

        static Ranked of(List<Observation> members) {
            List<double[]> points = values(members);
            int[] front = new int[members.size()];
            double[] crowding = new double[members.size()];
            List<List<Integer>> fronts = Pareto.nondominatedSort(points);
            for (int f = 0; f < fronts.size(); f++) {
                List<double[]> frontPoints = new ArrayList<>();
                for (int index : fronts.get(f)) {
                    frontPoints.add(points.get(index));
                }
                double[] distances = Pareto.crowdingDistance(frontPoints);
                for (int k = 0; k < fronts.get(f).size(); k++) {
                    front[fronts.get(f).get(k)] = f;
                    crowding[fronts.get(f).get(k)] = distances[k];
                }
            }
            return new Ranked(members, front, crowding);
        }

        /** Binary tournament by the crowded comparison: lower front wins, then larger crowding. */
        Configuration tournament(RandomGenerator random) {
            int n = members.size();
            int a = random.nextInt(n);
            int b = n == 1 ? a : (a + 1 + random.nextInt(n - 1)) % n;
            int winner;
            if (front[a] != front[b]) {
                winner = front[a] < front[b] ? a : b;
            } else if (crowding[a] != crowding[b]) {
                winner = crowding[a] > crowding[b] ? a : b;
            } else {
                winner = random.nextBoolean() ? a : b;
            }
            return members.get(winner).configuration();
        }
    }

    @Override
    public String toString() {
        return "NsgaIISampler[populationSize=" + (populationSize > 0 ? populationSize : "auto") + ", crossover="
                + crossoverProbability + " " + numericCrossover + ", swapping=" + swappingProbability + ", mutation="
                + (Double.isNaN(mutationProbability) ? "1/dimensionality" : mutationProbability) + "]";
    }

    /** Settings of an {@link NsgaIISampler}. */
    public static final class Builder {

        private int populationSize;
        private double crossoverProbability = DEFAULT_CROSSOVER_PROBABILITY;
        private double swappingProbability = DEFAULT_SWAPPING_PROBABILITY;
        private double mutationProbability = Double.NaN;
        private NumericCrossover numericCrossover = NumericCrossover.SBX;
        private OptionalLong seed = OptionalLong.empty();

        private Builder() {}

        /**
         * The number of trials per generation; by default {@link #autoPopulationSize}.
         *
         * @param value at least 2
         * @return this builder
         */
        public Builder populationSize(int value) {
            if (value < 2) {
                throw new IllegalArgumentException("populationSize must be at least 2, got " + value);
            }
            populationSize = value;
            return this;
        }

        /**
         * The probability that a child crosses two parents rather than copying one.
         *
         * @param value in [0, 1]
         * @return this builder
         */
        public Builder crossoverProbability(double value) {
            crossoverProbability = probability("crossoverProbability", value);
            return this;
        }

        /**
         * The probability that uniform crossover takes a variable from the second parent.
         *
         * @param value in [0, 1]
         * @return this builder
         */
        public Builder swappingProbability(double value) {
            swappingProbability = probability("swappingProbability", value);
            return this;
        }

        /**
         * The probability that each variable of a child is resampled; by default 1 / number of
         * variables.
         *
         * @param value in [0, 1]
         * @return this builder
         */
        public Builder mutationProbability(double value) {
            mutationProbability = probability("mutationProbability", value);
            return this;
        }

        /**
         * How numeric variables are crossed ({@link NumericCrossover#SBX} by default).
         *
         * @param value the crossover
         * @return this builder
         */
        public Builder numericCrossover(NumericCrossover value) {
            numericCrossover = java.util.Objects.requireNonNull(value, "numericCrossover");
            return this;
        }

        /**
         * Makes proposals a function of this seed and the history alone (the generator passed to
         * {@code propose} is then ignored), so that a resumed study proposes what it would have.
         *
         * @param value the seed
         * @return this builder
         */
        public Builder seed(long value) {
            seed = OptionalLong.of(value);
            return this;
        }

        /**
         * The sampler.
         *
         * @return the built sampler
         */
        public NsgaIISampler build() {
            return new NsgaIISampler(this);
        }

        private static double probability(String name, double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
            }
            return value;
        }
    }
}
