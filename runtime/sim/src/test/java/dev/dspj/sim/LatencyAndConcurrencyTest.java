package dev.dspj.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.lm.ChatMessage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Simulated latency over HTTP, and enough threads for hundreds of concurrent requests. */
class LatencyAndConcurrencyTest {

    private static List<ChatMessage> prompt(int index) {
        return SimPrompts.chat(SimPrompts.QA_SIGNATURE, SimPrompts.QA.examples().get(index), List.of());
    }

    @Test
    void responsesTakeTheProfilesLatency() throws Exception {
        try (SimulatedModelServer server =
                SimulatedModelServer.builder().build().start()) {
            String url = server.baseUrl() + "/chat/completions";
            long start = System.nanoTime();
            HttpResponse<String> small = SimHttp.post(url, SimHttp.openAi("sim-small", prompt(0)));
            long smallNanos = System.nanoTime() - start;
            long tokens = SimHttp.json(small).at("/usage/completion_tokens").asLong();
            assertTrue(smallNanos >= SimModelProfile.SMALL.latency(tokens).toNanos(), "small waits 40 ms + 1 ms/token");

            start = System.nanoTime();
            HttpResponse<String> large =
                    SimHttp.post(url, SimHttp.openAi("sim-large", prompt(0)).put("stream", true));
            long largeNanos = System.nanoTime() - start;
            assertEquals(200, large.statusCode());
            assertTrue(
                    largeNanos >= SimModelProfile.LARGE.latency(tokens).toNanos() * 9 / 10,
                    "a large stream spreads 400 ms + 8 ms/token over its chunks: " + largeNanos / 1_000_000 + " ms");
        }
    }

    @Test
    void aFixedLatencyCountsFromTheRequestsArrivalAndAnInjectedDelayAddsToIt() throws Exception {
        Duration latency = Duration.ofMillis(120);
        Duration delay = Duration.ofMillis(150);
        try (SimulatedModelServer server = SimulatedModelServer.builder()
                .fixedLatency(latency)
                .fault("sim-medium", Fault.latency(delay))
                .build()
                .start()) {
            String url = server.baseUrl() + "/chat/completions";
            SimHttp.post(url, SimHttp.openAi("sim-small", prompt(0))); // the server's and client's first call
            long[] millis = new long[5];
            for (int i = 0; i < millis.length; i++) {
                long start = System.nanoTime();
                assertEquals(
                        200,
                        SimHttp.post(url, SimHttp.openAi("sim-small", prompt(i)))
                                .statusCode());
                millis[i] = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis[i] >= latency.toMillis(), "answered before its latency: " + millis[i] + " ms");
            }
            java.util.Arrays.sort(millis);
            // the server's parsing and answering are part of the 120 ms, not added to it
            assertTrue(millis[2] < latency.toMillis() + 40, "median round trip " + millis[2] + " ms");
            long start = System.nanoTime();
            assertEquals(
                    200,
                    SimHttp.post(url, SimHttp.openAi("sim-medium", prompt(0))).statusCode());
            long delayed = (System.nanoTime() - start) / 1_000_000;
            assertTrue(
                    delayed >= latency.plus(delay).toMillis(),
                    "an injected delay must add to the latency, not count inside it: " + delayed + " ms");
        }
    }

    @Test
    void twoHundredFiftySixConcurrentRequestsOverlap() throws Exception {
        Duration latency = Duration.ofMillis(400);
        try (SimulatedModelServer server =
                SimulatedModelServer.builder().fixedLatency(latency).build().start()) {
            String url = server.baseUrl() + "/chat/completions";
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < 256; i++) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                SimHttp.openAi("sim-small", prompt(i)).toString()))
                        .build();
                calls.add(SimHttp.CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                assertEquals(200, call.join().statusCode());
            }
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(256, server.requestCount());
            assertTrue(
                    elapsedMillis < 256 * latency.toMillis() / 16,
                    "256 requests of 400 ms each took " + elapsedMillis + " ms: they must run concurrently");
        }
    }
}
