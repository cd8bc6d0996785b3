package dev.dspj.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LanguageModelException;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ModelCapabilities;
import dev.dspj.lm.RejectedRequestException;
import dev.dspj.lm.RetriableModelException;
import dev.dspj.lm.StreamEvent;
import dev.dspj.module.Predict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The in-process model: a LanguageModel with the engine, faults as the HTTP clients' exceptions, and streaming. */
class SimulatedModelTest {

    private static LmRequest request(int index, String directive) {
        SimExample example = SimPrompts.QA.examples().get(index);
        List<ChatMessage> messages = SimPrompts.chat(SimPrompts.QA_SIGNATURE, example, List.of());
        if (!directive.isEmpty()) {
            messages = List.of(messages.get(0), ChatMessage.user(messages.get(1).content() + "\n" + directive));
        }
        return new LmRequest(messages, LmSettings.DEFAULTS);
    }

    @Test
    void describesItself() {
        SimulatedModel model = SimulatedModel.of("sim-small");
        assertEquals("sim-small", model.modelName());
        assertEquals(SimModelProfile.SMALL, model.profile());
        assertEquals(ModelCapabilities.FULL, model.capabilities());
        assertEquals(SimTasks.builtIns(), model.tasks());
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> SimulatedModel.of("gpt-5"));
        assertTrue(unknown.getMessage().contains("sim-small, sim-medium, sim-large"));
    }

    @Test
    void worksUnderPredict() {
        Predict predict = new Predict(SimPrompts.QA_SIGNATURE);
        predict.setModel(SimulatedModel.of(SimModelProfile.LARGE));
        int correct = 0;
        for (SimExample example : SimPrompts.QA.examples().subList(0, 30)) {
            Object answer =
                    predict.forward(Map.copyOf(example.inputs())).get("answer").orElseThrow();
            if (answer.equals(example.gold().get("answer"))) {
                correct++;
            }
        }
        assertTrue(correct > 5 && correct < 30, "some right, some wrong: " + correct);
    }

    @Test
    void faultsSurfaceAsTheClientsExceptions() {
        SimulatedModel limited = SimulatedModel.builder()
                .model(SimModelProfile.SMALL)
                .fault(Fault.rateLimit(1, Duration.ofSeconds(2)))
                .build();
        RetriableModelException.RateLimited rateLimited =
                assertThrows(RetriableModelException.RateLimited.class, () -> limited.complete(request(0, "")));
        assertEquals(Duration.ofSeconds(2), rateLimited.retryAfter().orElseThrow());
        assertEquals(429, rateLimited.status());
        assertEquals("sim-small", rateLimited.model().orElseThrow());
        limited.complete(request(0, ""));
        assertEquals(2, limited.callCount());

        SimulatedModel failing = SimulatedModel.builder()
                .fault(Fault.serverError(503, Fault.UNLIMITED))
                .build();
        assertEquals(
                503,
                assertThrows(RetriableModelException.ServerError.class, () -> failing.complete(request(1, "")))
                        .status());

        SimulatedModel hanging = SimulatedModel.builder()
                .fault(Fault.hang())
                .hangTimeout(Duration.ofMillis(50))
                .build();
        assertThrows(RetriableModelException.Timeout.class, () -> hanging.complete(request(2, "")));

        SimulatedModel model = SimulatedModel.of(SimModelProfile.MEDIUM);
        assertThrows(RejectedRequestException.Authentication.class, () -> model.complete(request(3, "#sim-fault:401")));
        assertThrows(
                RejectedRequestException.ContextWindowExceeded.class,
                () -> model.complete(request(3, "#sim-fault:400-context")));
        assertThrows(RetriableModelException.RateLimited.class, () -> model.complete(request(4, "#sim-fault:429x1")));
        assertEquals(
                model.complete(request(4, "")).text(),
                model.complete(request(4, "#sim-fault:429x1")).text());
        LanguageModelException unknown =
                assertThrows(LanguageModelException.class, () -> model.complete(request(4, "#sim-fault:418")));
        assertEquals(400, unknown.status());
        RejectedRequestException.ContextWindowExceeded tooLong = assertThrows(
                RejectedRequestException.ContextWindowExceeded.class,
                () -> SimulatedModel.of("sim-small")
                        .complete(new LmRequest(List.of(ChatMessage.user("x".repeat(70_000))), LmSettings.DEFAULTS)));
        assertEquals("sim-small", tooLong.model().orElseThrow());
        assertTrue(tooLong.getMessage().contains("maximum context length is 16384 tokens"), tooLong.getMessage());
        assertEquals(
                SimEngine.MALFORMED_TEXT,
                model.complete(request(5, "#sim-fault:malformed")).text());
        assertEquals("length", model.complete(request(5, "#sim-fault:truncate")).finishReason());
    }

    @Test
    void latencyIsSimulatedOnlyWhenAskedFor() {
        SimulatedModel instant = SimulatedModel.of(SimModelProfile.LARGE);
        long start = System.nanoTime();
        instant.complete(request(6, ""));
        assertTrue(System.nanoTime() - start < 300_000_000L, "no latency by default in process");

        SimulatedModel scaled = SimulatedModel.builder()
                .model(SimModelProfile.SMALL)
                .latencyScale(1.0)
                .build();
        start = System.nanoTime();
        LmResponse response = scaled.complete(request(6, ""));
        long expected = SimModelProfile.SMALL
                .latency(response.usage().completionTokens())
                .toNanos();
        assertTrue(System.nanoTime() - start >= expected, "waits the profile's latency");

        SimulatedModel fixed =
                SimulatedModel.builder().fixedLatency(Duration.ofMillis(120)).build();
        start = System.nanoTime();
        fixed.complete(request(6, ""));
        assertTrue(System.nanoTime() - start >= 120_000_000L);
    }

    @Test
    void streamsSmallDeltasThenTheWholeResponse() throws Exception {
        SimulatedModel model = SimulatedModel.of(SimModelProfile.MEDIUM);
        LmRequest request = request(7, "");
        String whole = model.complete(request).text();
        List<StreamEvent> events = collect(model.stream(request));
        StringBuilder text = new StringBuilder();
        for (StreamEvent event : events.subList(0, events.size() - 1)) {
            text.append(assertInstanceOf(StreamEvent.Delta.class, event).text());
        }
        assertTrue(events.size() > 5);
        assertEquals(whole, text.toString());
        assertEquals(
                whole,
                assertInstanceOf(StreamEvent.End.class, events.get(events.size() - 1))
                        .response()
                        .text());

        SimulatedModel failing =
                SimulatedModel.builder().fault(Fault.serverError(500, 1)).build();
        CompletableFuture<List<StreamEvent>> failed = new CompletableFuture<>();
        failing.stream(request).subscribe(new Collector(failed));
        Exception error = assertThrows(Exception.class, () -> failed.get(5, TimeUnit.SECONDS));
        assertInstanceOf(RetriableModelException.ServerError.class, error.getCause());
    }

    private static List<StreamEvent> collect(Flow.Publisher<StreamEvent> publisher) throws Exception {
        CompletableFuture<List<StreamEvent>> done = new CompletableFuture<>();
        publisher.subscribe(new Collector(done));
        return done.get(5, TimeUnit.SECONDS);
    }

    /** Collects every event, one at a time. */
    private static final class Collector implements Flow.Subscriber<StreamEvent> {
        private final CompletableFuture<List<StreamEvent>> done;
        private final List<StreamEvent> events = new ArrayList<>();
        private Flow.Subscription subscription;

        Collector(CompletableFuture<List<StreamEvent>> done) {
            this.done = done;
        }

        @Override
        public void onSubscribe(Flow.Subscription value) {
            subscription = value;
            subscription.request(1);
        }

        @Override
        public void onNext(StreamEvent item) {
            events.add(item);
            subscription.request(1);
        }

        @Override
        public void onError(Throwable throwable) {
            done.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            done.complete(events);
        }
    }
}
