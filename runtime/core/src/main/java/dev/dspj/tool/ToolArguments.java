package dev.dspj.tool;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The checked, typed values of one call's arguments, as a tool's function reads them.
 */
public final class ToolArguments {

    private final Map<String, @Nullable Object> values;

    ToolArguments(Map<String, @Nullable Object> values) {
        this.values = values;
    }

    /**
     * An argument's value.
     *
     * @param argument the argument, one of the tool's
     * @param <T> its type
     * @return the value (an absent {@code Optional} argument is its empty value)
     * @throws IllegalArgumentException when the argument is not one of the tool's
     */
    @SuppressWarnings("unchecked") // the value was read with this argument's codec
    public <T> T get(ToolArgument<T> argument) {
        if (!values.containsKey(argument.name())) {
            throw new IllegalArgumentException(
                    "\"" + argument.name() + "\" is not an argument of this tool; it has " + values.keySet());
        }
        return (T) values.get(argument.name());
    }

    /**
     * The values by name, in the tool's order.
     *
     * @return an unmodifiable view
     */
    public Map<String, @Nullable Object> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
