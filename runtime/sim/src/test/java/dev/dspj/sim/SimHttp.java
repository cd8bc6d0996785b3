package dev.dspj.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.lm.ChatMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A minimal client for the simulated server's tests, on the JDK's HTTP client (not the project's own). */
final class SimHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private SimHttp() {}

    static HttpResponse<String> post(String url, String body, Map<String, String> headers, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, JsonNode body) throws IOException, InterruptedException {
        return post(url, body.toString(), Map.of(), Duration.ofSeconds(10));
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    /** An OpenAI chat completion body. */
    static ObjectNode openAi(String model, List<ChatMessage> messages) {
        ObjectNode body = JSON.createObjectNode().put("model", model);
        ArrayNode array = body.putArray("messages");
        messages.forEach(m -> array.addObject().put("role", m.role().wireName()).put("content", m.content()));
        return body;
    }

    /** An Anthropic messages body: system apart, max_tokens set. */
    static ObjectNode anthropic(String model, List<ChatMessage> messages, int maxTokens) {
        ObjectNode body = JSON.createObjectNode().put("model", model).put("max_tokens", maxTokens);
        ArrayNode array = body.putArray("messages");
        for (ChatMessage message : messages) {
            if (message.role() == dev.dspj.lm.Role.SYSTEM) {
                body.put("system", message.content());
            } else {
                array.addObject().put("role", message.role().wireName()).put("content", message.content());
            }
        }
        return body;
    }

    static Map<String, String> anthropicHeaders() {
        return Map.of("anthropic-version", "2023-06-01", "x-api-key", "test-key");
    }

    /** The JSON payloads of the {@code data:} lines of an event stream, {@code [DONE]} included as text. */
    static List<String> dataLines(String stream) {
        List<String> data = new ArrayList<>();
        for (String event : stream.split("\n\n")) {
            for (String line : event.split("\n")) {
                if (line.startsWith("data: ")) {
                    data.add(line.substring(6));
                }
            }
        }
        return data;
    }

    /** The {@code event:} types of an event stream, in order. */
    static List<String> eventTypes(String stream) {
        List<String> types = new ArrayList<>();
        for (String line : stream.split("\n")) {
            if (line.startsWith("event: ")) {
                types.add(line.substring(7));
            }
        }
        return types;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
