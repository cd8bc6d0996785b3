package dev.dspj.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A record (pydantic's model): a JSON object with one key per component, in declaration order.
 * Components of an {@code Optional} type may be left out; unknown keys are ignored. Generated
 * code builds one per record type:
 *
 * <pre>{@code
 * RecordCodec.<Address>builder("Address")
 *     .component("street", Codecs.STRING, Address::street)
 *     .component("zip", Codecs.INT, Address::zip)
 *     .build(values -> new Address(values.get(0), values.get(1)));
 * }</pre>
 *
 * @param <R> the record type
 */
public final class RecordCodec<R> extends StructuredCodec<R> implements NamedTypeCodec<R> {

    private final String typeName;
    private final List<Component<R, ?>> components;
    private final Function<Values, R> constructor;

    private RecordCodec(String typeName, List<Component<R, ?>> components, Function<Values, R> constructor) {
        this.typeName = typeName;
        this.components = List.copyOf(components);
        this.constructor = constructor;
    }

    /**
     * Starts describing a record type.
     *
     * @param typeName the record's simple name, shown to the model as the type
     * @param <R> the record type
     * @return a builder
     */
    public static <R> Builder<R> builder(String typeName) {
        return new Builder<>(typeName);
    }

    @Override
    public String typeName() {
        return typeName;
    }

    @Override
    public ObjectNode schema(SchemaDefinitions definitions) {
        return NamedTypeCodec.super.schema(definitions);
    }

    @Override
    public ObjectNode definition(SchemaDefinitions definitions) {
        ObjectNode schema = Schemas.ofType("object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = JsonNodeFactory.instance.arrayNode();
        for (Component<R, ?> component : components) {
            ObjectNode property = component.codec.schema(definitions);
            // pydantic titles a property unless it refers to a named type, also when optional
            boolean reference = property.has("$ref")
                    || (component.codec.isOptional()
                            && property.path("anyOf").path(0).has("$ref"));
            if (!reference) {
                property.put("title", Schemas.titleOf(component.name));
            }
            if (component.codec.isOptional()) {
                property.set("default", NullNode.getInstance());
            } else {
                required.add(component.name);
            }
            properties.set(component.name, property);
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("title", typeName);
        return schema;
    }

    @Override
    public R fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ValueParseException("expected a " + typeName + " (JSON object with keys "
                    + componentNames() + "), got "
                    + (node == null || node.isNull() ? "null" : ValueParseException.quote(node.toString())));
        }
        Object[] values = new Object[components.size()];
        for (int i = 0; i < values.length; i++) {
            Component<R, ?> component = components.get(i);
            JsonNode child = node.get(component.name);
            try {
                if (child == null && !component.codec.isOptional()) {
                    throw new ValueParseException("missing key \"" + component.name + "\" of " + typeName);
                }
                values[i] = component.codec.fromJson(child);
            } catch (ValueParseException e) {
                throw e.within("." + component.name);
            }
        }
        return constructor.apply(new Values(values));
    }

    @Override
    public JsonNode toJson(R value) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        for (Component<R, ?> component : components) {
            object.set(component.name, component.write(value));
        }
        return object;
    }

    private String componentNames() {
        List<String> names = new ArrayList<>();
        for (Component<R, ?> component : components) {
            names.add(component.name);
        }
        return String.join(", ", names);
    }

    /**
     * The component values read for one record, in declaration order, handed to the record's
     * constructor.
     */
    public static final class Values {
        private final Object[] values;

        Values(Object[] values) {
            this.values = values;
        }

        /**
         * Returns the value of the component at an index, typed by the caller.
         *
         * @param index the component's position
         * @param <T> the component's type
         * @return the value
         */
        // the generated code knows each component's type, and reads it without a cast
        @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
        public <T> T get(int index) {
            return (T) values[index];
        }
    }

    private static final class Component<R, T> {
        final String name;
        final ValueCodec<T> codec;
        final Function<R, T> accessor;

        Component(String name, ValueCodec<T> codec, Function<R, T> accessor) {
            this.name = name;
            this.codec = codec;
            this.accessor = accessor;
        }

        JsonNode write(R record) {
            return codec.toJson(
                    Objects.requireNonNull(accessor.apply(record), () -> "record component " + name + " is null"));
        }
    }

    /**
     * Describes a record's components, then how to construct it.
     *
     * @param <R> the record type
     */
    public static final class Builder<R> {
        private final String typeName;
        private final List<Component<R, ?>> components = new ArrayList<>();

        private Builder(String typeName) {
            this.typeName = typeName;
        }

        /**
         * Adds the next component.
         *
         * @param name the component's name (its JSON key)
         * @param codec the component's codec
         * @param accessor reads the component from a record
         * @param <T> the component's type
         * @return this builder
         */
        public <T> Builder<R> component(String name, ValueCodec<T> codec, Function<R, T> accessor) {
            components.add(new Component<>(name, codec, accessor));
            return this;
        }

        /**
         * Finishes the codec.
         *
         * @param constructor builds a record from its component values
         * @return the codec
         */
        public RecordCodec<R> build(Function<Values, R> constructor) {
            return new RecordCodec<>(typeName, components, constructor);
        }
    }
}
