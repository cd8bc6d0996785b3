package dev.dspj.sim;

import dev.dspj.variable.Configuration;
import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * A synthetic objective with known optima for testing and benchmarking search strategies: what a
 * factoid-QA program would score, cost and take over {@link #qaSpace()} (adapter × module × model
 * × temperature × demos), computed in closed form from the simulated model's competence model
 * instead of by running it.
 *
 * <ul>
 *   <li><b>Accuracy</b>: {@link SimTask#expectedAccuracy(SimModelProfile, SimConditions)} with
 *       {@code demos} good demos, a reasoning field for {@code chain_of_thought}, no hint phrase and
 *       the temperature. The adapter does not change it (the simulated model reads all three
 *       formats equally well). The optimum is {@code sim-large}, chain of thought, 4 demos,
 *       temperature 0.</li>
 *   <li><b>Cost per call</b> in US dollars: the model's prices times a token count measured from
 *       what the real adapters send for the factoid-QA signature ({@link #TOKENS}): a base prompt,
 *       tokens per demo (about twice as many under chain of thought, whose demos carry a reasoning
 *       placeholder), and a completion that grows by about 44 tokens with a reasoning field. The
 *       adapter matters a little: XML prompts are the shortest, Chat answers the longest.</li>
 *   <li><b>Latency</b> in milliseconds: the model's fixed latency plus its time per completion
 *       token ({@link SimModelProfile#latency(long)}).</li>
 * </ul>
 *
 * <p>{@link #noisy(long, int)} gives the same landscape measured the way an optimizer would see
 * it: the accuracy of a dev set of {@code n} examples, a binomial draw around the expected
 * accuracy, fixed per configuration and seed.
 *
 * <pre>{@code
 * SimLandscape landscape = SimLandscape.factoidQa();
 * Configuration c = SimLandscape.qaSpace().defaults();
 * landscape.accuracy(c);        // expected accuracy
 * landscape.costPerCall(c);     // USD per call
 * landscape.bestAccuracy();     // the optimum over the whole space
 * }</pre>
 */
public final class SimLandscape {

    /** The adapter variable: {@code chat}, {@code json} or {@code xml}. */
    public static final String ADAPTER = "adapter";
    /** The module variable: {@code predict} or {@code chain_of_thought}. */
    public static final String MODULE = "module";
    /** The model variable: the built-in profiles' names. */
    public static final String MODEL = "model";
    /** The temperature variable, in [0, {@value #MAX_TEMPERATURE}]. */
    public static final String TEMPERATURE = "temperature";
    /** The number of demos, 0 to {@value #MAX_DEMOS}. */
    public static final String DEMOS = "demos";
    /** The module value that adds a reasoning field. */
    public static final String CHAIN_OF_THOUGHT = "chain_of_thought";
    /** The highest temperature of the space. */
    public static final double MAX_TEMPERATURE = 1.5;
    /** The most demos of the space (more do not help: {@link Competence#MAX_GOOD_DEMOS}). */
    public static final int MAX_DEMOS = 4;

    /**
     * Token counts of one factoid-QA call, per adapter, measured from the project's adapters
     * (mean over 60 questions of {@link SimTasks#factoidQa()} with 0 to 4 demos, counted by
     * {@link SimTokens}; the counts grow linearly with the demos).
     *
     * @param promptBase prompt tokens without demos, Predict
     * @param promptPerDemo prompt tokens each demo adds, Predict
     * @param reasoningPromptBase prompt tokens without demos, chain of thought
     * @param reasoningPromptPerDemo prompt tokens each demo adds under chain of thought (the demo
     *     also shows a placeholder for the missing reasoning)
     * @param completion completion tokens, Predict
     * @param reasoningCompletion completion tokens, chain of thought
     */
    public record TokenModel(
            double promptBase,
            double promptPerDemo,
            double reasoningPromptBase,
            double reasoningPromptPerDemo,
            double completion,
            double reasoningCompletion) {

        /**
         * The prompt tokens of a call.
         *
         * @param demos demos in the prompt
         * @param reasoning whether the signature has a reasoning field
         * @return the tokens
         */
        public double promptTokens(int demos, boolean reasoning) {
            return reasoning
                    ? reasoningPromptBase + demos * reasoningPromptPerDemo
                    : promptBase + demos * promptPerDemo;
        }

        /**
         * The completion tokens of a call.
         *
         * @param reasoning whether the signature has a reasoning field
         * @return the tokens
         */
        public double completionTokens(boolean reasoning) {
            return reasoning ? reasoningCompletion : completion;
        }
    }

    /** The token model of each adapter, measured as {@link TokenModel} says. */
    public static final Map<String, TokenModel> TOKENS = Map.of(
            "chat", new TokenModel(168.0, 37.3, 189.4, 75.2, 13.7, 57.6),
            "json", new TokenModel(166.4, 30.9, 183.9, 67.8, 6.7, 49.3),
            "xml", new TokenModel(144.4, 31.8, 164.4, 70.5, 8.0, 52.6));

    private static final VariableSpace QA_SPACE = VariableSpace.of(
            Variable.choice(ADAPTER, List.of("chat", "json", "xml"), "chat").describedAs("how prompts are formatted"),
            Variable.choice(MODULE, List.of("predict", CHAIN_OF_THOUGHT), "predict")
                    .describedAs("whether a reasoning field comes before the answer"),
            Variable.choice(
                            MODEL,
                            SimModelProfile.builtIns().stream()
                                    .map(SimModelProfile::name)
                                    .toList(),
                            SimModelProfile.SMALL.name())
                    .describedAs("the simulated model"),
            Variable.real(TEMPERATURE, 0.0, MAX_TEMPERATURE, false, 0.0).describedAs("the sampling temperature"),
            Variable.integer(DEMOS, 0, MAX_DEMOS, 1, 0).describedAs("good demos in the prompt"));

    private final SimTask task;
    private final long noiseSeed;
    private final int noiseExamples;
    private volatile @Nullable Extremes extremes;

    private record Extremes(Configuration best, double bestAccuracy, double minCost, double maxCost) {}

    private SimLandscape(SimTask task, long noiseSeed, int noiseExamples) {
        this.task = Objects.requireNonNull(task, "task");
        this.noiseSeed = noiseSeed;
        this.noiseExamples = noiseExamples;
    }

    /**
     * The landscape of the default factoid-QA task ({@link SimTasks#factoidQa()}).
     *
     * @return the landscape, without noise
     */
    public static SimLandscape factoidQa() {
        return of(SimTasks.factoidQa());
    }

    /**
     * The landscape of a task; costs use the factoid-QA token counts.
     *
     * @param task the task whose examples' difficulties set the accuracy
     * @return the landscape, without noise
     */
    public static SimLandscape of(SimTask task) {
        return new SimLandscape(task, 0, 0);
    }

    /**
     * The space: {@code adapter} {chat, json, xml} × {@code module} {predict, chain_of_thought} ×
     * {@code model} {sim-small, sim-medium, sim-large} × {@code temperature} [0, 1.5] ×
     * {@code demos} 0..4. Its grid with 10 temperature points has 3·2·3·10·5 = 900 configurations.
     *
     * @return the space
     */
    public static VariableSpace qaSpace() {
        return QA_SPACE;
    }

    /**
     * This landscape as a dev-set evaluation of {@code examples} examples would measure it: the
     * accuracy of a configuration is a binomial draw of that many examples around its expected
     * accuracy, the same every time for the same configuration and seed. Cost and latency stay
     * exact.
     *
     * @param seed the seed of the draws
     * @param examples the dev-set size, at least 1
     * @return the noisy landscape
     */
    public SimLandscape noisy(long seed, int examples) {
        if (examples < 1) {
            throw new IllegalArgumentException(
                    "a noisy landscape needs a dev set of at least 1 example, got " + examples);
        }
        return new SimLandscape(task, seed, examples);
    }

    /**
     * Whether accuracies are noisy measurements.
     *
     * @return true for a {@link #noisy} landscape
     */
    public boolean isNoisy() {
        return noiseExamples > 0;
    }

    /**
     * The accuracy of a configuration: the expected accuracy, or for a {@link #noisy} landscape a
     * measurement of it.
     *
     * @param configuration a configuration of {@link #qaSpace()}
     * @return the accuracy, 0..1
     */
    public double accuracy(Configuration configuration) {
        double expected = expectedAccuracy(configuration);
        if (noiseExamples == 0) {
            return expected;
        }
        SplittableRandom random = new SplittableRandom(noiseSeed ^ Long.parseUnsignedLong(configuration.hash(), 16));
        int correct = 0;
        for (int i = 0; i < noiseExamples; i++) {
            if (random.nextDouble() < expected) {
                correct++;
            }
        }
        return (double) correct / noiseExamples;
    }

    /**
     * The expected accuracy of a configuration over the whole task, without noise.
     *
     * @param configuration a configuration of {@link #qaSpace()}
     * @return the accuracy, 0..1
     */
    public double expectedAccuracy(Configuration configuration) {
        return task.expectedAccuracy(profile(configuration), conditions(configuration));
    }

    /**
     * The expected cost of one call.
     *
     * @param configuration a configuration of {@link #qaSpace()}
     * @return US dollars
     */
    public double costPerCall(Configuration configuration) {
        SimModelProfile profile = profile(configuration);
        return (promptTokens(configuration) * profile.inputUsdPerMillion()
                        + completionTokens(configuration) * profile.outputUsdPerMillion())
                / 1_000_000.0;
    }

    /**
     * The expected latency of one call.
     *
     * @param configuration a configuration of {@link #qaSpace()}
     * @return milliseconds
     */
    public double latencyMs(Configuration configuration) {
        SimModelProfile profile = profile(configuration);
        return profile.fixedLatencyMillis() + profile.millisPerOutputToken() * completionTokens(configuration);
    }

    /**
     * The prompt tokens of one call ({@link #TOKENS}).
     *
     * @param configuration a configuration of {@link #qaSpace()}
     * @return the tokens
     */
    public static double promptTokens(Configuration configuration) {
        return tokens(configuration).promptTokens(configuration.getInt(DEMOS), reasoning(configuration));
    }

    /**
     * The completion tokens of one call ({@link #TOKENS}).
     *
     * @param configuration a configuration of {@link #qaSpace()}
     * @return the tokens
     */
    public static double completionTokens(Configuration configuration) {
        return tokens(configuration).completionTokens(reasoning(configuration));
    }

    /**
     * What the prompt of a configuration does, as the competence model reads it.
     *
     * @param configuration a configuration of {@link #qaSpace()}
     * @return the conditions: the demos as good demos, reasoning for chain of thought, no hints
     */
    public static SimConditions conditions(Configuration configuration) {
        return new SimConditions(
                configuration.getInt(DEMOS), 0, reasoning(configuration), 0, configuration.getDouble(TEMPERATURE));
    }

    /**
     * The model of a configuration.
     *
     * @param configuration a configuration of {@link #qaSpace()}
     * @return the profile
     */
    public static SimModelProfile profile(Configuration configuration) {
        String name = configuration.getString(MODEL);
        return SimModelProfile.builtIn(name)
                .orElseThrow(() -> new IllegalArgumentException("model '" + name
                        + "' is not a built-in simulated model; use one of "
                        + SimModelProfile.builtIns().stream()
                                .map(SimModelProfile::name)
                                .toList()));
    }

    /**
     * The best expected accuracy over the whole space. Accuracy falls with temperature, so the
     * optimum of the continuous space is at temperature 0, among the discrete combinations.
     *
     * @return the optimum
     */
    public double bestAccuracy() {
        return extremes().bestAccuracy();
    }

    /**
     * A configuration reaching {@link #bestAccuracy()} (the cheapest adapter among equals).
     *
     * @return the configuration
     */
    public Configuration bestConfiguration() {
        return extremes().best();
    }

    /**
     * The cheapest cost per call in the space.
     *
     * @return US dollars
     */
    public double minCost() {
        return extremes().minCost();
    }

    /**
     * The most expensive cost per call in the space.
     *
     * @return US dollars
     */
    public double maxCost() {
        return extremes().maxCost();
    }

    /**
     * One point of the true accuracy/cost front.
     *
     * @param configuration the configuration
     * @param accuracy its expected accuracy
     * @param cost its cost per call, US dollars
     */
    public record FrontPoint(Configuration configuration, double accuracy, double cost) {}

    /**
     * The Pareto front of (expected accuracy, maximized; cost per call, minimized) over the grid
     * of {@link #qaSpace()} with {@code gridPoints} temperatures. Cost does not depend on the
     * temperature, so every point of the front is at temperature 0 and a finer grid does not
     * change it.
     *
     * @param gridPoints temperatures in the grid, at least 1
     * @return the front, cheapest first
     */
    public List<FrontPoint> trueFront(int gridPoints) {
        List<FrontPoint> all = new ArrayList<>();
        for (Configuration configuration : QA_SPACE.grid(gridPoints)) {
            all.add(new FrontPoint(configuration, expectedAccuracy(configuration), costPerCall(configuration)));
        }
        all.sort(Comparator.comparingDouble(FrontPoint::cost).thenComparing(p -> -p.accuracy()));
        List<FrontPoint> front = new ArrayList<>();
        double bestSoFar = Double.NEGATIVE_INFINITY;
        for (FrontPoint point : all) {
            if (point.accuracy() > bestSoFar) {
                front.add(point);
                bestSoFar = point.accuracy();
            }
        }
        return front;
    }

    private Extremes extremes() {
        Extremes current = extremes;
        if (current == null) {
            Configuration best = null;
            double bestAccuracy = Double.NEGATIVE_INFINITY;
            double bestCost = Double.POSITIVE_INFINITY;
            double minCost = Double.POSITIVE_INFINITY;
            double maxCost = Double.NEGATIVE_INFINITY;
            // Every discrete combination (the grid lists all 5 demo counts from 5 points up), at temperature 0.
            for (Configuration cold : QA_SPACE.grid(MAX_DEMOS + 1)) {
                if (cold.getDouble(TEMPERATURE) != 0.0) {
                    continue;
                }
                double accuracy = expectedAccuracy(cold);
                double cost = costPerCall(cold);
                minCost = Math.min(minCost, cost);
                maxCost = Math.max(maxCost, cost);
                if (accuracy > bestAccuracy || (accuracy == bestAccuracy && cost < bestCost)) {
                    best = cold;
                    bestAccuracy = accuracy;
                    bestCost = cost;
                }
            }
            current = new Extremes(
                    Objects.requireNonNull(best, "the grid has a configuration at temperature 0"),
                    bestAccuracy,
                    minCost,
                    maxCost);
            extremes = current;
        }
        return current;
    }

    private static boolean reasoning(Configuration configuration) {
        return CHAIN_OF_THOUGHT.equals(configuration.getString(MODULE));
    }

    private static TokenModel tokens(Configuration configuration) {
        String adapter = configuration.getString(ADAPTER);
        TokenModel model = TOKENS.get(adapter);
        if (model == null) {
            throw new IllegalArgumentException("adapter '" + adapter + "' is not one of "
                    + TOKENS.keySet().stream().sorted().toList());
        }
        return model;
    }

    @Override
    public String toString() {
        return "SimLandscape[" + task.name()
                + (isNoisy() ? ", noisy: " + noiseExamples + " examples, seed " + noiseSeed : "") + "]";
    }
}
