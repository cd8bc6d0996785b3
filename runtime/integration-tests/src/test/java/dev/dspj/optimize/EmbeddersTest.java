package dev.dspj.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.dspj.lm.CachingEmbedder;
import dev.dspj.lm.Embedders;
import dev.dspj.lm.HashingEmbedder;
import dev.dspj.lm.RejectedRequestException;
import dev.dspj.lm.RetriableModelException;
import dev.dspj.lm.http.HttpEmbedder;
import dev.dspj.lm.retry.RetryPolicy;
import dev.dspj.lm.retry.Scheduler;
import dev.dspj.lm.usage.ModelUsage;
import dev.dspj.lm.usage.UsageTracker;
import dev.dspj.sim.SimulatedModelServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The local hashing embedder and the OpenAI-compatible HTTP embeddings client. */
class EmbeddersTest {

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    @Test
    void hashingEmbedderGivesDeterministicUnitVectorsThatPutSimilarTextsClose() {
        HashingEmbedder embedder = new HashingEmbedder();
        float[] capital = embedder.embed("What is the capital of Valorenia?");
        assertEquals(512, capital.length);
        assertEquals(1.0, dot(capital, capital), 1e-5);
        assertArrayEquals(
                capital,
                new HashingEmbedder().embed("what is the CAPITAL of valorenia"),
                "case and punctuation do not matter");
        double close = dot(capital, embedder.embed("Which city is the capital of Valorenia?"));
        double far = dot(capital, embedder.embed("Where was Ana Mosvin born?"));
        assertTrue(close > 0.5 && far < close, "close " + close + ", far " + far);
        assertArrayEquals(new float[8], new HashingEmbedder(8).embed("?!"), "no words: the zero vector");
        assertEquals(2, embedder.embed(List.of("a", "b")).length);
        assertThrows(IllegalArgumentException.class, () -> new HashingEmbedder(0));
    }

    @Test
    void httpEmbedderBatchesAndKeepsTheOrder() {
        try (SimulatedModelServer server =
                        SimulatedModelServer.builder().latencyScale(0).build().start();
                HttpEmbedder embedder = HttpEmbedder.builder()
                        .baseUrl(server.baseUrl())
                        .model("sim-embed")
                        .batchSize(2)
                        .dimensions(32)
                        .build();
                UsageTracker tracker = UsageTracker.start()) {
            List<String> texts = List.of("one", "two words", "three more words", "four", "five");
            float[][] vectors = embedder.embed(texts);
            HashingEmbedder local = new HashingEmbedder(32);
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(local.embed(texts.get(i)), vectors[i], "text " + i);
            }
            assertEquals(
                    3,
                    server.requestsReceived().stream()
                            .filter(r -> r.path().equals("/v1/embeddings"))
                            .count());
            assertTrue(server.requestsReceived().get(0).body().contains("\"dimensions\":32"));
            ModelUsage usage = tracker.byModel().stream()
                    .filter(u -> u.model().equals("embeddings/sim-embed"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(3, usage.calls());
            assertTrue(usage.promptTokens() > 0);
            assertEquals(0, embedder.embed(List.of()).length);
        }
    }

    @Test
    void aRemoteEmbedderIsBatchedInParallelAndCachedByTheSameWrapperAsALocalOne() {
        try (SimulatedModelServer server =
                        SimulatedModelServer.builder().latencyScale(0).build().start();
                HttpEmbedder http = HttpEmbedder.builder()
                        .baseUrl(server.baseUrl())
                        .model("sim-embed")
                        .dimensions(32)
                        .build()) {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                texts.add("text number " + i);
            }
            CachingEmbedder batched = Embedders.batched(http, 3, 4);
            float[][] vectors = batched.embed(texts);
            HashingEmbedder local = new HashingEmbedder(32);
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(local.embed(texts.get(i)), vectors[i], "text " + i + " keeps its place");
            }
            assertEquals(4, embeddingRequests(server), "ten texts in batches of three: four requests");

            CachingEmbedder cached =
                    CachingEmbedder.builder(http).maxEntries(100).batchSize(3).build();
            cached.embed(texts);
            long before = embeddingRequests(server);
            List<String> again = new ArrayList<>(texts);
            again.add("a new text");
            float[][] second = cached.embed(again);
            assertEquals(before + 1, embeddingRequests(server), "only the one miss is sent");
            assertArrayEquals(local.embed("a new text"), second[10]);
            assertEquals(10, cached.hits());
        }
    }

    private static long embeddingRequests(SimulatedModelServer server) {
        return server.requestsReceived().stream()
                .filter(r -> r.path().equals("/v1/embeddings"))
                .count();
    }

    @Test
    void httpEmbedderErrorsNameTheProblemAndNeverTheKey() {
        try (SimulatedModelServer server = SimulatedModelServer.builder()
                .latencyScale(0)
                .requireApiKey("sk-right-key")
                .build()
                .start()) {
            try (HttpEmbedder wrongKey = HttpEmbedder.builder()
                    .baseUrl(server.baseUrl())
                    .model("sim-embed")
                    .apiKey("sk-wrong-key-4242")
                    .build()) {
                RejectedRequestException error =
                        assertThrows(RejectedRequestException.class, () -> wrongKey.embed(List.of("x")));
                assertEquals(401, error.status());
                assertFalse(error.getMessage().contains("sk-wrong-key-4242"), error.getMessage());
                assertFalse(wrongKey.toString().contains("sk-wrong-key-4242"), wrongKey.toString());
                assertTrue(wrongKey.toString().contains("redacted"));
            }
            try (HttpEmbedder unknown = HttpEmbedder.builder()
                    .baseUrl(server.baseUrl())
                    .model("text-embedding-3-small")
                    .apiKey("sk-right-key")
                    .build()) {
                RejectedRequestException error =
                        assertThrows(RejectedRequestException.class, () -> unknown.embed(List.of("x")));
                assertEquals(404, error.status());
                assertTrue(error.getMessage().contains("text-embedding-3-small"), error.getMessage());
            }
        }
    }

    @Test
    void httpEmbedderRetriesRateLimitsHonouringRetryAfter() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/embeddings", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean limited = requests.incrementAndGet() == 1;
            byte[] body = (limited
                            ? "{\"error\":{\"message\":\"slow down\",\"code\":\"rate_limit_exceeded\"}}"
                            : "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.6,0.8]}],"
                                    + "\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1}}")
                    .getBytes(StandardCharsets.UTF_8);
            if (limited) {
                exchange.getResponseHeaders().set("Retry-After", "7");
            }
            exchange.sendResponseHeaders(limited ? 429 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        List<Duration> waits = new ArrayList<>();
        Scheduler recording = new Scheduler() {
            @Override
            public CompletableFuture<Void> delay(Duration duration) {
                waits.add(duration);
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public long nanoTime() {
                return System.nanoTime();
            }
        };
        try (HttpEmbedder embedder = HttpEmbedder.builder()
                .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1")
                .model("m")
                .scheduler(recording)
                .build()) {
            float[][] vectors = embedder.embed(List.of("x"));
            assertArrayEquals(new float[] {0.6f, 0.8f}, vectors[0]);
            assertEquals(2, requests.get());
            assertEquals(1, waits.size());
            assertTrue(waits.get(0).compareTo(Duration.ofSeconds(7)) >= 0, "never sooner than Retry-After: " + waits);
        } finally {
            server.stop(0);
        }
        requests.set(0);
        HttpServer always = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        always.createContext("/v1/embeddings", exchange -> {
            exchange.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        always.start();
        try (HttpEmbedder embedder = HttpEmbedder.builder()
                .baseUrl("http://127.0.0.1:" + always.getAddress().getPort() + "/v1")
                .model("m")
                .scheduler(recording)
                .retry(RetryPolicy.DEFAULT.withMaxAttempts(3))
                .build()) {
            assertThrows(RetriableModelException.class, () -> embedder.embed(List.of("x")));
            assertEquals(3, requests.get(), "three attempts, then the error");
        } finally {
            always.stop(0);
        }
    }

    @Test
    void httpEmbedderReadsModelStringsAndTheEnvironment() {
        Map<String, String> env = Map.of("DSPJ_SIM_BASE_URL", "http://127.0.0.1:9/v1", "OPENAI_API_KEY", "sk-env-key");
        try (HttpEmbedder sim = HttpEmbedder.builder("sim/sim-embed", env::get).build()) {
            assertEquals("sim-embed", sim.model());
            assertEquals("http://127.0.0.1:9/v1", sim.baseUrl().toString());
        }
        try (HttpEmbedder openai =
                HttpEmbedder.builder("openai/text-embedding-3-small", env::get).build()) {
            assertEquals("https://api.openai.com/v1", openai.baseUrl().toString());
            assertFalse(openai.toString().contains("sk-env-key"));
        }
        IllegalArgumentException noUrl = assertThrows(
                IllegalArgumentException.class,
                () -> HttpEmbedder.builder("sim/sim-embed", name -> null).build());
        assertTrue(noUrl.getMessage().contains("DSPJ_SIM_BASE_URL"), noUrl.getMessage());
        IllegalArgumentException noKey = assertThrows(
                IllegalArgumentException.class,
                () -> HttpEmbedder.builder("openai/text-embedding-3-small", name -> null)
                        .build());
        assertTrue(noKey.getMessage().contains("OPENAI_API_KEY"), noKey.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HttpEmbedder.builder("anthropic/x", name -> null));
        assertThrows(
                IllegalArgumentException.class,
                () -> HttpEmbedder.builder().baseUrl("http://h/v1").build());
    }
}
