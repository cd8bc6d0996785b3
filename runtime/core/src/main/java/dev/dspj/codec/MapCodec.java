package dev.dspj.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code Map<String, T>}: a JSON object, keeping the model's key order.
 *
 * @param <T> the value type
 */
final class MapCodec<T> extends StructuredCodec<Map<String, T>> {

    private final ValueCodec<T> value;

    MapCodec(ValueCodec<T> value) {
        this.value = value;
    }

    @Override
    public String typeName() {
        return "dict[str, " + value.typeName() + "]";
    }

    @Override
    public ObjectNode schema(SchemaDefinitions definitions) {
        ObjectNode schema = Schemas.ofType("object");
        schema.set("additionalProperties", value.schema(definitions));
        return schema;
    }

    @Override
    public Map<String, T> fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ValueParseException("expected a " + typeName() + " (JSON object), got "
                    + (node == null || node.isNull() ? "null" : ValueParseException.quote(node.toString())));
        }
        Map<String, T> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            try {
                values.put(entry.getKey(), value.fromJson(entry.getValue()));
            } catch (ValueParseException e) {
                throw e.within("['" + entry.getKey() + "']");
            }
        }
        return Collections.unmodifiableMap(values);
    }

    @Override
    public JsonNode toJson(Map<String, T> values) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, T> entry : values.entrySet()) {
            object.set(entry.getKey(), value.toJson(entry.getValue()));
        }
        return object;
    }
}
