package dev.dspj.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.dspj.adapter.ChatAdapter;
import dev.dspj.lm.LmResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Miniature runs of the two HTTP benchmarks, checking that they do what they claim (not how fast):
 * every call reaches the server and comes back parsed, and the bare client sends DSPJ's bytes.
 */
class HttpBenchmarksTest {

    private static final int CALLS = 50;

    @Test
    void overheadBenchmarkMethodsAllCallTheServerWithTheSameBody() throws IOException {
        HttpOverheadBenchmark bench = new HttpOverheadBenchmark();
        bench.start();
        try {
            long before = bench.server.requestCount();
            String dspjAnswer = null;
            for (int i = 0; i < CALLS; i++) {
                FactoidQuestionOutput output = bench.dspj();
                assertFalse(output.answer().isBlank());
                assertTrue(output.completion().usage().totalTokens() > 0);
                dspjAnswer = output.answer();
            }
            assertArrayEquals(
                    bench.body,
                    bench.server.lastRequestBody().getBytes(StandardCharsets.UTF_8),
                    "the predictor sends the captured body on every call");

            for (int i = 0; i < CALLS; i++) {
                LmResponse response = bench.dspjModelOnly();
                assertTrue(response.text().contains("[[ ## answer ## ]]"), response.text());
            }
            assertArrayEquals(
                    bench.body,
                    bench.server.lastRequestBody().getBytes(StandardCharsets.UTF_8),
                    "the model alone sends the same body as the predictor");

            JsonMapper mapper = JsonMapper.builder().build();
            for (int i = 0; i < CALLS; i++) {
                byte[] body = bench.bareClient();
                JsonNode json = mapper.readTree(body);
                String content = json.at("/choices/0/message/content").asText();
                Object answer = ChatAdapter.INSTANCE
                        .parse(FactoidQuestionSignature.DESCRIPTOR, content)
                        .get("answer");
                assertEquals(dspjAnswer, answer, "the server gives the bare client DSPJ's answer");
            }
            assertArrayEquals(bench.body, bench.server.lastRequestBody().getBytes(StandardCharsets.UTF_8));
            assertEquals(3L * CALLS, bench.server.requestCount() - before);
        } finally {
            bench.stop();
        }
    }

    @Test
    void interleavedRoundsMeasureEveryVariantInEveryRound() {
        HttpOverheadBenchmark bench = new HttpOverheadBenchmark();
        bench.start();
        try {
            long before = bench.server.requestCount();
            java.util.Map<String, java.util.List<HttpOverheadRounds.PerCall>> results =
                    HttpOverheadRounds.run(bench, 5, 2);
            assertEquals(
                    java.util.List.of(
                            "bareClient", "bareParsed", "dspj", "dspjJson", "dspjModelOnly", "dspjModelFresh"),
                    java.util.List.copyOf(results.keySet()));
            results.values().forEach(rounds -> {
                assertEquals(2, rounds.size());
                rounds.forEach(perCall -> assertTrue(
                        perCall.wall() > 0 && perCall.serverCpu() > 0 && perCall.clientBytes() > 0,
                        perCall.toString()));
            });
            assertEquals(6 * 5 * 2, bench.server.requestCount() - before);
        } finally {
            bench.stop();
        }
    }

    @Test
    void throughputHarnessAnswersEveryCallWithinTheConcurrencyLimit() {
        try (ThroughputHarness.Rig rig = new ThroughputHarness.Rig(8, Duration.ofMillis(20), 16)) {
            ThroughputHarness.Round round = rig.run(CALLS);
            assertEquals(CALLS, round.answered());
            assertEquals(CALLS, round.serverRequests());
            assertEquals(8, round.peakInFlight(), "the limiter fills and never exceeds its 8 slots");
            assertEquals(0, rig.model().limiter().inFlight());
            assertTrue(round.peakHeapBytes() > 0);
            assertTrue(round.peakThreads() > 0);
            assertTrue(
                    round.sampledThreads().containsKey("server: request pool"),
                    round.sampledThreads().toString());
            assertTrue(
                    round.wallNanos() >= Duration.ofMillis(20).toNanos() * (CALLS / 8),
                    "each slot makes its calls one after another");
        }
    }

    @Test
    void threadKindsAreToldApartByName() {
        assertEquals("server: request pool", ThroughputHarness.threadKind("sim-server-17"));
        assertEquals("client: Netty event loop", ThroughputHarness.threadKind("default-nioEventLoopGroup-1-2"));
        assertEquals("jvm: Reference Handler", ThroughputHarness.threadKind("Reference Handler"));
        assertEquals(7.0, ThroughputHarness.median(new double[] {9, 7, 1}));
    }
}
