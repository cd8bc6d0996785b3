package dev.dspj.sim;

import dev.dspj.primitives.Example;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One example of a simulated task: the input values a prompt shows, the gold output values, and
 * how hard the example is for the simulated model.
 *
 * @param id a stable identifier, unique in its task, for example {@code qa-007}
 * @param inputs input field name to value, in field order; list values as JSON text
 * @param gold output field name to the correct value, in field order; list values as JSON text
 * @param difficulty from 0 (easy) to 1 (hard)
 */
public record SimExample(String id, Map<String, String> inputs, Map<String, String> gold, double difficulty) {

    /**
     * Validates the example and freezes its maps (keeping their order).
     *
     * @param id the identifier
     * @param inputs the input values
     * @param gold the gold output values
     * @param difficulty from 0 to 1
     */
    public SimExample {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a simulated example needs a non-blank id");
        }
        inputs = frozen(inputs, "inputs", id);
        gold = frozen(gold, "gold", id);
        if (inputs.isEmpty() || gold.isEmpty()) {
            throw new IllegalArgumentException(
                    "example " + id + " needs at least one input and one gold value, got inputs " + inputs.keySet()
                            + " and gold " + gold.keySet());
        }
        for (String name : gold.keySet()) {
            if (inputs.containsKey(name)) {
                throw new IllegalArgumentException(
                        "example " + id + " uses \"" + name + "\" both as input and as output");
            }
        }
        if (!(difficulty >= 0 && difficulty <= 1)) {
            throw new IllegalArgumentException(
                    "difficulty of example " + id + " must be between 0 and 1, got " + difficulty);
        }
    }

    private static Map<String, String> frozen(Map<String, String> values, String what, String id) {
        Objects.requireNonNull(values, what);
        Map<String, String> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(
                Objects.requireNonNull(k, what + " key of " + id),
                Objects.requireNonNull(v, what + " value " + k + " of " + id)));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * The example as a dataset row: inputs and gold values, with the inputs marked.
     *
     * @return the example
     */
    public Example toExample() {
        Map<String, Object> values = new LinkedHashMap<>(inputs);
        values.putAll(gold);
        return Example.of(values).withInputs(inputs.keySet());
    }
}
