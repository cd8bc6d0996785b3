package dev.dspj.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Lists and sets: JSON arrays. A single value where an array is expected is read as a one-element
 * collection, as models often answer a one-item list that way.
 *
 * @param <C> the collection type
 * @param <T> the element type
 */
abstract class CollectionCodec<C extends Collection<T>, T> extends StructuredCodec<C> {

    private final ValueCodec<T> element;
    private final String kind;

    CollectionCodec(ValueCodec<T> element, String kind) {
        this.element = element;
        this.kind = kind;
    }

    abstract C newCollection(int size);

    abstract C freeze(C collection);

    @Override
    public String typeName() {
        return kind + "[" + element.typeName() + "]";
    }

    @Override
    public ObjectNode schema(SchemaDefinitions definitions) {
        ObjectNode schema = Schemas.ofType("array");
        schema.set("items", element.schema(definitions));
        return schema;
    }

    @Override
    public C parseText(String text) {
        JsonNode node;
        try {
            node = LenientJson.parse(text);
        } catch (ValueParseException notJson) {
            if (element.isText()) {
                throw new ValueParseException(
                        "expected a JSON array of strings, like [\"a\", \"b\"], got " + ValueParseException.quote(text),
                        notJson);
            }
            throw notJson;
        }
        return fromJson(node);
    }

    @Override
    public C fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new ValueParseException("expected a " + typeName() + " (JSON array), got null");
        }
        if (!node.isArray()) {
            if (node.isObject()) {
                throw new ValueParseException("expected a " + typeName() + " (JSON array), got an object "
                        + ValueParseException.quote(node.toString()));
            }
            C single = newCollection(1);
            single.add(element.fromJson(node));
            return freeze(single);
        }
        C values = newCollection(node.size());
        for (int i = 0; i < node.size(); i++) {
            try {
                values.add(element.fromJson(node.get(i)));
            } catch (ValueParseException e) {
                throw e.within("[" + i + "]");
            }
        }
        return freeze(values);
    }

    @Override
    public JsonNode toJson(C value) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(value.size());
        for (T item : value) {
            array.add(element.toJson(item));
        }
        return array;
    }

    /** {@code List<T>}. */
    static final class ListCodec<T> extends CollectionCodec<List<T>, T> {
        ListCodec(ValueCodec<T> element) {
            super(element, "list");
        }

        @Override
        List<T> newCollection(int size) {
            return new ArrayList<>(size);
        }

        @Override
        List<T> freeze(List<T> collection) {
            return Collections.unmodifiableList(collection);
        }
    }

    /** {@code Set<T>}, keeping the model's order. */
    static final class SetCodec<T> extends CollectionCodec<Set<T>, T> {
        SetCodec(ValueCodec<T> element) {
            super(element, "set");
        }

        @Override
        Set<T> newCollection(int size) {
            return new LinkedHashSet<>();
        }

        @Override
        Set<T> freeze(Set<T> collection) {
            return Collections.unmodifiableSet(collection);
        }

        @Override
        public ObjectNode schema(SchemaDefinitions definitions) {
            ObjectNode schema = super.schema(definitions);
            schema.put("uniqueItems", true);
            return schema;
        }
    }
}
