package dev.dspj.data;

import dev.dspj.primitives.Example;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.RandomAccess;

/**
 * An immutable list of {@link Example}s, as loaded from a file ({@link Datasets}) or wrapped from
 * a list, with seeded shuffles, {@code take}/{@code skip} and train/dev/test splits. Every derived
 * dataset is a new object; this one never changes. It is a {@link List}, so it can be passed
 * wherever a {@code List<Example>} is expected (an evaluator's dev set, an optimizer's train set).
 *
 * <pre>{@code
 * Dataset data = Datasets.jsonl(Path.of("qa.jsonl")).inputs("question").load();
 * Dataset.Splits parts = data.shuffle(42).splits(0.6, 0.2, 0.2);
 * }</pre>
 */
public final class Dataset extends AbstractList<Example> implements RandomAccess {

    private final String source;
    private final List<Example> examples;
    private final List<DatasetProblem> problems;

    private Dataset(String source, List<Example> examples, List<DatasetProblem> problems) {
        this.source = source;
        this.examples = examples;
        this.problems = problems;
    }

    /**
     * Wraps examples as a dataset.
     *
     * @param examples the examples, copied
     * @return the dataset
     */
    public static Dataset of(List<Example> examples) {
        return of("examples", examples);
    }

    /**
     * Wraps examples as a dataset with a name for messages.
     *
     * @param source where the examples come from, for messages
     * @param examples the examples, copied; none may be null
     * @return the dataset
     */
    public static Dataset of(String source, List<Example> examples) {
        Objects.requireNonNull(source, "source");
        for (int i = 0; i < examples.size(); i++) {
            if (examples.get(i) == null) {
                throw new IllegalArgumentException("example #" + i + " of " + source + " is null");
            }
        }
        return new Dataset(source, List.copyOf(examples), List.of());
    }

    static Dataset loaded(String source, List<Example> examples, List<DatasetProblem> problems) {
        return new Dataset(source, List.copyOf(examples), List.copyOf(problems));
    }

    @Override
    public Example get(int index) {
        return examples.get(index);
    }

    @Override
    public int size() {
        return examples.size();
    }

    /**
     * Where the examples came from: the file, or the name given to {@link #of(String, List)}.
     *
     * @return the source
     */
    public String source() {
        return source;
    }

    /**
     * The bad rows skipped when the file was loaded with {@code skipBadRows()}, each with its file
     * and line. Datasets derived from this one (shuffles, splits) keep the list, since it
     * describes their source. Empty when nothing was skipped.
     *
     * @return the problems
     */
    public List<DatasetProblem> problems() {
        return problems;
    }

    /**
     * Returns the examples in a random order fixed by the seed: the same seed always gives the same
     * order, on every JVM (Fisher-Yates over {@link java.util.Random}, whose sequence is specified).
     *
     * @param seed the seed
     * @return the shuffled dataset
     */
    public Dataset shuffle(long seed) {
        List<Example> copy = new ArrayList<>(examples);
        Random random = new Random(seed);
        for (int i = copy.size() - 1; i > 0; i--) {
            Collections.swap(copy, i, random.nextInt(i + 1));
        }
        return derived(copy);
    }

    /**
     * The first {@code n} examples (all of them when there are fewer).
     *
     * @param n at least 0
     * @return the dataset
     */
    public Dataset take(int n) {
        requireCount("take", n);
        return derived(examples.subList(0, Math.min(n, examples.size())));
    }

    /**
     * The examples after the first {@code n} (none when there are fewer).
     *
     * @param n at least 0
     * @return the dataset
     */
    public Dataset skip(int n) {
        requireCount("skip", n);
        return derived(examples.subList(Math.min(n, examples.size()), examples.size()));
    }

    /**
     * Returns a copy with these fields marked as the inputs of every example.
     *
     * @param keys the input field names
     * @return the dataset
     */
    public Dataset withInputs(String... keys) {
        List<Example> marked = new ArrayList<>(examples.size());
        for (Example example : examples) {
            marked.add(example.withInputs(keys));
        }
        return derived(marked);
    }

    /**
     * Splits in two, in the current order: the first {@code round(size * trainFraction)} examples
     * to train on, the rest to measure on. Shuffle first for a random split.
     *
     * @param trainFraction between 0 and 1
     * @return the split
     */
    public Split split(double trainFraction) {
        requireFraction("trainFraction", trainFraction);
        return split((int) Math.round(examples.size() * trainFraction));
    }

    /**
     * Shuffles with a seed, then splits in two ({@code shuffle(seed).split(trainFraction)}).
     *
     * @param trainFraction between 0 and 1
     * @param seed the shuffle's seed
     * @return the split
     */
    public Split split(double trainFraction, long seed) {
        return shuffle(seed).split(trainFraction);
    }

    /**
     * Splits in two, in the current order: the first {@code trainCount} examples and the rest.
     *
     * @param trainCount 0 to {@link #size()}
     * @return the split
     */
    public Split split(int trainCount) {
        if (trainCount < 0 || trainCount > examples.size()) {
            throw new IllegalArgumentException("cannot take " + trainCount + " training examples from " + source
                    + ", which has " + examples.size());
        }
        return new Split(
                derived(examples.subList(0, trainCount)), derived(examples.subList(trainCount, examples.size())));
    }

    /**
     * Splits in three by fractions, in the current order: train, then dev, then test. The bounds
     * are rounded from the cumulative fractions, so the parts never overlap; when the fractions add
     * up to 1 every example is used, otherwise the examples after the test part are left out.
     *
     * @param train the train fraction
     * @param dev the dev fraction
     * @param test the test fraction
     * @return the three parts
     * @throws IllegalArgumentException when a fraction is negative or they add up to more than 1
     */
    public Splits splits(double train, double dev, double test) {
        requireFraction("train", train);
        requireFraction("dev", dev);
        requireFraction("test", test);
        double total = train + dev + test;
        if (total > 1 + 1e-9) {
            throw new IllegalArgumentException("split fractions add up to " + total + " (train " + train + ", dev "
                    + dev + ", test " + test + "); they must add up to at most 1");
        }
        int n = examples.size();
        int trainEnd = (int) Math.round(n * train);
        int devEnd = (int) Math.round(n * (train + dev));
        int testEnd = Math.abs(total - 1) < 1e-9 ? n : (int) Math.round(n * total);
        return new Splits(
                derived(examples.subList(0, trainEnd)),
                derived(examples.subList(trainEnd, devEnd)),
                derived(examples.subList(devEnd, Math.min(testEnd, n))));
    }

    /**
     * Splits in three by counts, in the current order: the first {@code train} examples, the next
     * {@code dev}, the next {@code test}.
     *
     * @param train how many to train on
     * @param dev how many to tune on
     * @param test how many to test on
     * @return the three parts
     * @throws IllegalArgumentException when a count is negative or they add up to more than the size
     */
    public Splits splits(int train, int dev, int test) {
        requireCount("train", train);
        requireCount("dev", dev);
        requireCount("test", test);
        long total = (long) train + dev + test;
        if (total > examples.size()) {
            throw new IllegalArgumentException("cannot split " + source + " (" + examples.size() + " examples) into "
                    + train + " train + " + dev + " dev + " + test + " test = " + total + " examples");
        }
        return new Splits(
                derived(examples.subList(0, train)),
                derived(examples.subList(train, train + dev)),
                derived(examples.subList(train + dev, train + dev + test)));
    }

    private Dataset derived(List<Example> subset) {
        return new Dataset(source, List.copyOf(subset), problems);
    }

    private static void requireCount(String what, int n) {
        if (n < 0) {
            throw new IllegalArgumentException(what + " must be at least 0, got " + n);
        }
    }

    private static void requireFraction(String what, double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException(what + " must be a fraction between 0 and 1, got " + fraction);
        }
    }

    @Override
    public String toString() {
        return "Dataset(" + source + ", " + examples.size() + " examples"
                + (problems.isEmpty() ? "" : ", " + problems.size() + " problems skipped") + ")";
    }

    /**
     * A dataset split in two.
     *
     * @param train the examples to train on
     * @param dev the examples to measure on
     */
    public record Split(Dataset train, Dataset dev) {}

    /**
     * A dataset split in three.
     *
     * @param train the examples to train on
     * @param dev the examples to tune and select on
     * @param test the examples held out for the final measure
     */
    public record Splits(Dataset train, Dataset dev, Dataset test) {}
}
