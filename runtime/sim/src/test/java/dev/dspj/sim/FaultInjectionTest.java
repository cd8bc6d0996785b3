package dev.dspj.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.adapter.AdapterParseException;
import dev.dspj.adapter.ChatAdapter;
import dev.dspj.lm.ChatMessage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Faults over HTTP: per-call directives and per-model configuration, in both protocols' shapes. */
class FaultInjectionTest {

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

    /** The QA prompt for an example, with a directive appended to the question. */
    private static List<ChatMessage> prompt(int index, String directive) {
        SimExample example = SimPrompts.QA.examples().get(index);
        List<ChatMessage> messages = SimPrompts.chat(SimPrompts.QA_SIGNATURE, example, List.of());
        if (directive.isEmpty()) {
            return messages;
        }
        String user = messages.get(1)
                .content()
                .replace(example.inputs().get("question"), example.inputs().get("question") + " " + directive);
        return List.of(messages.get(0), ChatMessage.user(user));
    }

    private static HttpResponse<String> send(String model, List<ChatMessage> messages) throws Exception {
        return SimHttp.post(url, SimHttp.openAi(model, messages));
    }

    private static String content(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return SimHttp.json(response).at("/choices/0/message/content").asText();
    }

    @Test
    void rateLimitDirectiveFailsTheFirstAttemptsOfThatPromptThenSucceeds() throws Exception {
        String clean = content(send("sim-medium", prompt(0, "")));
        List<ChatMessage> limited = prompt(0, "#sim-fault:429x2");
        for (int attempt = 1; attempt <= 2; attempt++) {
            HttpResponse<String> response = send("sim-medium", limited);
            assertEquals(429, response.statusCode(), "attempt " + attempt);
            assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());
            assertEquals("1000", response.headers().firstValue("retry-after-ms").orElseThrow());
            assertEquals(
                    "0",
                    response.headers()
                            .firstValue("x-ratelimit-remaining-requests")
                            .orElseThrow());
            assertTrue(
                    response.headers().firstValue("x-ratelimit-reset-requests").isPresent());
            JsonNode error = SimHttp.json(response).get("error");
            assertEquals("rate_limit_exceeded", error.get("code").asText());
            assertEquals("requests", error.get("type").asText());
        }
        assertEquals(clean, content(send("sim-medium", limited)), "the directive changes neither match nor answer");
        assertEquals(429, send("sim-small", limited).statusCode(), "attempts are counted per model");
        assertEquals(429, send("sim-medium", prompt(1, "#sim-fault:429x2")).statusCode(), "and per prompt");

        HttpResponse<String> longer = send("sim-medium", prompt(2, "#sim-fault:429x1,retry-after=2"));
        assertEquals("2", longer.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(
                200,
                send("sim-medium", prompt(2, "#sim-fault:429x1,retry-after=2")).statusCode());
        for (int i = 0; i < 3; i++) {
            assertEquals(429, send("sim-medium", prompt(3, "#sim-fault:429")).statusCode(), "no count: always");
        }
    }

    @Test
    void serverErrorAndAuthAndContextDirectives() throws Exception {
        HttpResponse<String> internal = send("sim-small", prompt(4, "#sim-fault:500"));
        assertEquals(500, internal.statusCode());
        assertEquals("server_error", SimHttp.json(internal).at("/error/type").asText());
        assertEquals(503, send("sim-small", prompt(5, "#sim-fault:503x1")).statusCode());
        assertEquals(200, send("sim-small", prompt(5, "#sim-fault:503x1")).statusCode());
        HttpResponse<String> denied = send("sim-small", prompt(6, "#sim-fault:401"));
        assertEquals(401, denied.statusCode());
        assertEquals("invalid_api_key", SimHttp.json(denied).at("/error/code").asText());
        HttpResponse<String> tooLong = send("sim-small", prompt(7, "#sim-fault:400-context"));
        assertEquals(400, tooLong.statusCode());
        assertEquals(
                "context_length_exceeded",
                SimHttp.json(tooLong).at("/error/code").asText());
        assertTrue(SimHttp.json(tooLong).at("/error/message").asText().contains("maximum context length"));
        HttpResponse<String> unknown = send("sim-small", prompt(8, "#sim-fault:teapot"));
        assertEquals(400, unknown.statusCode());
        assertEquals(
                "invalid_sim_fault", SimHttp.json(unknown).at("/error/code").asText());
        assertTrue(SimHttp.json(unknown).at("/error/message").asText().contains("teapot"));
    }

    @Test
    void aPromptLongerThanTheContextWindowIsRejected() throws Exception {
        String huge = "word ".repeat(SimModelProfile.SMALL.contextWindow());
        HttpResponse<String> response = send("sim-small", List.of(ChatMessage.user(huge)));
        assertEquals(400, response.statusCode());
        assertEquals(
                "context_length_exceeded",
                SimHttp.json(response).at("/error/code").asText());
        assertEquals(200, send("sim-large", List.of(ChatMessage.user(huge))).statusCode());
    }

    @Test
    void contentDirectivesBreakTheAnswer() throws Exception {
        String malformed = content(send("sim-large", prompt(9, "#sim-fault:malformed")));
        assertFalse(malformed.contains("[[") || malformed.contains("{") || malformed.contains("<"), malformed);
        assertThrows(AdapterParseException.class, () -> ChatAdapter.INSTANCE.parse(SimPrompts.QA_SIGNATURE, malformed));

        String full = content(send("sim-large", prompt(10, "")));
        HttpResponse<String> truncated = send("sim-large", prompt(10, "#sim-fault:truncate"));
        assertEquals(
                "length", SimHttp.json(truncated).at("/choices/0/finish_reason").asText());
        String cut = content(truncated);
        assertTrue(full.startsWith(cut) && cut.length() < full.length(), cut);

        ObjectNode streamed =
                SimHttp.openAi("sim-large", prompt(10, "#sim-fault:truncate")).put("stream", true);
        List<String> data = SimHttp.dataLines(SimHttp.post(url, streamed).body());
        assertEquals(
                "length",
                SimHttp.parse(data.get(data.size() - 2))
                        .at("/choices/0/finish_reason")
                        .asText());

        var signature = SimPrompts.withReasoning(SimPrompts.QA_SIGNATURE);
        SimExample example = SimPrompts.QA.examples().get(11);
        List<ChatMessage> messages = SimPrompts.chat(signature, example, List.of());
        String user = messages.get(1)
                .content()
                .replace(
                        example.inputs().get("question"),
                        example.inputs().get("question") + " #sim-fault:missing-field=answer");
        String missing = content(send("sim-large", List.of(messages.get(0), ChatMessage.user(user))));
        assertTrue(missing.contains("[[ ## reasoning ## ]]") && !missing.contains("[[ ## answer ## ]]"), missing);
        AdapterParseException failure =
                assertThrows(AdapterParseException.class, () -> ChatAdapter.INSTANCE.parse(signature, missing));
        assertTrue(failure.getMessage().contains("answer"), failure.getMessage());
    }

    @Test
    void slowAndHangDirectives() throws Exception {
        long start = System.nanoTime();
        assertEquals(200, send("sim-small", prompt(12, "#sim-fault:slow=250ms")).statusCode());
        assertTrue(System.nanoTime() - start >= 250_000_000L, "slow=250ms waits");

        String body = SimHttp.openAi("sim-small", prompt(13, "#sim-fault:hang")).toString();
        assertThrows(HttpTimeoutException.class, () -> SimHttp.post(url, body, Map.of(), Duration.ofMillis(300)));
    }

    @Test
    void anthropicEndpointWritesFaultsInItsShape() throws Exception {
        String messagesUrl = server.rootUrl() + "/v1/messages";
        HttpResponse<String> limited = SimHttp.post(
                messagesUrl,
                SimHttp.anthropic("sim-medium", prompt(14, "#sim-fault:429x1,retry-after=3"), 512)
                        .toString(),
                SimHttp.anthropicHeaders(),
                Duration.ofSeconds(5));
        assertEquals(429, limited.statusCode());
        assertEquals("3", limited.headers().firstValue("retry-after").orElseThrow());
        assertEquals(
                "0",
                limited.headers()
                        .firstValue("anthropic-ratelimit-requests-remaining")
                        .orElseThrow());
        assertEquals("rate_limit_error", SimHttp.json(limited).at("/error/type").asText());
        HttpResponse<String> overloaded = SimHttp.post(
                messagesUrl,
                SimHttp.anthropic("sim-medium", prompt(15, "#sim-fault:529"), 512)
                        .toString(),
                SimHttp.anthropicHeaders(),
                Duration.ofSeconds(5));
        assertEquals(529, overloaded.statusCode());
        assertEquals(
                "overloaded_error", SimHttp.json(overloaded).at("/error/type").asText());
        HttpResponse<String> truncated = SimHttp.post(
                messagesUrl,
                SimHttp.anthropic("sim-medium", prompt(16, "#sim-fault:truncate"), 512)
                        .toString(),
                SimHttp.anthropicHeaders(),
                Duration.ofSeconds(5));
        assertEquals("max_tokens", SimHttp.json(truncated).get("stop_reason").asText());
    }

    @Test
    void perModelFaultsCountRequestsToThatModel() throws Exception {
        try (SimulatedModelServer faulty = SimulatedModelServer.builder()
                .latencyScale(0)
                .fault("sim-small", Fault.rateLimit(2, Duration.ofSeconds(3)))
                .fault("sim-medium", Fault.serverError(503, 1))
                .fault("sim-large", Fault.hang().withTimes(1))
                .build()
                .start()) {
            String faultyUrl = faulty.baseUrl() + "/chat/completions";
            HttpResponse<String> first = SimHttp.post(faultyUrl, SimHttp.openAi("sim-small", prompt(0, "")));
            assertEquals(429, first.statusCode());
            assertEquals("3", first.headers().firstValue("Retry-After").orElseThrow());
            assertEquals(
                    429,
                    SimHttp.post(faultyUrl, SimHttp.openAi("sim-small", prompt(1, "")))
                            .statusCode());
            assertEquals(
                    200,
                    SimHttp.post(faultyUrl, SimHttp.openAi("sim-small", prompt(0, "")))
                            .statusCode());

            assertEquals(
                    503,
                    SimHttp.post(faultyUrl, SimHttp.openAi("sim-medium", prompt(0, "")))
                            .statusCode());
            assertEquals(
                    200,
                    SimHttp.post(faultyUrl, SimHttp.openAi("sim-medium", prompt(0, "")))
                            .statusCode());

            String large = SimHttp.openAi("sim-large", prompt(0, "")).toString();
            assertThrows(
                    HttpTimeoutException.class, () -> SimHttp.post(faultyUrl, large, Map.of(), Duration.ofMillis(300)));
            assertEquals(
                    200,
                    SimHttp.post(faultyUrl, large, Map.of(), Duration.ofSeconds(5))
                            .statusCode());

            faulty.resetFaults();
            assertEquals(
                    429,
                    SimHttp.post(faultyUrl, SimHttp.openAi("sim-small", prompt(0, "")))
                            .statusCode());
        }
    }

    @Test
    void perPromptAndProbabilisticFaults() throws Exception {
        try (SimulatedModelServer faulty = SimulatedModelServer.builder()
                .latencyScale(0)
                .fault("sim-small", Fault.rateLimit(1, Duration.ZERO).perPrompt())
                .fault("sim-medium", Fault.malformed().withProbability(0.5))
                .fault("sim-large", Fault.latency(Duration.ofMillis(150)))
                .build()
                .start()) {
            String faultyUrl = faulty.baseUrl() + "/chat/completions";
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> limited = SimHttp.post(faultyUrl, SimHttp.openAi("sim-small", prompt(i, "")));
                assertEquals(429, limited.statusCode());
                assertEquals("0", limited.headers().firstValue("Retry-After").orElseThrow());
                assertEquals(
                        200,
                        SimHttp.post(faultyUrl, SimHttp.openAi("sim-small", prompt(i, "")))
                                .statusCode());
            }
            int malformed = 0;
            for (int i = 0; i < 40; i++) {
                String text = content(SimHttp.post(faultyUrl, SimHttp.openAi("sim-medium", prompt(i, ""))));
                if (text.equals(SimEngine.MALFORMED_TEXT)) {
                    malformed++;
                }
            }
            assertTrue(malformed > 8 && malformed < 32, "about half malformed: " + malformed);
            long start = System.nanoTime();
            assertEquals(
                    200,
                    SimHttp.post(faultyUrl, SimHttp.openAi("sim-large", prompt(0, "")))
                            .statusCode());
            assertTrue(System.nanoTime() - start >= 150_000_000L);
        }
    }

    @Test
    void closingReleasesHungRequestsAndRejectsFaultsForUnknownModels() throws Exception {
        SimulatedModelServer hanging = SimulatedModelServer.builder()
                .latencyScale(0)
                .fault("sim-small", Fault.hang())
                .build()
                .start();
        String hangingUrl = hanging.baseUrl() + "/chat/completions";
        List<Thread> clients = new ArrayList<>();
        List<Throwable> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 3; i++) {
            Thread client = new Thread(() -> {
                try {
                    SimHttp.post(
                            hangingUrl,
                            SimHttp.openAi("sim-small", prompt(0, "")).toString(),
                            Map.of(),
                            Duration.ofSeconds(30));
                    outcomes.add(new AssertionError("a hung request got an answer"));
                } catch (IOException | InterruptedException expected) {
                    outcomes.add(expected);
                }
            });
            client.start();
            clients.add(client);
        }
        while (hanging.requestCount() < 3) {
            Thread.sleep(10);
        }
        long start = System.nanoTime();
        hanging.close();
        for (Thread client : clients) {
            client.join(10_000);
        }
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "close ends hung requests at once");
        assertEquals(3, outcomes.size());
        outcomes.forEach(outcome -> assertTrue(outcome instanceof IOException, outcome.toString()));

        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class,
                () -> SimulatedModelServer.builder()
                        .fault("gpt-4o", Fault.hang())
                        .build());
        assertTrue(unknown.getMessage().contains("gpt-4o"), unknown.getMessage());
    }
}
