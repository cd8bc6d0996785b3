package dev.dspj.primitives;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One data point: named values, some of them marked as inputs (the rest are labels). Used for
 * datasets and for the demos a predictor shows the model. Immutable; {@code with...} methods
 * return changed copies. Absent and {@code null} values are the same thing: an example never
 * stores a {@code null}.
 *
 * <p>Generated {@code FooExample} records give typed access and convert to and from this class.
 */
public final class Example {

    private final Map<String, Object> values;
    private final Set<String> inputKeys;
    private final boolean augmented;

    private Example(Map<String, Object> values, Set<String> inputKeys, boolean augmented) {
        this.values = values;
        this.inputKeys = inputKeys;
        this.augmented = augmented;
    }

    /**
     * Creates an example from values; entries with a {@code null} value are left out.
     *
     * @param values field name to value
     * @return the example, with no inputs marked
     */
    public static Example of(Map<String, ?> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v != null) {
                copy.put(Objects.requireNonNull(k, "field name"), v);
            }
        });
        return new Example(Collections.unmodifiableMap(copy), Set.of(), false);
    }

    /**
     * Creates an example from alternating names and values: {@code Example.of("question", "2+2?", "answer", "4")}.
     *
     * @param namesAndValues name, value, name, value...
     * @return the example, with no inputs marked
     */
    public static Example of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Example.of takes name/value pairs; got an odd number of arguments");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (!(namesAndValues[i] instanceof String name)) {
                throw new IllegalArgumentException(
                        "argument " + i + " of Example.of must be a field name, got " + namesAndValues[i]);
            }
            values.put(name, namesAndValues[i + 1]);
        }
        return of(values);
    }

    /**
     * Returns a copy with these fields marked as the inputs (DSPy's {@code with_inputs}).
     *
     * @param keys the input field names
     * @return the copy
     */
    public Example withInputs(String... keys) {
        return withInputs(List.of(keys));
    }

    /**
     * Returns a copy with these fields marked as the inputs.
     *
     * @param keys the input field names
     * @return the copy
     */
    public Example withInputs(Iterable<String> keys) {
        Set<String> marked = new LinkedHashSet<>();
        keys.forEach(marked::add);
        return new Example(values, Collections.unmodifiableSet(marked), augmented);
    }

    /**
     * Returns a copy with one value set (or removed, for {@code null}).
     *
     * @param key the field name
     * @param value the value
     * @return the copy
     */
    public Example with(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return new Example(Collections.unmodifiableMap(copy), inputKeys, augmented);
    }

    /**
     * Returns a copy marked as bootstrapped from a program's own successful run (DSPy's
     * {@code augmented} demos) or not.
     *
     * @param isAugmented the flag
     * @return the copy
     */
    public Example withAugmented(boolean isAugmented) {
        return new Example(values, inputKeys, isAugmented);
    }

    /**
     * All values, in insertion order.
     *
     * @return field name to value
     */
    public Map<String, Object> values() {
        return values;
    }

    /**
     * The value of a field.
     *
     * @param key the field name
     * @return the value, if present
     */
    public Optional<Object> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /**
     * The value of a field as text (a metric's usual need): the value's {@code toString()}.
     *
     * @param key the field name
     * @return the text
     * @throws IllegalArgumentException naming the field and the fields the example has, when absent
     */
    public String getString(String key) {
        Object value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException(
                    "the example has no value for \"" + key + "\"; it has " + values.keySet());
        }
        return value.toString();
    }

    /**
     * Whether a field has a value.
     *
     * @param key the field name
     * @return true when present
     */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /**
     * The names of the fields marked as inputs.
     *
     * @return the input keys
     */
    public Set<String> inputKeys() {
        return inputKeys;
    }

    /**
     * The values of the input fields.
     *
     * @return field name to value
     * @throws IllegalStateException when no inputs are marked
     */
    public Map<String, Object> inputs() {
        if (inputKeys.isEmpty()) {
            throw new IllegalStateException("no input fields are marked on this example; call withInputs(...) first");
        }
        Map<String, Object> in = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (inputKeys.contains(k)) {
                in.put(k, v);
            }
        });
        return Collections.unmodifiableMap(in);
    }

    /**
     * The values of the fields not marked as inputs.
     *
     * @return field name to value
     */
    public Map<String, Object> labels() {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (!inputKeys.contains(k)) {
                out.put(k, v);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /**
     * Whether this demo was bootstrapped from a program's own run.
     *
     * @return the flag
     */
    public boolean augmented() {
        return augmented;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Example other
                && values.equals(other.values)
                && inputKeys.equals(other.inputKeys)
                && augmented == other.augmented;
    }

    @Override
    public int hashCode() {
        return Objects.hash(values, inputKeys, augmented);
    }

    @Override
    public String toString() {
        return "Example" + values + (inputKeys.isEmpty() ? "" : " (input_keys=" + inputKeys + ")");
    }
}
