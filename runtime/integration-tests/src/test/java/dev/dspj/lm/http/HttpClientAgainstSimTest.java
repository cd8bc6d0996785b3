package dev.dspj.lm.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.adapter.Adapter;
import dev.dspj.adapter.ChatAdapter;
import dev.dspj.codec.Codecs;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.FunctionTools;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LanguageModelException;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ModelCapabilities;
import dev.dspj.lm.RejectedRequestException;
import dev.dspj.lm.RetriableModelException;
import dev.dspj.lm.StreamEvent;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.history.CallHistory;
import dev.dspj.lm.limit.ModelLimits;
import dev.dspj.lm.retry.RetryPolicy;
import dev.dspj.lm.retry.Scheduler;
import dev.dspj.lm.usage.ModelUsage;
import dev.dspj.lm.usage.UsageTracker;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.sim.SimExample;
import dev.dspj.sim.SimTask;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.tool.Tool;
import dev.dspj.tool.ToolCalls;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real HTTP clients, over loopback, against the simulated model server. */
class HttpClientAgainstSimTest {

    private static final String KEY = "sk-test-SECRET-4242-never-print";
    private static final SignatureDescriptor QA = SignatureDescriptor.builder("QA")
            .instructions("Answer questions with a short factoid answer.")
            .field(FieldDescriptor.input("question", Codecs.STRING, "", "String"))
            .field(FieldDescriptor.output("answer", Codecs.STRING, "", "String"))
            .build();

    /** A question and the tools, answered with the calls to make: native function calling's shape. */
    private static final SignatureDescriptor PLAN = SignatureDescriptor.builder("Plan")
            .instructions("Answer the question. Use the tools when they help.")
            .field(FieldDescriptor.input("question", Codecs.STRING, "", "String"))
            .field(FieldDescriptor.input("tools", Codecs.list(Tool.CODEC), "", "java.util.List<dev.dspj.tool.Tool>"))
            .field(FieldDescriptor.output("calls", ToolCalls.CODEC, "", "dev.dspj.tool.ToolCalls"))
            .build();

    private static SimulatedModelServer server;
    /** A server that knows the tool-use tasks, so requests with tools are answered with tool calls. */
    private static SimulatedModelServer toolServer;

    /**
     * The transport every client here uses; {@link HttpClientOnJdkTransportTest} runs every test
     * again on the other one.
     */
    Transport transport() {
        return Transport.MICRONAUT;
    }

    @BeforeAll
    static void startServer() {
        server = SimulatedModelServer.builder()
                .latencyScale(0)
                .requireApiKey(KEY)
                .build()
                .start();
        toolServer = SimulatedModelServer.builder()
                .latencyScale(0)
                .requireApiKey(KEY)
                .tasks(SimTasks.toolTasks())
                .build()
                .start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
        toolServer.close();
    }

    /** A clock that records waits and returns at once. */
    static final class RecordingScheduler implements Scheduler {
        final List<Duration> waits = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<Void> delay(Duration duration) {
            waits.add(duration);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    }

    private HttpLanguageModel.Builder openAi(String model) {
        return HttpLanguageModel.builder(Provider.SIM)
                .transport(transport())
                .model(model)
                .baseUrl(server.baseUrl())
                .apiKey(KEY)
                .cache(ResponseCache.none())
                .privateLimits(ModelLimits.DEFAULT);
    }

    private static LmRequest ask(String question) {
        return new LmRequest(
                ChatAdapter.INSTANCE.format(QA, List.of(), java.util.Map.of("question", question)),
                LmSettings.DEFAULTS);
    }

    private static String question(int index) {
        SimExample example = SimTasks.factoidQa().examples().get(index);
        return example.inputs().get("question");
    }

    @Test
    void predictOverHttpParsesTheSimulatedAnswer() {
        try (HttpLanguageModel model = openAi("sim-large").build()) {
            Predict predict = new Predict(QA);
            predict.setModel(model);
            long before = server.requestCount();
            Prediction prediction = predict.forward(java.util.Map.of("question", question(0)));
            assertFalse(((String) prediction.values().get("answer")).isBlank());
            assertEquals("sim-large", prediction.completion().model());
            assertTrue(prediction.completion().usage().totalTokens() > 0);
            assertEquals(before + 1, server.requestCount());
            var received = server.lastRequest().orElseThrow();
            assertEquals("Bearer " + KEY, received.header("Authorization").orElseThrow());
            assertEquals("/v1/chat/completions", received.path());
        }
    }

    @Test
    void aSimBaseUrlWithoutV1IsCompletedNotAnsweredWith404() {
        java.util.Map<String, String> environment =
                java.util.Map.of("DSPJ_SIM_BASE_URL", server.rootUrl(), "DSPJ_SIM_API_KEY", KEY, "DSPJ_CACHE", "off");
        try (HttpLanguageModel model = HttpLanguageModel.builder("sim/sim-medium", environment::get)
                .transport(transport())
                .build()) {
            assertEquals(server.baseUrl(), model.baseUrl().toString());
            LmResponse response = model.complete(ask(question(7)));
            assertTrue(response.text().contains("[[ ## answer ## ]]"), response.text());
            assertEquals(
                    "/v1/chat/completions", server.lastRequest().orElseThrow().path());
        }
    }

    @Test
    void anthropicProtocolAgainstTheMessagesEndpoint() {
        try (HttpLanguageModel claude = HttpLanguageModel.builder(Provider.ANTHROPIC)
                .transport(transport())
                .model("sim-medium")
                .baseUrl(server.rootUrl())
                .apiKey(KEY)
                .cache(ResponseCache.none())
                .build()) {
            LmResponse response = claude.complete(ask(question(1)));
            assertTrue(response.text().contains("[[ ## answer ## ]]"), response.text());
            assertTrue(response.usage().promptTokens() > 0);
            var received = server.lastRequest().orElseThrow();
            assertEquals("/v1/messages", received.path());
            assertEquals(KEY, received.header("x-api-key").orElseThrow());
            assertEquals(
                    AnthropicProtocol.API_VERSION,
                    received.header("anthropic-version").orElseThrow());
        }
    }

    @Test
    void streamingDeliversDeltasThenTheWholeResponse() throws Exception {
        for (Provider provider : List.of(Provider.SIM, Provider.ANTHROPIC)) {
            try (HttpLanguageModel model = HttpLanguageModel.builder(provider)
                    .transport(transport())
                    .model("sim-medium")
                    .baseUrl(provider == Provider.SIM ? server.baseUrl() : server.rootUrl())
                    .apiKey(KEY)
                    .cache(ResponseCache.none())
                    .build()) {
                List<StreamEvent> events = collect(model.stream(ask(question(2))));
                StreamEvent.End end = (StreamEvent.End) events.get(events.size() - 1);
                StringBuilder text = new StringBuilder();
                events.stream()
                        .filter(e -> e instanceof StreamEvent.Delta)
                        .forEach(e -> text.append(((StreamEvent.Delta) e).text()));
                assertTrue(events.size() > 3, provider + " streamed " + events.size() + " events");
                assertEquals(end.response().text(), text.toString());
                assertTrue(
                        end.response().text().contains("[[ ## completed ## ]]"),
                        end.response().text());
                assertTrue(
                        end.response().usage().completionTokens() > 0,
                        provider + " usage " + end.response().usage());
                assertEquals(
                        model.complete(ask(question(2))).text(),
                        end.response().text(),
                        provider + ": the stream equals the plain answer");
            }
        }
    }

    @Test
    void aStreamAnsweredWithAnErrorStatusFailsAsAPlainCallWould() {
        try (HttpLanguageModel model = openAi("sim-small").build()) {
            java.util.concurrent.ExecutionException failure = assertThrows(
                    java.util.concurrent.ExecutionException.class,
                    () -> collect(model.stream(ask(question(8) + " #sim-fault:400-context"))));
            RejectedRequestException rejected =
                    assertInstanceOf(RejectedRequestException.class, failure.getCause(), failure.toString());
            assertEquals(400, rejected.status());
            if (transport() == Transport.JDK) {
                // the JDK's client hands over the error's body, so the provider's code is read as for a plain call
                assertInstanceOf(RejectedRequestException.ContextWindowExceeded.class, rejected, rejected.toString());
            }
            assertTrue(model.history().last(1).get(0).failure().orElseThrow().contains("HTTP 400"));
        }
    }

    /** A client of the tool server speaking the provider's protocol (the sim's is OpenAI's). */
    private HttpLanguageModel toolModel(Provider provider) {
        return HttpLanguageModel.builder(provider)
                .transport(transport())
                .model("sim-large")
                .baseUrl(provider == Provider.ANTHROPIC ? toolServer.rootUrl() : toolServer.baseUrl())
                .apiKey(KEY)
                .cache(ResponseCache.none())
                .build();
    }

    private static LmResponse lastResponse(List<StreamEvent> events) {
        return ((StreamEvent.End) events.get(events.size() - 1)).response();
    }

    @Test
    void anthropicStreamedToolUseGivesThePlainCallsToolCalls() throws Exception {
        try (HttpLanguageModel claude = toolModel(Provider.ANTHROPIC)) {
            for (SimTask task : SimTasks.toolTasks()) {
                int compared = 0;
                for (int i = 0; i < 10; i++) {
                    LmRequest request = new LmRequest(
                            List.of(
                                    ChatMessage.system("Answer the question. Use the tools when they help."),
                                    ChatMessage.user(
                                            task.examples().get(i).inputs().get("question"))),
                            LmSettings.DEFAULTS.withTools(FunctionTools.of(task.tools())));
                    LmResponse plain = claude.complete(request);
                    List<StreamEvent> events = collect(claude.stream(request));
                    assertTrue(
                            toolServer.lastRequest().orElseThrow().body().contains("\"stream\":true"),
                            "the second request was streamed");
                    LmResponse streamed = lastResponse(events);
                    assertEquals(plain.toolCalls(), streamed.toolCalls(), task.name() + " #" + i);
                    assertEquals(plain.finishReason(), streamed.finishReason(), task.name() + " #" + i);
                    assertEquals(plain.text(), streamed.text(), task.name() + " #" + i);
                    assertEquals(plain.usage(), streamed.usage(), task.name() + " #" + i);
                    if (plain.toolCalls().isEmpty()) {
                        continue;
                    }
                    compared++;
                    assertEquals("tool_calls", streamed.finishReason());
                    dev.dspj.lm.ToolCall call = streamed.toolCalls().get(0);
                    assertTrue(call.id().startsWith("toolu_"), call.toString());
                    // the sim sends a call's input in fragments of six characters: these were joined
                    assertTrue(call.argumentsJson().length() > 12, call.toString());
                    assertTrue(
                            ProviderProtocol.JSON.readTree(call.argumentsJson()).isObject(), call.toString());
                }
                assertTrue(compared >= 5, task.name() + ": " + compared + " of 10 answered with tool calls");
            }
        }
    }

    /** Answers every call from the model's stream, so a predictor reads a streamed response. */
    private static final class StreamedModel implements LanguageModel {
        private final HttpLanguageModel model;

        StreamedModel(HttpLanguageModel model) {
            this.model = model;
        }

        @Override
        public String modelName() {
            return model.modelName();
        }

        @Override
        public ModelCapabilities capabilities() {
            return model.capabilities();
        }

        @Override
        public LmResponse complete(LmRequest request) {
            try {
                return lastResponse(collect(model.stream(request)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void nativeFunctionCallingReadsStreamedToolCallsIntoAToolCallsOutput() {
        Adapter adapter = ChatAdapter.INSTANCE.withNativeFunctionCalling();
        for (Provider provider : List.of(Provider.SIM, Provider.ANTHROPIC)) {
            try (HttpLanguageModel model = toolModel(provider)) {
                Predict plain = new Predict(PLAN);
                plain.setModel(model);
                plain.setAdapter(adapter);
                Predict streamed = new Predict(PLAN);
                streamed.setModel(new StreamedModel(model));
                streamed.setAdapter(adapter);
                SimTask task = SimTasks.toolLookup();
                int right = 0;
                for (int i = 0; i < 5; i++) {
                    SimExample example = task.examples().get(i);
                    java.util.Map<String, Object> inputs =
                            java.util.Map.of("question", example.inputs().get("question"), "tools", task.tools());
                    ToolCalls expected =
                            (ToolCalls) plain.forward(inputs).values().get("calls");
                    ToolCalls calls =
                            (ToolCalls) streamed.forward(inputs).values().get("calls");
                    String body = toolServer.lastRequest().orElseThrow().body();
                    assertTrue(body.contains("\"stream\":true") && body.contains("\"tools\""), body);
                    assertEquals(expected, calls, provider + " #" + i);
                    assertEquals(1, calls.calls().size(), provider + " #" + i + ": " + calls);
                    dev.dspj.tool.ToolCall call = calls.calls().get(0);
                    assertTrue(
                            call.callId().orElseThrow().startsWith(provider == Provider.ANTHROPIC ? "toolu_" : "call_"),
                            call.toString());
                    if (call.name().equals(task.expectedTool().orElseThrow())
                            && ProviderProtocol.JSON
                                    .valueToTree(
                                            task.expectedArguments(example.id()).orElseThrow())
                                    .equals(call.args())) {
                        right++;
                    }
                }
                assertTrue(right >= 3, provider + ": " + right + " of 5 calls right");
            }
        }
    }

    private static List<StreamEvent> collect(Flow.Publisher<StreamEvent> publisher) throws Exception {
        List<StreamEvent> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(StreamEvent item) {
                events.add(item);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.get(20, TimeUnit.SECONDS);
        return events;
    }

    @Test
    void rateLimitsAreRetriedHonouringRetryAfterOnAFakeClock() {
        RecordingScheduler clock = new RecordingScheduler();
        try (HttpLanguageModel model = openAi("sim-small")
                .scheduler(clock)
                .retry(RetryPolicy.DEFAULT.withDelays(Duration.ofMillis(10), Duration.ofMillis(100)))
                .build()) {
            long before = server.requestCount();
            LmResponse response = model.complete(ask(question(3) + " #sim-fault:429x2,retry-after=3"));
            assertTrue(response.text().contains("[[ ## answer ## ]]"));
            assertEquals(before + 3, server.requestCount(), "two 429s, then the answer");
            assertEquals(2, clock.waits.size());
            for (Duration wait : clock.waits) {
                assertTrue(wait.toMillis() >= 3000, "waited " + wait + " although Retry-After said 3 s");
            }
            assertEquals(3, model.history().last(1).get(0).attempts());
        }
    }

    @Test
    void serverErrorsAreRetriedAndGivingUpSaysHowOften() {
        RecordingScheduler clock = new RecordingScheduler();
        try (HttpLanguageModel model = openAi("sim-small")
                .scheduler(clock)
                .retry(RetryPolicy.DEFAULT.withMaxAttempts(3))
                .build()) {
            assertTrue(model.complete(ask(question(4) + " #sim-fault:500x1"))
                    .text()
                    .contains("answer"));
            assertTrue(model.complete(ask(question(5) + " #sim-fault:503x2"))
                    .text()
                    .contains("answer"));
            long before = server.requestCount();
            RetriableModelException e = assertThrows(
                    RetriableModelException.class, () -> model.complete(ask(question(6) + " #sim-fault:503x9")));
            assertEquals(503, e.status());
            assertTrue(e.getMessage().contains("gave up after 3 attempts"), e.getMessage());
            assertEquals(before + 3, server.requestCount());
            RetriableModelException limited = assertThrows(
                    RetriableModelException.RateLimited.class,
                    () -> model.complete(ask(question(7) + " #sim-fault:429x9")));
            assertEquals(429, limited.status());
        }
    }

    @Test
    void nonRetriableFailuresFailAtOnceWithStatusAndCode() {
        RecordingScheduler clock = new RecordingScheduler();
        try (HttpLanguageModel model = openAi("sim-small").scheduler(clock).build();
                HttpLanguageModel unknown = openAi("no-such-model").build();
                HttpLanguageModel badKey =
                        openAi("sim-small").apiKey("sk-wrong-key-000").build()) {
            long before = server.requestCount();
            RejectedRequestException.ContextWindowExceeded tooLong = assertThrows(
                    RejectedRequestException.ContextWindowExceeded.class,
                    () -> model.complete(ask(question(8) + " #sim-fault:400-context")));
            assertEquals(400, tooLong.status());
            assertEquals("context_length_exceeded", tooLong.providerCode().orElseThrow());
            RejectedRequestException.NotFound notFound =
                    assertThrows(RejectedRequestException.NotFound.class, () -> unknown.complete(ask(question(8))));
            assertTrue(notFound.getMessage().contains("no-such-model"), notFound.getMessage());
            RejectedRequestException.Authentication denied = assertThrows(
                    RejectedRequestException.Authentication.class, () -> badKey.complete(ask(question(8))));
            assertEquals(401, denied.status());
            assertFalse(denied.getMessage().contains("sk-wrong-key-000"), denied.getMessage());
            assertEquals(before + 3, server.requestCount(), "no retry for rejected requests");
            assertTrue(clock.waits.isEmpty());
        }
    }

    @Test
    void aHungServerHitsTheReadTimeout() {
        try (HttpLanguageModel model = openAi("sim-small")
                .timeouts(Duration.ofSeconds(2), Duration.ofMillis(300))
                .retry(RetryPolicy.NONE)
                .build()) {
            long started = System.nanoTime();
            RetriableModelException.Timeout e = assertThrows(
                    RetriableModelException.Timeout.class, () -> model.complete(ask(question(9) + " #sim-fault:hang")));
            assertTrue(e.getMessage().contains("read timeout"), e.getMessage());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10);
        }
    }

    @Test
    void concurrencyLimitHoldsUnderTwoHundredParallelCalls() throws Exception {
        // 100 ms: long enough that the first 8 calls are all in flight at once even on a loaded machine
        try (SimulatedModelServer slow = SimulatedModelServer.builder()
                        .fixedLatency(Duration.ofMillis(100))
                        .build()
                        .start();
                HttpLanguageModel model = HttpLanguageModel.builder(Provider.SIM)
                        .transport(transport())
                        .model("sim-small")
                        .baseUrl(slow.baseUrl())
                        .cache(ResponseCache.none())
                        .privateLimits(ModelLimits.UNLIMITED.withMaxConcurrentRequests(8))
                        .build()) {
            List<CompletableFuture<LmResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                calls.add(model.completeAsync(ask(question(i))));
            }
            assertTrue(model.limiter().inFlight() <= 8);
            for (CompletableFuture<LmResponse> call : calls) {
                assertTrue(call.get(60, TimeUnit.SECONDS).text().contains("[[ ## completed ## ]]"));
            }
            assertEquals(8, model.limiter().peakInFlight(), "the limit is reached and never exceeded");
            assertEquals(200, slow.requestCount());
            assertEquals(0, model.limiter().inFlight(), "every permit was released");
        }
    }

    @Test
    void identicalCacheableRequestsInFlightAtOnceAreSentOnce() throws Exception {
        try (SimulatedModelServer slow = SimulatedModelServer.builder()
                        .fixedLatency(Duration.ofMillis(200))
                        .build()
                        .start();
                HttpLanguageModel cached = HttpLanguageModel.builder(Provider.SIM)
                        .transport(transport())
                        .model("sim-small")
                        .baseUrl(slow.baseUrl())
                        .cache(ResponseCache.memory(100))
                        .privateLimits(ModelLimits.DEFAULT)
                        .build();
                HttpLanguageModel uncached = HttpLanguageModel.builder(Provider.SIM)
                        .transport(transport())
                        .model("sim-small")
                        .baseUrl(slow.baseUrl())
                        .cache(ResponseCache.none())
                        .privateLimits(ModelLimits.DEFAULT)
                        .build()) {
            List<CompletableFuture<LmResponse>> same = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                same.add(cached.completeAsync(ask(question(20))));
            }
            CompletableFuture<LmResponse> other = cached.completeAsync(ask(question(21)));
            List<LmResponse> answers = new ArrayList<>();
            for (CompletableFuture<LmResponse> call : same) {
                answers.add(call.get(30, TimeUnit.SECONDS));
            }
            other.get(30, TimeUnit.SECONDS);
            assertEquals(2, slow.requestCount(), "one request per distinct prompt");
            assertEquals(1, answers.stream().filter(a -> !a.cached()).count(), "one answer paid for");
            answers.forEach(answer -> assertEquals(answers.get(0).text(), answer.text()));
            assertTrue(
                    cached.completeAsync(ask(question(20)))
                            .get(30, TimeUnit.SECONDS)
                            .cached(),
                    "then cached");
            assertEquals(2, slow.requestCount());

            // a failure reaches every waiting caller, and the next identical request is sent again
            LmRequest failing = ask(question(22) + " #sim-fault:400-context");
            CompletableFuture<LmResponse> first = cached.completeAsync(failing);
            CompletableFuture<LmResponse> second = cached.completeAsync(failing);
            assertInstanceOf(
                    RejectedRequestException.class,
                    assertThrows(java.util.concurrent.ExecutionException.class, () -> first.get(30, TimeUnit.SECONDS))
                            .getCause());
            assertInstanceOf(
                    RejectedRequestException.class,
                    assertThrows(java.util.concurrent.ExecutionException.class, () -> second.get(30, TimeUnit.SECONDS))
                            .getCause());
            long before = slow.requestCount();
            assertThrows(RejectedRequestException.class, () -> cached.complete(failing));
            assertEquals(before + 1, slow.requestCount(), "a failed request is not remembered");

            // without a cache every call is its own request
            List<CompletableFuture<LmResponse>> uncachedCalls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                uncachedCalls.add(uncached.completeAsync(ask(question(23))));
            }
            for (CompletableFuture<LmResponse> call : uncachedCalls) {
                assertFalse(call.get(30, TimeUnit.SECONDS).cached());
            }
            assertEquals(before + 4, slow.requestCount());
        }
    }

    @Test
    void twoClientsShareOneSqliteCacheAndRolloutIdsBypassIt(@TempDir Path dir) {
        Path file = dir.resolve("cache.sqlite");
        LmRequest request = ask(question(10));
        String first;
        try (HttpLanguageModel a =
                openAi("sim-medium").cache(ResponseCache.sqlite(file)).build()) {
            first = a.complete(request).text();
        }
        long before = server.requestCount();
        try (HttpLanguageModel b =
                openAi("sim-medium").cache(ResponseCache.sqlite(file)).build()) {
            LmResponse again = b.complete(request);
            assertTrue(again.cached());
            assertEquals(first, again.text());
            assertEquals(before, server.requestCount(), "answered from the shared file");
            assertTrue(b.history().last(1).get(0).cacheHit());

            LmResponse fresh = b.complete(new LmRequest(request.messages(), LmSettings.DEFAULTS.withRolloutId(1)));
            assertFalse(fresh.cached());
            assertEquals(before + 1, server.requestCount());
            assertEquals(
                    "1",
                    server.lastRequest()
                            .orElseThrow()
                            .header(HttpLanguageModel.ROLLOUT_HEADER)
                            .orElseThrow());
            LmResponse bypass = b.complete(new LmRequest(request.messages(), LmSettings.DEFAULTS.withCache(false)));
            assertFalse(bypass.cached());
            assertEquals(before + 2, server.requestCount());
        }
    }

    @Test
    void aCorruptCacheFileIsReportedAndBypassed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cache.sqlite");
        Files.write(file, new byte[] {
            0x53,
            0x51,
            0x4c,
            0x69,
            0x74,
            0x65,
            0x20,
            0x66,
            0x6f,
            0x72,
            0x6d,
            0x61,
            0x74,
            0x20,
            0x33,
            0x00,
            0x01,
            0x02,
            0x03,
            (byte) 0xff,
            (byte) 0xfe,
            0x00,
            0x00,
            0x00
        });
        try (HttpLanguageModel model =
                openAi("sim-medium").cache(ResponseCache.sqlite(file)).build()) {
            long before = server.requestCount();
            assertTrue(model.complete(ask(question(11))).text().contains("answer"));
            assertTrue(model.complete(ask(question(11))).text().contains("answer"));
            assertEquals(before + 2, server.requestCount(), "no cache, but no failure either");
        }
    }

    @Test
    void theKeyNeverAppearsInHistoryLogsExceptionsOrCacheFiles(@TempDir Path dir) throws Exception {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        Path file = dir.resolve("cache.sqlite");
        List<Throwable> failures = new ArrayList<>();
        HttpLanguageModel model = openAi("sim-small")
                .cache(ResponseCache.sqlite(file))
                .retry(RetryPolicy.DEFAULT.withDelays(Duration.ofMillis(1), Duration.ofMillis(5)))
                .build();
        try {
            model.complete(ask(question(12)));
            model.complete(ask(question(12)));
            model.complete(ask(question(13) + " #sim-fault:429x1,retry-after=0"));
            for (String fault : List.of("#sim-fault:401", "#sim-fault:500x9", "#sim-fault:400-context")) {
                try {
                    model.complete(ask(question(14) + " " + fault));
                } catch (LanguageModelException e) {
                    failures.add(e);
                }
            }
            try (HttpLanguageModel wrong =
                    openAi("sim-small").apiKey(KEY + "-wrong").build()) {
                wrong.complete(ask(question(15)));
            } catch (LanguageModelException e) {
                failures.add(e);
            }
        } finally {
            model.close();
            System.setErr(originalErr);
        }
        assertEquals(4, failures.size());
        for (Throwable failure : failures) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            assertFalse(trace.toString().contains(KEY), trace.toString());
        }
        String history = model.history().inspect(50) + CallHistory.global().inspect(200);
        assertTrue(history.contains("User message:"));
        assertFalse(history.contains(KEY));
        assertFalse(model.toString().contains(KEY));
        String logText = logs.toString(StandardCharsets.UTF_8);
        assertTrue(logText.contains("retrying"), "debug logging was captured: " + logText);
        assertFalse(logText.contains(KEY), logText);
        List<Path> cacheFiles;
        try (var listing = Files.list(dir)) {
            cacheFiles = listing.toList();
        }
        for (Path cacheFile : cacheFiles) {
            assertFalse(
                    new String(Files.readAllBytes(cacheFile), StandardCharsets.ISO_8859_1).contains(KEY),
                    cacheFile.toString());
        }
    }

    @Test
    void usageAndCostAreReported() {
        try (UsageTracker run = UsageTracker.start();
                HttpLanguageModel model =
                        openAi("sim-large").cache(ResponseCache.memory(10)).build()) {
            model.complete(ask(question(16)));
            model.complete(ask(question(16)));
            ModelUsage usage = run.byModel().get(0);
            assertEquals("sim/sim-large", usage.model());
            assertEquals(2, usage.calls());
            assertEquals(1, usage.cacheHits());
            assertTrue(usage.promptTokens() > 0);
            assertTrue(usage.costUsd().signum() > 0, "sim-large has a price");
            assertNotEquals(0, run.total().totalTokens());
        }
    }

    @Test
    void syncFailuresKeepTheCallersStackTrace() {
        try (HttpLanguageModel model =
                openAi("sim-small").retry(RetryPolicy.NONE).build()) {
            LanguageModelException e = assertThrows(
                    LanguageModelException.class, () -> model.complete(ask(question(17) + " #sim-fault:401")));
            assertInstanceOf(RejectedRequestException.Authentication.class, e);
            assertEquals(1, e.getSuppressed().length);
        }
    }
}
