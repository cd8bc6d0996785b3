package dev.dspj.lm.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.adapter.ChatAdapter;
import dev.dspj.codec.Codecs;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LanguageModels;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ModelCapabilities;
import dev.dspj.lm.ResponseStore;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.sim.ReceivedRequest;
import dev.dspj.sim.SimulatedModelServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Model strings, environment configuration and secrets. */
class SecretAndConfigTest {

    private static final Map<String, String> ENV = Map.of(
            "OPENAI_API_KEY", "sk-env-openai",
            "ANTHROPIC_API_KEY", "sk-ant-env",
            "DSPJ_CACHE", "off");

    @Test
    void modelStringsPickProviderBaseUrlAndKey() {
        try (HttpLanguageModel openai = HttpLanguageModel.builder("openai/gpt-4o-mini", ENV::get)
                        .build();
                HttpLanguageModel claude = HttpLanguageModel.builder("anthropic/claude-sonnet-4-5", ENV::get)
                        .build();
                HttpLanguageModel ollama =
                        HttpLanguageModel.builder("ollama/llama3.2", ENV::get).build()) {
            assertEquals("openai/gpt-4o-mini", openai.modelName());
            assertEquals("gpt-4o-mini", openai.apiModel());
            assertEquals("https://api.openai.com/v1", openai.baseUrl().toString());
            assertEquals(Provider.ANTHROPIC, claude.provider());
            assertEquals("http://localhost:11434/v1", ollama.baseUrl().toString());
            assertFalse(openai.toString().contains("sk-env-openai"), openai.toString());
            assertTrue(openai.toString().contains("Secret[redacted]"));
        }
    }

    @Test
    void baseUrlFromEnvironmentWins() {
        Map<String, String> env = Map.of("OPENAI_BASE_URL", "http://127.0.0.1:9/v1", "DSPJ_CACHE", "memory");
        try (HttpLanguageModel model =
                HttpLanguageModel.builder("openai-compatible/local", env::get).build()) {
            assertEquals("http://127.0.0.1:9/v1", model.baseUrl().toString());
        }
    }

    @Test
    void clearErrorsAtConstruction() {
        IllegalArgumentException noKey = assertThrows(
                IllegalArgumentException.class,
                () -> HttpLanguageModel.builder("openai/gpt-4o-mini", Map.<String, String>of("DSPJ_CACHE", "off")::get)
                        .build());
        assertTrue(
                noKey.getMessage().contains("no API key") && noKey.getMessage().contains("OPENAI_API_KEY"),
                noKey.getMessage());
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> HttpLanguageModel.builder("foo/bar", ENV::get));
        assertTrue(
                unknown.getMessage().contains("unknown provider \"foo\"")
                        && unknown.getMessage().contains("anthropic"),
                unknown.getMessage());
        IllegalArgumentException shape =
                assertThrows(IllegalArgumentException.class, () -> HttpLanguageModel.builder("gpt-4o", ENV::get));
        assertTrue(shape.getMessage().contains("must be provider/model"), shape.getMessage());
        IllegalArgumentException noUrl = assertThrows(
                IllegalArgumentException.class,
                () -> HttpLanguageModel.builder("openai-compatible/x", Map.<String, String>of("DSPJ_CACHE", "off")::get)
                        .build());
        assertTrue(
                noUrl.getMessage().contains("no base URL") && noUrl.getMessage().contains("OPENAI_BASE_URL"),
                noUrl.getMessage());
        IllegalArgumentException badUrl = assertThrows(
                IllegalArgumentException.class,
                () -> HttpLanguageModel.builder(Provider.OLLAMA)
                        .model("m")
                        .baseUrl("localhost:11434")
                        .build());
        assertTrue(badUrl.getMessage().contains("must be an absolute http"), badUrl.getMessage());
        IllegalArgumentException badCache = assertThrows(
                IllegalArgumentException.class,
                () -> ResponseCache.fromEnvironment(Map.of("DSPJ_CACHE", "sometimes")::get));
        assertTrue(badCache.getMessage().contains("DSPJ_CACHE=sometimes"), badCache.getMessage());
    }

    @Test
    void dspjLmNamesTheDefaultModel() {
        Map<String, String> env =
                Map.of("DSPJ_LM", "anthropic/claude-haiku-4-5", "ANTHROPIC_API_KEY", "k", "DSPJ_CACHE", "off");
        var model = LanguageModels.fromEnvironment(env::get).orElseThrow();
        assertEquals("anthropic/claude-haiku-4-5", model.modelName());
        ((HttpLanguageModel) model).close();
        assertTrue(LanguageModels.fromEnvironment(Map.<String, String>of()::get).isEmpty());
        IllegalArgumentException bad = assertThrows(
                IllegalArgumentException.class,
                () -> LanguageModels.fromEnvironment(Map.of("DSPJ_LM", "openai/gpt-4o")::get));
        assertTrue(bad.getMessage().startsWith("DSPJ_LM=openai/gpt-4o: "), bad.getMessage());
    }

    @Test
    void languageModelsFindsTheHttpClientsThroughTheServiceLoader() {
        try (LanguageModel model = LanguageModels.of("ollama/llama3.2", Map.of("DSPJ_CACHE", "off")::get)) {
            assertTrue(model instanceof HttpLanguageModel, model.getClass().getName());
            assertEquals("ollama/llama3.2", model.modelName());
        }
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> LanguageModels.of("foo/bar", ENV::get));
        assertTrue(
                unknown.getMessage().contains("unknown provider \"foo\"")
                        && unknown.getMessage().contains("openai"),
                unknown.getMessage());
    }

    /** A Chat-formatted request for one question. */
    private static LmRequest ask(String question) {
        SignatureDescriptor qa = SignatureDescriptor.builder("QA")
                .field(FieldDescriptor.input("question", Codecs.STRING, "", "String"))
                .field(FieldDescriptor.output("answer", Codecs.STRING, "", "String"))
                .build();
        return new LmRequest(
                ChatAdapter.INSTANCE.format(qa, List.of(), Map.of("question", question)), LmSettings.DEFAULTS);
    }

    @Test
    void languageModelsBuilderConfiguresTheProvidersClientBeyondTheEnvironment() {
        LmRequest ask = ask("What is the capital of France?");
        try (SimulatedModelServer server =
                        SimulatedModelServer.builder().latencyScale(0).build().start();
                HttpLanguageModel model = LanguageModels.builder(
                                "openai-compatible/sim-small", Map.of("DSPJ_CACHE", "memory")::get)
                        .baseUrl(server.baseUrl())
                        .apiKey("sk-builder-SECRET")
                        .header("X-Team", "qa")
                        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
                        .cache(ResponseCache.none())
                        .defaults(LmSettings.DEFAULTS.withTemperature(0.25))
                        .capabilities(ModelCapabilities.FULL)
                        .build()) {
            assertEquals("openai-compatible/sim-small", model.modelName());
            assertEquals(ModelCapabilities.FULL, model.capabilities());
            LmResponse first = model.complete(ask);
            LmResponse second = model.complete(ask);
            assertTrue(first.text().contains("[[ ## answer ## ]]"), first.text());
            assertFalse(second.cached(), "cache(none) replaces the memory cache DSPJ_CACHE names");
            assertEquals(2, server.requestCount());
            ReceivedRequest received = server.lastRequest().orElseThrow();
            assertEquals(
                    "Bearer sk-builder-SECRET", received.header("Authorization").orElseThrow());
            assertEquals("qa", received.header("X-Team").orElseThrow());
            assertTrue(received.body().contains("\"temperature\":0.25"), received.body());
            assertFalse(model.toString().contains("sk-builder-SECRET"), model.toString());
        }
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> LanguageModels.builder("foo/bar", ENV::get));
        assertTrue(unknown.getMessage().contains("unknown provider \"foo\""), unknown.getMessage());
        IllegalArgumentException noKey = assertThrows(
                IllegalArgumentException.class,
                () -> LanguageModels.builder("openai/gpt-4o-mini", Map.of("DSPJ_CACHE", "off")::get)
                        .build());
        assertTrue(noKey.getMessage().contains("OPENAI_API_KEY"), noKey.getMessage());
    }

    @Test
    void aStoreOfTheUsersOwnCachesTheBuildersModel() {
        Map<String, LmResponse> stored = new java.util.concurrent.ConcurrentHashMap<>();
        ResponseStore store = new ResponseStore() {
            @Override
            public java.util.Optional<LmResponse> get(String key) {
                return java.util.Optional.ofNullable(stored.get(key));
            }

            @Override
            public void put(String key, LmResponse response) {
                stored.put(key, response);
            }
        };
        assertSame(ResponseCache.none(), ResponseCache.of(ResponseCache.none()));
        LmRequest ask = ask("Where is Talsone?");
        try (SimulatedModelServer server =
                        SimulatedModelServer.builder().latencyScale(0).build().start();
                LanguageModel model = LanguageModels.builder(
                                "openai-compatible/sim-small", Map.<String, String>of()::get)
                        .baseUrl(server.baseUrl())
                        .apiKey("k")
                        .cache(store)
                        .build()) {
            LmResponse first = model.complete(ask);
            LmResponse second = model.complete(ask);
            assertFalse(first.cached());
            assertTrue(second.cached(), "the second answer comes from the user's store");
            assertEquals(first.text(), second.text());
            assertEquals(1, stored.size());
            assertEquals(1, server.requestCount());
        }
    }

    @Test
    void secretsRedact() {
        Secret key = Secret.of("sk-123");
        assertEquals("token [redacted] here", key.redact("token sk-123 here"));
        assertEquals("Secret[redacted]", key.toString());
        assertFalse(Secret.of("  ").isPresent());
        assertEquals(ResponseCache.none(), ResponseCache.fromEnvironment(Map.of("DSPJ_CACHE", "off")::get));
    }
}
