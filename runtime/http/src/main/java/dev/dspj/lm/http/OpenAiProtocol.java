package dev.dspj.lm.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * The OpenAI Chat Completions protocol, spoken by OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp,
 * LM Studio, Together, Groq, OpenRouter and DSPJ's simulated model.
 */
final class OpenAiProtocol implements ProviderProtocol {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

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
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
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

    @Override
    public LmResponse parseResponse(JsonNode body, String requestedModel) {
        JsonNode choices = body.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            throw new IllegalArgumentException("the response has no choices");
        }
        List<String> texts = new ArrayList<>();
        String finishReason = choices.get(0).path("finish_reason").asText("");
        List<ToolCall> toolCalls = new ArrayList<>();
        String refusal = null;
        for (JsonNode choice : choices) {
            JsonNode message = choice.path("message");
            texts.add(text(message.path("content")));
        }
        JsonNode first = choices.get(0).path("message");
        for (JsonNode call : first.path("tool_calls")) {
            toolCalls.add(new ToolCall(
                    call.path("id").asText(),
                    call.path("function").path("name").asText(),
                    call.path("function").path("arguments").asText()));
        }
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
                return new LmResponse(choices, usage, model, finishReason, false);
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
