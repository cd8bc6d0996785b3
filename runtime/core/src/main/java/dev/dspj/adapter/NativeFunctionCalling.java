package dev.dspj.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.codec.LenientJson;
import dev.dspj.codec.ValueCodec;
import dev.dspj.codec.ValueParseException;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.FunctionTools;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ModelCapabilities;
import dev.dspj.primitives.Example;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.tool.Tool;
import dev.dspj.tool.ToolCall;
import dev.dspj.tool.ToolCalls;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An adapter with native function calling: see {@link Adapter#withNativeFunctionCalling()}.
 * Everything but the tool fields goes through the adapter it wraps.
 */
final class NativeFunctionCalling implements Adapter {

    private final Adapter base;

    /** Each signature's tool fields, found once: format, request settings and parse all ask per call. */
    private final com.github.benmanes.caffeine.cache.Cache<SignatureDescriptor, Optional<ToolFields>> fields =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                    .weakKeys()
                    .maximumSize(4_096)
                    .build();

    NativeFunctionCalling(Adapter base) {
        this.base = base;
    }

    /** The signature's tool fields, when it has both. */
    private record ToolFields(FieldDescriptor<?> tools, FieldDescriptor<?> calls, SignatureDescriptor rest) {}

    private Optional<ToolFields> toolFields(SignatureDescriptor signature) {
        return fields.get(signature, NativeFunctionCalling::findToolFields);
    }

    private static Optional<ToolFields> findToolFields(SignatureDescriptor signature) {
        FieldDescriptor<?> tools = null;
        for (FieldDescriptor<?> field : signature.inputFields()) {
            if (isTools(field.codec())) {
                tools = field;
                break;
            }
        }
        FieldDescriptor<?> calls = null;
        for (FieldDescriptor<?> field : signature.outputFields()) {
            if (field.codec() == ToolCalls.CODEC) {
                calls = field;
                break;
            }
        }
        if (calls != null && tools == null) {
            throw new IllegalArgumentException("signature " + signature.name() + ": the ToolCalls output '"
                    + calls.name() + "' needs a Tool or List<Tool> input for native function calling");
        }
        if (tools == null || calls == null) {
            return Optional.empty();
        }
        SignatureDescriptor.Builder rest =
                SignatureDescriptor.builder(signature.name()).instructions(signature.instructions());
        // a signature needs an output: when the calls are the only one, the prompt keeps them
        boolean keepCalls = signature.outputFields().size() == 1;
        for (FieldDescriptor<?> field : signature.fields()) {
            if (field != tools && (field != calls || keepCalls)) {
                rest.field(field);
            }
        }
        return Optional.of(new ToolFields(tools, calls, rest.build()));
    }

    private static boolean isTools(ValueCodec<?> codec) {
        return codec == Tool.CODEC || "list[Tool]".equals(codec.typeName());
    }

    @Override
    public String name() {
        return base.name();
    }

    @Override
    public List<ChatMessage> format(SignatureDescriptor signature, List<Example> demos, Map<String, Object> inputs) {
        Optional<ToolFields> fields = toolFields(signature);
        if (fields.isEmpty()) {
            return base.format(signature, demos, inputs);
        }
        Map<String, Object> rest = new LinkedHashMap<>(inputs);
        rest.remove(fields.get().tools().name());
        return base.format(fields.get().rest(), demos, rest);
    }

    @Override
    public Map<String, Object> parse(SignatureDescriptor signature, String completion) {
        return base.parse(signature, completion);
    }

    @Override
    public LmSettings requestSettings(SignatureDescriptor signature, ModelCapabilities capabilities) {
        return base.requestSettings(toolFields(signature).map(ToolFields::rest).orElse(signature), capabilities);
    }

    @Override
    public LmSettings requestSettings(
            SignatureDescriptor signature, ModelCapabilities capabilities, Map<String, Object> inputs) {
        Optional<ToolFields> fields = toolFields(signature);
        if (fields.isEmpty()) {
            return base.requestSettings(signature, capabilities, inputs);
        }
        LmSettings settings = base.requestSettings(fields.get().rest(), capabilities, inputs);
        List<Tool> tools = tools(inputs.get(fields.get().tools().name()));
        return tools.isEmpty() ? settings : settings.withTools(FunctionTools.of(tools));
    }

    private static List<Tool> tools(@Nullable Object value) {
        if (value instanceof Tool tool) {
            return List.of(tool);
        }
        List<Tool> tools = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Tool tool) {
                    tools.add(tool);
                }
            }
        }
        return tools;
    }

    @Override
    public Map<String, Object> parse(SignatureDescriptor signature, LmResponse response) {
        Optional<ToolFields> fields = toolFields(signature);
        if (fields.isEmpty()) {
            return base.parse(signature, response);
        }
        List<ToolCall> calls = new ArrayList<>();
        for (dev.dspj.lm.ToolCall call : response.toolCalls()) {
            calls.add(new ToolCall(call.id(), call.name(), arguments(call.argumentsJson())));
        }
        String text = response.text();
        if (calls.isEmpty() && text.isBlank()) {
            throw new AdapterParseException(
                    name(),
                    signature.name(),
                    List.of(new AdapterParseException.FieldProblem(
                            fields.get().calls().name(), "The LM returned an empty or null response.", null)),
                    text);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        if (calls.isEmpty()) {
            values.putAll(base.parse(fields.get().rest(), response));
        } else if (!text.isBlank()) {
            try {
                values.putAll(base.parse(fields.get().rest(), response));
            } catch (AdapterParseException ignored) {
                // with tool calls, the text fields are a bonus: DSPy ignores their errors too
            }
        }
        values.put(fields.get().calls().name(), new ToolCalls(calls));
        return values;
    }

    private static ObjectNode arguments(String json) {
        try {
            JsonNode node = LenientJson.parse(json);
            if (node.isObject()) {
                return (ObjectNode) node;
            }
        } catch (ValueParseException e) {
            // not JSON: no arguments, as DSPy reads them
        }
        return JsonNodeFactory.instance.objectNode();
    }

    @Override
    public Optional<Adapter> fallback() {
        return base.fallback().map(Adapter::withNativeFunctionCalling);
    }

    @Override
    public Adapter withNativeFunctionCalling() {
        return this;
    }

    @Override
    public String toString() {
        return base + " with native function calling";
    }
}
