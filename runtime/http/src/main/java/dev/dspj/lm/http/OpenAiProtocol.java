package dev.dspj.lm.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ResponseFormat;
import dev.dspj.lm.StreamEvent;
import dev.dspj.lm.ToolCall;
import dev.dspj.primitives.Usage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAI Chat Completions protocol, spoken by OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp,
 * LM Studio, Together, Groq, OpenRouter and DSPJ's simulated model.
 */
final class OpenAiProtocol implements ProviderProtocol {

    private static final JsonMapper MAPPER = ProviderProtocol.JSON;

    /**
     * Each response format's {@code response_format} value, written once: a predictor asks for the
     * same format instance on every call (weak identity keys, so formats nobody holds are dropped).
     */
    private static final Cache<ResponseFormat, String> FORMATS =
            Caffeine.newBuilder().weakKeys().build();

    private final String name;
    private final String path;
    private final boolean azure;

    OpenAiProtocol(String name, String path, boolean azure) {
        this.name = name;
        this.path = path;
        this.azure = azure;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Map<String, String> authHeaders(Secret key) {
        if (!key.isPresent()) {
            return Map.of();
        }
        return azure ? Map.of("api-key", key.reveal()) : Map.of("Authorization", "Bearer " + key.reveal());
    }

    @Override
    public Map<String, String> fixedHeaders() {
        return Map.of();
    }

    @Override
    public ObjectNode requestBody(String model, LmRequest request, boolean stream) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage message : request.messages()) {
            messages.addObject().put("role", message.role().wireName()).put("content", message.content());
        }
        LmSettings settings = request.settings();
        settings.temperature().ifPresent(v -> body.put("temperature", v));
        settings.maxTokens().ifPresent(v -> body.put("max_tokens", v));
        settings.topP().ifPresent(v -> body.put("top_p", v));
        if (!settings.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            settings.stop().forEach(stop::add);
        }
        settings.n().filter(n -> n > 1).ifPresent(v -> body.put("n", v));
        settings.seed().ifPresent(v -> body.put("seed", v));
        settings.responseFormat().ifPresent(format -> body.set("response_format", responseFormat(format)));
        settings.tools().ifPresent(tools -> {
            body.set("tools", tools.functionsTree());
            tools.choice().ifPresent(choice -> body.set("tool_choice", toolChoice(choice)));
            tools.parallelToolCalls().ifPresent(parallel -> body.put("parallel_tool_calls", parallel));
        });
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    /** OpenAI's {@code tool_choice}: a keyword, or a named function that must be called. */
    private static JsonNode toolChoice(String choice) {
        if (choice.equals("auto") || choice.equals("required") || choice.equals("none")) {
            return MAPPER.getNodeFactory().textNode(choice);
        }
        ObjectNode named = MAPPER.createObjectNode();
        named.put("type", "function");
        named.putObject("function").put("name", choice);
        return named;
    }

    private static ObjectNode responseFormat(ResponseFormat format) {
        ObjectNode node = MAPPER.createObjectNode();
        switch (format.kind()) {
            case TEXT -> node.put("type", "text");
            case JSON_OBJECT -> node.put("type", "json_object");
            case JSON_SCHEMA -> {
                node.put("type", "json_schema");
                ObjectNode schema = node.putObject("json_schema");
                schema.put("name", format.name().orElseThrow());
                schema.put("strict", format.strict());
                schema.set("schema", format.schema().orElseThrow());
            }
            default -> throw new IllegalStateException("unknown response format " + format);
        }
        return node;
    }

    /**
     * Writes the request straight to bytes, with the fields and order of {@link #requestBody}
     * (which the tests and the error paths use), without building a tree first.
     */
    @Override
    public byte[] requestBytes(String model, LmRequest request, boolean stream) {
        // Jackson's recycled buffers, as ObjectMapper.writeValueAsBytes uses them
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(MAPPER.getFactory()._getBufferRecycler());
                JsonGenerator json = MAPPER.getFactory().createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("model", model);
            json.writeArrayFieldStart("messages");
            for (ChatMessage message : request.messages()) {
                json.writeStartObject();
                json.writeStringField("role", message.role().wireName());
                json.writeStringField("content", message.content());
                json.writeEndObject();
            }
            json.writeEndArray();
            LmSettings settings = request.settings();
            if (settings.temperature().isPresent()) {
                json.writeNumberField("temperature", settings.temperature().get());
            }
            if (settings.maxTokens().isPresent()) {
                json.writeNumberField("max_tokens", settings.maxTokens().get());
            }
            if (settings.topP().isPresent()) {
                json.writeNumberField("top_p", settings.topP().get());
            }
            if (!settings.stop().isEmpty()) {
                json.writeArrayFieldStart("stop");
                for (String stop : settings.stop()) {
                    json.writeString(stop);
                }
                json.writeEndArray();
            }
            if (settings.n().isPresent() && settings.n().get() > 1) {
                json.writeNumberField("n", settings.n().get());
            }
            if (settings.seed().isPresent()) {
                json.writeNumberField("seed", settings.seed().get());
            }
            if (settings.responseFormat().isPresent()) {
                ResponseFormat format = settings.responseFormat().get();
                json.writeFieldName("response_format");
                json.writeRawValue(FORMATS.get(format, f -> responseFormat(f).toString()));
            }
            if (settings.tools().isPresent()) {
                dev.dspj.lm.FunctionTools tools = settings.tools().get();
                json.writeFieldName("tools");
                json.writeRawValue(tools.functionsJson());
                if (tools.choice().isPresent()) {
                    json.writeFieldName("tool_choice");
                    json.writeRawValue(toolChoice(tools.choice().get()).toString());
                }
                if (tools.parallelToolCalls().isPresent()) {
                    json.writeBooleanField(
                            "parallel_tool_calls", tools.parallelToolCalls().get());
                }
            }
            if (stream) {
                json.writeBooleanField("stream", true);
                json.writeObjectFieldStart("stream_options");
                json.writeBooleanField("include_usage", true);
                json.writeEndObject();
            }
            json.writeEndObject();
            json.flush();
            byte[] result = bytes.toByteArray();
            bytes.release();
            return result;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a request body", e);
        }
    }

    /**
     * Reads a chat completion from its bytes in one pass, skipping what DSPJ does not use (ids,
     * logprobs, token details), with the result {@link #parseResponse(JsonNode, String)} gives.
     */
    @Override
    public LmResponse parseResponse(byte[] body, String requestedModel) throws IOException {
        Answer answer = new Answer();
        try (JsonParser json = MAPPER.getFactory().createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("the response is not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "model" -> answer.model(json, value);
                    case "usage" -> answer.usage(json, value);
                    case "choices" -> answer.choices(json, value);
                    default -> json.skipChildren();
                }
            }
        }
        if (!answer.sawChoices || answer.texts.isEmpty()) {
            throw new IllegalArgumentException("the response has no choices");
        }
        return new LmResponse(
                answer.texts,
                new Usage(answer.promptTokens, answer.completionTokens),
                answer.model == null ? requestedModel : answer.model,
                answer.finishReason,
                false,
                answer.toolCalls,
                answer.refusal);
    }

    /**
     * What the one streaming pass over a response reads, each top-level field in a method of its
     * own: the JIT compiles them apart, at a fraction of the cost of one method holding them all.
     */
    private static final class Answer {
        final List<String> texts = new ArrayList<>(1);
        List<ToolCall> toolCalls = List.of();
        String finishReason = "";

        @Nullable
        String refusal;

        @Nullable
        String model;

        long promptTokens;
        long completionTokens;
        boolean sawChoices;

        void model(JsonParser json, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                model = null;
            } else if (value.isScalarValue()) {
                model = json.getText();
            } else {
                model = "";
                json.skipChildren();
            }
        }

        void usage(JsonParser json, JsonToken value) throws IOException {
            if (value != JsonToken.START_OBJECT) {
                json.skipChildren();
                return;
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken token = json.nextToken();
                if (name.equals("prompt_tokens") && token.isScalarValue()) {
                    promptTokens = json.getValueAsLong();
                } else if (name.equals("completion_tokens") && token.isScalarValue()) {
                    completionTokens = json.getValueAsLong();
                } else {
                    json.skipChildren();
                }
            }
        }

        void choices(JsonParser json, JsonToken value) throws IOException {
            if (value != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("the response has no choices");
            }
            sawChoices = true;
            texts.clear();
            toolCalls = List.of();
            finishReason = "";
            refusal = null;
            boolean first = true;
            while (json.nextToken() != JsonToken.END_ARRAY) {
                if (!first) {
                    texts.add(text(tree(json).path("message").path("content")));
                } else if (json.currentToken() != JsonToken.START_OBJECT) {
                    json.skipChildren();
                    texts.add("");
                } else {
                    texts.add(firstChoice(json));
                }
                first = false;
            }
        }

        /** The first choice's fields; returns its text. */
        private String firstChoice(JsonParser json) throws IOException {
            String text = "";
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken token = json.nextToken();
                if (name.equals("finish_reason")) {
                    finishReason = token == JsonToken.VALUE_NULL ? "" : json.getValueAsString("");
                    json.skipChildren();
                } else if (name.equals("message") && token == JsonToken.START_OBJECT) {
                    text = message(json);
                } else {
                    json.skipChildren();
                }
            }
            return text;
        }

        /** The first choice's message; returns its text. */
        private String message(JsonParser json) throws IOException {
            String text = "";
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String part = json.currentName();
                JsonToken partToken = json.nextToken();
                if (part.equals("content")) {
                    text = partToken == JsonToken.VALUE_STRING ? json.getText() : text(tree(json));
                } else if (part.equals("refusal")) {
                    refusal = partToken == JsonToken.VALUE_NULL
                            ? null
                            : tree(json).asText();
                } else if (part.equals("tool_calls")) {
                    toolCalls = toolCalls(tree(json));
                } else {
                    json.skipChildren();
                }
            }
            return text;
        }
    }

    /** The value at the parser as a tree (a missing node for none), the parser left on its last token. */
    private static JsonNode tree(JsonParser json) throws IOException {
        JsonNode node = json.readValueAsTree();
        return node == null ? MAPPER.missingNode() : node;
    }

    private static List<ToolCall> toolCalls(JsonNode calls) {
        List<ToolCall> toolCalls = new ArrayList<>();
        for (JsonNode call : calls) {
            toolCalls.add(new ToolCall(
                    call.path("id").asText(),
                    call.path("function").path("name").asText(),
                    call.path("function").path("arguments").asText()));
        }
        return toolCalls;
    }

    @Override
    public LmResponse parseResponse(JsonNode body, String requestedModel) {
        JsonNode choices = body.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            throw new IllegalArgumentException("the response has no choices");
        }
        List<String> texts = new ArrayList<>();
        String finishReason = choices.get(0).path("finish_reason").asText("");
        String refusal = null;
        for (JsonNode choice : choices) {
            JsonNode message = choice.path("message");
            texts.add(text(message.path("content")));
        }
        JsonNode first = choices.get(0).path("message");
        List<ToolCall> toolCalls = toolCalls(first.path("tool_calls"));
        if (first.hasNonNull("refusal")) {
            refusal = first.get("refusal").asText();
        }
        JsonNode usage = body.path("usage");
        return new LmResponse(
                texts,
                new Usage(
                        usage.path("prompt_tokens").asLong(),
                        usage.path("completion_tokens").asLong()),
                body.path("model").asText(requestedModel),
                finishReason,
                false,
                toolCalls,
                refusal);
    }

    /** Message content: a string, null (tool calls, refusals) or an array of text parts. */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.textValue();
        }
        if (content.isArray()) {
            StringBuilder out = new StringBuilder();
            for (JsonNode part : content) {
                if (part.path("type").asText().equals("text")) {
                    out.append(part.path("text").asText());
                }
            }
            return out.toString();
        }
        return "";
    }

    @Override
    public StreamParser streamParser(String requestedModel) {
        return new StreamParser() {
            private final Map<Integer, StringBuilder> texts = new TreeMap<>();
            /** The first choice's tool calls by index: id, name, and the arguments' fragments joined. */
            private final Map<Integer, String[]> calls = new TreeMap<>();

            private final Map<Integer, StringBuilder> callArguments = new TreeMap<>();
            private String model = requestedModel;
            private String finishReason = "";
            private Usage usage = Usage.NONE;
            private boolean done;

            @Override
            public List<StreamEvent.Delta> onEvent(String event, String data) {
                if (data.strip().equals("[DONE]")) {
                    done = true;
                    return List.of();
                }
                JsonNode chunk;
                try {
                    chunk = MAPPER.readTree(data);
                } catch (IOException e) {
                    throw new IllegalArgumentException("malformed stream event: " + data, e);
                }
                model = chunk.path("model").asText(model);
                List<StreamEvent.Delta> deltas = new ArrayList<>();
                for (JsonNode choice : chunk.path("choices")) {
                    int index = choice.path("index").asInt(0);
                    String piece = choice.path("delta").path("content").asText("");
                    if (!piece.isEmpty()) {
                        texts.computeIfAbsent(index, i -> new StringBuilder()).append(piece);
                        if (index == 0) {
                            deltas.add(new StreamEvent.Delta(piece));
                        }
                    } else {
                        texts.computeIfAbsent(index, i -> new StringBuilder());
                    }
                    if (index == 0 && choice.hasNonNull("finish_reason")) {
                        finishReason = choice.get("finish_reason").asText();
                    }
                    if (index == 0) {
                        for (JsonNode call : choice.path("delta").path("tool_calls")) {
                            int at = call.path("index").asInt(calls.size());
                            String[] parts = calls.computeIfAbsent(at, i -> new String[] {"", ""});
                            if (call.hasNonNull("id")) {
                                parts[0] = call.get("id").asText();
                            }
                            JsonNode function = call.path("function");
                            if (function.hasNonNull("name")) {
                                parts[1] = parts[1] + function.get("name").asText();
                            }
                            callArguments
                                    .computeIfAbsent(at, i -> new StringBuilder())
                                    .append(function.path("arguments").asText(""));
                        }
                    }
                }
                if (chunk.hasNonNull("usage")) {
                    JsonNode u = chunk.get("usage");
                    usage = new Usage(
                            u.path("prompt_tokens").asLong(),
                            u.path("completion_tokens").asLong());
                }
                return deltas;
            }

            @Override
            public boolean finished() {
                return done;
            }

            @Override
            public LmResponse response() {
                List<String> choices = new ArrayList<>();
                texts.values().forEach(text -> choices.add(text.toString()));
                if (choices.isEmpty()) {
                    choices.add("");
                }
                List<ToolCall> toolCalls = new ArrayList<>();
                calls.forEach((at, parts) -> toolCalls.add(new ToolCall(
                        parts[0],
                        parts[1],
                        callArguments.getOrDefault(at, new StringBuilder()).toString())));
                return new LmResponse(choices, usage, model, finishReason, false, toolCalls, null);
            }
        };
    }

    @Override
    public ErrorDetails errorDetails(JsonNode body) {
        JsonNode error = body.path("error");
        if (error.isObject()) {
            String code = error.hasNonNull("code")
                    ? error.get("code").asText()
                    : error.path("type").asText(null);
            return new ErrorDetails(code, error.path("message").asText(null));
        }
        if (error.isTextual()) {
            return new ErrorDetails(null, error.asText());
        }
        return new ErrorDetails(null, body.path("message").asText(null));
    }
}
