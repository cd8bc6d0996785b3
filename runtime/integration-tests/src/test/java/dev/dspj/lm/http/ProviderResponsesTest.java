package dev.dspj.lm.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LanguageModelException;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.RejectedRequestException;
import dev.dspj.lm.ResponseFormat;
import dev.dspj.lm.RetriableModelException;
import dev.dspj.lm.StreamEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Response bodies as the providers' API references document them parse into DSPJ's types. */
class ProviderResponsesTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private final OpenAiProtocol openAi = new OpenAiProtocol("openai", "/chat/completions", false);
    private final AnthropicProtocol anthropic = new AnthropicProtocol();

    private static String resource(String name) throws IOException {
        try (InputStream in = ProviderResponsesTest.class.getResourceAsStream("/providers/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonNode json(String name) throws IOException {
        return MAPPER.readTree(resource(name));
    }

    @Test
    void openAiCompletion() throws IOException {
        LmResponse response = openAi.parseResponse(json("openai-chat-completion.json"), "gpt-4o-mini");
        assertEquals("[[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]", response.text());
        assertEquals(19, response.usage().promptTokens());
        assertEquals(10, response.usage().completionTokens());
        assertEquals("gpt-4o-mini-2024-07-18", response.model());
        assertEquals("stop", response.finishReason());
        assertTrue(response.toolCalls().isEmpty());
        assertTrue(response.refusalMessage().isEmpty());
    }

    @Test
    void openAiToolCallsAndNullContent() throws IOException {
        LmResponse response = openAi.parseResponse(json("openai-tool-calls.json"), "gpt-4o-mini");
        assertEquals("", response.text());
        assertEquals("tool_calls", response.finishReason());
        assertEquals(1, response.toolCalls().size());
        assertEquals("get_current_weather", response.toolCalls().get(0).name());
        assertEquals("call_abc123", response.toolCalls().get(0).id());
        assertEquals(
                "Boston, MA",
                MAPPER.readTree(response.toolCalls().get(0).argumentsJson())
                        .path("location")
                        .asText());
    }

    @Test
    void openAiRefusal() throws IOException {
        LmResponse response = openAi.parseResponse(json("openai-refusal.json"), "gpt-4o");
        assertEquals(
                "I'm sorry, I cannot assist with that request.",
                response.refusalMessage().orElseThrow());
        assertEquals("", response.text());
    }

    @Test
    void openAiSeveralChoices() throws IOException {
        LmResponse response = openAi.parseResponse(json("openai-n2.json"), "gpt-4o-mini");
        assertEquals(List.of("first", "second"), response.choices());
    }

    @Test
    void openAiErrorsMapToTheRightFamily() throws IOException {
        ProviderProtocol.ErrorDetails rate = openAi.errorDetails(json("openai-error-rate-limit.json"));
        assertEquals("rate_limit_exceeded", rate.code());
        LanguageModelException limited = ErrorMapping.fromStatus(
                429, rate.code(), rate.message(), "openai/gpt-4o-mini", java.time.Duration.ofSeconds(20));
        assertInstanceOf(RetriableModelException.RateLimited.class, limited);
        assertTrue(limited.isRetriable());
        assertEquals(
                20,
                ((RetriableModelException) limited).retryAfter().orElseThrow().toSeconds());

        ProviderProtocol.ErrorDetails context = openAi.errorDetails(json("openai-error-context.json"));
        LanguageModelException tooLong = ErrorMapping.fromStatus(400, context.code(), context.message(), "m", null);
        assertInstanceOf(RejectedRequestException.ContextWindowExceeded.class, tooLong);
        assertFalse(tooLong.isRetriable());
        assertEquals("context_length_exceeded", tooLong.providerCode().orElseThrow());

        ProviderProtocol.ErrorDetails auth = openAi.errorDetails(json("openai-error-auth.json"));
        Secret key = Secret.of("sk-test-SECRETKEY123");
        LanguageModelException denied =
                ErrorMapping.fromStatus(401, auth.code(), key.redact(auth.message()), "m", null);
        assertInstanceOf(RejectedRequestException.Authentication.class, denied);
        assertFalse(denied.getMessage().contains("SECRETKEY123"), denied.getMessage());
        assertTrue(denied.getMessage().contains("HTTP 401 invalid_api_key"), denied.getMessage());
    }

    @Test
    void anthropicMessageToolUseRefusalAndErrors() throws IOException {
        LmResponse message = anthropic.parseResponse(json("anthropic-message.json"), "claude-sonnet-4-5");
        assertEquals("[[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]", message.text());
        assertEquals(2095, message.usage().promptTokens());
        assertEquals(503, message.usage().completionTokens());
        assertEquals("stop", message.finishReason());

        LmResponse tool = anthropic.parseResponse(json("anthropic-tool-use.json"), "claude-sonnet-4-5");
        assertEquals("I'll check the weather.", tool.text());
        assertEquals("get_weather", tool.toolCalls().get(0).name());
        assertEquals(
                "celsius",
                MAPPER.readTree(tool.toolCalls().get(0).argumentsJson())
                        .path("unit")
                        .asText());
        assertEquals("tool_calls", tool.finishReason());

        assertTrue(anthropic
                .parseResponse(json("anthropic-refusal.json"), "c")
                .refusalMessage()
                .isPresent());

        ProviderProtocol.ErrorDetails overloaded = anthropic.errorDetails(json("anthropic-error-overloaded.json"));
        assertEquals("overloaded_error", overloaded.code());
        assertInstanceOf(
                RetriableModelException.ServerError.class,
                ErrorMapping.fromStatus(529, overloaded.code(), overloaded.message(), "c", null));
        ProviderProtocol.ErrorDetails tooLong = anthropic.errorDetails(json("anthropic-error-too-long.json"));
        assertInstanceOf(
                RejectedRequestException.ContextWindowExceeded.class,
                ErrorMapping.fromStatus(400, tooLong.code(), tooLong.message(), "c", null));
    }

    @Test
    void streamsAssembleDeltasAndUsage() throws IOException {
        List<StreamEvent.Delta> deltas = new ArrayList<>();
        SseDecoder decoder = new SseDecoder();
        ProviderProtocol.StreamParser parser = openAi.streamParser("gpt-4o-mini");
        String body = resource("openai-stream.txt");
        for (int i = 0; i < body.length(); i += 7) {
            for (SseDecoder.Event event : decoder.feed(body.substring(i, Math.min(body.length(), i + 7)))) {
                deltas.addAll(parser.onEvent(event.event(), event.data()));
            }
        }
        assertTrue(parser.finished());
        assertEquals(
                List.of("Hello", " there"),
                deltas.stream().map(StreamEvent.Delta::text).toList());
        assertEquals("Hello there", parser.response().text());
        assertEquals(11, parser.response().usage().totalTokens());
        assertEquals("stop", parser.response().finishReason());

        ProviderProtocol.StreamParser claude = anthropic.streamParser("claude-sonnet-4-5");
        List<String> pieces = new ArrayList<>();
        SseDecoder crlf = new SseDecoder();
        for (SseDecoder.Event event : crlf.feed(resource("anthropic-stream.txt").replace("\n", "\r\n"))) {
            claude.onEvent(event.event(), event.data()).forEach(d -> pieces.add(d.text()));
        }
        assertEquals(List.of("Hello", "!"), pieces);
        assertTrue(claude.finished());
        assertEquals(25, claude.response().usage().promptTokens());
        assertEquals(15, claude.response().usage().completionTokens());
    }

    @Test
    void requestBodiesFollowEachProtocol() {
        LmRequest request = new LmRequest(
                List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi"), ChatMessage.user("Again")),
                LmSettings.DEFAULTS
                        .withTemperature(0.5)
                        .withN(2)
                        .withSeed(7)
                        .withRolloutId(3)
                        .withCache(false)
                        .withResponseFormat(ResponseFormat.jsonSchema(
                                "Out", MAPPER.createObjectNode().put("type", "object"), true)));
        JsonNode oa = openAi.requestBody("gpt-4o-mini", request, true);
        assertEquals("gpt-4o-mini", oa.path("model").asText());
        assertEquals(3, oa.path("messages").size());
        assertEquals(2, oa.path("n").asInt());
        assertEquals(7, oa.path("seed").asInt());
        assertEquals("json_schema", oa.path("response_format").path("type").asText());
        assertTrue(oa.path("response_format").path("json_schema").path("strict").asBoolean());
        assertTrue(oa.path("stream_options").path("include_usage").asBoolean());
        assertFalse(oa.has("rollout_id"), "rollout ids are not sent to the provider");
        assertFalse(oa.has("cache"));

        JsonNode an = anthropic.requestBody(
                "claude-sonnet-4-5", new LmRequest(request.messages(), LmSettings.DEFAULTS), false);
        assertEquals("Be brief.", an.path("system").asText());
        assertEquals(1, an.path("messages").size(), "consecutive user turns merge");
        assertEquals("Hi\n\nAgain", an.path("messages").get(0).path("content").asText());
        assertEquals(AnthropicProtocol.DEFAULT_MAX_TOKENS, an.path("max_tokens").asInt());
        assertEquals(AnthropicProtocol.API_VERSION, anthropic.fixedHeaders().get("anthropic-version"));
        assertEquals("sk-ant", anthropic.authHeaders(Secret.of("sk-ant")).get("x-api-key"));
        assertEquals("Bearer sk-oa", openAi.authHeaders(Secret.of("sk-oa")).get("Authorization"));
    }

    @Test
    void openAiWritesTheSameBytesAsItsTreeForEverySetting() throws IOException {
        List<LmSettings> settings = List.of(
                LmSettings.DEFAULTS,
                LmSettings.DEFAULTS.withTemperature(0.7).withMaxTokens(64).withN(1),
                LmSettings.DEFAULTS
                        .withTemperature(0.0)
                        .withTopP(0.9)
                        .withStop(List.of("\n\n", "[[ ## completed ## ]]"))
                        .withN(3)
                        .withSeed(-5L)
                        .withResponseFormat(ResponseFormat.JSON_OBJECT),
                LmSettings.DEFAULTS.withResponseFormat(ResponseFormat.jsonSchema(
                        "Out",
                        MAPPER.createObjectNode()
                                .put("type", "object")
                                .set("properties", MAPPER.createObjectNode().set("é\"x", MAPPER.createObjectNode())),
                        false)));
        List<ChatMessage> messages = List.of(
                ChatMessage.system("Your input fields are:\n1. `q` (str): \"quoted\" \\ tab\t"),
                ChatMessage.user("héllo \u2028 \uD83D\uDE00 \u0001"),
                ChatMessage.assistant("[[ ## answer ## ]]\nParis"));
        for (LmSettings each : settings) {
            for (boolean stream : new boolean[] {false, true}) {
                LmRequest request = new LmRequest(messages, each);
                byte[] fast = openAi.requestBytes("gpt-4o-mini", request, stream);
                assertEquals(
                        new String(
                                MAPPER.writeValueAsBytes(openAi.requestBody("gpt-4o-mini", request, stream)),
                                StandardCharsets.UTF_8),
                        new String(fast, StandardCharsets.UTF_8),
                        each + ", stream " + stream);
                // twice: the second write takes the response format from the cache
                assertEquals(
                        new String(fast, StandardCharsets.UTF_8),
                        new String(openAi.requestBytes("gpt-4o-mini", request, stream), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void openAiReadsBytesAsItReadsTrees() throws IOException {
        List<String> bodies = new ArrayList<>();
        for (String name : List.of(
                "openai-chat-completion.json", "openai-tool-calls.json", "openai-refusal.json", "openai-n2.json")) {
            bodies.add(resource(name));
        }
        bodies.add("{\"choices\":[{\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"a\"},"
                + "{\"type\":\"image\"},{\"type\":\"text\",\"text\":\"b\"}]},\"finish_reason\":null}]}");
        bodies.add("{\"model\":null,\"usage\":{\"prompt_tokens\":\"12\",\"completion_tokens\":null},"
                + "\"choices\":[{\"finish_reason\":\"length\",\"message\":{\"content\":null,\"refusal\":null}},"
                + "{\"message\":{\"content\":\"second\"}}],\"extra\":{\"nested\":[1,{\"a\":2}]}}");
        for (String body : bodies) {
            LmResponse fromTree = openAi.parseResponse(MAPPER.readTree(body), "requested");
            LmResponse fromBytes = openAi.parseResponse(body.getBytes(StandardCharsets.UTF_8), "requested");
            assertEquals(fromTree, fromBytes, body);
        }
    }

    @Test
    void openAiBytesThatAreNotACompletionThrowSoTheCallerNamesTheProblem() {
        for (String body : List.of("[]", "{\"choices\":[]}", "{\"choices\":{}}", "{\"id\":\"x\"}", "not json")) {
            org.junit.jupiter.api.Assertions.assertThrows(
                    Exception.class, () -> openAi.parseResponse(body.getBytes(StandardCharsets.UTF_8), "m"), body);
        }
    }

    @Test
    void retryAfterHeaderForms() {
        assertEquals(1500, ErrorMapping.retryAfter("1500", "9").toMillis());
        assertEquals(2000, ErrorMapping.retryAfter(null, "2").toMillis());
        assertEquals(null, ErrorMapping.retryAfter(null, null));
        assertTrue(
                ErrorMapping.retryAfter(null, "Wed, 21 Oct 2015 07:28:00 GMT").isZero(), "a past date means now");
    }
}
