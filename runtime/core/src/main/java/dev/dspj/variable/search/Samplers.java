package dev.dspj.variable.search;

import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import java.util.Objects;

/**
 * Picks a search strategy for a space, a trial budget and a number of objectives.
 *
 * <p>The rule of {@link #choose}, first match wins:
 * <ol>
 *   <li><b>grid</b> when every variable is discrete and the full grid (every combination, inactive
 *       variables left out) fits in the budget: everything is tried, nothing is left to chance;</li>
 *   <li><b>NSGA-II</b> when there are several objectives and the budget covers at least
 *       {@value #MIN_NSGA_GENERATIONS} generations of {@link NsgaIISampler#autoPopulationSize}:
 *       fewer generations leave the genetic algorithm no time to improve on its random first
 *       one;</li>
 *   <li><b>TPE</b> (multi-objective TPE for several objectives) when the budget is at least
 *       {@value #MIN_TPE_STARTUP_MULTIPLE} times TPE's {@value TpeSampler#DEFAULT_STARTUP_TRIALS}
 *       startup trials, so that most trials are guided by the model;</li>
 *   <li>otherwise <b>random search</b> over a Latin hypercube as large as the budget, which covers
 *       every variable's range evenly.</li>
 * </ol>
 *
 * <pre>{@code
 * Samplers.Choice choice = Samplers.choose(space, 60, 1);
 * choice.strategy();   // TPE
 * choice.reason();     // "TPE: the budget of 60 trials is at least 2 x its 10 startup trials ..."
 * }</pre>
 */
public final class Samplers {

    /** Points per real variable when a grid is counted or built for a mixed space. */
    public static final int GRID_CONTINUOUS_POINTS = 10;
    /** The fewest NSGA-II generations the budget must allow for {@link #choose} to pick it. */
    public static final int MIN_NSGA_GENERATIONS = 4;
    /** The budget must be this many times TPE's startup trials for {@link #choose} to pick TPE. */
    public static final int MIN_TPE_STARTUP_MULTIPLE = 2;

    private Samplers() {}

    /**
     * A sampler with the strategy chosen and why, in words shown to users.
     *
     * @param sampler the sampler
     * @param strategy the strategy it implements (never {@link SearchStrategy#AUTO})
     * @param reason why it was chosen
     */
    public record Choice(Sampler sampler, SearchStrategy strategy, String reason) {

        /**
         * Checks the parts.
         *
         * @param sampler the sampler
         * @param strategy the strategy
         * @param reason the reason
         */
        public Choice {
            Objects.requireNonNull(sampler, "sampler");
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Chooses a strategy by the rule in the class description.
     *
     * @param space the space searched
     * @param trialBudget the number of trials that will be run, at least 1
     * @param objectiveCount the number of objectives, at least 1
     * @return the sampler, its strategy and the reason
     */
    public static Choice choose(VariableSpace space, int trialBudget, int objectiveCount) {
        if (trialBudget < 1) {
            throw new IllegalArgumentException("the trial budget must be at least 1, got " + trialBudget);
        }
        if (objectiveCount < 1) {
            throw new IllegalArgumentException("there must be at least 1 objective, got " + objectiveCount);
        }
        long fullGrid = fullGridSize(space, trialBudget);
        if (fullGrid >= 0) {
            int points = widestDiscrete(space);
            return new Choice(
                    new GridSampler(points),
                    SearchStrategy.GRID,
                    "grid search: every variable is discrete and" + " all " + fullGrid
                            + " configurations fit in the budget of " + trialBudget + " trials");
        }
        int population = NsgaIISampler.autoPopulationSize(space);
        if (objectiveCount > 1 && trialBudget >= MIN_NSGA_GENERATIONS * population) {
            return new Choice(
                    NsgaIISampler.create(),
                    SearchStrategy.NSGA_II,
                    "NSGA-II: " + objectiveCount
                            + " objectives, and the budget of " + trialBudget + " trials allows "
                            + trialBudget / population
                            + " generations of " + population + " (at least " + MIN_NSGA_GENERATIONS + " needed)");
        }
        int startup = TpeSampler.DEFAULT_STARTUP_TRIALS;
        if (trialBudget >= MIN_TPE_STARTUP_MULTIPLE * startup) {
            String objectives = objectiveCount > 1
                    ? "multi-objective TPE: " + objectiveCount
                            + " objectives but too few trials for " + MIN_NSGA_GENERATIONS + " NSGA-II generations of "
                            + population + "; "
                    : "TPE: ";
            return new Choice(
                    TpeSampler.create(),
                    SearchStrategy.TPE,
                    objectives + "the budget of " + trialBudget
                            + " trials is at least " + MIN_TPE_STARTUP_MULTIPLE + " x its " + startup
                            + " startup trials, so most trials are guided by the model"
                            + (fullGrid == -2 ? "" : "; the grid would need more than the budget"));
        }
        return new Choice(
                RandomSampler.latinHypercube(trialBudget),
                SearchStrategy.RANDOM,
                "random search over a Latin hypercube of " + trialBudget + " trials: the budget is below "
                        + MIN_TPE_STARTUP_MULTIPLE * startup + " trials, too few for TPE to learn from"
                        + (fullGrid == -2 ? "" : ", and the full grid does not fit"));
    }

    /**
     * A sampler for a strategy the user asked for, with the defaults of each sampler;
     * {@link SearchStrategy#AUTO} is {@link #choose}.
     *
     * @param strategy the strategy
     * @param space the space searched
     * @param trialBudget the number of trials that will be run
     * @param objectiveCount the number of objectives
     * @return the sampler, its strategy and the reason
     */
    public static Choice of(SearchStrategy strategy, VariableSpace space, int trialBudget, int objectiveCount) {
        return switch (strategy) {
            case AUTO -> choose(space, trialBudget, objectiveCount);
            case GRID ->
                new Choice(
                        new GridSampler(allDiscrete(space) ? widestDiscrete(space) : GRID_CONTINUOUS_POINTS),
                        SearchStrategy.GRID,
                        "grid search, as asked");
            case RANDOM ->
                new Choice(
                        RandomSampler.latinHypercube(Math.max(1, trialBudget)),
                        SearchStrategy.RANDOM,
                        "random search over a Latin hypercube, as asked");
            case TPE -> new Choice(TpeSampler.create(), SearchStrategy.TPE, "TPE, as asked");
            case NSGA_II -> new Choice(NsgaIISampler.create(), SearchStrategy.NSGA_II, "NSGA-II, as asked");
            case CUSTOM ->
                throw new IllegalArgumentException(
                        "a custom strategy has no default sampler: give the search" + " your Sampler instead");
        };
    }

    /**
     * The size of the full grid of an all-discrete space when it fits in the budget; -1 when it
     * does not, -2 when a variable is real.
     */
    private static long fullGridSize(VariableSpace space, int budget) {
        if (!allDiscrete(space)) {
            return -2;
        }
        for (Variable variable : space.variables()) {
            if (variable.cardinality() > budget) {
                return -1;
            }
        }
        long size = space.gridSize(widestDiscrete(space));
        return size <= budget ? size : -1;
    }

    private static boolean allDiscrete(VariableSpace space) {
        return space.variables().stream().allMatch(Variable::isDiscrete);
    }

    private static int widestDiscrete(VariableSpace space) {
        long widest = 1;
        for (Variable variable : space.variables()) {
            if (variable.isDiscrete()) {
                widest = Math.max(widest, variable.cardinality());
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, widest);
    }
}
