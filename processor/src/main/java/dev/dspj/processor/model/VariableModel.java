package dev.dspj.processor.model;

import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import org.jspecify.annotations.Nullable;

/**
 * One validated {@code @Variable} field: everything the writer needs to declare the variable and
 * to read and set the field.
 *
 * @param field the field
 * @param name the variable's name ({@code name()} or the field's name)
 * @param description what the variable controls; empty for none
 * @param type the field's type
 * @param min the lower bound of a numeric variable (0 for others)
 * @param max the upper bound of a numeric variable (0 for others)
 * @param step the step of an integer variable (0 for others)
 * @param logScale whether a {@code double} variable is searched on a log scale
 * @param choices the choices of a {@code String} variable; empty for others
 * @param defaultValue the default, from the field's initializer: a {@code Boolean}, a {@code Long}
 *     (int and long fields), a {@code Double}, or a {@code String} (the choice, or the enum
 *     constant's name)
 * @param enumType the enum of an enum field; null for others
 * @param condition the condition under which the variable is active, if any
 */
public record VariableModel(
        VariableElement field,
        String name,
        String description,
        FieldType type,
        double min,
        double max,
        long step,
        boolean logScale,
        List<String> choices,
        Object defaultValue,
        @Nullable TypeElement enumType,
        Optional<Condition> condition) {

    /** The field types a variable can have. */
    public enum FieldType {
        /** {@code boolean}: a boolean variable. */
        BOOLEAN,
        /** {@code int}: an integer variable. */
        INT,
        /** {@code long}: an integer variable. */
        LONG,
        /** {@code double}: a real variable. */
        DOUBLE,
        /** {@code String}: a choice among {@code choices}. */
        STRING,
        /** An enum: a choice among its constants. */
        ENUM
    }

    /**
     * The condition written in {@code when}.
     *
     * @param variable the name of the variable this one depends on
     * @param values that variable's values, as text, under which this one is active
     */
    public record Condition(String variable, List<String> values) {}

    /**
     * The field's name.
     *
     * @return the name
     */
    public String fieldName() {
        return field.getSimpleName().toString();
    }
}
