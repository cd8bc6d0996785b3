package dev.dspj.sim;

import java.util.List;
import java.util.Locale;

/** The kind of value an output field holds, read from the DSPy type name the prompt shows. */
enum FieldKind {
    /** Free text ({@code str}). */
    TEXT,
    /** An integer ({@code int}). */
    INT,
    /** A number ({@code float}, {@code Decimal}). */
    FLOAT,
    /** {@code bool}. */
    BOOL,
    /** A list, set or tuple. */
    LIST,
    /** A dictionary. */
    DICT,
    /** One of a fixed set of values: an enum or a {@code Literal}. */
    CHOICE,
    /** Any other structured type, answered as a JSON object. */
    OBJECT;

    /**
     * The kind of a field.
     *
     * @param typeName the type name from the field list, for example {@code list[str]}
     * @param choices allowed values found in the prompt, empty when none
     * @param constraint the field's "# note" constraint text, empty when none
     */
    static FieldKind of(String typeName, List<String> choices, String constraint) {
        if (!choices.isEmpty()) {
            return CHOICE;
        }
        String type = unwrapOptional(typeName.strip());
        String lower = type.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "str", "string" -> {
                return TEXT;
            }
            case "int", "integer" -> {
                return INT;
            }
            case "float", "decimal", "number" -> {
                return FLOAT;
            }
            case "bool", "boolean" -> {
                return BOOL;
            }
            case "list", "set", "tuple" -> {
                return LIST;
            }
            case "dict" -> {
                return DICT;
            }
            default -> {
                // the kinds below need more than the name
            }
        }
        if (lower.startsWith("list[") || lower.startsWith("set[") || lower.startsWith("tuple[")) {
            return LIST;
        }
        if (lower.startsWith("dict[")) {
            return DICT;
        }
        if (lower.startsWith("literal[")) {
            return CHOICE;
        }
        return constraint.contains("JSON schema") ? OBJECT : TEXT;
    }

    /** {@code Optional[X]} and {@code X | None} as X. */
    static String unwrapOptional(String type) {
        if (type.startsWith("Optional[") && type.endsWith("]")) {
            return type.substring("Optional[".length(), type.length() - 1).strip();
        }
        if (type.endsWith("| None")) {
            return type.substring(0, type.length() - "| None".length()).strip();
        }
        return type;
    }
}
