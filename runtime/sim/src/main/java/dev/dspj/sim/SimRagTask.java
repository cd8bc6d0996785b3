package dev.dspj.sim;

import dev.dspj.data.Dataset;
import dev.dspj.primitives.Example;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A retrieval task with a known optimum ({@link SimTasks#multiHopQa(long, int, int)}): a generated
 * corpus ({@link #corpus()}) about invented entities no model knows, and single- and two-hop
 * questions ({@code question -> answer}) whose answers need their gold passages in the prompt.
 * Immutable. Give {@link #task()} to a simulated model ({@code SimulatedModel.builder().task(...)}).
 *
 * <h2>How the simulated model answers</h2>
 *
 * <ul>
 *   <li><b>Query step</b>: a prompt about one of the task's questions whose outputs include {@code
 *       query} or {@code search_query}. While the first gold passage's key sentence is not in the
 *       prompt, a good query names the person asked about exactly (probability {@link
 *       RagCompetence#query} with hop 0); once it is, a two-hop question's good query names the
 *       bridge entity (the town or company that passage names; hop 1). A bad query names the
 *       person's similar-named twin, drops the given name, or uses generic words (first hop), or
 *       names the bridge's twin or paraphrases the question (second hop).
 *   <li><b>Answer step</b>: any other prompt about a question (outputs {@code answer}, inputs
 *       {@code question} and any field holding passages, such as {@code context}). Correct with
 *       probability {@link RagCompetence#reading} when every gold passage's key sentence ("Korven
 *       Talson was born in Rilford.", "Rilford is a town in Valorenia.") is in the prompt's last
 *       user message, else {@link RagCompetence#unaided}; a wrong answer names another entity of
 *       the answer's kind that the prompt mentions (a distractor passage's), else any.
 * </ul>
 *
 * Hints ({@link SimTask#hints()}): {@code exact name} and {@code bridge entity}; found in a
 * step's instructions, each raises that step's logit as {@link Competence} says.
 *
 * <h2>The known optimum</h2>
 *
 * For a program of {@code n} query steps (each retrieving passages that are added to the context;
 * DSPy's multi-hop program has {@code n = 2}) and an answer step, with {@code r1} and {@code r2} the
 * probabilities that the retriever returns the first and the second hop's gold passage among its
 * {@code k} when the query names its entity exactly (1 for a perfect retriever), per example:
 *
 * <pre>
 * h1 = q1 * r1,  h2 = q2 * r2                         (RagCompetence.query, hop 0 and 1)
 * g  = 1 - (1 - h1)^n                                  single-hop: some step finds the passage
 * g  = P(two successes, h1 then h2, within n steps)    two-hop; h1 * h2 for n = 2
 * accuracy = g * reading + (1 - g) * unaided
 * </pre>
 *
 * averaged over the examples ({@link #expectedAccuracy(SimModelProfile, SimConditions,
 * SimConditions, int, double, double, Collection)}). A bad query is taken to find no gold passage,
 * and the steps' draws to be independent: each retrieval adds some passage to the context, as BM25
 * and dense retrievers do, so no query step's prompt repeats an earlier one (a repeated prompt
 * gets the same answer, so a retriever that returns nothing for a bad query gets no second chance
 * at a single-hop question). Given instead the measured fraction of examples whose
 * answer prompt held all their gold passages, {@link #expectedAccuracyFromContext} gives {@code
 * rate * reading + (1 - rate) * unaided} averaged over the examples.
 */
public final class SimRagTask {

    /** The rows' field holding the gold passages' ids, a list in hop order. */
    public static final String GOLD_IDS = "gold_ids";
    /** The rows' field holding the gold passages' titles (the entities' names), in hop order. */
    public static final String GOLD_TITLES = "gold_titles";
    /** The rows' field holding the question's hop count, 1 or 2. */
    public static final String HOPS = "hops";
    /** The query steps of DSPy's multi-hop program. */
    public static final int DEFAULT_QUERIES = 2;

    private final SimTask task;
    private final RagSpec spec;

    SimRagTask(SimTask task, RagSpec spec) {
        this.task = task;
        this.spec = spec;
    }

    /**
     * The task the simulated model answers: examples, hints, splits.
     *
     * @return the task
     */
    public SimTask task() {
        return task;
    }

    /**
     * The task's name, {@code multi-hop-qa}.
     *
     * @return the name
     */
    public String name() {
        return task.name();
    }

    /**
     * The examples, in their stable order.
     *
     * @return the examples
     */
    public List<SimExample> examples() {
        return task.examples();
    }

    /**
     * The corpus to retrieve from.
     *
     * @return the corpus
     */
    public SimCorpus corpus() {
        return spec.corpus();
    }

    /**
     * How many passages a question needs.
     *
     * @param exampleId the example's id
     * @return 1 or 2
     * @throws IllegalArgumentException when the task has no such example
     */
    public int hops(String exampleId) {
        return spec.question(exampleId).hops().size();
    }

    /**
     * The ids of the passages a question's answer needs, in hop order.
     *
     * @param exampleId the example's id
     * @return one id per hop
     * @throws IllegalArgumentException when the task has no such example
     */
    public List<String> goldPassageIds(String exampleId) {
        return spec.question(exampleId).hops().stream()
                .map(RagSpec.Hop::passageId)
                .toList();
    }

    /**
     * The titles of the passages a question's answer needs (the entities' names), in hop order.
     *
     * @param exampleId the example's id
     * @return one title per hop
     * @throws IllegalArgumentException when the task has no such example
     */
    public List<String> goldTitles(String exampleId) {
        return spec.question(exampleId).hops().stream().map(RagSpec.Hop::title).toList();
    }

    /**
     * The names a good query holds at each hop: the person asked about, then (two-hop questions)
     * the bridge entity, the town or company the person's passage names.
     *
     * @param exampleId the example's id
     * @return one name per hop
     * @throws IllegalArgumentException when the task has no such example
     */
    public List<String> hopEntities(String exampleId) {
        return spec.question(exampleId).hops().stream().map(RagSpec.Hop::entity).toList();
    }

    /**
     * The examples as dataset rows: {@code question} (the input), {@code answer}, and {@value
     * #GOLD_IDS}, {@value #GOLD_TITLES} (lists of text) and {@value #HOPS} (an integer) for
     * retrieval metrics.
     *
     * @return the rows, in order
     */
    public List<Example> toExamples() {
        return rows(spec, task.examples());
    }

    /**
     * Some examples as dataset rows, with their gold passages, as {@link #toExamples()}.
     *
     * @param subset examples of this task, for example a split's
     * @return the rows, in order
     * @throws IllegalArgumentException when an example is not this task's
     */
    public List<Example> toExamples(Collection<SimExample> subset) {
        return rows(spec, subset);
    }

    /**
     * The examples as a dataset named {@code sim:multi-hop-qa}, rows as {@link #toExamples()}.
     *
     * @return the dataset
     */
    public Dataset dataset() {
        return Dataset.of("sim:" + name(), toExamples());
    }

    static List<Example> rows(RagSpec spec, Collection<SimExample> subset) {
        List<Example> rows = new ArrayList<>(subset.size());
        for (SimExample example : subset) {
            RagSpec.Question question = spec.question(example.id());
            Map<String, Object> values = new LinkedHashMap<>(example.inputs());
            values.putAll(example.gold());
            values.put(
                    GOLD_IDS,
                    question.hops().stream().map(RagSpec.Hop::passageId).toList());
            values.put(
                    GOLD_TITLES,
                    question.hops().stream().map(RagSpec.Hop::title).toList());
            values.put(HOPS, question.hops().size());
            rows.add(Example.of(values).withInputs(example.inputs().keySet()));
        }
        return rows;
    }

    /**
     * The expected accuracy of an {@code n}-query program with a perfect retriever (every query
     * that names an entity finds its passage) over the whole task.
     *
     * @param profile the model of every step
     * @param query what each query step's prompt does
     * @param answer what the answer step's prompt does
     * @param queries the number of query steps, at least 1
     * @return the expected accuracy, 0..1
     */
    public double expectedAccuracy(SimModelProfile profile, SimConditions query, SimConditions answer, int queries) {
        return expectedAccuracy(profile, query, answer, queries, 1.0, 1.0, task.examples());
    }

    /**
     * The expected accuracy of an {@code n}-query program over some examples, given the
     * retriever's recall at each hop: the formula of this class's description.
     *
     * @param profile the model of every step
     * @param query what each query step's prompt does
     * @param answer what the answer step's prompt does
     * @param queries the number of query steps, at least 1
     * @param recallHop1 the probability that a query naming the person finds their passage in the
     *     retrieved {@code k}, 0..1
     * @param recallHop2 the same for a query naming the bridge entity, 0..1
     * @param subset the examples measured, for example a dev split
     * @return the expected accuracy, 0..1
     * @throws IllegalArgumentException when the subset is empty or holds another task's example, or
     *     a number is out of range
     */
    public double expectedAccuracy(
            SimModelProfile profile,
            SimConditions query,
            SimConditions answer,
            int queries,
            double recallHop1,
            double recallHop2,
            Collection<SimExample> subset) {
        Objects.requireNonNull(profile, "profile");
        if (queries < 1) {
            throw new IllegalArgumentException("a retrieval program needs at least 1 query step, got " + queries);
        }
        checkRate("recallHop1", recallHop1);
        checkRate("recallHop2", recallHop2);
        if (subset.isEmpty()) {
            throw new IllegalArgumentException("cannot compute an expected accuracy over no examples");
        }
        double sum = 0;
        for (SimExample example : subset) {
            RagSpec.Question question = spec.question(example.id());
            double d = example.difficulty();
            double h1 = RagCompetence.query(profile, d, 0, query) * recallHop1;
            double found;
            if (question.hops().size() == 1) {
                found = 1 - Math.pow(1 - h1, queries);
            } else {
                found = twoSuccesses(h1, RagCompetence.query(profile, d, 1, query) * recallHop2, queries);
            }
            sum += found * RagCompetence.reading(profile, d, answer)
                    + (1 - found) * RagCompetence.unaided(profile, d, answer);
        }
        return sum / subset.size();
    }

    /**
     * The expected accuracy of the answer step over the whole task when a measured fraction of the
     * examples had all their gold passages in its prompt.
     *
     * @param profile the model of the answer step
     * @param answer what the answer step's prompt does
     * @param goldContextRate the fraction of examples whose answer prompt held every gold passage
     * @return the expected accuracy, 0..1
     * @throws IllegalArgumentException when the rate is not within 0..1
     */
    public double expectedAccuracyFromContext(SimModelProfile profile, SimConditions answer, double goldContextRate) {
        checkRate("goldContextRate", goldContextRate);
        double sum = 0;
        for (SimExample example : task.examples()) {
            double d = example.difficulty();
            sum += goldContextRate * RagCompetence.reading(profile, d, answer)
                    + (1 - goldContextRate) * RagCompetence.unaided(profile, d, answer);
        }
        return sum / task.size();
    }

    /**
     * The best an {@code n}-query program can do over some models: each model with the best
     * conditions for both steps ({@link Competence#bestConditions}: 4 good demos, reasoning, both
     * hints, temperature 0) and a perfect retriever, keeping the most accurate.
     *
     * @param profiles the models to choose from
     * @param queries the number of query steps, at least 1
     * @return the best model, its conditions and its expected accuracy
     * @throws IllegalArgumentException when no model is given
     */
    public SimRagOptimum bestAchievable(List<SimModelProfile> profiles, int queries) {
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("bestAchievable needs at least one model profile");
        }
        SimConditions best = Competence.bestConditions(task.hints().size());
        SimRagOptimum optimum = null;
        for (SimModelProfile profile : profiles) {
            double accuracy = expectedAccuracy(profile, best, best, queries);
            if (optimum == null || accuracy > optimum.expectedAccuracy()) {
                optimum = new SimRagOptimum(profile, best, best, queries, accuracy);
            }
        }
        return Objects.requireNonNull(optimum, "no model profile");
    }

    /**
     * The probability of two successes in order within {@code n} independent trials, the first
     * with probability {@code a} and the second with {@code b}.
     */
    static double twoSuccesses(double a, double b, int n) {
        double none = 1; // no success yet
        double one = 0; // the first, not the second
        double both = 0;
        for (int i = 0; i < n; i++) {
            both += one * b;
            one = one * (1 - b) + none * a;
            none *= 1 - a;
        }
        return both;
    }

    private static void checkRate(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + value);
        }
    }

    @Override
    public String toString() {
        return "SimRagTask(" + task.size() + " questions, " + spec.corpus().size() + " passages)";
    }
}
