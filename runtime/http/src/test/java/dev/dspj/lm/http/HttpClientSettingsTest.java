package dev.dspj.lm.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.dspj.lm.limit.ModelLimits;
import dev.dspj.lm.retry.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One settings record for the chat and the embedding clients, which never shows a secret. */
class HttpClientSettingsTest {

    private static final String KEY = "sk-test-SECRET-4242-never-print";
    private static final String TOKEN = "gateway-token-SECRET-77";

    @Test
    void theChatBuilderFillsTheRecordItsClientExposes() throws Exception {
        try (HttpLanguageModel model = HttpLanguageModel.builder(Provider.OPENAI)
                .model("gpt-4o-mini")
                .apiKey(KEY)
                .baseUrl("http://127.0.0.1:9/v1")
                .timeouts(Duration.ofSeconds(3), Duration.ofSeconds(40))
                .retry(RetryPolicy.DEFAULT.withMaxAttempts(2))
                .limits(new ModelLimits(8, 60, 0))
                .header("X-Gateway-Token", TOKEN)
                .build()) {
            HttpClientSettings options = model.options();
            assertEquals(Provider.OPENAI, options.provider());
            assertEquals("gpt-4o-mini", options.model());
            assertEquals("http://127.0.0.1:9/v1", options.baseUrl().toString());
            assertEquals(Duration.ofSeconds(3), options.connectTimeout());
            assertEquals(Duration.ofSeconds(40), options.readTimeout());
            assertEquals(2, options.retry().maxAttempts());
            assertEquals(new ModelLimits(8, 60, 0), options.limits());
            assertTrue(options.sharedLimits());
            assertEquals(Map.of("X-Gateway-Token", TOKEN), options.headers());
            assertTrue(options.apiKey().isPresent());
            assertThrows(
                    UnsupportedOperationException.class, () -> options.headers().put("X", "y"));
        }
    }

    @Test
    void aBaseUrlWithoutAPathGetsTheProvidersApiPath() {
        assertEquals("http://localhost:8080/v1", base(Provider.SIM, "http://localhost:8080"));
        assertEquals("http://localhost:8080/v1", base(Provider.SIM, "http://localhost:8080/"));
        assertEquals("http://localhost:8080/v1", base(Provider.SIM, "http://localhost:8080/v1"));
        assertEquals("http://localhost:9000/v1", base(Provider.VLLM, "http://localhost:9000"));
        assertEquals("https://proxy.example/openai/v1", base(Provider.GROQ, "https://proxy.example"));
        assertEquals(
                "http://gateway.example/custom",
                base(Provider.SIM, "http://gateway.example/custom"),
                "a path that is given is kept");
        assertEquals(
                "http://localhost:8080",
                base(Provider.OPENAI_COMPATIBLE, "http://localhost:8080"),
                "openai-compatible servers differ; nothing is guessed");
        assertEquals(
                "http://localhost:8080",
                base(Provider.ANTHROPIC, "http://localhost:8080"),
                "Anthropic's requests carry /v1/messages themselves");
    }

    private static String base(Provider provider, String url) {
        return HttpClientSettings.builder(provider)
                .model("m")
                .apiKey(KEY)
                .baseUrl(url)
                .build()
                .baseUrl()
                .toString();
    }

    @Test
    void noSecretInTextOrJson() throws Exception {
        HttpClientSettings options = HttpClientSettings.builder(Provider.OPENAI)
                .model("gpt-4o-mini")
                .apiKey(KEY)
                .header("X-Gateway-Token", TOKEN)
                .build();
        for (String text : new String[] {options.toString(), options.toJson()}) {
            assertFalse(text.contains(KEY), text);
            assertFalse(text.contains("SECRET"), text);
            assertFalse(text.contains(TOKEN), text);
        }
        JsonNode json = JsonMapper.builder().build().readTree(options.toJson());
        assertEquals("openai", json.path("provider").asText());
        assertEquals("gpt-4o-mini", json.path("model").asText());
        assertEquals("https://api.openai.com/v1", json.path("baseUrl").asText());
        assertEquals("present", json.path("apiKey").asText());
        assertEquals("X-Gateway-Token", json.path("headers").get(0).asText());
        assertEquals(10_000, json.path("connectTimeoutMillis").asLong());
        assertEquals(64, json.path("limits").path("maxConcurrentRequests").asInt());
        assertEquals(
                "none",
                HttpClientSettings.builder(Provider.OLLAMA)
                        .model("llama3.2")
                        .build()
                        .toJson()
                        .replaceAll(".*\"apiKey\":\"(\\w+)\".*", "$1"));
    }

    @Test
    void anEmbedderTakesTheChatModelsSettings() throws Exception {
        try (HttpLanguageModel model = HttpLanguageModel.builder(Provider.OPENAI)
                        .model("gpt-4o")
                        .apiKey(KEY)
                        .baseUrl("http://127.0.0.1:9/v1")
                        .timeouts(Duration.ofSeconds(3), Duration.ofSeconds(40))
                        .header("X-Org", "acme")
                        .build();
                HttpEmbedder embedder = HttpEmbedder.builder()
                        .settings(model.options())
                        .model("text-embedding-3-small")
                        .build()) {
            HttpClientSettings shared = embedder.options();
            assertEquals("text-embedding-3-small", shared.model());
            assertEquals(model.options().baseUrl(), shared.baseUrl());
            assertEquals(model.options().readTimeout(), shared.readTimeout());
            assertEquals(model.options().headers(), shared.headers());
            assertSame(model.options().apiKey(), shared.apiKey());
            assertEquals(model.options(), model.options().toBuilder().build(), "a record round-trips its builder");
            assertFalse(embedder.toString().contains(KEY), embedder.toString());
        }
    }

    @Test
    void bothClientsCheckTheirSettingsTheSameWay() {
        IllegalArgumentException chat = assertThrows(
                IllegalArgumentException.class,
                () -> HttpLanguageModel.builder(Provider.OPENAI)
                        .model("gpt-4o-mini")
                        .build());
        assertTrue(
                chat.getMessage().contains("openai/gpt-4o-mini: no API key")
                        && chat.getMessage().contains("OPENAI_API_KEY"),
                chat.getMessage());
        IllegalArgumentException embeddings = assertThrows(
                IllegalArgumentException.class,
                () -> HttpEmbedder.builder("openai/text-embedding-3-small", name -> null)
                        .build());
        assertTrue(
                embeddings.getMessage().contains("embeddings/text-embedding-3-small: no API key"),
                embeddings.getMessage());
        IllegalArgumentException noUrl = assertThrows(
                IllegalArgumentException.class,
                () -> HttpEmbedder.builder("sim/sim-embed", name -> null).build());
        assertTrue(
                noUrl.getMessage().contains("no base URL") && noUrl.getMessage().contains("DSPJ_SIM_BASE_URL"),
                noUrl.getMessage());
        IllegalArgumentException timeouts = assertThrows(
                IllegalArgumentException.class,
                () -> HttpEmbedder.builder()
                        .model("m")
                        .baseUrl("http://127.0.0.1:9/v1")
                        .timeouts(Duration.ZERO, Duration.ofSeconds(1))
                        .build());
        assertTrue(timeouts.getMessage().contains("timeouts must be positive"), timeouts.getMessage());
    }

    @Test
    void theTransportIsASettingCheckedWhenTheClientIsBuilt() throws Exception {
        HttpClientSettings jdk = HttpClientSettings.builder(Provider.SIM)
                .model("sim-small")
                .baseUrl("http://127.0.0.1:9/v1")
                .transport(Transport.JDK)
                .build();
        assertEquals(Transport.JDK, jdk.transport());
        assertEquals(
                "jdk",
                JsonMapper.builder()
                        .build()
                        .readTree(jdk.toJson())
                        .path("transport")
                        .asText());
        assertTrue(jdk.toString().contains("transport=JDK"), jdk.toString());
        assertEquals(Transport.JDK, jdk.toBuilder().build().transport(), "copied with the other settings");
        try (HttpLanguageModel model = HttpLanguageModel.builder(Provider.SIM)
                .settings(jdk)
                .cache(dev.dspj.lm.cache.ResponseCache.none())
                .build()) {
            assertEquals(Transport.JDK, model.options().transport());
        }

        IllegalArgumentException host = assertThrows(
                IllegalArgumentException.class,
                () -> HttpLanguageModel.builder(Provider.SIM)
                        .model("sim-small")
                        .baseUrl("http://127.0.0.1:9/v1")
                        .header("Host", "example.org")
                        .transport(Transport.JDK)
                        .build());
        assertTrue(host.getMessage().contains("sim/sim-small"), host.getMessage());
        assertTrue(host.getMessage().contains("\"Host\""), host.getMessage());
        assertTrue(host.getMessage().contains("Transport.MICRONAUT"), host.getMessage());

        assertEquals(Transport.JDK, Transport.parse(" JDK "));
        assertEquals(Transport.MICRONAUT, Transport.parse("micronaut"));
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> Transport.parse("okhttp"));
        assertTrue(unknown.getMessage().contains("\"okhttp\""), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("micronaut or jdk"), unknown.getMessage());
    }
}
