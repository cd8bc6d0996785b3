package dev.dspj.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code Optional<T>}, pydantic's {@code Optional[T]}: empty for a missing field, an empty text,
 * {@code None}, {@code null} or a JSON null.
 *
 * @param <T> the value type
 */
final class OptionalCodec<T> implements ValueCodec<Optional<T>> {

    private final ValueCodec<T> value;

    OptionalCodec(ValueCodec<T> value) {
        this.value = value;
    }

    @Override
    public String typeName() {
        return "Union[" + value.typeName() + ", NoneType]";
    }

    @Override
    public ObjectNode schema(SchemaDefinitions definitions) {
        ObjectNode schema = Schemas.object();
        ArrayNode anyOf = schema.putArray("anyOf");
        ObjectNode present = value.schema(definitions);
        if (present.size() == 1 && present.has("anyOf")) {
            anyOf.addAll((ArrayNode) present.get("anyOf")); // pydantic flattens nested anyOf
        } else {
            anyOf.add(present);
        }
        anyOf.add(Schemas.ofType("null"));
        return schema;
    }

    @Override
    public Optional<T> parseText(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty() || trimmed.equals("None") || trimmed.equals("null")) {
            return Optional.empty();
        }
        return Optional.of(value.parseText(trimmed));
    }

    @Override
    public Optional<T> fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Optional.empty();
        }
        return Optional.of(value.fromJson(node));
    }

    @Override
    public JsonNode toJson(Optional<T> optional) {
        return optional.map(value::toJson).orElse(NullNode.getInstance());
    }

    @Override
    public String format(Optional<T> optional) {
        return optional.map(value::format).orElse("None");
    }

    @Override
    public boolean isOptional() {
        return true;
    }

    @Override
    public Optional<T> absentValue() {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return typeName();
    }
}
