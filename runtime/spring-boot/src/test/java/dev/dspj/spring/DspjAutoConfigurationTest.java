package dev.dspj.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration in real application contexts against the simulated model on 127.0.0.1. */
class DspjAutoConfigurationTest {

    static final String KEY = "sk-spring-SECRET-7731";
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

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        DspjAutoConfiguration.class,
                        DspjObservationAutoConfiguration.class,
                        DspjHealthAutoConfiguration.class))
                .withPropertyValues(
                        "dspj.model=sim/sim-large", "dspj.base-url=" + server.baseUrl(), "dspj.api-key=" + KEY);
    }

    private static Path savedState(String name) throws IOException {
        QaProgram optimized = new QaProgram();
        optimized.answer.setDemos(List.of(Example.of("question", "What is the capital of France?", "answer", "Paris")));
        optimized.answer.setInstructions("Answer in one word.");
        Path file = files.resolve(name);
        ProgramState.save(optimized, file);
        return file;
    }

    @Test
    void propertiesMakeTheDefaultModelWhichAnswersAndIsClosedWithTheContext() {
        long before = server.requestCount();
        java.util.concurrent.atomic.AtomicReference<LanguageModel> closed =
                new java.util.concurrent.atomic.AtomicReference<>();
        runner().withPropertyValues(
                        "dspj.temperature=0.3",
                        "dspj.max-tokens=200",
                        "dspj.timeout=5s",
                        "dspj.max-retries=0",
                        "dspj.limits.max-concurrency=4",
                        "dspj.limits.requests-per-minute=600",
                        "dspj.cache.memory-entries=50")
                .run(context -> {
                    HttpLanguageModel model = context.getBean(HttpLanguageModel.class);
                    assertSame(model, Dspj.defaultModel().orElseThrow());
                    assertEquals("sim/sim-large", model.modelName());
                    assertEquals(server.baseUrl(), model.baseUrl().toString());
                    assertEquals(0.3, model.defaults().temperature().orElseThrow());
                    assertEquals(200, model.defaults().maxTokens().orElseThrow());
                    assertEquals(1, model.maxAttempts());
                    assertEquals(4, model.limiter().limits().maxConcurrentRequests());
                    assertEquals(600, model.limiter().limits().requestsPerMinute());
                    assertEquals(
                            java.time.Duration.ofSeconds(5), model.options().readTimeout());
                    assertFalse(model.toString().contains(KEY), model.toString());
                    DspjProperties properties = context.getBean(DspjProperties.class);
                    assertFalse(properties.toString().contains(KEY), properties.toString());
                    assertTrue(properties.toString().contains("apiKey=****"));

                    QaProgram program = new QaProgram();
                    Prediction prediction = program.forward(Map.of("question", "What is the capital of France?"));
                    assertFalse(((String) prediction.values().get("answer")).isBlank());
                    assertEquals(before + 1, server.requestCount());
                    assertEquals(
                            "Bearer " + KEY,
                            server.lastRequest()
                                    .orElseThrow()
                                    .header("Authorization")
                                    .orElseThrow());
                    // the same question again: the cache bean answers
                    program.forward(Map.of("question", "What is the capital of France?"));
                    assertEquals(before + 1, server.requestCount());
                    closed.set(model);
                });
        assertNotSame(closed.get(), Dspj.defaultModel().orElse(null), "no longer the default once closed");
    }

    @Test
    void aProgramBeanIsCreatedWithItsSavedState() throws IOException {
        Path state = savedState("qa.json");
        runner().withPropertyValues(
                        "dspj.programs.qa.type=" + QaProgram.class.getName(),
                        "dspj.programs.qa.state=file:" + state,
                        "dspj.programs.plain.type=" + QaProgram.class.getName())
                .run(context -> {
                    QaProgram qa = context.getBean("qa", QaProgram.class);
                    assertEquals(1, qa.answer.demos().size());
                    assertEquals("Paris", qa.answer.demos().get(0).values().get("answer"));
                    assertEquals("Answer in one word.", qa.answer.instructions());
                    QaProgram plain = context.getBean("plain", QaProgram.class);
                    assertNotSame(qa, plain);
                    assertTrue(plain.answer.demos().isEmpty());
                    Prediction prediction = qa.forward(Map.of("question", "What is the capital of Italy?"));
                    assertFalse(((String) prediction.values().get("answer")).isBlank());
                    assertTrue(server.lastRequestBody().contains("Paris"), "the demo is in the prompt");
                });
    }

    @Test
    void aBadStateFileFailsTheStartNamingThePropertyTheClassAndTheFile() throws IOException {
        Path broken = files.resolve("broken.json");
        Files.writeString(broken, "{\"not_a_predictor\": {\"demos\": []}}");
        runner().withPropertyValues(
                        "dspj.programs.qa.type=" + QaProgram.class.getName(), "dspj.programs.qa.state=file:" + broken)
                .run(context -> {
                    Throwable failure = context.getStartupFailure();
                    assertNotNull(failure);
                    String message = rootMessage(failure);
                    assertTrue(message.contains("dspj.programs.qa.state"), message);
                    assertTrue(message.contains(QaProgram.class.getName()), message);
                    assertTrue(message.contains("broken.json"), message);
                });
        Path notJson = files.resolve("not-json.json");
        Files.writeString(notJson, "demos: none");
        runner().withPropertyValues(
                        "dspj.programs.qa.type=" + QaProgram.class.getName(), "dspj.programs.qa.state=file:" + notJson)
                .run(context -> {
                    String message = rootMessage(context.getStartupFailure());
                    assertTrue(
                            message.contains("not-json.json") && message.contains("cannot read it as JSON"), message);
                });
        runner().withPropertyValues(
                        "dspj.programs.qa.type=" + QaProgram.class.getName(),
                        "dspj.programs.qa.state=classpath:missing-state.json")
                .run(context -> {
                    String message = rootMessage(context.getStartupFailure());
                    assertTrue(message.contains("missing-state.json") && message.contains("does not exist"), message);
                });
    }

    @Test
    void aBadProgramClassFailsTheStart() {
        runner().withPropertyValues("dspj.programs.qa.type=com.example.Missing").run(context -> {
            String message = rootMessage(context.getStartupFailure());
            assertTrue(message.contains("dspj.programs.qa.type=com.example.Missing"), message);
        });
        runner().withPropertyValues("dspj.programs.qa.type=java.lang.String").run(context -> {
            String message = rootMessage(context.getStartupFailure());
            assertTrue(message.contains("is not a dev.dspj.module.Module"), message);
        });
        runner().withPropertyValues("dspj.programs.qa.state=classpath:x.json").run(context -> {
            String message = rootMessage(context.getStartupFailure());
            assertTrue(message.contains("dspj.programs.qa.type is not set"), message);
        });
    }

    @Test
    void callbackBeansSeeEventsAndObservationsNestAndTokensAreCounted() {
        runner().withUserConfiguration(Observed.class).run(context -> {
            Recorder recorder = context.getBean(Recorder.class);
            QaProgram program = new QaProgram();
            program.invoke(Map.of("question", "Who wrote Hamlet?"));
            assertTrue(recorder.starts.contains(EventKind.MODULE), recorder.starts.toString());
            assertTrue(recorder.starts.contains(EventKind.LM), recorder.starts.toString());
            assertEquals(recorder.starts.size(), recorder.ends.size());

            List<Observation.Context> seen = context.getBean(Recording.class).started;
            Observation.Context top = seen.get(0);
            assertEquals(ObservationCallback.MODULE, top.getName());
            Observation.Context lm = seen.stream()
                    .filter(c -> c.getName().equals(ObservationCallback.MODEL_CALL))
                    .findFirst()
                    .orElseThrow();
            assertEquals(
                    "sim/sim-large",
                    lm.getLowCardinalityKeyValue(ObservationCallback.MODEL).getValue());
            Observation.ContextView parent = lm.getParentObservation().getContextView();
            // the model call is nested under the predictor, itself under the program
            while (parent.getParentObservation() != null) {
                parent = parent.getParentObservation().getContextView();
            }
            assertSame(top, parent);

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertTrue(meters.get(TokenUsageCallback.METER)
                            .tag(TokenUsageCallback.TOKEN_TYPE, "input")
                            .counter()
                            .count()
                    > 0);
            assertEquals(
                    3,
                    context.getBean(DspjAutoConfiguration.CallbackRegistrations.class)
                            .size());
        });
        int registeredAfter = Callbacks.registered().size();
        assertEquals(0, registeredAfter, "the context's callbacks are removed when it closes");
    }

    @Test
    void healthIsUpWhileTheEndpointAnswersThenDown() {
        SimulatedModelServer own =
                SimulatedModelServer.builder().latencyScale(0).build().start();
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(DspjAutoConfiguration.class, DspjHealthAutoConfiguration.class))
                .withPropertyValues("dspj.model=sim/sim-small", "dspj.base-url=" + own.baseUrl(), "dspj.api-key=" + KEY)
                .run(context -> {
                    ModelHealthIndicator indicator =
                            context.getBean("dspjModelHealthIndicator", ModelHealthIndicator.class);
                    Health up = indicator.health();
                    assertEquals(Status.UP, up.getStatus(), up.toString());
                    assertEquals(200, up.getDetails().get("status"));
                    assertEquals(own.baseUrl() + "/models", up.getDetails().get("url"));
                    assertEquals("/v1/models", own.lastRequest().orElseThrow().path());
                    own.close();
                    Health down = indicator.health();
                    assertEquals(Status.DOWN, down.getStatus());
                    assertNotNull(down.getDetails().get("error"));
                    assertFalse(down.toString().contains(KEY), down.toString());
                });
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(DspjAutoConfiguration.class, DspjHealthAutoConfiguration.class))
                .withPropertyValues(
                        "dspj.model=sim/sim-small",
                        "dspj.base-url=" + server.baseUrl(),
                        "management.health.dspj.enabled=false")
                .run(context -> assertFalse(context.containsBean("dspjModelHealthIndicator")));
    }

    @Test
    void theCacheFollowsItsProperties() {
        runner().withPropertyValues("dspj.cache.enabled=false")
                .run(context -> assertSame(ResponseCache.none(), context.getBean(ResponseCache.class)));
        Path disk = files.resolve("cache/lm.sqlite");
        runner().withPropertyValues("dspj.cache.disk-path=" + disk).run(context -> {
            ResponseCache cache = context.getBean(ResponseCache.class);
            assertEquals("LayeredResponseCache", cache.getClass().getSimpleName());
            new QaProgram().forward(Map.of("question", "What is the tallest mountain?"));
            cache.flush();
        });
        assertTrue(Files.exists(disk), "the SQLite file was written");
    }

    @Test
    void withNoModelNoneIsMadeAndTheDefaultIsLeftAlone() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DspjAutoConfiguration.class))
                .run(context -> {
                    assertTrue(context.getBeansOfType(LanguageModel.class).isEmpty());
                    assertTrue(Dspj.defaultModel().isEmpty());
                    assertNotNull(context.getBean(ResponseCache.class), "the cache is made all the same");
                });
        assertTrue(Dspj.defaultModel().isEmpty(), "closing the context cleared nothing it had not set");
        DspjProperties properties = new DspjProperties();
        assertTrue(properties.toString().contains("apiKey=(unset)"), properties::toString);
        properties.setApiKey(KEY);
        assertFalse(properties.toString().contains(KEY), properties::toString);
        assertTrue(properties.toString().contains("apiKey=****"), properties::toString);
    }

    @Test
    void anApplicationsOwnModelWinsAndBecomesTheDefault() {
        runner().withBean(
                        "myModel",
                        LanguageModel.class,
                        () -> HttpLanguageModel.builder("sim/sim-small")
                                .baseUrl(server.baseUrl())
                                .apiKey(KEY)
                                .build())
                .run(context -> {
                    assertEquals(1, context.getBeansOfType(LanguageModel.class).size());
                    assertSame(context.getBean("myModel"), Dspj.defaultModel().orElseThrow());
                    assertFalse(context.containsBean("dspjModelHealthIndicator"));
                });
    }

    @Test
    void observationsCanBeTurnedOffAndThePropertiesHaveMetadata() throws IOException {
        runner().withUserConfiguration(Observed.class)
                .withPropertyValues("dspj.observations.enabled=false")
                .run(context -> {
                    assertFalse(context.containsBean("dspjObservationCallback"));
                    assertEquals(
                            1,
                            context.getBean(DspjAutoConfiguration.CallbackRegistrations.class)
                                    .size());
                });
        String metadata;
        try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertNotNull(in, "the configuration processor wrote the metadata");
            metadata = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        for (String property : List.of(
                "dspj.model",
                "dspj.api-key",
                "dspj.limits.tokens-per-minute",
                "dspj.cache.disk-path",
                "dspj.programs",
                "dspj.observations.enabled",
                "management.health.dspj.enabled")) {
            assertTrue(metadata.contains("\"" + property + "\""), property);
        }
    }

    static String rootMessage(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    /** A callback bean recording the kinds it sees. */
    static final class Recorder implements Callback {
        final List<EventKind> starts = new CopyOnWriteArrayList<>();
        final List<EventKind> ends = new CopyOnWriteArrayList<>();

        @Override
        public void onStart(CallStart start) {
            starts.add(start.kind());
        }

        @Override
        public void onEnd(CallEnd end) {
            ends.add(end.kind());
        }
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

    @Configuration(proxyBeanMethods = false)
    static class Observed {
        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        Recording recording() {
            return new Recording();
        }

        @Bean
        ObservationRegistry observationRegistry(Recording recording) {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(recording);
            return registry;
        }

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
