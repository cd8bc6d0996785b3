package dev.dspj.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.codec.Schemas;
import dev.dspj.codec.ValueCodec;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One argument of a {@link Tool}: its name, its type (as a codec, so it is described, checked and
 * read like a signature field) and what it means.
 *
 * @param name the argument's name, as the model writes it
 * @param codec reads, checks and describes its values
 * @param description what it means, or null
 * @param <T> the argument's Java type
 */
public record ToolArgument<T>(
        String name, ValueCodec<T> codec, @Nullable String description) {

    /**
     * Checks the name.
     *
     * @throws IllegalArgumentException when the name is blank
     */
    public ToolArgument {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(codec, "codec");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a tool argument's name must not be blank");
        }
    }

    /**
     * An argument.
     *
     * @param name the name
     * @param codec its type
     * @param description what it means, or null
     * @param <T> its Java type
     * @return the argument
     */
    public static <T> ToolArgument<T> of(String name, ValueCodec<T> codec, @Nullable String description) {
        return new ToolArgument<>(name, codec, description);
    }

    /**
     * Whether a call must give it: every argument but an {@code Optional} one.
     *
     * @return true when required
     */
    public boolean required() {
        return !codec.isOptional();
    }

    /**
     * Its JSON schema as DSPy lists it in a tool's {@code args}: the type's schema with references
     * inlined, and the description when there is one.
     *
     * @return a new schema object
     */
    public ObjectNode schema() {
        ObjectNode schema = Schemas.inlined(codec);
        schema.remove("title");
        if (description != null && !description.isBlank()) {
            schema.put("description", description);
        }
        if (!required()) {
            // as DSPy writes a parameter that defaults to None; function calling's required list omits it
            schema.putNull("default");
        }
        return (ObjectNode) Schemas.sortTypeFirst(schema);
    }
}
