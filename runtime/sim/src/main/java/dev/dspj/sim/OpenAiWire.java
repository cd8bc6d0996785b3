package dev.dspj.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/** The JSON the simulated server writes in OpenAI's Chat Completions shapes. */
final class OpenAiWire {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String SYSTEM_FINGERPRINT = "fp_dspj_sim";

    private OpenAiWire() {}

    static ObjectNode completion(String id, long created, String model, SimCompletion completion) {
        ObjectNode body = header(id, "chat.completion", created, model);
        ArrayNode choices = body.putArray("choices");
        for (int i = 0; i < completion.choices().size(); i++) {
            SimChoice choice = completion.choices().get(i);
            ObjectNode item = choices.addObject();
            item.put("index", i);
            ObjectNode message = item.putObject("message").put("role", "assistant");
            if (choice.toolCalls().isEmpty()) {
                message.put("content", choice.text());
            } else {
                if (choice.text().isEmpty()) {
                    message.putNull("content");
                } else {
                    message.put("content", choice.text());
                }
                ArrayNode calls = message.putArray("tool_calls");
                for (SimToolCall call : choice.toolCalls()) {
                    ObjectNode written = calls.addObject().put("id", call.id()).put("type", "function");
                    written.putObject("function").put("name", call.name()).put("arguments", call.arguments());
                }
            }
            message.putNull("refusal");
            item.putNull("logprobs");
            item.put("finish_reason", choice.openAiFinishReason());
        }
        body.set("usage", usage(completion));
        return body;
    }

    /** A chunk with one choice's delta: role and/or content, and a finish reason or null. */
    static ObjectNode chunk(
            String id,
            long created,
            String model,
            int index,
            @Nullable String role,
            @Nullable String content,
            @Nullable String finishReason,
            boolean includeUsage) {
        ObjectNode chunk = header(id, "chat.completion.chunk", created, model);
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", index);
        ObjectNode delta = choice.putObject("delta");
        if (role != null) {
            delta.put("role", role);
        }
        if (content != null) {
            delta.put("content", content);
        }
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    /**
     * A chunk streaming a function call: the first carries the id, type and name with empty
     * arguments (and the role), the next ones a fragment of the arguments each.
     */
    static ObjectNode toolCallChunk(
            String id,
            long created,
            String model,
            int index,
            int callIndex,
            @Nullable SimToolCall start,
            String argumentsFragment,
            boolean includeUsage) {
        ObjectNode chunk = header(id, "chat.completion.chunk", created, model);
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", index);
        ObjectNode delta = choice.putObject("delta");
        if (start != null) {
            delta.put("role", "assistant");
            delta.putNull("content");
        }
        ObjectNode call = delta.putArray("tool_calls").addObject();
        call.put("index", callIndex);
        if (start != null) {
            call.put("id", start.id()).put("type", "function");
            call.putObject("function").put("name", start.name()).put("arguments", argumentsFragment);
        } else {
            call.putObject("function").put("arguments", argumentsFragment);
        }
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    /** The last chunk of a stream with {@code include_usage}: no choices, the usage. */
    static ObjectNode usageChunk(String id, long created, String model, SimCompletion completion) {
        ObjectNode chunk = header(id, "chat.completion.chunk", created, model);
        chunk.putArray("choices");
        chunk.set("usage", usage(completion));
        return chunk;
    }

    static ObjectNode error(ApiError error) {
        ObjectNode body = NODES.objectNode();
        ObjectNode inner = body.putObject("error");
        inner.put("message", error.message());
        inner.put("type", type(error));
        if (error.param() == null) {
            inner.putNull("param");
        } else {
            inner.put("param", error.param());
        }
        if (error.code() == null) {
            inner.putNull("code");
        } else {
            inner.put("code", error.code());
        }
        return body;
    }

    private static String type(ApiError error) {
        return switch (error.kind()) {
            case RATE_LIMIT -> "requests";
            case SERVER_ERROR -> "server_error";
            default -> "invalid_request_error";
        };
    }

    static ObjectNode model(SimModelProfile profile) {
        ObjectNode model = NODES.objectNode();
        model.put("id", profile.name());
        model.put("object", "model");
        model.put("created", 1_700_000_000L);
        model.put("owned_by", "dspj-sim");
        return model;
    }

    private static ObjectNode header(String id, String object, long created, String model) {
        ObjectNode body = NODES.objectNode();
        body.put("id", id);
        body.put("object", object);
        body.put("created", created);
        body.put("model", model);
        body.put("system_fingerprint", SYSTEM_FINGERPRINT);
        return body;
    }

    private static ObjectNode usage(SimCompletion completion) {
        ObjectNode usage = NODES.objectNode();
        usage.put("prompt_tokens", completion.promptTokens());
        usage.put("completion_tokens", completion.completionTokens());
        usage.put("total_tokens", completion.promptTokens() + completion.completionTokens());
        return usage;
    }
}
