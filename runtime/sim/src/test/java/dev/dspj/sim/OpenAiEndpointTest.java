package dev.dspj.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.adapter.ChatAdapter;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmSettings;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible endpoint, through the JDK's HTTP client: response shapes, streaming and errors. */
class OpenAiEndpointTest {

    private static SimulatedModelServer server;
    private static String url;

    @BeforeAll
    static void start() {
        server = SimulatedModelServer.builder().latencyScale(0).build().start();
        url = server.baseUrl() + "/chat/completions";
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<ChatMessage> prompt(int index) {
        return SimPrompts.chat(SimPrompts.QA_SIGNATURE, SimPrompts.QA.examples().get(index), List.of());
    }

    @Test
    void serverListensOnLoopbackWithTheOpenAiBaseUrl() {
        assertTrue(server.baseUrl().matches("http://127\\.0\\.0\\.1:\\d+/v1"), server.baseUrl());
        assertEquals(server.baseUrl(), server.rootUrl() + "/v1");
        assertTrue(server.port() > 0);
    }

    @Test
    void chatCompletionHasOpenAiShapeAndTheEngineAnswer() throws Exception {
        HttpResponse<String> response =
                SimHttp.post(url, SimHttp.openAi("sim-medium", prompt(0)).put("temperature", 0.2));
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("application/json"));
        assertTrue(response.headers().firstValue("x-request-id").isPresent());
        assertTrue(
                response.headers().firstValue("x-ratelimit-remaining-requests").isPresent());
        JsonNode body = SimHttp.json(response);
        assertTrue(body.get("id").asText().startsWith("chatcmpl-"));
        assertEquals("chat.completion", body.get("object").asText());
        assertTrue(body.get("created").isIntegralNumber());
        assertEquals("sim-medium", body.get("model").asText());
        JsonNode choice = body.get("choices").get(0);
        assertEquals(0, choice.get("index").asInt());
        assertEquals("assistant", choice.get("message").get("role").asText());
        assertEquals("stop", choice.get("finish_reason").asText());
        String content = choice.get("message").get("content").asText();
        ChatAdapter.INSTANCE.parse(SimPrompts.QA_SIGNATURE, content);
        JsonNode usage = body.get("usage");
        assertEquals(SimTokens.ofMessages(prompt(0)), usage.get("prompt_tokens").asLong());
        assertEquals(SimTokens.ofText(content), usage.get("completion_tokens").asLong());
        assertEquals(
                usage.get("prompt_tokens").asLong()
                        + usage.get("completion_tokens").asLong(),
                usage.get("total_tokens").asLong());

        String inProcess = SimulatedModel.of(SimModelProfile.MEDIUM)
                .complete(new LmRequest(prompt(0), LmSettings.DEFAULTS.withTemperature(0.2)))
                .text();
        assertEquals(inProcess, content, "HTTP and in-process answers agree");
    }

    @Test
    void contentAsTextPartsIsReadLikeAString() throws Exception {
        List<ChatMessage> messages = prompt(3);
        ObjectNode body = SimHttp.JSON.createObjectNode().put("model", "sim-large");
        var array = body.putArray("messages");
        for (ChatMessage message : messages) {
            array.addObject()
                    .put(
                            "role",
                            message.role() == dev.dspj.lm.Role.SYSTEM
                                    ? "developer"
                                    : message.role().wireName())
                    .putArray("content")
                    .addObject()
                    .put("type", "text")
                    .put("text", message.content());
        }
        String parts = SimHttp.json(SimHttp.post(url, body))
                .at("/choices/0/message/content")
                .asText();
        String plain = SimHttp.json(SimHttp.post(url, SimHttp.openAi("sim-large", messages)))
                .at("/choices/0/message/content")
                .asText();
        assertEquals(plain, parts);
    }

    @Test
    void nGivesIndependentChoices() throws Exception {
        JsonNode body = SimHttp.json(SimHttp.post(
                url, SimHttp.openAi("sim-small", prompt(4)).put("n", 3).put("temperature", 1.0)));
        JsonNode choices = body.get("choices");
        assertEquals(3, choices.size());
        long completion = 0;
        for (int i = 0; i < 3; i++) {
            assertEquals(i, choices.get(i).get("index").asInt());
            String text = choices.get(i).at("/message/content").asText();
            ChatAdapter.INSTANCE.parse(SimPrompts.QA_SIGNATURE, text);
            completion += SimTokens.ofText(text);
        }
        assertEquals(completion, body.at("/usage/completion_tokens").asLong());
    }

    @Test
    void streamAssemblesToTheSameAnswerEndingWithUsageAndDone() throws Exception {
        ObjectNode request = SimHttp.openAi("sim-large", prompt(5));
        String whole = SimHttp.json(SimHttp.post(url, request))
                .at("/choices/0/message/content")
                .asText();
        request.put("stream", true).putObject("stream_options").put("include_usage", true);
        HttpResponse<String> response = SimHttp.post(url, request);
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("text/event-stream"));
        List<String> data = SimHttp.dataLines(response.body());
        assertEquals("[DONE]", data.get(data.size() - 1));
        JsonNode usageChunk = SimHttp.parse(data.get(data.size() - 2));
        assertEquals(0, usageChunk.get("choices").size());
        assertEquals(
                SimTokens.ofText(whole),
                usageChunk.at("/usage/completion_tokens").asLong());
        StringBuilder assembled = new StringBuilder();
        int contentChunks = 0;
        String finish = null;
        JsonNode first = SimHttp.parse(data.get(0));
        assertEquals("assistant", first.at("/choices/0/delta/role").asText());
        for (String chunk : data.subList(0, data.size() - 2)) {
            JsonNode node = SimHttp.parse(chunk);
            assertEquals("chat.completion.chunk", node.get("object").asText());
            assertEquals(first.get("id").asText(), node.get("id").asText());
            assertTrue(node.get("usage").isNull());
            JsonNode choice = node.get("choices").get(0);
            if (choice.at("/delta/content").isTextual()
                    && !choice.at("/delta/content").asText().isEmpty()) {
                assembled.append(choice.at("/delta/content").asText());
                contentChunks++;
            }
            if (!choice.get("finish_reason").isNull()) {
                finish = choice.get("finish_reason").asText();
            }
        }
        assertEquals(whole, assembled.toString());
        assertTrue(contentChunks >= 5, "several small deltas: " + contentChunks);
        assertEquals("stop", finish);

        request.remove("stream_options");
        List<String> noUsage = SimHttp.dataLines(SimHttp.post(url, request).body());
        assertEquals("[DONE]", noUsage.get(noUsage.size() - 1));
        assertFalse(SimHttp.parse(noUsage.get(noUsage.size() - 2)).has("usage"));
        assertEquals(
                1, SimHttp.parse(noUsage.get(noUsage.size() - 2)).get("choices").size());
    }

    @Test
    void errorsComeInOpenAiShape() throws Exception {
        HttpResponse<String> malformed = SimHttp.post(url, "{not json", Map.of(), Duration.ofSeconds(5));
        assertError(malformed, 400, "invalid_request_error", null);
        assertTrue(SimHttp.json(malformed).at("/error/message").asText().contains("could not parse the JSON body"));

        assertError(
                SimHttp.post(url, SimHttp.openAi("gpt-nothing", prompt(0))),
                404,
                "invalid_request_error",
                "model_not_found");
        assertError(
                SimHttp.post(url, SimHttp.openAi("sim-small", prompt(0)).put("temperature", 2.5)),
                400,
                "invalid_request_error",
                "decimal_above_max_value");
        assertError(
                SimHttp.post(url, SimHttp.openAi("sim-small", prompt(0)).put("rollout_id", 3)),
                400,
                "invalid_request_error",
                "unknown_parameter");
        ObjectNode noStream = SimHttp.openAi("sim-small", prompt(0));
        noStream.putObject("stream_options").put("include_usage", true);
        assertError(SimHttp.post(url, noStream), 400, "invalid_request_error", null);
        ObjectNode noMessages = SimHttp.JSON.createObjectNode().put("model", "sim-small");
        assertError(SimHttp.post(url, noMessages), 400, "invalid_request_error", "missing_required_parameter");
        ObjectNode badFormat = SimHttp.openAi("sim-small", prompt(0));
        badFormat.putObject("response_format").put("type", "json_schema");
        assertError(SimHttp.post(url, badFormat), 400, "invalid_request_error", "missing_required_parameter");
        assertError(
                SimHttp.post(server.baseUrl() + "/completions", SimHttp.openAi("sim-small", prompt(0))),
                404,
                "invalid_request_error",
                null);
        assertEquals(405, SimHttp.get(url).statusCode());
    }

    @Test
    void responseFormatAndSeedAndRolloutHeaderAreHonoured() throws Exception {
        ObjectNode json = SimHttp.openAi("sim-medium", prompt(6));
        json.putObject("response_format").put("type", "json_object");
        String content = SimHttp.json(SimHttp.post(url, json))
                .at("/choices/0/message/content")
                .asText();
        assertTrue(SimHttp.parse(content).has("answer"), content);

        int differ = 0;
        for (int i = 0; i < 30; i++) {
            ObjectNode request = SimHttp.openAi("sim-small", prompt(i)).put("temperature", 1.0);
            String base = SimHttp.json(SimHttp.post(url, request))
                    .at("/choices/0/message/content")
                    .asText();
            HttpResponse<String> again = SimHttp.post(
                    url, request.toString(), Map.of(SimulatedModelServer.ROLLOUT_HEADER, "7"), Duration.ofSeconds(5));
            if (!base.equals(
                    SimHttp.json(again).at("/choices/0/message/content").asText())) {
                differ++;
            }
            assertEquals(
                    base,
                    SimHttp.json(SimHttp.post(url, request))
                            .at("/choices/0/message/content")
                            .asText());
        }
        assertTrue(differ > 2, "a rollout id draws again: " + differ);
    }

    @Test
    void modelsAreListed() throws Exception {
        JsonNode models = SimHttp.json(SimHttp.get(server.baseUrl() + "/models"));
        assertEquals("list", models.get("object").asText());
        assertEquals(
                List.of("sim-small", "sim-medium", "sim-large"),
                models.get("data").findValuesAsText("id"));
        assertEquals("model", models.at("/data/0/object").asText());
        assertEquals(
                "sim-large",
                SimHttp.json(SimHttp.get(server.baseUrl() + "/models/sim-large"))
                        .get("id")
                        .asText());
        assertEquals(404, SimHttp.get(server.baseUrl() + "/models/nope").statusCode());
        assertEquals(404, SimHttp.get(server.rootUrl() + "/elsewhere").statusCode());
    }

    @Test
    void requestsAreRecordedWithHeadersAndBodies() throws Exception {
        try (SimulatedModelServer keyed = SimulatedModelServer.builder()
                .latencyScale(0)
                .requireApiKey("sk-sim-secret")
                .build()
                .start()) {
            String keyedUrl = keyed.baseUrl() + "/chat/completions";
            String body = SimHttp.openAi("sim-small", prompt(1)).toString();
            HttpResponse<String> denied = SimHttp.post(keyedUrl, body, Map.of(), Duration.ofSeconds(5));
            assertError(denied, 401, "invalid_request_error", "invalid_api_key");
            assertFalse(denied.body().contains("sk-sim-secret"));
            HttpResponse<String> wrong =
                    SimHttp.post(keyedUrl, body, Map.of("Authorization", "Bearer sk-wrong"), Duration.ofSeconds(5));
            assertEquals(401, wrong.statusCode());
            assertFalse(wrong.body().contains("sk-wrong"), "the error never echoes a key");
            HttpResponse<String> allowed = SimHttp.post(
                    keyedUrl, body, Map.of("Authorization", "Bearer sk-sim-secret"), Duration.ofSeconds(5));
            assertEquals(200, allowed.statusCode());
            assertEquals(3, keyed.requestCount());
            ReceivedRequest last = keyed.lastRequest().orElseThrow();
            assertEquals("POST", last.method());
            assertEquals("/v1/chat/completions", last.path());
            assertEquals("Bearer sk-sim-secret", last.header("AUTHORIZATION").orElseThrow());
            assertEquals(body, keyed.lastRequestBody());
            assertEquals(3, keyed.requestsReceived().size());
            keyed.clearRequestLog();
            assertEquals(0, keyed.requestCount());
        }
    }

    @Test
    void theRequestLogIsBounded() throws Exception {
        try (SimulatedModelServer small = SimulatedModelServer.builder()
                .latencyScale(0)
                .requestLogCapacity(2)
                .build()
                .start()) {
            for (int i = 0; i < 3; i++) {
                SimHttp.post(small.baseUrl() + "/chat/completions", SimHttp.openAi("sim-small", prompt(i)));
            }
            assertEquals(3, small.requestCount());
            assertEquals(2, small.requestsReceived().size());
            assertTrue(small.lastRequestBody()
                    .contains(SimPrompts.QA.examples().get(2).inputs().get("question")));
        }
    }

    private static void assertError(HttpResponse<String> response, int status, String type, String code) {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode error = SimHttp.json(response).get("error");
        assertTrue(
                error.get("message").isTextual()
                        && !error.get("message").asText().isEmpty(),
                response.body());
        assertEquals(type, error.get("type").asText(), response.body());
        assertTrue(error.has("param") && error.has("code"), response.body());
        if (code != null) {
            assertEquals(code, error.get("code").asText(), response.body());
        }
    }
}
