package dev.dspj.primitives;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a module returned: typed values for its output fields and the completion they came from.
 *
 * @param values output field name to typed value
 * @param completion the raw completion
 */
public record Prediction(Map<String, Object> values, Completion completion) {

    /**
     * Validates the prediction.
     *
     * @param values the values
     * @param completion the completion
     */
    public Prediction {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        completion = Objects.requireNonNullElse(completion, Completion.none());
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
