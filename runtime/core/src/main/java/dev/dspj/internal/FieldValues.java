package dev.dspj.internal;

import dev.dspj.signature.FieldDescriptor;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
    public <T> @Nullable T get(FieldDescriptor<T> field) {
        return field.coerce(values.get(field.name()));
    }

    /**
     * The value of a field that a parsed answer always holds (every output field: the adapters
     * reject an answer that lacks one, and an absent {@code Optional} output is read as empty).
     *
     * @param field the field
     * @param <T> its type
     * @return the value
     * @throws IllegalStateException when the value is absent, naming the field
     * @throws IllegalArgumentException when the value has the wrong type for the field
     */
    public <T> T require(FieldDescriptor<T> field) {
        T value = get(field);
        if (value == null) {
            throw new IllegalStateException("no value for the "
                    + field.role().name().toLowerCase(java.util.Locale.ROOT) + " field '" + field.name() + "'");
        }
        return value;
    }
}
