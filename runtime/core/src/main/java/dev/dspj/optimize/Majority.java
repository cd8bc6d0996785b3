package dev.dspj.optimize;

import dev.dspj.primitives.Prediction;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * DSPy's {@code dspy.majority}: the prediction whose value of a field (by default the last output
 * field) is the most common. Text values are compared after DSPy's {@code normalize_text} (SQuAD's
 * normalization: lower case, punctuation and articles removed, whitespace collapsed); other values
 * by equality. Values that normalize to nothing are ignored unless every value does. Ties go to the
 * value seen first; the first prediction with the winning value is returned.
 */
public final class Majority {

    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private Majority() {}

    /**
     * The majority on the last output field.
     *
     * @param predictions at least one prediction
     * @return the first prediction holding the most common value
     * @throws IllegalArgumentException when there is no prediction or the first has no fields
     */
    public static Prediction vote(List<Prediction> predictions) {
        return vote(predictions, null);
    }

    /**
     * The majority on a field.
     *
     * @param predictions at least one prediction
     * @param field the field, or null for the last field of the first prediction
     * @return the first prediction holding the most common value
     * @throws IllegalArgumentException when there is no prediction or the field cannot be found
     */
    public static Prediction vote(List<Prediction> predictions, @Nullable String field) {
        if (predictions == null || predictions.isEmpty()) {
            throw new IllegalArgumentException("majority vote needs at least one prediction");
        }
        String target = field != null ? field : lastField(predictions.get(0));
        List<Object> normalized = new ArrayList<>(predictions.size());
        for (Prediction prediction : predictions) {
            normalized.add(normalizeValue(prediction.values().get(target)));
        }
        boolean anyPresent = normalized.stream().anyMatch(Objects::nonNull);
        Map<Object, Integer> counts = new LinkedHashMap<>();
        for (Object value : normalized) {
            if (value != null || !anyPresent) {
                counts.merge(value == null ? NONE : value, 1, Integer::sum);
            }
        }
        Object winner = null;
        int best = -1;
        for (Map.Entry<Object, Integer> entry : counts.entrySet()) {
            if (entry.getValue() > best) {
                winner = entry.getKey();
                best = entry.getValue();
            }
        }
        for (int i = 0; i < predictions.size(); i++) {
            Object value = normalized.get(i) == null ? NONE : normalized.get(i);
            if (value.equals(winner)) {
                return predictions.get(i);
            }
        }
        return predictions.get(predictions.size() - 1);
    }

    /**
     * A reducer for {@link Ensemble} voting on the last output field.
     *
     * @return the reducer
     */
    public static Function<List<Prediction>, Prediction> reducer() {
        return predictions -> vote(predictions, null);
    }

    /**
     * A reducer for {@link Ensemble} voting on a field.
     *
     * @param field the field
     * @return the reducer
     */
    public static Function<List<Prediction>, Prediction> reducer(String field) {
        Objects.requireNonNull(field, "field");
        return predictions -> vote(predictions, field);
    }

    /**
     * DSPy's {@code normalize_text}: Unicode NFD, lower case, ASCII punctuation removed, the
     * articles a/an/the removed, whitespace collapsed.
     *
     * @param text the text
     * @return the normalized text, possibly empty
     */
    public static String normalize(String text) {
        String value = Normalizer.normalize(text, Normalizer.Form.NFD).toLowerCase(Locale.ROOT);
        StringBuilder kept = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (PUNCTUATION.indexOf(c) < 0) {
                kept.append(c);
            }
        }
        String withoutArticles = ARTICLES.matcher(kept).replaceAll(" ");
        return String.join(" ", withoutArticles.trim().split("\\s+")).trim();
    }

    private static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    private static @Nullable Object normalizeValue(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof CharSequence text) {
            String normalized = normalize(text.toString());
            return normalized.isEmpty() ? null : normalized;
        }
        return value;
    }

    private static String lastField(Prediction prediction) {
        String last = null;
        for (String key : prediction.values().keySet()) {
            last = key;
        }
        if (last == null) {
            throw new IllegalArgumentException("majority vote: the prediction has no output fields to vote on");
        }
        return last;
    }
}
