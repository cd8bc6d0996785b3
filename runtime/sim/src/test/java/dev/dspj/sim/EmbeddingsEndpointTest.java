package dev.dspj.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.lm.HashingEmbedder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/embeddings}: OpenAI's shape, deterministic hashed vectors, usage, and OpenAI's errors. */
class EmbeddingsEndpointTest {

    private static SimulatedModelServer server;

    @BeforeAll
    static void start() {
        server = SimulatedModelServer.builder().latencyScale(0).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ObjectNode body(String model, String... inputs) {
        ObjectNode body = SimHttp.JSON.createObjectNode().put("model", model);
        if (inputs.length == 1) {
            body.put("input", inputs[0]);
        } else {
            var array = body.putArray("input");
            for (String input : inputs) {
                array.add(input);
            }
        }
        return body;
    }

    private static float[] vector(JsonNode item) {
        JsonNode embedding = item.get("embedding");
        float[] vector = new float[embedding.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) embedding.get(i).asDouble();
        }
        return vector;
    }

    @Test
    void answersInOpenAiShapeWithTheHashingEmbeddersVectors() throws Exception {
        HttpResponse<String> response = SimHttp.post(
                server.baseUrl() + "/embeddings",
                body(SimulatedModelServer.EMBEDDING_MODEL, "What is the capital of Valorenia?", "Where was Ana born?"));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode json = SimHttp.json(response);
        assertEquals("list", json.get("object").asText());
        assertEquals("sim-embed", json.get("model").asText());
        assertEquals(2, json.get("data").size());
        HashingEmbedder local = new HashingEmbedder();
        for (int i = 0; i < 2; i++) {
            JsonNode item = json.get("data").get(i);
            assertEquals("embedding", item.get("object").asText());
            assertEquals(i, item.get("index").asInt());
            assertEquals(
                    HashingEmbedder.DEFAULT_DIMENSIONS, item.get("embedding").size());
        }
        assertArrayEquals(
                local.embed("What is the capital of Valorenia?"),
                vector(json.get("data").get(0)));
        assertArrayEquals(
                local.embed("Where was Ana born?"), vector(json.get("data").get(1)));
        long tokens = json.get("usage").get("prompt_tokens").asLong();
        assertTrue(tokens > 0, json.toString());
        assertEquals(tokens, json.get("usage").get("total_tokens").asLong());
        assertEquals(
                tokens,
                SimTokens.ofText("What is the capital of Valorenia?") + SimTokens.ofText("Where was Ana born?"));
    }

    @Test
    void honoursDimensionsAndAcceptsOneString() throws Exception {
        ObjectNode request =
                body(SimulatedModelServer.EMBEDDING_MODEL, "one text").put("dimensions", 64);
        JsonNode json = SimHttp.json(SimHttp.post(server.baseUrl() + "/embeddings", request));
        assertEquals(1, json.get("data").size());
        assertArrayEquals(
                new HashingEmbedder(64).embed("one text"),
                vector(json.get("data").get(0)));
    }

    @Test
    void rejectsUnknownModelsAndBadInputsAsOpenAiDoes() throws Exception {
        HttpResponse<String> unknown =
                SimHttp.post(server.baseUrl() + "/embeddings", body("text-embedding-3-small", "x"));
        assertEquals(404, unknown.statusCode());
        assertEquals(
                "model_not_found",
                SimHttp.json(unknown).get("error").get("code").asText());
        assertTrue(SimHttp.json(unknown).get("error").get("message").asText().contains("sim-embed"), unknown.body());

        ObjectNode numbers = SimHttp.JSON.createObjectNode().put("model", "sim-embed");
        numbers.putArray("input").add(1).add(2);
        HttpResponse<String> bad = SimHttp.post(server.baseUrl() + "/embeddings", numbers);
        assertEquals(400, bad.statusCode());
        assertEquals("input", SimHttp.json(bad).get("error").get("param").asText());

        HttpResponse<String> tooWide = SimHttp.post(
                server.baseUrl() + "/embeddings", body("sim-embed", "x").put("dimensions", 0));
        assertEquals(400, tooWide.statusCode());

        HttpResponse<String> notJson =
                SimHttp.post(server.baseUrl() + "/embeddings", "{oops", Map.of(), Duration.ofSeconds(5));
        assertEquals(400, notJson.statusCode());
    }

    @Test
    void checksTheApiKeyWhenTheServerRequiresOne() throws Exception {
        try (SimulatedModelServer locked = SimulatedModelServer.builder()
                .latencyScale(0)
                .requireApiKey("sk-sim-key")
                .build()
                .start()) {
            HttpResponse<String> refused = SimHttp.post(
                    locked.baseUrl() + "/embeddings",
                    body("sim-embed", "x").toString(),
                    Map.of(),
                    Duration.ofSeconds(5));
            assertEquals(401, refused.statusCode());
            HttpResponse<String> accepted = SimHttp.post(
                    locked.baseUrl() + "/embeddings",
                    body("sim-embed", "x").toString(),
                    Map.of("Authorization", "Bearer sk-sim-key"),
                    Duration.ofSeconds(5));
            assertEquals(200, accepted.statusCode(), accepted.body());
        }
    }
}
