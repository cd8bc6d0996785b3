package dev.dspj.lm;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A local embedder with no model and no dependencies: the feature-hashing trick over words and
 * character n-grams. Each lower-cased word adds 1 to one coordinate and each character trigram of
 * the padded word ({@code " word "}) adds 0.5 to another, with a hash-chosen sign (so collisions
 * cancel out on average); the vector is then L2-normalized, so dot products are cosine
 * similarities in [-1, 1]. Texts sharing words and word pieces land close together.
 *
 * <p>Deterministic across runs and JVMs (FNV-1a over UTF-8 bytes, not {@code String.hashCode}), so
 * the simulated server's {@code /v1/embeddings} endpoint returns the very same vectors. Good for
 * tests and small offline demos; use a real embedding model for semantic similarity. Immutable
 * and thread-safe.
 */
public final class HashingEmbedder implements Embedder {

    /** Dimensions by default. */
    public static final int DEFAULT_DIMENSIONS = 512;
    /** The most dimensions allowed. */
    public static final int MAX_DIMENSIONS = 65_536;

    private static final double WORD_WEIGHT = 1.0;
    private static final double TRIGRAM_WEIGHT = 0.5;

    private final int dimensions;

    /** An embedder with {@value #DEFAULT_DIMENSIONS} dimensions. */
    public HashingEmbedder() {
        this(DEFAULT_DIMENSIONS);
    }

    /**
     * An embedder with the given number of dimensions.
     *
     * @param dimensions 1 to {@value #MAX_DIMENSIONS}
     */
    public HashingEmbedder(int dimensions) {
        if (dimensions < 1 || dimensions > MAX_DIMENSIONS) {
            throw new IllegalArgumentException(
                    "HashingEmbedder dimensions must be between 1 and " + MAX_DIMENSIONS + ", got " + dimensions);
        }
        this.dimensions = dimensions;
    }

    /**
     * The vectors' length.
     *
     * @return the dimensions
     */
    public int dimensions() {
        return dimensions;
    }

    @Override
    public float[][] embed(List<String> texts) {
        float[][] vectors = new float[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            vectors[i] = embed(texts.get(i));
        }
        return vectors;
    }

    /**
     * Embeds one text.
     *
     * @param text the text (null is read as empty)
     * @return the unit vector, or all zeros for a text with no letters or digits
     */
    public float[] embed(String text) {
        double[] sums = new double[dimensions];
        for (String word : words(text == null ? "" : text)) {
            add(sums, "w:" + word, WORD_WEIGHT);
            String padded = " " + word + " ";
            int[] points = padded.codePoints().toArray();
            for (int i = 0; i + 3 <= points.length; i++) {
                add(sums, "c:" + new String(points, i, 3), TRIGRAM_WEIGHT);
            }
        }
        double norm = 0;
        for (double value : sums) {
            norm += value * value;
        }
        float[] vector = new float[dimensions];
        if (norm == 0) {
            return vector;
        }
        double scale = 1.0 / Math.sqrt(norm);
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (sums[i] * scale);
        }
        return vector;
    }

    private void add(double[] sums, String feature, double weight) {
        long hash = fnv1a(feature);
        int index = (int) Long.remainderUnsigned(hash, dimensions);
        double sign = ((hash >>> 63) & 1) == 0 ? 1 : -1;
        sums[index] += sign * weight;
    }

    /** Lower-cased runs of letters and digits, accents removed. */
    private static List<String> words(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFD)
                .replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        folded.codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp)) {
                word.appendCodePoint(cp);
            } else if (word.length() > 0) {
                words.add(word.toString());
                word.setLength(0);
            }
        });
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    private static long fnv1a(String feature) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : feature.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        // FNV's low bits mix poorly for short keys: finish with a 64-bit avalanche (MurmurHash3's fmix64)
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        hash ^= hash >>> 33;
        return hash;
    }

    @Override
    public String toString() {
        return "HashingEmbedder(" + dimensions + " dimensions)";
    }
}
