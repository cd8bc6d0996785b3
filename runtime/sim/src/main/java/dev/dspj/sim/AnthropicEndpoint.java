package dev.dspj.sim;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code POST /v1/messages}: Anthropic's Messages API, plain or streamed as server-sent events. */
final class AnthropicEndpoint extends SimEndpoint {

    static final String PATH = "/v1/messages";

    AnthropicEndpoint(ServerCore core) {
        super(core);
    }

    @Override
    void serve(HttpExchange exchange, String body, long number, long receivedNanos) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(PATH)) {
            sendError(
                    exchange,
                    ApiError.notFound("Not found: " + exchange.getRequestURI().getPath(), null));
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            sendError(exchange, ApiError.methodNotAllowed(exchange.getRequestMethod(), PATH));
            return;
        }
        if (!core.accepts(exchange.getRequestHeaders().getFirst("x-api-key"))) {
            sendError(exchange, ServerCore.unauthorized(ServerCore.Protocol.ANTHROPIC));
            return;
        }
        if (exchange.getRequestHeaders().getFirst("anthropic-version") == null) {
            sendError(exchange, ApiError.invalid("anthropic-version: header is required", null, null));
            return;
        }
        AnthropicCall call;
        try {
            call = AnthropicRequests.parse(
                    parseBody(body, "There was an issue with your request body: it is not valid JSON"),
                    rolloutId(exchange));
        } catch (BadRequest bad) {
            sendError(exchange, bad.error());
            return;
        }
        ServerCore.Outcome outcome = core.run(call.request(), ServerCore.Protocol.ANTHROPIC, receivedNanos);
        if (outcome instanceof ServerCore.Failed failed) {
            sendError(exchange, failed.error());
        } else if (outcome instanceof ServerCore.Hung) {
            core.hang();
        } else {
            ServerCore.Answered answered = (ServerCore.Answered) outcome;
            String id = requestId("msg_sim", number);
            SimCompletion completion = answered.completion();
            SimChoice choice = completion.choices().get(0);
            if (call.stream()) {
                stream(exchange, id, answered, number);
            } else {
                if (!core.pauser().pauseUntil(answered.dueNanos(core.latency()))) {
                    return;
                }
                HttpIo.sendJson(
                        exchange,
                        200,
                        AnthropicWire.message(
                                id,
                                answered.profile().name(),
                                choice,
                                completion.promptTokens(),
                                completion.completionTokens()),
                        headers(number, null));
            }
        }
    }

    private void stream(HttpExchange exchange, String id, ServerCore.Answered answered, long number)
            throws IOException {
        SimModelProfile profile = answered.profile();
        SimCompletion completion = answered.completion();
        SimChoice choice = completion.choices().get(0);
        SseWriter events = HttpIo.startStream(exchange, headers(number, null));
        events.event("message_start", AnthropicWire.messageStart(id, profile.name(), completion.promptTokens()));
        if (!choice.toolCalls().isEmpty()) {
            events.event("ping", AnthropicWire.ping());
            if (!core.pauser().pauseUntil(answered.firstTokenDueNanos(core.latency()))) {
                return;
            }
            for (int index = 0; index < choice.toolCalls().size(); index++) {
                SimToolCall call = choice.toolCalls().get(index);
                events.event("content_block_start", AnthropicWire.toolUseStart(index, call));
                for (String piece : TextChunks.split(call.arguments())) {
                    if (!core.pauser().pause(core.latency().perTokens(profile, SimTokens.ofText(piece)))) {
                        return;
                    }
                    events.event("content_block_delta", AnthropicWire.inputJsonDelta(index, piece));
                }
                events.event("content_block_stop", AnthropicWire.contentBlockStop(index));
            }
            events.event("message_delta", AnthropicWire.messageDelta(choice, completion.completionTokens()));
            events.event("message_stop", AnthropicWire.messageStop());
            events.close();
            return;
        }
        events.event("content_block_start", AnthropicWire.contentBlockStart());
        events.event("ping", AnthropicWire.ping());
        if (!core.pauser().pauseUntil(answered.firstTokenDueNanos(core.latency()))) {
            return;
        }
        for (String piece : TextChunks.split(choice.text())) {
            if (!core.pauser().pause(core.latency().perTokens(profile, SimTokens.ofText(piece)))) {
                return;
            }
            events.event("content_block_delta", AnthropicWire.textDelta(piece));
        }
        events.event("content_block_stop", AnthropicWire.contentBlockStop());
        events.event("message_delta", AnthropicWire.messageDelta(choice, completion.completionTokens()));
        events.event("message_stop", AnthropicWire.messageStop());
        events.close();
    }

    @Override
    void sendError(HttpExchange exchange, ApiError error) throws IOException {
        HttpIo.sendJson(
                exchange,
                error.status(),
                AnthropicWire.error(error),
                headers(core.log().count(), error.retryAfter()));
    }

    private static Map<String, String> headers(long number, @Nullable Duration retryAfter) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("request-id", requestId("req_sim", number));
        headers.putAll(RateLimitHeaders.anthropic(retryAfter));
        return headers;
    }
}
