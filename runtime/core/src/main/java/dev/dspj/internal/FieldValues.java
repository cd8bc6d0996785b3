package dev.dspj.internal;

import dev.dspj.signature.FieldDescriptor;
import java.util.Map;
import java.util.Objects;

/**
 * Not API: untyped field values read as typed ones, for generated code.
 *
 * <p>{@code values.get(ANSWER)} is {@code ANSWER.coerce(map.get(ANSWER.name()))}: the value of the
 * field, converted to the field's type by its codec.
 */
public final class FieldValues {

    private final Map<String, ?> values;

    /**
     * Wraps values by field name.
     *
     * @param values field name to value
     */
    public FieldValues(Map<String, ?> values) {
        this.values = Objects.requireNonNull(values, "values");
    }

    /**
     * The value of a field, as the field's type.
     *
     * @param field the field
     * @param <T> its type
     * @return the value, or null when absent
     * @throws IllegalArgumentException when the value has the wrong type for the field
     */
    public <T> T get(FieldDescriptor<T> field) {
        return field.coerce(values.get(field.name()));
    }
}
