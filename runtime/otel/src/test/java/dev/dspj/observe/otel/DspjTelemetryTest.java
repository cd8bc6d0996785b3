package dev.dspj.observe.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.codec.Codecs;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.Metrics;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.RejectedRequestException;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.Provider;
import dev.dspj.lm.limit.ModelLimits;
import dev.dspj.lm.retry.RetryPolicy;
import dev.dspj.module.Predict;
import dev.dspj.observe.CallEnd;
import dev.dspj.observe.CallStart;
import dev.dspj.observe.Callbacks;
import dev.dspj.observe.EventKind;
import dev.dspj.observe.Registration;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.LmUsage;
import dev.dspj.primitives.Prediction;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.tool.Tool;
import dev.dspj.tool.ToolArgument;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The spans and metrics of programs run against the simulated model over loopback HTTP. */
class DspjTelemetryTest {

    private static SimulatedModelServer server;

    @BeforeAll
    static void startServer() {
        server = SimulatedModelServer.builder().latencyScale(0).build().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    static HttpLanguageModel.Builder model() {
        return HttpLanguageModel.builder(Provider.OPENAI)
                .model("sim-small")
                .baseUrl(server.baseUrl())
                .apiKey("sk-test-0000")
                .cache(ResponseCache.none())
                .privateLimits(ModelLimits.DEFAULT)
                .retry(RetryPolicy.DEFAULT.withDelays(Duration.ofMillis(1), Duration.ofMillis(5)));
    }

    static String question(int index) {
        return SimTasks.factoidQa().examples().get(index).inputs().get("question");
    }

    @Test
    void aTwoPredictorProgramIsOneTreeWithTheGenAiAttributesAndItsUsage() {
        try (Telemetry otel = new Telemetry();
                HttpLanguageModel lm = model().build()) {
            DspjTelemetry telemetry = DspjTelemetry.create(otel.sdk);
            Prediction prediction;
            try (Registration registration = Callbacks.register(telemetry)) {
                prediction = new TwoStepProgram(lm).invoke(Map.of("question", question(0)));
            }
            assertEquals(0, telemetry.openSpans(), "every span ended and left the map");
            List<SpanData> spans = otel.finished();
            assertEquals(9, spans.size(), () -> "program, 2 predictors, 2 x (format, chat, parse): " + spans);

            SpanData root = spans.get(0);
            assertEquals("dspj.module TwoStepProgram", root.getName());
            assertFalse(root.getParentSpanContext().isValid(), "the program is the root");
            assertEquals("program", root.getAttributes().get(DspjTelemetry.MODULE_KIND));
            assertNull(root.getAttributes().get(DspjTelemetry.MODULE_PATH), "the top has no path");
            assertEquals(SpanKind.INTERNAL, root.getKind());

            List<SpanData> predictors = otel.children(root);
            assertEquals(
                    List.of("dspj.module FactoidQa", "dspj.module CheckAnswer"),
                    predictors.stream().map(SpanData::getName).toList());
            assertEquals(
                    List.of("answer", "check"),
                    predictors.stream()
                            .map(s -> s.getAttributes().get(DspjTelemetry.MODULE_PATH))
                            .toList());
            long inputTokens = 0;
            long outputTokens = 0;
            for (SpanData predictor : predictors) {
                assertEquals("predictor", predictor.getAttributes().get(DspjTelemetry.MODULE_KIND));
                assertEquals(root.getTraceId(), predictor.getTraceId());
                List<SpanData> steps = otel.children(predictor);
                assertEquals(
                        List.of("dspj.adapter.format", "chat sim-small", "dspj.adapter.parse"),
                        steps.stream().map(SpanData::getName).toList());
                assertEquals("ChatAdapter", steps.get(0).getAttributes().get(DspjTelemetry.ADAPTER_NAME));
                SpanData chat = steps.get(1);
                assertEquals(SpanKind.CLIENT, chat.getKind());
                assertEquals("chat", chat.getAttributes().get(DspjTelemetry.OPERATION));
                assertEquals("openai", chat.getAttributes().get(DspjTelemetry.PROVIDER));
                assertEquals("sim-small", chat.getAttributes().get(DspjTelemetry.REQUEST_MODEL));
                assertEquals("sim-small", chat.getAttributes().get(DspjTelemetry.RESPONSE_MODEL));
                assertEquals(List.of("stop"), chat.getAttributes().get(DspjTelemetry.FINISH_REASONS));
                assertEquals(1L, chat.getAttributes().get(DspjTelemetry.ATTEMPTS));
                assertEquals(false, chat.getAttributes().get(DspjTelemetry.CACHED));
                assertEquals(StatusCode.UNSET, chat.getStatus().getStatusCode());
                assertTrue(chat.getAttributes().get(DspjTelemetry.INPUT_TOKENS) > 0);
                inputTokens += chat.getAttributes().get(DspjTelemetry.INPUT_TOKENS);
                outputTokens += chat.getAttributes().get(DspjTelemetry.OUTPUT_TOKENS);
                for (SpanData step : steps) {
                    assertTrue(step.getStartEpochNanos() >= predictor.getStartEpochNanos());
                    assertTrue(step.getEndEpochNanos() <= predictor.getEndEpochNanos());
                }
            }
            LmUsage.ModelTotals usage = prediction.lmUsage().total();
            assertEquals(2, usage.calls());
            assertEquals(usage.promptTokens(), inputTokens);
            assertEquals(usage.completionTokens(), outputTokens);

            assertEquals(
                    (double) usage.promptTokens(),
                    otel.histogram("gen_ai.client.token.usage", DspjTelemetry.TOKEN_TYPE, "input").stream()
                            .mapToDouble(p -> p.getSum())
                            .sum());
            assertEquals(
                    (double) usage.completionTokens(),
                    otel.histogram("gen_ai.client.token.usage", DspjTelemetry.TOKEN_TYPE, "output").stream()
                            .mapToDouble(p -> p.getSum())
                            .sum());
            assertEquals(
                    2,
                    otel
                            .histogram("gen_ai.client.operation.duration", DspjTelemetry.REQUEST_MODEL, "sim-small")
                            .stream()
                            .mapToLong(p -> p.getCount())
                            .sum());
            assertEquals(0, otel.counter("dspj.lm.retries"));
            assertEquals(0, otel.counter("dspj.lm.failures"));
        }
    }

    @Test
    void aRetriedCallShowsItsAttemptsAndCountsTheRetry() {
        try (Telemetry otel = new Telemetry();
                HttpLanguageModel lm = model().build()) {
            DspjTelemetry telemetry = DspjTelemetry.create(otel.sdk);
            try (Registration registration = Callbacks.register(telemetry)) {
                new TwoStepProgram(lm).answer.forward(Map.of("question", question(1) + " #sim-fault:503x1"));
            }
            List<SpanData> chats = otel.named("chat sim-small");
            assertEquals(1, chats.size());
            assertEquals(2L, chats.get(0).getAttributes().get(DspjTelemetry.ATTEMPTS));
            assertEquals(StatusCode.UNSET, chats.get(0).getStatus().getStatusCode());
            assertEquals(1, otel.counter("dspj.lm.retries"));
            assertEquals(0, otel.counter("dspj.lm.failures"));
            SpanData predictor = otel.named("dspj.module FactoidQa").get(0);
            assertFalse(predictor.getParentSpanContext().isValid(), "a predictor called alone is a root");
            assertEquals(predictor.getSpanId(), chats.get(0).getParentSpanId());
        }
    }

    @Test
    void aFailedCallFailsItsSpanAndEverySpanAroundIt() {
        try (Telemetry otel = new Telemetry();
                HttpLanguageModel lm = model().build()) {
            DspjTelemetry telemetry = DspjTelemetry.create(otel.sdk);
            RejectedRequestException.Authentication thrown;
            try (Registration registration = Callbacks.register(telemetry)) {
                thrown = assertThrows(
                        RejectedRequestException.Authentication.class,
                        () -> new TwoStepProgram(lm).invoke(Map.of("question", question(2) + " #sim-fault:401")));
            }
            assertEquals(0, telemetry.openSpans());
            String type = RejectedRequestException.Authentication.class.getCanonicalName();
            SpanData chat = otel.named("chat sim-small").get(0);
            SpanData predictor = otel.named("dspj.module FactoidQa").get(0);
            SpanData program = otel.named("dspj.module TwoStepProgram").get(0);
            for (SpanData span : List.of(chat, predictor, program)) {
                assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode(), span.getName());
                assertEquals(thrown.getMessage(), span.getStatus().getDescription());
                assertEquals(type, span.getAttributes().get(DspjTelemetry.ERROR_TYPE), span.getName());
                EventData exception = span.getEvents().stream()
                        .filter(e -> e.getName().equals("exception"))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no exception recorded on " + span.getName()));
                assertEquals(type, exception.getAttributes().get(AttributeKey.stringKey("exception.type")));
            }
            assertNull(chat.getAttributes().get(DspjTelemetry.INPUT_TOKENS), "a failed call used no tokens");
            assertTrue(otel.named("dspj.module CheckAnswer").isEmpty(), "the second step never ran");
            assertTrue(otel.named("dspj.adapter.parse").isEmpty(), "nothing to parse");
            assertEquals(1, otel.counter("dspj.lm.failures"));
            assertEquals(
                    1,
                    otel.histogram("gen_ai.client.operation.duration", DspjTelemetry.ERROR_TYPE, type).stream()
                            .mapToLong(p -> p.getCount())
                            .sum());
        }
    }

    @Test
    void exhaustedRetriesFailTheCall() {
        try (Telemetry otel = new Telemetry();
                HttpLanguageModel lm = model().retry(RetryPolicy.DEFAULT
                                .withMaxAttempts(2)
                                .withDelays(Duration.ofMillis(1), Duration.ofMillis(5)))
                        .build()) {
            try (Registration registration = Callbacks.register(DspjTelemetry.create(otel.sdk))) {
                assertThrows(
                        RuntimeException.class,
                        () -> new TwoStepProgram(lm)
                                .answer.forward(Map.of("question", question(3) + " #sim-fault:503x9")));
            }
            SpanData chat = otel.named("chat sim-small").get(0);
            assertEquals(StatusCode.ERROR, chat.getStatus().getStatusCode());
            assertEquals(
                    "dev.dspj.lm.RetriableModelException.ServerError",
                    chat.getAttributes().get(DspjTelemetry.ERROR_TYPE));
            assertEquals(1, otel.counter("dspj.lm.failures"));
        }
    }

    @Test
    void noPromptTextUnlessCapturePromptsIsOn() throws Exception {
        String question = question(4);
        try (Telemetry otel = new Telemetry();
                HttpLanguageModel lm = model().build()) {
            try (Registration registration = Callbacks.register(DspjTelemetry.create(otel.sdk))) {
                new TwoStepProgram(lm).invoke(Map.of("question", question));
            }
            assertEquals(9, otel.finished().size());
            for (SpanData span : otel.finished()) {
                span.getAttributes()
                        .forEach((key, value) -> assertFalse(
                                String.valueOf(value).contains(question)
                                        || String.valueOf(value).contains("[[ ## "),
                                span.getName() + " " + key + " holds prompt text: " + value));
                assertNull(span.getAttributes().get(DspjTelemetry.INPUT_MESSAGES));
            }
        }
        try (Telemetry otel = new Telemetry();
                HttpLanguageModel lm = model().build()) {
            DspjTelemetry telemetry =
                    DspjTelemetry.builder(otel.sdk).capturePrompts(true).build();
            assertTrue(telemetry.capturesPrompts());
            try (Registration registration = Callbacks.register(telemetry)) {
                new TwoStepProgram(lm).invoke(Map.of("question", question));
            }
            SpanData chat = otel.named("chat sim-small").get(0);
            ObjectMapper json = new ObjectMapper();
            JsonNode input = json.readTree(chat.getAttributes().get(DspjTelemetry.INPUT_MESSAGES));
            assertTrue(input.isArray() && input.size() >= 2, input::toString);
            assertEquals("system", input.get(0).get("role").asText());
            JsonNode user = input.get(input.size() - 1);
            assertEquals("user", user.get("role").asText());
            assertEquals("text", user.get("parts").get(0).get("type").asText());
            assertTrue(user.get("parts").get(0).get("content").asText().contains(question));
            JsonNode output = json.readTree(chat.getAttributes().get(DspjTelemetry.OUTPUT_MESSAGES));
            assertEquals("assistant", output.get(0).get("role").asText());
            assertEquals("stop", output.get(0).get("finish_reason").asText());
            assertTrue(output.get(0).get("parts").get(0).get("content").asText().contains("[[ ## answer ## ]]"));
        }
    }

    @Test
    void spansStartedInsideACallNestUnderIt() {
        try (Telemetry otel = new Telemetry();
                HttpLanguageModel lm = model().build()) {
            io.opentelemetry.api.trace.Tracer tracer = otel.sdk.getTracer("an HTTP client's instrumentation");
            dev.dspj.lm.LanguageModel instrumented = new dev.dspj.lm.LanguageModel() {
                @Override
                public String modelName() {
                    return lm.modelName();
                }

                @Override
                public dev.dspj.lm.LmResponse complete(dev.dspj.lm.LmRequest request) {
                    Span post = tracer.spanBuilder("POST /chat/completions").startSpan();
                    try {
                        return lm.complete(request);
                    } finally {
                        post.end();
                    }
                }
            };
            try (Registration registration = Callbacks.register(DspjTelemetry.create(otel.sdk))) {
                new TwoStepProgram(instrumented).invoke(Map.of("question", question(6)));
            }
            assertEquals(2, otel.named("POST /chat/completions").size());
            for (SpanData post : otel.named("POST /chat/completions")) {
                SpanData parent = otel.finished().stream()
                        .filter(span -> span.getSpanId().equals(post.getParentSpanId()))
                        .findFirst()
                        .orElseThrow();
                assertEquals("chat sim-small", parent.getName());
            }
        }
    }

    @Test
    void adapterStepsCanBeEventsOnTheirPredictorsSpan() {
        try (Telemetry otel = new Telemetry();
                HttpLanguageModel lm = model().build()) {
            DspjTelemetry telemetry =
                    DspjTelemetry.builder(otel.sdk).adapterSpans(false).build();
            try (Registration registration = Callbacks.register(telemetry)) {
                new TwoStepProgram(lm).invoke(Map.of("question", question(4)));
            }
            assertEquals(5, otel.finished().size(), "the program, two predictors and their two chat spans");
            assertTrue(otel.named("dspj.adapter.format").isEmpty());
            assertEquals(2, otel.named("chat sim-small").size());
            List<SpanData> predictors = otel.finished().stream()
                    .filter(span -> "predictor".equals(span.getAttributes().get(DspjTelemetry.MODULE_KIND)))
                    .toList();
            assertEquals(2, predictors.size());
            for (SpanData predictor : predictors) {
                List<EventData> events = predictor.getEvents();
                assertEquals(
                        List.of("dspj.adapter.format", "dspj.adapter.parse"),
                        events.stream().map(EventData::getName).toList(),
                        predictor.getName());
                for (EventData event : events) {
                    assertFalse(event.getAttributes()
                            .get(DspjTelemetry.ADAPTER_NAME)
                            .isEmpty());
                    Double seconds = event.getAttributes().get(DspjTelemetry.STEP_DURATION);
                    assertTrue(seconds != null && seconds >= 0 && seconds < 10, String.valueOf(seconds));
                    assertTrue(event.getEpochNanos() >= predictor.getStartEpochNanos()
                            && event.getEpochNanos() <= predictor.getEndEpochNanos());
                }
            }
            assertEquals(0, telemetry.openSpans());
        }
    }

    @Test
    void aFailedAdapterStepEventNamesItsError() {
        try (Telemetry otel = new Telemetry()) {
            DspjTelemetry telemetry =
                    DspjTelemetry.builder(otel.sdk).adapterSpans(false).build();
            try (Registration registration = Callbacks.register(telemetry)) {
                dev.dspj.observe.ActiveCall module =
                        Callbacks.start(EventKind.MODULE, "FactoidQa", new Object(), Map.of());
                try (dev.dspj.observe.Scope body = module.enter()) {
                    Callbacks.start(EventKind.ADAPTER_PARSE, "chat", new Object(), Map.of())
                            .fail(new IllegalArgumentException("no [[ ## answer ## ]] field"));
                }
                module.end(Map.of());
            }
            SpanData span = otel.named("dspj.module FactoidQa").get(0);
            EventData event = span.getEvents().get(0);
            assertEquals("dspj.adapter.parse", event.getName());
            assertEquals(
                    "java.lang.IllegalArgumentException", event.getAttributes().get(DspjTelemetry.ERROR_TYPE));
            assertEquals(0, telemetry.openSpans());
        }
    }

    @Test
    void aProgramNestsUnderTheSpanCurrentWhereItRuns() {
        try (Telemetry otel = new Telemetry();
                HttpLanguageModel lm = model().build()) {
            Span outer = otel.sdk.getTracer("test").spanBuilder("GET /answer").startSpan();
            try (Registration registration = Callbacks.register(DspjTelemetry.create(otel.sdk));
                    Scope scope = outer.makeCurrent()) {
                new TwoStepProgram(lm).invoke(Map.of("question", question(5)));
            } finally {
                outer.end();
            }
            SpanData server = otel.named("GET /answer").get(0);
            SpanData program = otel.named("dspj.module TwoStepProgram").get(0);
            assertEquals(server.getSpanId(), program.getParentSpanId());
            assertEquals(server.getTraceId(), program.getTraceId());
            assertTrue(otel.finished().stream().allMatch(s -> s.getTraceId().equals(server.getTraceId())));
            assertEquals(10, otel.finished().size());
        }
    }

    @Test
    void settingsAreRequestAttributesAndACacheHitCountsNoTokens() {
        try (Telemetry otel = new Telemetry();
                HttpLanguageModel lm = model().cache(ResponseCache.memory(10)).build()) {
            Predict predict = new Predict(TwoStepProgram.ANSWER);
            predict.setModel(lm);
            predict.setSettings(LmSettings.DEFAULTS
                    .withTemperature(0.5)
                    .withMaxTokens(300)
                    .withTopP(0.9)
                    .withSeed(7)
                    .withStop(List.of("END")));
            try (Registration registration = Callbacks.register(DspjTelemetry.create(otel.sdk))) {
                predict.forward(Map.of("question", question(6)));
                predict.forward(Map.of("question", question(6)));
            }
            List<SpanData> chats = otel.named("chat sim-small");
            assertEquals(2, chats.size());
            for (SpanData chat : chats) {
                assertEquals(0.5, chat.getAttributes().get(DspjTelemetry.TEMPERATURE));
                assertEquals(300L, chat.getAttributes().get(DspjTelemetry.MAX_TOKENS));
                assertEquals(0.9, chat.getAttributes().get(DspjTelemetry.TOP_P));
                assertEquals(7L, chat.getAttributes().get(DspjTelemetry.SEED));
                assertEquals(List.of("END"), chat.getAttributes().get(DspjTelemetry.STOP));
            }
            assertEquals(false, chats.get(0).getAttributes().get(DspjTelemetry.CACHED));
            assertEquals(true, chats.get(1).getAttributes().get(DspjTelemetry.CACHED));
            assertEquals(0L, chats.get(1).getAttributes().get(DspjTelemetry.ATTEMPTS));
            assertEquals(1, otel.counter("dspj.lm.cache.hits"));
            long inputTokens = chats.get(0).getAttributes().get(DspjTelemetry.INPUT_TOKENS);
            assertEquals(
                    (double) inputTokens,
                    otel.histogram("gen_ai.client.token.usage", DspjTelemetry.TOKEN_TYPE, "input").stream()
                            .mapToDouble(p -> p.getSum())
                            .sum(),
                    "the cached answer spent no tokens");
        }
    }

    @Test
    void anEvaluationIsOneSpanOverItsPrograms() {
        try (Telemetry otel = new Telemetry();
                HttpLanguageModel lm = model().build()) {
            List<Example> devset = SimTasks.factoidQa().toExamples().subList(0, 3);
            Predict predict = new Predict(TwoStepProgram.ANSWER);
            predict.setModel(lm);
            Evaluate evaluate = Evaluate.builder(devset, Metrics.exactMatch("answer"))
                    .progress(false)
                    .build();
            try (Registration registration = Callbacks.register(DspjTelemetry.create(otel.sdk))) {
                evaluate.run(predict);
            }
            SpanData evaluation = otel.named("dspj.evaluate").get(0);
            assertEquals("Predict", evaluation.getAttributes().get(DspjTelemetry.EVALUATED_PROGRAM));
            List<SpanData> predictors = otel.named("dspj.module FactoidQa");
            assertEquals(3, predictors.size());
            for (SpanData predictor : predictors) {
                assertEquals(evaluation.getTraceId(), predictor.getTraceId());
            }
            assertEquals(3, otel.named("chat sim-small").size());
        }
    }

    @Test
    void aCompileIsASpanNamedAfterItsOptimizerAndAnLmEventWithoutAResponseIsAFailure() {
        try (Telemetry otel = new Telemetry()) {
            DspjTelemetry telemetry = DspjTelemetry.create(otel.sdk);
            CallStart compile =
                    new CallStart("c-1", null, "c-1", EventKind.COMPILE, "LabeledFewShot", "", this, Map.of(), 0L);
            CallStart lm = new CallStart("c-2", "c-1", "c-1", EventKind.LM, "my-model", "", this, Map.of(), 0L);
            telemetry.onStart(compile);
            telemetry.onStart(lm);
            assertEquals(2, telemetry.openSpans());
            telemetry.onEnd(new CallEnd(lm, "not a response", null, 2_000_000L));
            telemetry.onEnd(new CallEnd(compile, "compiled", null, 3_000_000L));
            assertEquals(0, telemetry.openSpans());
            SpanData span = otel.named("dspj.compile LabeledFewShot").get(0);
            assertEquals("LabeledFewShot", span.getAttributes().get(DspjTelemetry.OPTIMIZER));
            SpanData chat = otel.named("chat my-model").get(0);
            assertEquals(span.getSpanId(), chat.getParentSpanId());
            assertNull(chat.getAttributes().get(DspjTelemetry.PROVIDER), "no provider prefix, no provider");
            assertEquals(1, otel.counter("dspj.lm.failures"), "an LM call that returned no response");
        }
    }

    /** A tracer provider that hands out what the supplier makes, whatever the name and version. */
    private static TracerProvider tracers(java.util.function.Supplier<Tracer> tracers) {
        return new TracerProvider() {
            @Override
            public Tracer get(String instrumentationScopeName) {
                return tracers.get();
            }

            @Override
            public Tracer get(String instrumentationScopeName, String instrumentationScopeVersion) {
                return tracers.get();
            }
        };
    }

    @Test
    void aFailingOpenTelemetryNeverBreaksTheCall() {
        OpenTelemetry broken = new OpenTelemetry() {
            @Override
            public TracerProvider getTracerProvider() {
                return tracers(() -> {
                    throw new IllegalStateException("tracer unavailable");
                });
            }

            @Override
            public io.opentelemetry.context.propagation.ContextPropagators getPropagators() {
                return io.opentelemetry.context.propagation.ContextPropagators.noop();
            }
        };
        assertThrows(IllegalStateException.class, () -> DspjTelemetry.create(broken), "fails where it is built");
        try (Telemetry otel = new Telemetry();
                HttpLanguageModel lm = model().build()) {
            Tracer tracer = otel.sdk.getTracer("t");
            OpenTelemetry flaky = new OpenTelemetry() {
                @Override
                public TracerProvider getTracerProvider() {
                    return tracers(() -> new Tracer() {
                        @Override
                        public SpanBuilder spanBuilder(String spanName) {
                            if (spanName.startsWith("chat")) {
                                throw new IllegalStateException("no spans for chats today");
                            }
                            return tracer.spanBuilder(spanName);
                        }
                    });
                }

                @Override
                public MeterProvider getMeterProvider() {
                    return otel.sdk.getMeterProvider();
                }

                @Override
                public io.opentelemetry.context.propagation.ContextPropagators getPropagators() {
                    return io.opentelemetry.context.propagation.ContextPropagators.noop();
                }
            };
            DspjTelemetry telemetry = DspjTelemetry.create(flaky);
            Prediction prediction;
            try (Registration registration = Callbacks.register(telemetry)) {
                prediction = new TwoStepProgram(lm).invoke(Map.of("question", question(7)));
            }
            assertNotNull(prediction.values().get("verdict"), "the program ran to its end");
            assertEquals(0, telemetry.openSpans());
            assertTrue(otel.named("chat sim-small").isEmpty());
            assertEquals(7, otel.finished().size(), "every span but the two chats");
        }
    }

    @Test
    void namesPastTheCachesAreStillRight() {
        try (Telemetry otel = new Telemetry()) {
            DspjTelemetry telemetry = DspjTelemetry.create(otel.sdk);
            int count = DspjTelemetry.CACHED_NAMES + 20;
            dev.dspj.lm.LmRequest request =
                    new dev.dspj.lm.LmRequest(List.of(dev.dspj.lm.ChatMessage.user("hi")), LmSettings.DEFAULTS);
            for (int i = 0; i < count; i++) {
                for (EventKind kind : List.of(EventKind.MODULE, EventKind.TOOL, EventKind.LM)) {
                    CallStart start = new CallStart(
                            kind + "-" + i,
                            null,
                            kind + "-" + i,
                            kind,
                            kind == EventKind.LM ? "openai/m" : "n" + i,
                            "",
                            this,
                            kind == EventKind.LM ? Map.of("request", request) : Map.of(),
                            0L);
                    telemetry.onStart(start);
                    Object outputs = kind == EventKind.LM
                            ? new dev.dspj.lm.LmResponse(
                                    List.of("x"), new dev.dspj.primitives.Usage(1, 1), "m", "reason" + i, false)
                            : null;
                    telemetry.onEnd(new CallEnd(start, outputs, null, 1L));
                }
            }
            assertEquals(0, telemetry.openSpans());
            int last = count - 1;
            assertEquals(1, otel.named("dspj.module n" + last).size());
            assertEquals(1, otel.named("execute_tool n" + last).size());
            List<SpanData> chats = otel.named("chat m");
            assertEquals(count, chats.size());
            assertEquals(
                    List.of("reason" + last), chats.get(last).getAttributes().get(DspjTelemetry.FINISH_REASONS));
        }
    }

    @Test
    void anExemplarOfAModelCallPointsAtItsChatSpan() {
        try (Telemetry otel = new Telemetry();
                HttpLanguageModel lm = model().build()) {
            try (Registration registration = Callbacks.register(DspjTelemetry.create(otel.sdk))) {
                Predict predict = new Predict(TwoStepProgram.ANSWER);
                predict.setModel(lm);
                predict.forward(Map.of("question", question(1)));
            }
            SpanData chat = otel.named("chat sim-small").get(0);
            var points = otel.histogram("gen_ai.client.operation.duration", DspjTelemetry.OPERATION, "chat");
            assertEquals(1, points.size());
            var exemplars = points.get(0).getExemplars();
            assertFalse(exemplars.isEmpty(), "a sampled call leaves an exemplar");
            assertEquals(chat.getSpanId(), exemplars.get(0).getSpanContext().getSpanId());
        }
    }

    @Test
    void anEndWithoutItsStartIsIgnored() {
        try (Telemetry otel = new Telemetry()) {
            DspjTelemetry telemetry = DspjTelemetry.create(otel.sdk);
            CallStart start = new CallStart("x-1", null, "x-1", EventKind.MODULE, "Ghost", "", this, Map.of(), 0L);
            telemetry.onEnd(new CallEnd(start, null, null, 1L));
            assertTrue(otel.finished().isEmpty());
            assertEquals(0, telemetry.openSpans());
        }
    }

    @Test
    void aToolCallIsAnExecuteToolSpanWithItsArgumentsOnlyWhenCaptured() {
        ToolArgument<Integer> a = ToolArgument.of("a", Codecs.INT, null);
        ToolArgument<Integer> b = ToolArgument.of("b", Codecs.INT, null);
        Tool add = Tool.builder("add")
                .description("adds two numbers")
                .arguments(a, b)
                .function(Codecs.INT, args -> args.get(a) + args.get(b));
        ObjectNode arguments = JsonNodeFactory.instance.objectNode().put("a", 2).put("b", 40);
        for (boolean capture : List.of(false, true)) {
            try (Telemetry otel = new Telemetry()) {
                try (Registration registration = Callbacks.register(
                        DspjTelemetry.builder(otel.sdk).capturePrompts(capture).build())) {
                    assertEquals("42", add.invoke(arguments).join().json().toString());
                }
                SpanData span = otel.named("execute_tool add").get(0);
                assertEquals("execute_tool", span.getAttributes().get(DspjTelemetry.OPERATION));
                assertEquals("add", span.getAttributes().get(DspjTelemetry.TOOL_NAME));
                assertEquals(
                        capture ? "{\"a\":2,\"b\":40}" : null,
                        span.getAttributes().get(DspjTelemetry.TOOL_ARGUMENTS));
                assertEquals(capture ? "42" : null, span.getAttributes().get(DspjTelemetry.TOOL_RESULT));
            }
        }
    }

    @Test
    void aFailingToolIsAnErrorSpan() {
        Tool broken = Tool.builder("broken").function(Codecs.INT, args -> {
            throw new IllegalStateException("no answer today");
        });
        try (Telemetry otel = new Telemetry()) {
            try (Registration registration = Callbacks.register(DspjTelemetry.create(otel.sdk))) {
                assertThrows(
                        CompletionException.class, () -> broken.invoke(null).join());
            }
            SpanData span = otel.named("execute_tool broken").get(0);
            assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
            assertNotNull(span.getAttributes().get(DspjTelemetry.ERROR_TYPE));
            assertEquals(0, otel.counter("dspj.lm.failures"), "a tool is no model call");
        }
    }

    @Test
    void modelStringsSplitIntoProviderAndModel() {
        assertEquals(new GenAiNames("openai", "gpt-4o-mini"), GenAiNames.of("openai/gpt-4o-mini"));
        assertEquals(new GenAiNames("azure.ai.openai", "my-deployment"), GenAiNames.of("azure/my-deployment"));
        assertEquals(new GenAiNames("anthropic", "claude-sonnet-4-5"), GenAiNames.of("Anthropic/claude-sonnet-4-5"));
        assertEquals(
                new GenAiNames("openrouter", "meta-llama/llama-3-8b"),
                GenAiNames.of("openrouter/meta-llama/llama-3-8b"));
        assertEquals(new GenAiNames(null, "meta-llama/Llama-3"), GenAiNames.of("meta-llama/Llama-3"));
        assertEquals(new GenAiNames(null, "gpt-4o"), GenAiNames.of("gpt-4o"));
        assertEquals(new GenAiNames(null, "openai/"), GenAiNames.of("openai/"));
    }
}
