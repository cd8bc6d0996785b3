package dev.dspj.optimize;

import dev.dspj.lm.Embedder;
import dev.dspj.primitives.Example;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * DSPy's {@code KNN}: finds the training examples nearest an input. Each training example's input
 * fields are written as {@code "key: value | key: value"} (in the example's field order) and
 * embedded once, when the index is built; at query time the input values are written the same way,
 * embedded, and the {@code k} examples with the highest dot product are returned, nearest first
 * (ties: the earlier example first). Immutable and thread-safe once built.
 */
public final class Knn {

    /**
     * A training example found near an input.
     *
     * @param example the training example
     * @param index its position in the training set
     * @param score the dot product of the two embeddings (cosine similarity for unit vectors)
     */
    public record Neighbour(Example example, int index, double score) {}

    private final int k;
    private final List<Example> trainset;
    private final Embedder embedder;
    private final float[][] vectors;

    /**
     * Builds the index: embeds every training example's inputs in one call to the embedder.
     *
     * @param k how many neighbours to return, at least 1
     * @param trainset examples with their inputs marked
     * @param embedder turns texts into vectors
     * @throws IllegalArgumentException for a bad k, an example without inputs, or an embedder
     *     returning the wrong number of vectors or vectors of different lengths
     */
    public Knn(int k, List<Example> trainset, Embedder embedder) {
        if (k < 1) {
            throw new IllegalArgumentException("KNN: k must be at least 1, got " + k);
        }
        this.k = k;
        this.trainset = Programs.checkTrainset(trainset, "KNN", "trainset");
        this.embedder = Objects.requireNonNull(embedder, "KNN: the embedder is null");
        List<String> texts = new ArrayList<>(this.trainset.size());
        for (Example example : this.trainset) {
            texts.add(text(example));
        }
        this.vectors = this.trainset.isEmpty() ? new float[0][] : embedder.embed(texts);
        if (vectors.length != texts.size()) {
            throw new IllegalArgumentException(
                    "KNN: the embedder returned " + vectors.length + " vectors for " + texts.size() + " texts");
        }
        for (int i = 1; i < vectors.length; i++) {
            if (vectors[i].length != vectors[0].length) {
                throw new IllegalArgumentException("KNN: the embedder returned vectors of different lengths ("
                        + vectors[0].length + " and " + vectors[i].length + ")");
            }
        }
    }

    /**
     * The text an example's inputs are embedded as: {@code "question: What is ... | context: ..."}.
     *
     * @param example an example with its inputs marked
     * @return the text
     */
    public static String text(Example example) {
        StringJoiner text = new StringJoiner(" | ");
        example.values().forEach((key, value) -> {
            if (example.inputKeys().contains(key)) {
                text.add(key + ": " + value);
            }
        });
        return text.toString();
    }

    /**
     * The text input values are embedded as, in the map's order.
     *
     * @param inputs input field name to value
     * @return the text
     */
    public static String text(Map<String, ?> inputs) {
        StringJoiner text = new StringJoiner(" | ");
        inputs.forEach((key, value) -> text.add(key + ": " + value));
        return text.toString();
    }

    /**
     * The {@code k} training examples nearest the inputs, nearest first.
     *
     * @param inputs input field name to value
     * @return at most k examples
     */
    public List<Example> nearest(Map<String, ?> inputs) {
        List<Example> examples = new ArrayList<>();
        for (Neighbour neighbour : neighbours(inputs)) {
            examples.add(neighbour.example());
        }
        return examples;
    }

    /**
     * The {@code k} training examples nearest the inputs, with their scores, nearest first.
     *
     * @param inputs input field name to value
     * @return at most k neighbours
     */
    public List<Neighbour> neighbours(Map<String, ?> inputs) {
        Objects.requireNonNull(inputs, "inputs");
        if (trainset.isEmpty()) {
            return List.of();
        }
        float[][] query = embedder.embed(List.of(text(inputs)));
        if (query.length != 1 || query[0].length != vectors[0].length) {
            throw new IllegalStateException("KNN: the embedder returned "
                    + (query.length == 1 ? "a vector of length " + query[0].length : query.length + " vectors")
                    + " for the query; expected one of "
                    + "length " + vectors[0].length);
        }
        List<Neighbour> all = new ArrayList<>(trainset.size());
        for (int i = 0; i < trainset.size(); i++) {
            double score = 0;
            float[] vector = vectors[i];
            for (int j = 0; j < vector.length; j++) {
                score += (double) vector[j] * query[0][j];
            }
            all.add(new Neighbour(trainset.get(i), i, score));
        }
        all.sort(Comparator.comparingDouble(Neighbour::score).reversed().thenComparingInt(Neighbour::index));
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }

    /**
     * How many neighbours a query returns.
     *
     * @return k
     */
    public int k() {
        return k;
    }

    /**
     * The indexed examples.
     *
     * @return the training set
     */
    public List<Example> trainset() {
        return trainset;
    }
}
