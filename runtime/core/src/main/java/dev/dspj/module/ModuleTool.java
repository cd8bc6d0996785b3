package dev.dspj.module;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.codec.LenientJson;
import dev.dspj.codec.SchemaDefinitions;
import dev.dspj.codec.ValueCodec;
import dev.dspj.codec.ValueParseException;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.tool.Tool;
import dev.dspj.tool.ToolArgument;
import dev.dspj.tool.ToolArguments;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A program as a {@link Tool}, so an agent, or an MCP server ({@code dspj-mcp}), can call it: one
 * argument per input field of its signature (the field's codec, so its type, schema and checks, and
 * its description), and the result the output fields as one JSON object, {@code {"answer": ...}},
 * each value written by its field's codec.
 *
 * <pre>{@code
 * Predict qa = new Predict(QA);
 * ProgramState.load(qa, Path.of("qa.json"));              // the optimized demos and instructions
 * Tool tool = ModuleTool.of("qa", qa, QA);                // {"question": str} -> {"answer": str}
 * }</pre>
 *
 * <p>A call runs {@link AsyncModule#forwardAsync} when the module has it (no thread waits on the
 * model), else {@link Module#forward} on the caller's thread. The module is shared by every call, as
 * it would be by an evaluation's threads.
 */
public final class ModuleTool {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ModuleTool() {}

    /**
     * A program as a tool described by its signature's instructions.
     *
     * @param name the tool's name: letters, digits, {@code _} and {@code -}
     * @param module the program
     * @param signature what it takes and returns: its inputs become the arguments, its outputs the result
     * @return the tool
     * @throws IllegalArgumentException when the name is not a tool's name
     */
    public static Tool of(String name, Module module, SignatureDescriptor signature) {
        Objects.requireNonNull(signature, "signature");
        return of(name, signature.instructions(), module, signature);
    }

    /**
     * A program as a tool.
     *
     * @param name the tool's name: letters, digits, {@code _} and {@code -}
     * @param description what the tool does, for the model or the MCP client
     * @param module the program
     * @param signature what it takes and returns: its inputs become the arguments, its outputs the result
     * @return the tool
     * @throws IllegalArgumentException when the name is not a tool's name
     */
    public static Tool of(String name, String description, Module module, SignatureDescriptor signature) {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(signature, "signature");
        List<ToolArgument<?>> arguments = new ArrayList<>();
        for (FieldDescriptor<?> field : signature.inputFields()) {
            arguments.add(argument(field));
        }
        Tool.Builder builder = Tool.builder(name)
                .description(Objects.requireNonNull(description, "description"))
                .arguments(arguments.toArray(ToolArgument<?>[]::new));
        OutputsCodec outputs = new OutputsCodec(signature);
        if (module instanceof AsyncModule async) {
            return builder.asyncFunction(
                    outputs,
                    args -> async.forwardAsync(inputs(args), CallOptions.NONE).thenApply(outputs::write));
        }
        return builder.function(outputs, args -> outputs.write(module.forward(inputs(args))));
    }

    private static <T> ToolArgument<T> argument(FieldDescriptor<T> field) {
        String description = field.description().isBlank() ? null : field.description();
        return ToolArgument.of(field.name(), field.codec(), description);
    }

    private static Map<String, Object> inputs(ToolArguments arguments) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        arguments.asMap().forEach((key, value) -> {
            if (value != null) {
                inputs.put(key, value);
            }
        });
        return inputs;
    }

    /** The output fields as one JSON object, each value through its field's codec. */
    private static final class OutputsCodec implements ValueCodec<ObjectNode> {
        private final SignatureDescriptor signature;

        OutputsCodec(SignatureDescriptor signature) {
            this.signature = signature;
        }

        ObjectNode write(Prediction prediction) {
            ObjectNode object = NODES.objectNode();
            for (FieldDescriptor<?> field : signature.outputFields()) {
                object.set(field.name(), json(field, prediction.values().get(field.name())));
            }
            return object;
        }

        @SuppressWarnings("unchecked") // the value was parsed by this field's codec
        private static <T> JsonNode json(FieldDescriptor<T> field, @Nullable Object value) {
            if (value == null) {
                return NullNode.getInstance();
            }
            try {
                return field.codec().toJson((T) value);
            } catch (ClassCastException e) {
                return NODES.textNode(String.valueOf(value));
            }
        }

        @Override
        public String typeName() {
            return "dict";
        }

        @Override
        public ObjectNode schema(SchemaDefinitions definitions) {
            ObjectNode schema = NODES.objectNode();
            schema.put("type", "object");
            ObjectNode properties = schema.putObject("properties");
            ArrayNode required = schema.putArray("required");
            for (FieldDescriptor<?> field : signature.outputFields()) {
                ObjectNode property = field.codec().schema(definitions);
                if (!field.description().isBlank()) {
                    property.put("description", field.description());
                }
                properties.set(field.name(), property);
                required.add(field.name());
            }
            return schema;
        }

        @Override
        public ObjectNode parseText(String text) {
            return fromJson(LenientJson.parse(text));
        }

        @Override
        public ObjectNode fromJson(JsonNode node) {
            if (!node.isObject()) {
                throw new ValueParseException("expected the outputs of " + signature.name() + " as a JSON object, got "
                        + ValueParseException.quote(node.toString()));
            }
            return (ObjectNode) node;
        }

        @Override
        public JsonNode toJson(ObjectNode value) {
            return value;
        }
    }
}
