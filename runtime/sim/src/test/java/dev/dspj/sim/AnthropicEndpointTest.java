package dev.dspj.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.adapter.ChatAdapter;
import dev.dspj.lm.ChatMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Anthropic Messages endpoint: shapes, the event stream, and Anthropic's errors. */
class AnthropicEndpointTest {

    private static SimulatedModelServer server;
    private static String url;

    @BeforeAll
    static void start() {
        server = SimulatedModelServer.builder().latencyScale(0).build().start();
        url = server.rootUrl() + "/v1/messages";
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<ChatMessage> prompt(int index) {
        return SimPrompts.chat(SimPrompts.QA_SIGNATURE, SimPrompts.QA.examples().get(index), List.of());
    }

    private static HttpResponse<String> post(JsonNode body) throws Exception {
        return SimHttp.post(url, body.toString(), SimHttp.anthropicHeaders(), Duration.ofSeconds(10));
    }

    @Test
    void messageHasAnthropicShape() throws Exception {
        HttpResponse<String> response = post(SimHttp.anthropic("sim-large", prompt(0), 1024));
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("request-id").isPresent());
        JsonNode body = SimHttp.json(response);
        assertTrue(body.get("id").asText().startsWith("msg_"));
        assertEquals("message", body.get("type").asText());
        assertEquals("assistant", body.get("role").asText());
        assertEquals("sim-large", body.get("model").asText());
        assertEquals("end_turn", body.get("stop_reason").asText());
        assertTrue(body.get("stop_sequence").isNull());
        assertEquals("text", body.at("/content/0/type").asText());
        String text = body.at("/content/0/text").asText();
        ChatAdapter.INSTANCE.parse(SimPrompts.QA_SIGNATURE, text);
        assertEquals(
                SimTokens.ofMessages(prompt(0)), body.at("/usage/input_tokens").asLong());
        assertEquals(SimTokens.ofText(text), body.at("/usage/output_tokens").asLong());

        String openAi = SimHttp.json(
                        SimHttp.post(server.baseUrl() + "/chat/completions", SimHttp.openAi("sim-large", prompt(0))))
                .at("/choices/0/message/content")
                .asText();
        assertEquals(openAi, text, "both protocols give the same answer to the same prompt");
    }

    @Test
    void systemAsBlocksAndMaxTokensLimit() throws Exception {
        List<ChatMessage> messages = prompt(1);
        ObjectNode body = SimHttp.anthropic("sim-medium", messages, 1024);
        body.remove("system");
        body.putArray("system")
                .addObject()
                .put("type", "text")
                .put("text", messages.get(0).content());
        String blocks = SimHttp.json(post(body)).at("/content/0/text").asText();
        assertEquals(
                SimHttp.json(post(SimHttp.anthropic("sim-medium", messages, 1024)))
                        .at("/content/0/text")
                        .asText(),
                blocks);

        JsonNode cut = SimHttp.json(post(SimHttp.anthropic("sim-medium", messages, 3)));
        assertEquals("max_tokens", cut.get("stop_reason").asText());
        assertEquals(12, cut.at("/content/0/text").asText().length());
        assertEquals(3, cut.at("/usage/output_tokens").asLong());

        ObjectNode stopped = SimHttp.anthropic("sim-medium", messages, 1024);
        stopped.putArray("stop_sequences").add("[[ ## completed");
        JsonNode stop = SimHttp.json(post(stopped));
        assertEquals("stop_sequence", stop.get("stop_reason").asText());
        assertEquals("[[ ## completed", stop.get("stop_sequence").asText());
    }

    @Test
    void streamSendsAnthropicEventsAssemblingTheAnswer() throws Exception {
        ObjectNode request = SimHttp.anthropic("sim-small", prompt(2), 1024);
        String whole = SimHttp.json(post(request)).at("/content/0/text").asText();
        request.put("stream", true);
        HttpResponse<String> response = post(request);
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("text/event-stream"));
        List<String> types = SimHttp.eventTypes(response.body());
        assertEquals(List.of("message_start", "content_block_start", "ping"), types.subList(0, 3));
        assertEquals(
                List.of("content_block_stop", "message_delta", "message_stop"),
                types.subList(types.size() - 3, types.size()));
        List<String> data = SimHttp.dataLines(response.body());
        assertEquals(types.size(), data.size());
        StringBuilder text = new StringBuilder();
        int deltas = 0;
        for (int i = 0; i < data.size(); i++) {
            JsonNode event = SimHttp.parse(data.get(i));
            assertEquals(types.get(i), event.get("type").asText());
            if (types.get(i).equals("content_block_delta")) {
                assertEquals("text_delta", event.at("/delta/type").asText());
                text.append(event.at("/delta/text").asText());
                deltas++;
            }
        }
        assertEquals(whole, text.toString());
        assertTrue(deltas >= 5);
        JsonNode start = SimHttp.parse(data.get(0));
        assertEquals(
                SimTokens.ofMessages(prompt(2)),
                start.at("/message/usage/input_tokens").asLong());
        JsonNode delta = SimHttp.parse(data.get(data.size() - 2));
        assertEquals("end_turn", delta.at("/delta/stop_reason").asText());
        assertEquals(SimTokens.ofText(whole), delta.at("/usage/output_tokens").asLong());
    }

    @Test
    void errorsComeInAnthropicShape() throws Exception {
        ObjectNode noMax = SimHttp.anthropic("sim-small", prompt(0), 10);
        noMax.remove("max_tokens");
        HttpResponse<String> missing = post(noMax);
        assertError(missing, 400, "invalid_request_error");
        assertTrue(SimHttp.json(missing).at("/error/message").asText().contains("max_tokens"));

        assertError(post(SimHttp.anthropic("claude-nothing", prompt(0), 10)), 404, "not_found_error");
        assertError(
                post(SimHttp.anthropic("sim-small", prompt(0), 10).put("temperature", 1.5)),
                400,
                "invalid_request_error");
        assertError(post(SimHttp.anthropic("sim-small", prompt(0), 10).put("n", 2)), 400, "invalid_request_error");
        assertError(
                SimHttp.post(url, "{oops", SimHttp.anthropicHeaders(), Duration.ofSeconds(5)),
                400,
                "invalid_request_error");
        HttpResponse<String> noVersion = SimHttp.post(
                url, SimHttp.anthropic("sim-small", prompt(0), 10).toString(), Map.of(), Duration.ofSeconds(5));
        assertError(noVersion, 400, "invalid_request_error");
        assertTrue(noVersion.body().contains("anthropic-version"));
        ObjectNode systemTurn = SimHttp.anthropic("sim-small", prompt(0), 10);
        ((ObjectNode) systemTurn.withArray("messages").get(0)).put("role", "system");
        assertError(post(systemTurn), 400, "invalid_request_error");

        try (SimulatedModelServer keyed = SimulatedModelServer.builder()
                .latencyScale(0)
                .requireApiKey("ak-secret")
                .build()
                .start()) {
            HttpResponse<String> denied = SimHttp.post(
                    keyed.rootUrl() + "/v1/messages",
                    SimHttp.anthropic("sim-small", prompt(0), 10).toString(),
                    SimHttp.anthropicHeaders(),
                    Duration.ofSeconds(5));
            assertError(denied, 401, "authentication_error");
            HttpResponse<String> allowed = SimHttp.post(
                    keyed.rootUrl() + "/v1/messages",
                    SimHttp.anthropic("sim-small", prompt(0), 10).toString(),
                    Map.of("anthropic-version", "2023-06-01", "x-api-key", "ak-secret"),
                    Duration.ofSeconds(5));
            assertEquals(200, allowed.statusCode());
            assertEquals(
                    "ak-secret",
                    keyed.lastRequest().orElseThrow().header("X-Api-Key").orElseThrow());
        }
    }

    private static void assertError(HttpResponse<String> response, int status, String type) {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = SimHttp.json(response);
        assertEquals("error", body.get("type").asText(), response.body());
        assertEquals(type, body.at("/error/type").asText(), response.body());
        assertTrue(!body.at("/error/message").asText().isEmpty(), response.body());
    }
}
