package dev.dspj.sim;

import java.util.List;
import java.util.Locale;

/**
 * An output field as the prompt describes it.
 *
 * @param name the field's name
 * @param typeName the DSPy type name shown, for example {@code str}
 * @param kind the kind of value
 * @param choices the allowed values of a {@link FieldKind#CHOICE} field, in order
 */
record FieldSpec(String name, String typeName, FieldKind kind, List<String> choices) {

    FieldSpec {
        choices = List.copyOf(choices);
    }

    /** Whether this is a chain-of-thought field: free text named {@code reasoning} or {@code rationale}. */
    boolean isReasoning() {
        String lower = name.toLowerCase(Locale.ROOT);
        return kind == FieldKind.TEXT && (lower.equals("reasoning") || lower.equals("rationale"));
    }
}
