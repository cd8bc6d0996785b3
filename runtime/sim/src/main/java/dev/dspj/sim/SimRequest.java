package dev.dspj.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ResponseFormat;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to the simulated model, whichever way it came in (HTTP or in process).
 *
 * @param model the model name asked for
 * @param messages the prompt, system messages included
 * @param temperature the temperature, or null when not set (read as 0)
 * @param maxTokens the most completion tokens per choice, or null for no limit
 * @param n the number of choices, at least 1
 * @param seed the sampling seed, or null
 * @param rolloutId the rollout id, or null
 * @param format the response format's kind
 * @param schema the JSON schema of a {@link ResponseFormat.Kind#JSON_SCHEMA} format, or null
 * @param stop stop sequences
 * @param tools the functions the request offers for native function calling ({@code tools}), empty when none
 * @param toolTurns the earlier function calls of the conversation with their results, in order
 */
record SimRequest(
        String model,
        List<ChatMessage> messages,
        @Nullable Double temperature,
        @Nullable Integer maxTokens,
        int n,
        @Nullable Long seed,
        @Nullable Integer rolloutId,
        ResponseFormat.Kind format,
        @Nullable JsonNode schema,
        List<String> stop,
        List<ListedTool> tools,
        List<TrajectoryStep> toolTurns) {

    SimRequest {
        tools = List.copyOf(tools);
        toolTurns = List.copyOf(toolTurns);
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        stop = List.copyOf(stop);
        format = Objects.requireNonNullElse(format, ResponseFormat.Kind.TEXT);
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
    }

    /** The request an in-process call makes. */
    static SimRequest of(String model, LmRequest request) {
        LmSettings settings = request.settings();
        ResponseFormat format = settings.responseFormat().orElse(ResponseFormat.TEXT);
        return new SimRequest(
                model,
                request.messages(),
                settings.temperature().orElse(null),
                settings.maxTokens().orElse(null),
                settings.n().orElse(1),
                settings.seed().orElse(null),
                settings.rolloutId().orElse(null),
                format.kind(),
                format.schema().orElse(null),
                settings.stop(),
                List.of(),
                List.of());
    }

    /** The temperature, 0 when unset. */
    double effectiveTemperature() {
        return temperature == null ? 0.0 : temperature;
    }
}
