package dev.dspj.micronaut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.Dspj;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.observe.CallEnd;
import dev.dspj.observe.CallStart;
import dev.dspj.observe.Callback;
import dev.dspj.observe.Callbacks;
import dev.dspj.observe.EventKind;
import dev.dspj.observe.micrometer.ObservationCallback;
import dev.dspj.observe.micrometer.TokenUsageCallback;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.state.ProgramState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/** The Micronaut integration in real application contexts against the simulated model on 127.0.0.1. */
class DspjMicronautTest {

    static final String KEY = "sk-micronaut-SECRET-5150";
    private static SimulatedModelServer server;

    @TempDir
    static Path files;

    @BeforeAll
    static void start() {
        server = SimulatedModelServer.builder()
                .latencyScale(0)
                .requireApiKey(KEY)
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, Object> settings(Object... more) {
        Map<String, Object> all = new HashMap<>();
        all.put("dspj.model", "sim/sim-large");
        all.put("dspj.base-url", server.baseUrl());
        all.put("dspj.api-key", KEY);
        for (int i = 0; i < more.length; i += 2) {
            all.put((String) more[i], more[i + 1]);
        }
        return all;
    }

    @Test
    void aContextGetsTheModelProgramsCallbacksAndMetrics() throws IOException {
        QaProgram optimized = new QaProgram();
        optimized.answer.setDemos(List.of(Example.of("question", "What is the capital of France?", "answer", "Paris")));
        Path state = files.resolve("qa.json");
        ProgramState.save(optimized, state);
        long before = server.requestCount();
        HttpLanguageModel model;
        try (ApplicationContext context = ApplicationContext.run(settings(
                "dspj.temperature", "0.4",
                "dspj.max-tokens", "300",
                "dspj.max-retries", "0",
                "dspj.timeout", "5s",
                "dspj.limits.max-concurrency", "3",
                "dspj.programs.qa.type", QaProgram.class.getName(),
                "dspj.programs.qa.state", state.toString(),
                "dspj.test.meters", "true"))) {
            model = context.getBean(HttpLanguageModel.class);
            assertSame(model, Dspj.defaultModel().orElseThrow());
            assertEquals(0.4, model.defaults().temperature().orElseThrow());
            assertEquals(300, model.defaults().maxTokens().orElseThrow());
            assertEquals(1, model.maxAttempts());
            assertEquals(3, model.limiter().limits().maxConcurrentRequests());
            assertFalse(context.getBean(DspjConfiguration.class).toString().contains(KEY));

            QaProgram qa = context.getBean(QaProgram.class, Qualifiers.byName("qa"));
            assertEquals("Paris", qa.answer.demos().get(0).values().get("answer"));
            Prediction prediction = qa.invoke(Map.of("question", "What is the capital of Spain?"));
            assertFalse(((String) prediction.values().get("answer")).isBlank());
            assertEquals(before + 1, server.requestCount());
            assertTrue(server.lastRequestBody().contains("Paris"), "the demo is in the prompt");

            Recorder recorder = context.getBean(Recorder.class);
            assertTrue(recorder.starts.contains(EventKind.MODULE), recorder.starts.toString());
            assertTrue(recorder.starts.contains(EventKind.LM), recorder.starts.toString());
            // the recorder, the observations over the meter registry and the token counter
            assertEquals(3, context.getBean(CallbackRegistrar.class).size());
            assertNotNull(context.getBean(ObservationCallback.class));
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertTrue(meters.get(TokenUsageCallback.METER)
                            .tag(TokenUsageCallback.TOKEN_TYPE, "output")
                            .counter()
                            .count()
                    > 0);
            assertEquals(
                    1,
                    meters.get(ObservationCallback.MODEL_CALL)
                            .tag(ObservationCallback.MODEL, "sim/sim-large")
                            .timer()
                            .count());
            assertFalse(meters.get(ObservationCallback.MODULE).timers().isEmpty());
        }
        assertNotSame(model, Dspj.defaultModel().orElse(null), "no longer the default once closed");
        assertTrue(Callbacks.registered().isEmpty(), "the callbacks are removed when the context closes");
    }

    @Test
    void badProgramsFailTheStartNamingTheSettingTheClassAndTheFile() throws IOException {
        Path broken = files.resolve("broken.json");
        Files.writeString(broken, "{\"not_a_predictor\": {\"demos\": []}}");
        String message = startFailure(settings(
                "dspj.programs.qa.type", QaProgram.class.getName(), "dspj.programs.qa.state", broken.toString()));
        assertTrue(message.contains("dspj.programs.qa.state"), message);
        assertTrue(message.contains(QaProgram.class.getName()), message);
        assertTrue(message.contains("broken.json"), message);

        message = startFailure(settings(
                "dspj.programs.qa.type",
                QaProgram.class.getName(),
                "dspj.programs.qa.state",
                "classpath:missing.json"));
        assertTrue(message.contains("missing.json") && message.contains("does not exist"), message);

        Path notJson = files.resolve("not-json.json");
        Files.writeString(notJson, "demos: none");
        message = startFailure(settings(
                "dspj.programs.qa.type", QaProgram.class.getName(), "dspj.programs.qa.state", "file:" + notJson));
        assertTrue(message.contains("cannot read it as JSON"), message);

        message = startFailure(settings("dspj.programs.qa.type", "com.example.Missing"));
        assertTrue(message.contains("dspj.programs.qa.type=com.example.Missing"), message);
        message = startFailure(settings("dspj.programs.qa.type", "java.lang.String"));
        assertTrue(message.contains("is not a dev.dspj.module.Module"), message);
    }

    @Test
    void healthIsUpWhileTheEndpointAnswersThenDown() {
        SimulatedModelServer own =
                SimulatedModelServer.builder().latencyScale(0).build().start();
        try (ApplicationContext context = ApplicationContext.run(
                Map.of("dspj.model", "sim/sim-small", "dspj.base-url", own.baseUrl(), "dspj.api-key", KEY))) {
            ModelHealthIndicator indicator = context.getBean(ModelHealthIndicator.class);
            HealthResult up = Mono.from(indicator.getResult()).block();
            assertEquals(HealthStatus.UP, up.getStatus());
            assertEquals(ModelHealthIndicator.NAME, up.getName());
            assertEquals("/v1/models", own.lastRequest().orElseThrow().path());
            own.close();
            HealthResult down = indicator.check();
            assertEquals(HealthStatus.DOWN, down.getStatus());
            assertTrue(((Map<?, ?>) down.getDetails()).containsKey("error"), String.valueOf(down.getDetails()));
            assertFalse(String.valueOf(down.getDetails()).contains(KEY));
        } finally {
            own.close();
        }
    }

    @Test
    void withoutAModelThereIsNoModelBeanAndTheCacheFollowsItsSettings() {
        Path disk = files.resolve("cache/lm.sqlite");
        try (ApplicationContext context = ApplicationContext.run(Map.of("dspj.cache.disk-path", disk.toString()))) {
            assertFalse(context.containsBean(LanguageModel.class));
            assertFalse(context.containsBean(ModelHealthIndicator.class));
            ResponseCache cache = context.getBean(ResponseCache.class);
            assertEquals("LayeredResponseCache", cache.getClass().getSimpleName());
        }
        assertTrue(Files.exists(disk), "the SQLite file was created");
        try (ApplicationContext context = ApplicationContext.run(Map.of("dspj.cache.enabled", "false"))) {
            assertSame(ResponseCache.none(), context.getBean(ResponseCache.class));
        }
    }

    @Test
    void anObservationRegistryBeanSeesNestedObservationsAndTheSwitchTurnsThemOff() {
        try (ApplicationContext context = ApplicationContext.run(settings("dspj.test.observations", "true"))) {
            Recording recording = context.getBean(Recording.class);
            new QaProgram().invoke(Map.of("question", "Who painted the Mona Lisa?"));
            List<Observation.Context> seen = recording.started;
            Observation.Context top = seen.get(0);
            assertEquals(ObservationCallback.MODULE, top.getName());
            Observation.Context lm = seen.stream()
                    .filter(c -> c.getName().equals(ObservationCallback.MODEL_CALL))
                    .findFirst()
                    .orElseThrow();
            Observation.ContextView root = lm.getParentObservation().getContextView();
            while (root.getParentObservation() != null) {
                root = root.getParentObservation().getContextView();
            }
            assertSame(top, root);
            // the recorder and the observations; no meter registry, so no token counter
            assertEquals(2, context.getBean(CallbackRegistrar.class).size());
        }
        try (ApplicationContext context =
                ApplicationContext.run(settings("dspj.test.meters", "true", "dspj.observations.enabled", "false"))) {
            assertFalse(context.containsBean(ObservationCallback.class));
            assertFalse(context.containsBean(TokenUsageCallback.class));
            assertEquals(1, context.getBean(CallbackRegistrar.class).size());
        }
    }

    private static String startFailure(Map<String, Object> settings) {
        RuntimeException failure = assertThrows(
                RuntimeException.class, () -> ApplicationContext.run(settings).close());
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    /** A callback bean recording the kinds it sees. */
    @Singleton
    static final class Recorder implements Callback {
        final List<EventKind> starts = new CopyOnWriteArrayList<>();

        @Override
        public void onStart(CallStart start) {
            starts.add(start.kind());
        }

        @Override
        public void onEnd(CallEnd end) {}
    }

    /** A handler recording the observations started, in order. */
    static final class Recording implements ObservationHandler<Observation.Context> {
        final List<Observation.Context> started = new CopyOnWriteArrayList<>();

        @Override
        public void onStart(Observation.Context context) {
            started.add(context);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }

    /** An observation registry with a recording handler, as a tracing setup would give the application. */
    @Factory
    @Requires(property = "dspj.test.observations", value = "true")
    static class Observations {
        @Singleton
        Recording recording() {
            return new Recording();
        }

        @Singleton
        ObservationRegistry observationRegistry(Recording recording) {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(recording);
            return registry;
        }
    }

    /** A meter registry, as micronaut-micrometer would give the application. */
    @Factory
    @Requires(property = "dspj.test.meters", value = "true")
    static class Meters {
        @Singleton
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
