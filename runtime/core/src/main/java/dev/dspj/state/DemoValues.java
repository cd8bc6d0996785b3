package dev.dspj.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.codec.ValueCodec;
import dev.dspj.codec.ValueParseException;
import dev.dspj.primitives.Example;
import dev.dspj.signature.FieldDescriptor;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Demo values to JSON and back. A value of a signature field goes through the field's codec, as
 * pydantic's JSON mode would write it (records as objects, enums by name, {@code Optional.empty()}
 * as {@code null}); any other value (a key the signature does not have, or a value of another
 * type than the field's) is written as plain JSON, as DSPy writes whatever a demo holds.
 */
final class DemoValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DemoValues() {}

    /** A demo value as JSON: through the field's codec when it is a value of the field's type. */
    static JsonNode toJson(@Nullable FieldDescriptor<?> field, Object value) {
        if (field != null) {
            try {
                return typedToJson(field, value);
            } catch (ClassCastException | IllegalArgumentException | ValueParseException notOfTheFieldsType) {
                // written as it is, as DSPy would
            }
        }
        return plainToJson(value);
    }

    private static <T> JsonNode typedToJson(FieldDescriptor<T> field, Object value) {
        // a demo value is never null (an example stores none), and coerce keeps a non-null value non-null
        T typed = Objects.requireNonNull(field.coerce(value), "coerced demo value");
        return field.codec().toJson(typed);
    }

    /** Any Java value as JSON: text, numbers, booleans, collections, maps, examples. */
    static JsonNode plainToJson(@Nullable Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof CharSequence text) {
            return NODES.textNode(text.toString());
        }
        if (value instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).intValue());
        }
        if (value instanceof Long number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Double || value instanceof Float) {
            return NODES.numberNode(((Number) value).doubleValue());
        }
        if (value instanceof BigDecimal number) {
            return NODES.numberNode(number);
        }
        if (value instanceof BigInteger number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Enum<?> constant) {
            return NODES.textNode(constant.name());
        }
        if (value instanceof Optional<?> optional) {
            return plainToJson(optional.orElse(null));
        }
        if (value instanceof Example example) {
            return plainToJson(example.values());
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((key, item) -> object.set(String.valueOf(key), plainToJson(item)));
            return object;
        }
        if (value instanceof Collection<?> items) {
            ArrayNode array = NODES.arrayNode();
            items.forEach(item -> array.add(plainToJson(item)));
            return array;
        }
        return NODES.textNode(String.valueOf(value));
    }

    /**
     * Reads a saved value of a signature field through its codec: text saved for a structured or
     * numeric field (older DSPy wrote models as JSON text) is parsed as the model's answer would be.
     *
     * @return the value, or {@code null} for a {@code null} saved for a field that is not optional
     * @throws ValueParseException when the value is not of the field's type
     */
    static @Nullable Object fromJson(FieldDescriptor<?> field, JsonNode node) {
        ValueCodec<?> codec = field.codec();
        if (node.isNull()) {
            return codec.isOptional() ? codec.absentValue() : null;
        }
        if (node.isTextual() && !codec.isText()) {
            return codec.parseText(node.textValue());
        }
        return codec.fromJson(node);
    }

    /** A saved value of a key the signature does not have, as plain Java values. */
    static @Nullable Object plainFromJson(@Nullable JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isInt()) {
            return node.intValue();
        }
        if (node.isLong()) {
            return node.longValue();
        }
        if (node.isBigInteger()) {
            return node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>(node.size());
            node.forEach(item -> items.add(plainFromJson(item)));
            return Collections.unmodifiableList(items);
        }
        if (node.isObject()) {
            Map<String, Object> values = new LinkedHashMap<>();
            node.properties().forEach(entry -> values.put(entry.getKey(), plainFromJson(entry.getValue())));
            return Collections.unmodifiableMap(values);
        }
        return node.asText();
    }
}
