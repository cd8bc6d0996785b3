package dev.dspj.sim;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code POST /v1/chat/completions}: OpenAI's Chat Completions, plain or streamed as server-sent events. */
final class OpenAiEndpoint extends SimEndpoint {

    static final String PATH = "/v1/chat/completions";

    OpenAiEndpoint(ServerCore core) {
        super(core);
    }

    @Override
    void serve(HttpExchange exchange, String body, long number, long receivedNanos) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(PATH)) {
            sendError(
                    exchange,
                    ApiError.notFound(
                            "Invalid URL (" + exchange.getRequestMethod() + " "
                                    + exchange.getRequestURI().getPath() + ")",
                            null));
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            sendError(exchange, ApiError.methodNotAllowed(exchange.getRequestMethod(), PATH));
            return;
        }
        if (!core.accepts(bearer(exchange.getRequestHeaders().getFirst("Authorization")))) {
            sendError(exchange, ServerCore.unauthorized(ServerCore.Protocol.OPENAI));
            return;
        }
        OpenAiCall call;
        try {
            call = OpenAiRequests.parse(
                    parseBody(
                            body,
                            "We could not parse the JSON body of your request. (HINT: This "
                                    + "likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, "
                                    + "but what was sent was not valid JSON.)"),
                    rolloutId(exchange));
        } catch (BadRequest bad) {
            sendError(exchange, bad.error());
            return;
        }
        ServerCore.Outcome outcome = core.run(call.request(), ServerCore.Protocol.OPENAI, receivedNanos);
        if (outcome instanceof ServerCore.Failed failed) {
            sendError(exchange, failed.error());
        } else if (outcome instanceof ServerCore.Hung) {
            core.hang();
        } else {
            ServerCore.Answered answered = (ServerCore.Answered) outcome;
            String id = requestId("chatcmpl-sim", number);
            if (call.stream()) {
                try {
                    stream(exchange, id, answered, call.includeUsage(), number);
                } catch (IOException clientGone) {
                    core.streamAbandoned();
                    throw clientGone;
                }
            } else {
                if (!core.pauser().pauseUntil(answered.dueNanos(core.latency()))) {
                    return;
                }
                HttpIo.sendJson(
                        exchange,
                        200,
                        OpenAiWire.completion(
                                id,
                                Instant.now().getEpochSecond(),
                                answered.profile().name(),
                                answered.completion()),
                        headers(number, null));
            }
        }
    }

    private void stream(
            HttpExchange exchange, String id, ServerCore.Answered answered, boolean includeUsage, long number)
            throws IOException {
        SimModelProfile profile = answered.profile();
        SimCompletion completion = answered.completion();
        long created = Instant.now().getEpochSecond();
        String model = profile.name();
        SseWriter events = HttpIo.startStream(exchange, headers(number, null));
        if (!core.pauser().pauseUntil(answered.firstTokenDueNanos(core.latency()))) {
            return;
        }
        for (int index = 0; index < completion.choices().size(); index++) {
            SimChoice choice = completion.choices().get(index);
            if (!choice.toolCalls().isEmpty()) {
                if (!streamToolCalls(events, id, created, profile, index, choice, includeUsage)) {
                    return;
                }
                continue;
            }
            events.data(OpenAiWire.chunk(id, created, model, index, "assistant", "", null, includeUsage));
            for (String piece : TextChunks.split(choice.text())) {
                if (!core.pauser().pause(core.latency().perTokens(profile, SimTokens.ofText(piece)))) {
                    return;
                }
                events.data(OpenAiWire.chunk(id, created, model, index, null, piece, null, includeUsage));
            }
            events.data(
                    OpenAiWire.chunk(id, created, model, index, null, null, choice.openAiFinishReason(), includeUsage));
        }
        if (includeUsage) {
            events.data(OpenAiWire.usageChunk(id, created, model, completion));
        }
        events.data("[DONE]");
        events.close();
    }

    /** Streams a choice's function calls: a start chunk per call, then its arguments in fragments; false when the server closed. */
    private boolean streamToolCalls(
            SseWriter events,
            String id,
            long created,
            SimModelProfile profile,
            int index,
            SimChoice choice,
            boolean includeUsage)
            throws IOException {
        String model = profile.name();
        for (int call = 0; call < choice.toolCalls().size(); call++) {
            SimToolCall toolCall = choice.toolCalls().get(call);
            events.data(OpenAiWire.toolCallChunk(id, created, model, index, call, toolCall, "", includeUsage));
            for (String piece : TextChunks.split(toolCall.arguments())) {
                if (!core.pauser().pause(core.latency().perTokens(profile, SimTokens.ofText(piece)))) {
                    return false;
                }
                events.data(OpenAiWire.toolCallChunk(id, created, model, index, call, null, piece, includeUsage));
            }
        }
        events.data(OpenAiWire.chunk(id, created, model, index, null, null, choice.openAiFinishReason(), includeUsage));
        return true;
    }

    @Override
    void sendError(HttpExchange exchange, ApiError error) throws IOException {
        HttpIo.sendJson(
                exchange,
                error.status(),
                OpenAiWire.error(error),
                headers(core.log().count(), error.retryAfter()));
    }

    private static Map<String, String> headers(long number, @Nullable Duration retryAfter) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-request-id", requestId("req_sim", number));
        headers.put("openai-organization", "org-dspj-sim");
        headers.putAll(RateLimitHeaders.openAi(retryAfter));
        return headers;
    }

    private static @Nullable String bearer(@Nullable String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        return value.regionMatches(true, 0, "Bearer ", 0, 7)
                ? value.substring(7).strip()
                : value;
    }
}
