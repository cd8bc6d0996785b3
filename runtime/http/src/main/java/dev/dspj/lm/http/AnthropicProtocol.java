package dev.dspj.lm.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.Role;
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
 * Anthropic's Messages protocol: system text apart from the turns, consecutive turns of one role
 * merged, {@code max_tokens} always sent, content as blocks.
 */
final class AnthropicProtocol implements ProviderProtocol {

    /** The API version header value. */
    static final String API_VERSION = "2023-06-01";
    /** {@code max_tokens} when the caller sets none (Anthropic requires it). */
    static final int DEFAULT_MAX_TOKENS = 4096;

    private static final JsonMapper MAPPER = ProviderProtocol.JSON;

    @Override
    public String name() {
        return "anthropic";
    }

    @Override
    public String path() {
        return "/v1/messages";
    }

    @Override
    public Map<String, String> authHeaders(Secret key) {
        return key.isPresent() ? Map.of("x-api-key", key.reveal()) : Map.of();
    }

    @Override
    public Map<String, String> fixedHeaders() {
        return Map.of("anthropic-version", API_VERSION);
    }

    @Override
    public ObjectNode requestBody(String model, LmRequest request, boolean stream) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", model);
        LmSettings settings = request.settings();
        body.put("max_tokens", settings.maxTokens().orElse(DEFAULT_MAX_TOKENS));
        StringBuilder system = new StringBuilder();
        ArrayNode messages = body.putArray("messages");
        @Nullable Role previous = null;
        @Nullable StringBuilder turn = null;
        for (ChatMessage message : request.messages()) {
            if (message.role() == Role.SYSTEM) {
                if (system.length() > 0) {
                    system.append("\n\n");
                }
                system.append(message.content());
                continue;
            }
            if (turn != null && message.role() == previous) {
                turn.append("\n\n").append(message.content());
                continue;
            }
            if (turn != null && previous != null) {
                messages.addObject().put("role", previous.wireName()).put("content", turn.toString());
            }
            previous = message.role();
            turn = new StringBuilder(message.content());
        }
        if (turn != null && previous != null) {
            messages.addObject().put("role", previous.wireName()).put("content", turn.toString());
        }
        if (system.length() > 0) {
            body.put("system", system.toString());
        }
        settings.temperature().ifPresent(v -> body.put("temperature", Math.min(v, 1.0)));
        settings.topP().ifPresent(v -> body.put("top_p", v));
        if (!settings.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop_sequences");
            settings.stop().forEach(stop::add);
        }
        settings.tools().ifPresent(tools -> {
            // Anthropic's shape: name, description and input_schema per tool
            ArrayNode list = body.putArray("tools");
            for (ObjectNode function : tools.functions()) {
                JsonNode f = function.path("function");
                ObjectNode tool = list.addObject();
                tool.put("name", f.path("name").asText());
                if (f.path("description").isTextual()) {
                    tool.put("description", f.path("description").asText());
                }
                tool.set("input_schema", f.path("parameters"));
            }
            tools.choice().ifPresent(choice -> {
                ObjectNode toolChoice = body.putObject("tool_choice");
                switch (choice) {
                    case "auto" -> toolChoice.put("type", "auto");
                    case "required" -> toolChoice.put("type", "any");
                    case "none" -> toolChoice.put("type", "none");
                    default -> toolChoice.put("type", "tool").put("name", choice);
                }
                tools.parallelToolCalls().ifPresent(parallel -> toolChoice.put("disable_parallel_tool_use", !parallel));
            });
        });
        if (stream) {
            body.put("stream", true);
        }
        return body;
    }

    @Override
    public LmResponse parseResponse(JsonNode body, String requestedModel) {
        StringBuilder text = new StringBuilder();
        List<ToolCall> toolCalls = new ArrayList<>();
        for (JsonNode block : body.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" ->
                    toolCalls.add(new ToolCall(
                            block.path("id").asText(),
                            block.path("name").asText(),
                            block.path("input").toString()));
                default -> {
                    // thinking and other blocks carry no answer text
                }
            }
        }
        JsonNode usage = body.path("usage");
        return response(
                text.toString(),
                new Usage(
                        usage.path("input_tokens").asLong(),
                        usage.path("output_tokens").asLong()),
                body.path("model").asText(requestedModel),
                body.path("stop_reason").asText(""),
                toolCalls);
    }

    /** A response as both the plain and the streamed path build it, from what they read. */
    private static LmResponse response(
            String text, Usage usage, String model, String stopReason, List<ToolCall> toolCalls) {
        String refusal = stopReason.equals("refusal") ? "the model stopped with stop_reason \"refusal\"" : null;
        return new LmResponse(List.of(text), usage, model, finishReason(stopReason), false, toolCalls, refusal);
    }

    /** Anthropic's stop reasons in OpenAI's words, so callers see one vocabulary. */
    private static String finishReason(String stopReason) {
        return switch (stopReason) {
            case "end_turn", "stop_sequence" -> "stop";
            case "max_tokens" -> "length";
            case "tool_use" -> "tool_calls";
            default -> stopReason;
        };
    }

    /**
     * Parses a stream's events: {@code text_delta}s are the text (and the deltas handed on), a
     * {@code tool_use} block's {@code input_json_delta} fragments are joined per content-block index
     * and read as its call's input when the block stops, and the calls come out in index order, as
     * the plain path lists them.
     */
    @Override
    public StreamParser streamParser(String requestedModel) {
        return new StreamParser() {
            private final StringBuilder text = new StringBuilder();
            /** The content blocks by index, as {@code content_block_start} announced them. */
            private final Map<Integer, StreamedBlock> blocks = new TreeMap<>();

            private @Nullable StreamedBlock last;
            private String model = requestedModel;
            private String stopReason = "";
            private long inputTokens;
            private long outputTokens;
            private boolean done;

            @Override
            public List<StreamEvent.Delta> onEvent(String event, String data) {
                JsonNode node;
                try {
                    node = MAPPER.readTree(data);
                } catch (IOException e) {
                    throw new IllegalArgumentException("malformed stream event: " + data, e);
                }
                String type = node.path("type").asText(event);
                switch (type) {
                    case "message_start" -> {
                        JsonNode message = node.path("message");
                        model = message.path("model").asText(model);
                        inputTokens = message.path("usage").path("input_tokens").asLong();
                        outputTokens =
                                message.path("usage").path("output_tokens").asLong();
                    }
                    case "content_block_start" -> {
                        int index = node.path("index").asInt(blocks.size());
                        StreamedBlock block = new StreamedBlock(index, node.path("content_block"));
                        blocks.put(index, block);
                        last = block;
                    }
                    case "content_block_delta" -> {
                        JsonNode delta = node.path("delta");
                        switch (delta.path("type").asText()) {
                            case "text_delta" -> {
                                String piece = delta.path("text").asText();
                                text.append(piece);
                                return List.of(new StreamEvent.Delta(piece));
                            }
                            case "input_json_delta" ->
                                block(node, data)
                                        .append(delta.path("partial_json").asText(""));
                            default -> {
                                // thinking, signatures and citations carry no answer text
                            }
                        }
                    }
                    case "content_block_stop" -> {
                        StreamedBlock block = node.has("index")
                                ? blocks.get(node.path("index").asInt())
                                : last;
                        if (block != null) {
                            block.stop();
                        }
                    }
                    case "message_delta" -> {
                        stopReason = node.path("delta").path("stop_reason").asText(stopReason);
                        if (node.path("usage").has("output_tokens")) {
                            outputTokens =
                                    node.path("usage").path("output_tokens").asLong();
                        }
                    }
                    case "message_stop" -> done = true;
                    case "error" ->
                        throw new IllegalStateException("stream error: "
                                + node.path("error").path("message").asText(data));
                    default -> {
                        // ping
                    }
                }
                return List.of();
            }

            /**
             * The block an input fragment is for: its {@code index}, or the last one started when it
             * has none; a fragment for a block that never started fails the stream.
             */
            private StreamedBlock block(JsonNode event, String data) {
                StreamedBlock block =
                        event.has("index") ? blocks.get(event.path("index").asInt()) : last;
                if (block == null) {
                    throw new IllegalArgumentException("stream event for a content block that did not start: " + data);
                }
                return block;
            }

            @Override
            public boolean finished() {
                return done;
            }

            @Override
            public LmResponse response() {
                List<ToolCall> toolCalls = new ArrayList<>();
                for (StreamedBlock block : blocks.values()) {
                    if (block.isToolUse()) {
                        toolCalls.add(block.toolCall());
                    }
                }
                return AnthropicProtocol.response(
                        text.toString(), new Usage(inputTokens, outputTokens), model, stopReason, toolCalls);
            }
        };
    }

    /**
     * One content block of a streamed message. A {@code tool_use} block starts with its id, name and
     * (usually empty) input; its input then arrives as {@code partial_json} fragments that are JSON
     * only once joined.
     */
    private static final class StreamedBlock {
        private static final ObjectReader STRICT = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

        private final int index;
        private final String type;
        private final String id;
        private final String name;
        private final JsonNode startInput;
        private final StringBuilder fragments = new StringBuilder();
        private @Nullable String arguments;

        StreamedBlock(int index, JsonNode start) {
            this.index = index;
            this.type = start.path("type").asText();
            this.id = start.path("id").asText();
            this.name = start.path("name").asText();
            this.startInput = start.path("input");
        }

        boolean isToolUse() {
            return type.equals("tool_use");
        }

        void append(String fragment) {
            fragments.append(fragment);
        }

        /** The block's end: a tool call's input is read now, so a malformed one fails the stream here. */
        void stop() {
            if (isToolUse()) {
                toolCall();
            }
        }

        /**
         * The call, its input written as the plain path writes it ({@code input.toString()}): the
         * joined fragments, or the start's input when no fragment came ({@code {}} when neither has
         * one).
         *
         * @throws IllegalArgumentException naming the tool and the text when the joined fragments are
         *     not a JSON object
         */
        ToolCall toolCall() {
            String read = arguments;
            if (read == null) {
                read = readArguments();
                arguments = read;
            }
            return new ToolCall(id, name, read);
        }

        private String readArguments() {
            String joined = fragments.toString();
            if (joined.isBlank()) {
                return startInput.isObject() ? startInput.toString() : "{}";
            }
            JsonNode input;
            try {
                input = STRICT.readTree(joined);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(malformed(joined) + " (" + e.getOriginalMessage() + ")", e);
            }
            if (input == null || !input.isObject()) {
                throw new IllegalArgumentException(malformed(joined));
            }
            return input.toString();
        }

        private String malformed(String joined) {
            return "the streamed input of tool call \"" + name + "\" (id " + id + ", content block " + index
                    + ") is not a JSON object: " + joined;
        }
    }

    @Override
    public ErrorDetails errorDetails(JsonNode body) {
        JsonNode error = body.path("error");
        return new ErrorDetails(
                error.path("type").asText(null), error.path("message").asText(null));
    }
}
