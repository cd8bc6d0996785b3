package dev.dspj.sim;

import dev.dspj.data.Dataset;
import dev.dspj.primitives.Example;
import dev.dspj.tool.Tool;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A task the simulated model knows: examples with gold answers, and hint phrases that, found in a
 * prompt's instructions, make the model more accurate. Immutable.
 *
 * <p>Every example has the same input fields; the task's output fields are the union of the
 * examples' gold fields. The accuracy a configuration should reach is known in closed form
 * ({@link #expectedAccuracy(SimModelProfile, SimConditions)}), so tests and optimizers can compare
 * what they measure with the truth.
 */
public final class SimTask {

    private final String name;
    private final List<SimExample> examples;
    private final List<String> hints;
    private final List<String> inputFields;
    private final List<String> outputFields;
    private final Map<String, SimExample> byId;
    private final Map<String, List<String>> goldValues;
    /** {@link #goldValues}, each normalized as answers are compared, in the same order. */
    private final Map<String, List<String>> normalizedGoldValues;
    /** What a tool-use task expects of an agent; null for the other tasks. */
    private final @Nullable ToolSpec toolSpec;
    /** The corpus and hops of a retrieval task ({@link SimRagTask}); null for the other tasks. */
    private final @Nullable RagSpec ragSpec;

    /**
     * Creates a task.
     *
     * @param name the task's name, for messages
     * @param examples the examples, in a stable order
     * @param hints phrases that help when the instructions contain them (case-insensitive)
     * @throws IllegalArgumentException when there is no example, two share an id, or the examples
     *     do not share their input fields
     */
    public SimTask(String name, List<SimExample> examples, List<String> hints) {
        this(name, examples, hints, null);
    }

    /** A task; a tool-use task when {@code toolSpec} is given. */
    SimTask(String name, List<SimExample> examples, List<String> hints, @Nullable ToolSpec toolSpec) {
        this(name, examples, hints, toolSpec, null);
    }

    /** A task; a tool-use task when {@code toolSpec} is given, a retrieval task when {@code ragSpec} is. */
    SimTask(
            String name,
            List<SimExample> examples,
            List<String> hints,
            @Nullable ToolSpec toolSpec,
            @Nullable RagSpec ragSpec) {
        this.toolSpec = toolSpec;
        this.ragSpec = ragSpec;
        this.name = Objects.requireNonNull(name, "name");
        this.examples = List.copyOf(examples);
        this.hints = List.copyOf(hints);
        if (this.examples.isEmpty()) {
            throw new IllegalArgumentException("task " + name + " has no examples");
        }
        for (String hint : this.hints) {
            if (hint.isBlank()) {
                throw new IllegalArgumentException("task " + name + " has a blank hint phrase");
            }
        }
        this.inputFields = List.copyOf(this.examples.get(0).inputs().keySet());
        Map<String, SimExample> ids = new HashMap<>();
        Set<String> outputs = new LinkedHashSet<>();
        Map<String, Set<String>> values = new LinkedHashMap<>();
        for (SimExample example : this.examples) {
            if (ids.put(example.id(), example) != null) {
                throw new IllegalArgumentException("task " + name + " has two examples with id " + example.id());
            }
            if (!new HashSet<>(example.inputs().keySet()).equals(new HashSet<>(inputFields))) {
                throw new IllegalArgumentException("example " + example.id() + " of task " + name + " has inputs "
                        + example.inputs().keySet() + " but the task's inputs are " + inputFields);
            }
            outputs.addAll(example.gold().keySet());
            example.gold()
                    .forEach((field, value) -> values.computeIfAbsent(field, f -> new LinkedHashSet<>())
                            .add(value));
        }
        this.byId = Collections.unmodifiableMap(ids);
        this.outputFields = List.copyOf(outputs);
        Map<String, List<String>> frozen = new HashMap<>();
        values.forEach((field, set) -> frozen.put(field, List.copyOf(set)));
        this.goldValues = Collections.unmodifiableMap(frozen);
        Map<String, List<String>> normalized = new HashMap<>();
        frozen.forEach((field, list) -> normalized.put(
                field, list.stream().map(TextNormalizer::normalizeAnswer).toList()));
        this.normalizedGoldValues = Collections.unmodifiableMap(normalized);
    }

    /**
     * The task's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The examples, in their stable order.
     *
     * @return the examples
     */
    public List<SimExample> examples() {
        return examples;
    }

    /**
     * The number of examples.
     *
     * @return the size
     */
    public int size() {
        return examples.size();
    }

    /**
     * The hint phrases.
     *
     * @return the phrases
     */
    public List<String> hints() {
        return hints;
    }

    /**
     * The input field names every example has, in order.
     *
     * @return the names
     */
    public List<String> inputFields() {
        return inputFields;
    }

    /**
     * The output field names with gold values, in order.
     *
     * @return the names
     */
    public List<String> outputFields() {
        return outputFields;
    }

    /**
     * Finds an example by id.
     *
     * @param id the example's id
     * @return the example, if the task has it
     */
    public Optional<SimExample> example(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * The tools a tool-use task offers an agent, ready to run: the expected one (see {@link
     * #expectedTool()}) and a distractor ({@code calculator} and {@code lookup} for both tool-use
     * tasks; the arithmetic task's {@code lookup} knows nobody). Empty for the other tasks.
     *
     * @return the tools, in the order a prompt lists them
     */
    public List<Tool> tools() {
        return toolSpec == null ? List.of() : toolSpec.tools();
    }

    /**
     * The name of the tool that answers this task's questions: {@code calculator} or {@code lookup}.
     *
     * @return the name, or empty for a task that needs no tool
     */
    public Optional<String> expectedTool() {
        return toolSpec == null ? Optional.empty() : Optional.of(toolSpec.kind().toolName());
    }

    /**
     * The exact argument the expected tool needs for an example: the expression for arithmetic,
     * the person's full name for lookup, keyed by the tool's argument name.
     *
     * @param exampleId the example's id
     * @return the argument, or empty for a task that needs no tool or an id it does not have
     */
    public Optional<Map<String, String>> expectedArguments(String exampleId) {
        if (toolSpec == null || !byId.containsKey(exampleId)) {
            return Optional.empty();
        }
        return Optional.of(Map.of(
                toolSpec.kind().argumentName(), toolSpec.arguments(exampleId).exact()));
    }

    @Nullable
    ToolSpec toolSpec() {
        return toolSpec;
    }

    @Nullable
    RagSpec ragSpec() {
        return ragSpec;
    }

    /**
     * The probability of answering an example correctly with no tool observation and no passage:
     * {@link Competence#probability} for every task but the tool-use and retrieval ones, whose
     * logit is lower by the task's unaided penalty.
     */
    double answerProbability(SimModelProfile profile, double difficulty, SimConditions conditions) {
        if (ragSpec != null) {
            return RagCompetence.unaided(profile, difficulty, conditions);
        }
        return toolSpec == null
                ? Competence.probability(profile, difficulty, conditions)
                : ToolCompetence.unaidedProbability(profile, difficulty, conditions, toolSpec.unaidedPenalty());
    }

    /** The distinct gold values of a field, in first-seen order: the pool of plausible wrong answers. */
    List<String> goldValues(String field) {
        return goldValues.getOrDefault(field, List.of());
    }

    /** {@link #goldValues(String)} normalized as answers are compared, in the same order. */
    List<String> normalizedGoldValues(String field) {
        return normalizedGoldValues.getOrDefault(field, List.of());
    }

    /**
     * The task's examples as a dataset named {@code sim:<task>}, inputs marked, in the task's stable
     * order (what {@code Datasets.jsonl} would give for the same rows). A retrieval task's rows
     * also carry their gold passages ({@link SimRagTask#toExamples(Collection)}).
     *
     * @return the dataset
     */
    public Dataset dataset() {
        return Dataset.of("sim:" + name(), toExamples());
    }

    /**
     * The examples as dataset rows, inputs marked; a retrieval task's rows also carry their gold
     * passages ({@link SimRagTask#toExamples(Collection)}).
     *
     * @return the rows, in order
     */
    public List<Example> toExamples() {
        return ragSpec == null ? toExamples(examples) : SimRagTask.rows(ragSpec, examples);
    }

    /**
     * Converts examples to dataset rows, inputs marked.
     *
     * @param subset some examples
     * @return the rows, in order
     */
    public static List<Example> toExamples(Collection<SimExample> subset) {
        List<Example> rows = new ArrayList<>(subset.size());
        for (SimExample example : subset) {
            rows.add(example.toExample());
        }
        return rows;
    }

    /**
     * Splits the examples in two halves, in their stable order (they are shuffled when generated):
     * the first half to train on, the second to measure on.
     *
     * @return the split
     */
    public SimSplit trainDevSplit() {
        return split(examples.size() / 2);
    }

    /**
     * Splits the examples: the first {@code trainSize} to train on, the rest to measure on.
     *
     * @param trainSize how many training examples, 0 to the task's size
     * @return the split
     */
    public SimSplit split(int trainSize) {
        if (trainSize < 0 || trainSize > examples.size()) {
            throw new IllegalArgumentException(
                    "trainSize must be between 0 and " + examples.size() + " for task " + name + ", got " + trainSize);
        }
        return new SimSplit(examples.subList(0, trainSize), examples.subList(trainSize, examples.size()));
    }

    /**
     * The accuracy a model is expected to reach on the whole task under some conditions: the mean
     * over examples of the probability of a correct answer ({@link Competence}). It assumes the
     * demos are of other examples: a prompt that shows the asked example itself as a demo gets
     * that demo's answer back. For tool-use and retrieval tasks this is the accuracy of answering
     * directly, with no tool and no passage; {@link SimRagTask} gives a retrieval program's.
     *
     * @param profile the model
     * @param conditions what the prompt does
     * @return the expected accuracy, 0..1
     */
    public double expectedAccuracy(SimModelProfile profile, SimConditions conditions) {
        if (toolSpec == null && ragSpec == null) {
            return expectedAccuracy(profile, conditions, examples);
        }
        double sum = 0;
        for (SimExample example : examples) {
            sum += answerProbability(profile, example.difficulty(), conditions);
        }
        return sum / examples.size();
    }

    /**
     * The accuracy DSPJ's {@code ReAct} over this tool-use task's own {@link #tools()} is expected
     * to reach, an unknown tool name being observed as an error and the step taken again ({@link
     * UnknownToolPolicy#OBSERVED}).
     *
     * @param profile the model of every step
     * @param step what the {@code react} prompt does
     * @param extract what the {@code extract.predict} prompt does (it asks for reasoning)
     * @param maxIters the agent's iteration limit (DSPy's default is 20)
     * @return the expected accuracy, 0..1
     * @throws IllegalStateException when this is not a tool-use task
     */
    public double expectedAgentAccuracy(
            SimModelProfile profile, ToolConditions step, SimConditions extract, int maxIters) {
        return expectedAgentAccuracy(profile, step, extract, maxIters, UnknownToolPolicy.OBSERVED);
    }

    /**
     * The accuracy a ReAct agent over this tool-use task's own {@link #tools()} is expected to
     * reach: for each example, the chance that the right observation gets into the trajectory
     * within {@code maxIters} steps ({@link ToolCompetence#reachProbability}), after which the
     * extract step answers correctly, plus the chance it does not times the unaided probability of
     * the extract step.
     *
     * @param profile the model of every step
     * @param step what the {@code react} prompt does
     * @param extract what the {@code extract.predict} prompt does (it asks for reasoning)
     * @param maxIters the agent's iteration limit (DSPy's default is 20)
     * @param unknownTool what the agent's loop does with a tool name not in its list: DSPJ's
     *     observes it, DSPy's ends the episode
     * @return the expected accuracy, 0..1
     * @throws IllegalStateException when this is not a tool-use task
     */
    public double expectedAgentAccuracy(
            SimModelProfile profile,
            ToolConditions step,
            SimConditions extract,
            int maxIters,
            UnknownToolPolicy unknownTool) {
        ToolSpec spec = toolSpec;
        if (spec == null) {
            throw new IllegalStateException("task " + name + " is not a tool-use task");
        }
        double sum = 0;
        for (SimExample example : examples) {
            double reached =
                    ToolCompetence.reachProbability(profile, example.difficulty(), step, maxIters, unknownTool);
            double unaided =
                    ToolCompetence.unaidedProbability(profile, example.difficulty(), extract, spec.unaidedPenalty());
            sum += reached + (1 - reached) * unaided;
        }
        return sum / examples.size();
    }

    /**
     * The best DSPJ {@code ReAct} agent for this tool-use task over some models ({@link
     * UnknownToolPolicy#OBSERVED}): each model with {@link ToolConditions#BEST} steps and the best
     * extract conditions, keeping the most accurate.
     *
     * @param profiles the models to choose from
     * @param maxIters the agent's iteration limit
     * @return the best model, its conditions and its expected accuracy
     * @throws IllegalArgumentException when no model is given
     * @throws IllegalStateException when this is not a tool-use task
     */
    public ToolOptimum bestAgent(List<SimModelProfile> profiles, int maxIters) {
        return bestAgent(profiles, maxIters, UnknownToolPolicy.OBSERVED);
    }

    /**
     * The best ReAct agent for this tool-use task over some models: each model with {@link
     * ToolConditions#BEST} steps and the best extract conditions, keeping the most accurate.
     *
     * @param profiles the models to choose from
     * @param maxIters the agent's iteration limit
     * @param unknownTool what the agent's loop does with a tool name not in its list
     * @return the best model, its conditions and its expected accuracy
     * @throws IllegalArgumentException when no model is given
     * @throws IllegalStateException when this is not a tool-use task
     */
    public ToolOptimum bestAgent(List<SimModelProfile> profiles, int maxIters, UnknownToolPolicy unknownTool) {
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("bestAgent needs at least one model profile");
        }
        SimConditions extract = Competence.bestConditions(hints.size());
        ToolOptimum optimum = null;
        for (SimModelProfile profile : profiles) {
            double accuracy = expectedAgentAccuracy(profile, ToolConditions.BEST, extract, maxIters, unknownTool);
            if (optimum == null || accuracy > optimum.expectedAccuracy()) {
                optimum = new ToolOptimum(profile, ToolConditions.BEST, extract, maxIters, accuracy);
            }
        }
        return Objects.requireNonNull(optimum, "no model profile");
    }

    /**
     * The accuracy a model is expected to reach on some examples under some conditions.
     *
     * @param profile the model
     * @param conditions what the prompt does
     * @param subset the examples measured, for example a dev split
     * @return the expected accuracy, 0..1
     * @throws IllegalArgumentException when the subset is empty
     */
    public static double expectedAccuracy(
            SimModelProfile profile, SimConditions conditions, Collection<SimExample> subset) {
        if (subset.isEmpty()) {
            throw new IllegalArgumentException("cannot compute an expected accuracy over no examples");
        }
        double sum = 0;
        for (SimExample example : subset) {
            sum += Competence.probability(profile, example.difficulty(), conditions);
        }
        return sum / subset.size();
    }

    /**
     * The best configuration over some models: each model with its best conditions (useful
     * maximum of good demos, no bad demos, reasoning, every hint that counts, temperature 0),
     * keeping the most accurate.
     *
     * @param profiles the models to choose from
     * @return the best model, its conditions and its expected accuracy
     * @throws IllegalArgumentException when no model is given
     */
    public SimOptimum bestAchievable(List<SimModelProfile> profiles) {
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("bestAchievable needs at least one model profile");
        }
        SimConditions best = Competence.bestConditions(hints.size());
        SimOptimum optimum = null;
        for (SimModelProfile profile : profiles) {
            double accuracy = expectedAccuracy(profile, best);
            if (optimum == null || accuracy > optimum.expectedAccuracy()) {
                optimum = new SimOptimum(profile, best, accuracy);
            }
        }
        return Objects.requireNonNull(optimum, "no model profile"); // profiles is not empty
    }

    @Override
    public String toString() {
        return "SimTask(" + name + ", " + examples.size() + " examples, " + inputFields + " -> " + outputFields + ")";
    }
}
