package dev.dspj.variable;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * When a conditional variable is meaningful: only while another variable's value, written as
 * text, is one of {@link #values()}, for example {@code numHops} only when
 * {@code strategy=MULTI_HOP}. A condition on a variable that is itself inactive does not hold.
 *
 * @param variable the name of the variable this one depends on
 * @param values the values of that variable under which this one is active, as text
 *     ({@code "true"}, {@code "3"}, {@code "CHAIN_OF_THOUGHT"})
 */
public record Condition(String variable, Set<String> values) {

    /**
     * Checks and copies the parts.
     *
     * @param variable the parent variable's name
     * @param values the parent's values that make the variable active; not empty
     */
    public Condition {
        Objects.requireNonNull(variable, "variable");
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("condition on '" + variable + "' needs at least one value");
        }
        values = Set.copyOf(new TreeSet<>(values));
    }

    /**
     * Whether the condition holds in a configuration: the parent variable has a value and its text
     * is one of the values.
     *
     * @param configuration the configuration
     * @return true when the dependent variable is active
     */
    public boolean test(Configuration configuration) {
        Object value = configuration.get(variable);
        return value != null && values.contains(text(value));
    }

    static String text(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(value);
    }

    @Override
    public String toString() {
        return variable + "=" + String.join("|", new TreeSet<>(values));
    }
}
