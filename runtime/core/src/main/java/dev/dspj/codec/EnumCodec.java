package dev.dspj.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An enum, by constant name: case-insensitive, tolerant of quotes, emphasis, trailing
 * punctuation and a {@code Type.} prefix ({@code Sentiment.POSITIVE}).
 *
 * @param <E> the enum type
 */
final class EnumCodec<E extends Enum<E>> implements NamedTypeCodec<E> {

    private final String typeName;
    private final E[] constants;
    private final Map<String, E> byName = new HashMap<>();
    private final Map<String, E> byLowerName = new HashMap<>();

    EnumCodec(String typeName, E[] constants) {
        if (constants.length == 0) {
            throw new IllegalArgumentException("enum " + typeName + " has no constants");
        }
        this.typeName = typeName;
        this.constants = constants.clone();
        for (E constant : constants) {
            byName.put(constant.name(), constant);
            byLowerName.put(constant.name().toLowerCase(Locale.ROOT), constant);
        }
    }

    @Override
    public String typeName() {
        return typeName;
    }

    @Override
    public ObjectNode definition(SchemaDefinitions definitions) {
        ObjectNode schema = Schemas.ofType("string");
        ArrayNode values = schema.putArray("enum");
        for (E constant : constants) {
            values.add(constant.name());
        }
        schema.put("title", typeName);
        return schema;
    }

    @Override
    public E parseText(String text) {
        // a constant's own name first: cleaning would unwrap _HIDDEN_, and case folding
        // confuses constants that differ only in case (ok and OK)
        E exact = byName.get(text.strip());
        if (exact != null) {
            return exact;
        }
        String cleaned = ScalarText.clean(text);
        exact = byName.get(cleaned);
        if (exact != null) {
            return exact;
        }
        int dot = cleaned.lastIndexOf('.');
        if (dot > 0 && cleaned.substring(0, dot).equalsIgnoreCase(typeName)) {
            cleaned = cleaned.substring(dot + 1);
            exact = byName.get(cleaned);
            if (exact != null) {
                return exact;
            }
        }
        E match = byLowerName.get(cleaned.toLowerCase(Locale.ROOT));
        if (match == null) {
            match = byLowerName.get(
                    cleaned.toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_'));
        }
        if (match == null) {
            throw new ValueParseException("expected one of " + allowed() + ", got " + ValueParseException.quote(text));
        }
        return match;
    }

    @Override
    public E fromJson(JsonNode node) {
        if (node == null || !node.isValueNode() || node.isNull()) {
            throw new ValueParseException("expected one of " + allowed() + ", got "
                    + (node == null ? "nothing" : ValueParseException.quote(node.toString())));
        }
        return parseText(node.asText());
    }

    @Override
    public JsonNode toJson(E value) {
        return JsonNodeFactory.instance.textNode(value.name());
    }

    @Override
    public String format(E value) {
        return value.name();
    }

    @Override
    public String outputConstraint() {
        return "must be one of: " + Arrays.stream(constants).map(Enum::name).collect(Collectors.joining("; "));
    }

    private String allowed() {
        return Arrays.stream(constants).map(Enum::name).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return typeName;
    }
}
