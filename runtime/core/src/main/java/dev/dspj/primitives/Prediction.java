package dev.dspj.primitives;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a module returned: typed values for its output fields and the completion they came from.
 *
 * <p>{@link #lmUsage()} is DSPy's {@code get_lm_usage()}: every model call made to produce this
 * prediction, by model. A predictor's prediction holds its own call (two when the adapter fell
 * back); a program's, run with {@link dev.dspj.module.Module#call}, every call its modules made,
 * however many ran at once elsewhere. It is not part of equality: two predictions with the same
 * values and completion are equal whatever they cost.
 *
 * @param values output field name to typed value
 * @param completion the raw completion
 * @param lmUsage the model calls behind it, by model
 */
public record Prediction(Map<String, Object> values, Completion completion, LmUsage lmUsage) {

    /**
     * Validates the prediction.
     *
     * @param values the values
     * @param completion the completion
     * @param lmUsage the model calls behind it
     */
    public Prediction {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        completion = Objects.requireNonNullElse(completion, Completion.none());
        lmUsage = Objects.requireNonNullElse(lmUsage, LmUsage.NONE);
    }

    /**
     * A prediction with no usage recorded.
     *
     * @param values output field name to typed value
     * @param completion the raw completion
     */
    public Prediction(Map<String, Object> values, Completion completion) {
        this(values, completion, LmUsage.NONE);
    }

    /**
     * This prediction with the usage of the calls behind it.
     *
     * @param usage the usage
     * @return a new prediction
     */
    public Prediction withLmUsage(LmUsage usage) {
        return new Prediction(values, completion, usage);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Prediction that && values.equals(that.values) && completion.equals(that.completion);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values, completion);
    }

    @Override
    public String toString() {
        return "Prediction[values=" + values + ", completion=" + completion + "]";
    }

    /**
     * The value of an output field.
     *
     * @param field the field's name
     * @return the value, if present
     */
    public Optional<Object> get(String field) {
        return Optional.ofNullable(values.get(field));
    }

    /**
     * The value of an output field as text, or empty text when the prediction has none (a metric
     * then scores it as wrong rather than failing).
     *
     * @param field the field's name
     * @return the text; empty when absent
     */
    public String getString(String field) {
        Object value = values.get(field);
        return value == null ? "" : value.toString();
    }
}
