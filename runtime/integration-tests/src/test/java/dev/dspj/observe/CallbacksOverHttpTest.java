package dev.dspj.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.codec.Codecs;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.Metrics;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.module.ChainOfThought;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.LmUsage;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.sim.SimulatedModelServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Callbacks and per-prediction usage on real programs over loopback HTTP: the events of a
 * two-predictor program nest as the program runs, the context follows work to other threads, a
 * failing callback breaks nothing, and every prediction carries exactly its own calls' usage
 * however many runs go on at once.
 */
public class CallbacksOverHttpTest {

    /** The question-answering signature of the tests. */
    public static final SignatureDescriptor QA = SignatureDescriptor.builder("FactoidQa")
            .field(FieldDescriptor.input("question", Codecs.STRING, "a question about a place or a person", null))
            .field(FieldDescriptor.output("answer", Codecs.STRING, "", null))
            .build();

    private static SimulatedModelServer server;
    private static HttpLanguageModel model;
    private static HttpLanguageModel cached;

    @BeforeAll
    static void start() {
        server = SimulatedModelServer.builder().latencyScale(0).build().start();
        model = HttpLanguageModel.builder("sim/sim-small")
                .baseUrl(server.baseUrl())
                .cache(ResponseCache.none())
                .build();
        cached = HttpLanguageModel.builder("sim/sim-small")
                .baseUrl(server.baseUrl())
                .cache(ResponseCache.memory(1_000))
                .build();
    }

    @AfterAll
    static void stop() {
        model.close();
        cached.close();
        server.close();
    }

    /** A program of two steps: a draft, then a chain of thought over the same question. */
    public static final class TwoSteps implements Module {
        final Predict draft = new Predict(QA);
        final ChainOfThought answer = new ChainOfThought(QA);

        /**
         * A program on a model.
         *
         * @param lm the model
         */
        public TwoSteps(dev.dspj.lm.LanguageModel lm) {
            draft.setModel(lm);
            answer.namedPredictors().get(0).predictor().setModel(lm);
        }

        @Override
        public Prediction forward(Map<String, Object> inputs) {
            draft.forward(inputs);
            return answer.forward(inputs);
        }

        @Override
        public List<NamedPredictor> namedPredictors() {
            return List.of(
                    new NamedPredictor("draft", draft),
                    new NamedPredictor(
                            "answer.predict", answer.namedPredictors().get(0).predictor()));
        }

        @Override
        public List<dev.dspj.module.NamedModule> namedSubmodules() {
            return List.of(new dev.dspj.module.NamedModule("answer", answer));
        }

        @Override
        public Module deepCopy() {
            return new TwoSteps(draft.model().orElseThrow());
        }
    }

    /** Keeps every event, in order. */
    static final class Recorder implements Callback {
        final List<CallStart> starts = Collections.synchronizedList(new ArrayList<>());
        final List<CallEnd> ends = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onStart(CallStart start) {
            starts.add(start);
        }

        @Override
        public void onEnd(CallEnd end) {
            ends.add(end);
        }

        List<String> startLines() {
            List<String> lines = new ArrayList<>();
            synchronized (starts) {
                for (CallStart start : starts) {
                    lines.add(start.kind().label() + " " + start.name() + " @" + start.path());
                }
            }
            return lines;
        }

        CallStart start(String id) {
            synchronized (starts) {
                return starts.stream()
                        .filter(s -> s.callId().equals(id))
                        .findFirst()
                        .orElseThrow();
            }
        }
    }

    @Test
    void theEventsOfATwoPredictorProgramNestAsItRuns() {
        Recorder recorder = new Recorder();
        Prediction prediction;
        try (Scope scope = Callbacks.with(recorder)) {
            prediction = new TwoSteps(model).invoke(Map.of("question", "What is the capital of Valorenia?"));
        }
        assertEquals(
                List.of(
                        "module TwoSteps @",
                        "module FactoidQa @draft",
                        "adapter_format ChatAdapter @draft",
                        "lm sim/sim-small @draft",
                        "adapter_parse ChatAdapter @draft",
                        "module FactoidQa @answer.predict",
                        "adapter_format ChatAdapter @answer.predict",
                        "lm sim/sim-small @answer.predict",
                        "adapter_parse ChatAdapter @answer.predict"),
                recorder.startLines());
        assertEquals(recorder.starts.size(), recorder.ends.size(), "every start has its end");
        CallStart program = recorder.starts.get(0);
        assertNull(program.parentId());
        for (CallStart start : recorder.starts.subList(1, recorder.starts.size())) {
            assertEquals(program.callId(), start.runId(), "one run");
            CallStart parent = recorder.start(start.parentId());
            if (start.kind() == EventKind.MODULE) {
                assertEquals(program.callId(), parent.callId(), start + " is the program's");
            } else {
                assertEquals(EventKind.MODULE, parent.kind(), start + " is a predictor's");
                assertEquals(start.path(), parent.path());
            }
        }
        CallEnd last = recorder.ends.get(recorder.ends.size() - 1);
        assertEquals(program.callId(), last.callId(), "the program ends last");
        assertEquals(prediction, last.outputs());
        for (CallEnd end : recorder.ends) {
            assertFalse(end.failed(), end.toString());
            if (end.kind() == EventKind.LM) {
                assertInstanceOf(LmResponse.class, end.outputs());
            }
        }
        LmUsage usage = prediction.lmUsage();
        assertEquals(2, usage.total().calls(), "the draft and the answer");
        long lmTokens = 0;
        for (CallEnd end : recorder.ends) {
            if (end.outputs() instanceof LmResponse response) {
                lmTokens += response.usage().totalTokens();
            }
        }
        assertEquals(lmTokens, usage.totalTokens(), "the program's usage is the sum of its model calls");
        assertTrue(usage.costUsd().signum() > 0, "priced at the simulated model's prices");
    }

    @Test
    void aCallbackThatThrowsIsLoggedAndTheCallGoesOn() {
        Recorder recorder = new Recorder();
        Callback broken = new Callback() {
            @Override
            public void onStart(CallStart start) {
                throw new IllegalStateException("broken on purpose");
            }

            @Override
            public void onEnd(CallEnd end) {
                throw new IllegalStateException("broken on purpose");
            }
        };
        Prediction prediction;
        try (Registration everywhere = Callbacks.register(broken);
                Scope scope = Callbacks.with(recorder)) {
            prediction = new TwoSteps(model).invoke(Map.of("question", "Who founded Talson?"));
        }
        assertFalse(prediction.getString("answer").isEmpty());
        assertEquals(9, recorder.starts.size(), "the other callback saw everything");
        assertFalse(Callbacks.registered().contains(broken), "closing the registration removed it");
    }

    @Test
    void aCallbackAttachedToOneProgramSeesOnlyThatProgram() {
        Recorder recorder = new Recorder();
        TwoSteps watched = new TwoSteps(model);
        TwoSteps other = new TwoSteps(model);
        try (Registration attached = Callbacks.attach(watched, recorder)) {
            other.invoke(Map.of("question", "Where is Valorenia?"));
            watched.invoke(Map.of("question", "Where is Valorenia?"));
        }
        assertEquals(9, recorder.starts.size());
        assertEquals(watched, recorder.starts.get(0).instance());
        watched.invoke(Map.of("question", "Where is Valorenia?"));
        assertEquals(9, recorder.starts.size(), "detached");
    }

    @Test
    void theContextFollowsWorkToOtherThreadsAndAsyncCalls() throws Exception {
        Recorder recorder = new Recorder();
        Predict predict = new Predict(QA);
        predict.setModel(model);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Scope scope = Callbacks.with(recorder)) {
            ActiveCall outer = Callbacks.start(EventKind.MODULE, "outer", this, Map.of());
            try (Scope body = outer.enter()) {
                Prediction viaPool = CompletableFuture.supplyAsync(
                                CallContext.current().wrapSupplier(() -> predict.forward(Map.of("question", "a?"))),
                                pool)
                        .get(30, TimeUnit.SECONDS);
                Prediction viaExecutor = CompletableFuture.supplyAsync(
                                () -> predict.forward(Map.of("question", "b?")), CallContext.executor(pool))
                        .get(30, TimeUnit.SECONDS);
                Prediction async = predict.forwardAsync(Map.of("question", "c?"), dev.dspj.module.CallOptions.NONE)
                        .get(30, TimeUnit.SECONDS);
                assertNotNull(viaPool);
                assertNotNull(viaExecutor);
                assertNotNull(async);
            }
            outer.end(null);
        } finally {
            pool.shutdownNow();
        }
        String outerId = recorder.starts.get(0).callId();
        List<CallStart> predictors = recorder.starts.stream()
                .filter(s -> s.kind() == EventKind.MODULE && s.instance() == predict)
                .toList();
        assertEquals(3, predictors.size());
        for (CallStart start : predictors) {
            assertEquals(outerId, start.parentId(), "a predictor called from another thread is still the outer's");
        }
        List<CallEnd> lmEnds =
                recorder.ends.stream().filter(e -> e.kind() == EventKind.LM).toList();
        assertEquals(3, lmEnds.size(), "the async call's end is seen although it ends on the client's thread");
        for (CallEnd end : lmEnds) {
            assertEquals(
                    EventKind.MODULE, recorder.start(end.start().parentId()).kind());
        }
    }

    @Test
    void anEvaluationAndAnOptimizerAreEventsAroundTheirPrograms() {
        Recorder recorder = new Recorder();
        List<Example> devset = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            devset.add(Example.of(Map.of("question", "Question " + i + "?", "answer", "x"))
                    .withInputs("question"));
        }
        try (Scope scope = Callbacks.with(recorder)) {
            Evaluate.builder(devset, Metrics.exactMatch("answer"))
                    .progress(false)
                    .concurrency(3)
                    .build()
                    .run(new TwoSteps(model));
            dev.dspj.optimize.LabeledFewShot.builder().k(2).build().compile(new TwoSteps(model), devset);
        }
        CallStart evaluation = recorder.starts.get(0);
        assertEquals(EventKind.EVALUATE, evaluation.kind());
        List<CallStart> programs = recorder.starts.stream()
                .filter(s -> s.kind() == EventKind.MODULE && s.instance() instanceof TwoSteps)
                .toList();
        assertEquals(6, programs.size());
        for (CallStart program : programs) {
            assertEquals(evaluation.callId(), program.parentId(), "each example's run is the evaluation's");
        }
        assertTrue(
                recorder.ends.stream().anyMatch(e -> e.kind() == EventKind.EVALUATE && !e.failed()),
                "the evaluation ended");
        assertTrue(
                recorder.starts.stream()
                        .anyMatch(s -> s.kind() == EventKind.COMPILE && s.name().equals("LabeledFewShot")),
                recorder.startLines().toString());
        assertTrue(recorder.ends.stream().anyMatch(e -> e.kind() == EventKind.COMPILE));
    }

    @Test
    void eachPredictionCarriesExactlyItsOwnUsageUnderConcurrency() throws Exception {
        List<String> questions = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            questions.add("What is fact number " + i + " about Valorenia" + "?".repeat(1 + i % 5));
        }
        List<LmUsage> alone = new ArrayList<>();
        for (String question : questions) {
            alone.add(new TwoSteps(model).invoke(Map.of("question", question)).lmUsage());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Prediction>> runs = new ArrayList<>();
            TwoSteps shared = new TwoSteps(model);
            for (String question : questions) {
                runs.add(CompletableFuture.supplyAsync(() -> shared.invoke(Map.of("question", question)), pool));
            }
            for (int i = 0; i < questions.size(); i++) {
                LmUsage together = runs.get(i).get(60, TimeUnit.SECONDS).lmUsage();
                assertEquals(alone.get(i), together, "run " + i + " counted only its own calls");
                assertEquals(2, together.total().calls());
            }
        } finally {
            pool.shutdownNow();
        }
        long distinct = alone.stream().map(LmUsage::totalTokens).distinct().count();
        assertTrue(distinct > 1, "the questions cost different amounts, so mixing them up would show");
    }

    @Test
    void cacheHitsAreCountedAsCallsWithNoTokens() {
        TwoSteps program = new TwoSteps(cached);
        Map<String, Object> inputs = Map.of("question", "What river runs through Talson?");
        LmUsage first = program.invoke(inputs).lmUsage();
        LmUsage second = program.invoke(inputs).lmUsage();
        assertTrue(first.totalTokens() > 0);
        assertEquals(2, second.total().calls());
        assertEquals(2, second.total().cacheHits());
        assertEquals(0, second.totalTokens());
        assertEquals(0, second.costUsd().signum());
        Prediction alone = program.draft.forward(inputs);
        assertEquals(1, alone.lmUsage().total().calls(), "a predictor's own prediction carries its call");
        assertThrows(
                IllegalArgumentException.class, () -> new LmUsage.ModelTotals(-1, 0, 0, 0, java.math.BigDecimal.ZERO));
    }
}
