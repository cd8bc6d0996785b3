package dev.dspj.module;

import static dev.dspj.TestTypes.in;
import static dev.dspj.TestTypes.out;
import static dev.dspj.testing.ScriptedModel.chatAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.Dspj;
import dev.dspj.adapter.Adapter;
import dev.dspj.adapter.AdapterParseException;
import dev.dspj.adapter.ChatAdapter;
import dev.dspj.codec.Codecs;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.Role;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.testing.ScriptedModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Predict and ChainOfThought run against a scripted model. */
class PredictTest {

    private static final SignatureDescriptor QA = SignatureDescriptor.builder("QA")
            .field(in("question", Codecs.STRING, "the question"))
            .field(out("answer", Codecs.STRING))
            .field(out("count", Codecs.INT))
            .build();

    private static final String ANSWER = chatAnswer("answer", "Paris", "count", "3");

    @AfterEach
    void resetDefaultModel() {
        Dspj.configure(null);
    }

    private static Predict predict(ScriptedModel model) {
        Predict predict = new Predict(QA);
        predict.setModel(model);
        return predict;
    }

    @Test
    void forwardParsesTheAnswerIntoTypedValues() {
        ScriptedModel model = ScriptedModel.replying(ANSWER).named("test/model");

        Prediction prediction = predict(model).forward(Map.of("question", "Capital of France?"));

        assertEquals(Map.of("answer", "Paris", "count", 3), prediction.values());
        assertEquals(
                List.of("answer", "count"), new ArrayList<>(prediction.values().keySet()));
        assertEquals(Optional.of(3), prediction.get("count"));
        assertEquals(Optional.empty(), prediction.get("missing"));
        assertEquals(ANSWER, prediction.completion().text());
        assertEquals("test/model", prediction.completion().model());
        assertEquals(Optional.empty(), prediction.completion().reasoning());
        assertTrue(prediction.completion().usage().promptTokens() > 0);
        assertEquals((ANSWER.length() + 3) / 4, prediction.completion().usage().completionTokens());
        assertThrows(
                UnsupportedOperationException.class, () -> prediction.values().put("x", 1));
    }

    @Test
    void requestCarriesTheAdaptersMessagesAndMergedSettings() {
        ScriptedModel model = ScriptedModel.replying(ANSWER);
        Predict predict = predict(model);
        predict.setDemos(List.of(Example.of("question", "1+1?", "answer", "2", "count", 1)));
        predict.setSettings(LmSettings.DEFAULTS.withTemperature(0.3).withMaxTokens(100));
        Map<String, Object> inputs = Map.of("question", "2+2?");

        predict.forward(inputs, CallOptions.settings(LmSettings.DEFAULTS.withMaxTokens(5)));

        LmRequest request = model.lastRequest();
        List<ChatMessage> expected = ChatAdapter.INSTANCE.format(QA, predict.demos(), inputs);
        assertEquals(expected, request.messages());
        assertEquals(predict.formatPrompt(inputs), request.messages());
        assertEquals(
                List.of(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.USER),
                request.messages().stream().map(ChatMessage::role).toList());
        assertEquals("[[ ## question ## ]]\n1+1?", request.messages().get(1).content());
        assertTrue(request.messages().get(3).content().startsWith("[[ ## question ## ]]\n2+2?\n\nRespond with"));
        assertEquals(Optional.of(0.3), request.settings().temperature());
        assertEquals(Optional.of(5), request.settings().maxTokens());
        assertEquals(Optional.of(100), predict.settings().maxTokens());
    }

    @Test
    void callModelWinsOverPredictorModelWhichWinsOverDefault() {
        ScriptedModel defaultModel = ScriptedModel.answering(r -> chatAnswer("answer", "default", "count", 0));
        ScriptedModel predictorModel = ScriptedModel.answering(r -> chatAnswer("answer", "predictor", "count", 1));
        ScriptedModel callModel = ScriptedModel.answering(r -> chatAnswer("answer", "call", "count", 2));
        Dspj.configure(defaultModel);
        Predict predict = new Predict(QA);
        Map<String, Object> inputs = Map.of("question", "who?");

        assertEquals("default", predict.forward(inputs).values().get("answer"));

        predict.setModel(predictorModel);
        assertEquals(Optional.of(predictorModel), predict.model());
        assertEquals("predictor", predict.forward(inputs).values().get("answer"));
        assertEquals(
                "call",
                predict.forward(inputs, CallOptions.model(callModel)).values().get("answer"));

        predict.setModel(null);
        assertEquals(
                "call",
                predict.forward(inputs, CallOptions.model(callModel)).values().get("answer"));
        assertEquals("default", predict.forward(inputs).values().get("answer"));

        assertEquals(2, defaultModel.requests().size());
        assertEquals(1, predictorModel.requests().size());
        assertEquals(2, callModel.requests().size());
    }

    @Test
    void missingInputIsNamed() {
        ScriptedModel model = ScriptedModel.replying(ANSWER);
        Predict predict = predict(model);

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> predict.forward(Map.of("qestion", "typo")));

        assertTrue(e.getMessage().contains("'question'"), e.getMessage());
        assertTrue(e.getMessage().contains("QA"), e.getMessage());
        assertTrue(e.getMessage().contains("qestion"), e.getMessage());
        assertEquals(0, model.requests().size());
        Map<String, Object> nullValue = new HashMap<>();
        nullValue.put("question", null);
        assertThrows(IllegalArgumentException.class, () -> predict.forward(nullValue));
        assertThrows(IllegalArgumentException.class, () -> predict.formatPrompt(Map.of()));
    }

    @Test
    void optionalInputMayBeLeftOut() {
        SignatureDescriptor signature = SignatureDescriptor.builder("Hinted")
                .field(in("question", Codecs.STRING))
                .field(in("hint", Codecs.optional(Codecs.STRING)))
                .field(out("answer", Codecs.STRING))
                .build();
        ScriptedModel model = ScriptedModel.replying(chatAnswer("answer", "ok"));
        Predict predict = new Predict(signature);
        predict.setModel(model);

        assertEquals("ok", predict.forward(Map.of("question", "q")).values().get("answer"));
        assertTrue(model.lastRequest().messages().get(1).content().startsWith("[[ ## question ## ]]\nq\n\nRespond"));
    }

    @Test
    void extraInputsAreIgnored() {
        ScriptedModel model = ScriptedModel.replying(ANSWER);

        predict(model).forward(Map.of("question", "q", "unrelated", "x"));

        assertTrue(model.lastRequest().messages().stream()
                .noneMatch(m -> m.content().contains("unrelated")));
    }

    @Test
    void noModelAnywhereIsExplained() {
        Predict predict = new Predict(QA);

        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> predict.forward(Map.of("question", "q")));

        assertTrue(e.getMessage().contains("No language model"), e.getMessage());
        assertTrue(e.getMessage().contains("QA"), e.getMessage());
        assertTrue(e.getMessage().contains("Dspj.configure"), e.getMessage());
        assertTrue(e.getMessage().contains("CallOptions.model"), e.getMessage());
    }

    @Test
    void unparseableAnswerRaisesWithTheCompletion() {
        Predict predict = predict(ScriptedModel.replying("I don't know."));
        predict.setAdapter(ChatAdapter.withoutFallback()); // the Chat adapter's own error, not the JSON retry's

        AdapterParseException e =
                assertThrows(AdapterParseException.class, () -> predict.forward(Map.of("question", "q")));

        assertEquals("I don't know.", e.completion());
        assertEquals(
                List.of("answer", "count"),
                e.problems().stream()
                        .map(AdapterParseException.FieldProblem::field)
                        .toList());
    }

    @Test
    void forwardOnAnExampleUsesItsInputs() {
        ScriptedModel model = ScriptedModel.replying(ANSWER);
        Example example = Example.of("question", "Capital of France?", "answer", "Paris", "count", 3)
                .withInputs("question");

        Prediction prediction = predict(model).forward(example);

        assertEquals("Paris", prediction.values().get("answer"));
        String request = model.lastRequest().messages().get(1).content();
        assertTrue(request.startsWith("[[ ## question ## ]]\nCapital of France?\n\n"), request);
    }

    @Test
    void adapterIsUsedToFormatAndParse() {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        Adapter adapter = new Adapter() {
            @Override
            public String name() {
                return "Recording";
            }

            @Override
            public List<ChatMessage> format(
                    SignatureDescriptor signature, List<Example> demos, Map<String, Object> inputs) {
                calls.add("format " + inputs.get("question"));
                return List.of(ChatMessage.user("custom prompt"));
            }

            @Override
            public Map<String, Object> parse(SignatureDescriptor signature, String completion) {
                calls.add("parse " + completion);
                return Map.of("answer", completion.toUpperCase(Locale.ROOT), "count", completion.length());
            }
        };
        ScriptedModel model = ScriptedModel.replying("raw");
        Predict predict = predict(model);
        predict.setAdapter(adapter);

        Prediction prediction = predict.forward(Map.of("question", "q"));

        assertSame(adapter, predict.adapter());
        assertEquals(List.of("format q", "parse raw"), calls);
        assertEquals(
                List.of(ChatMessage.user("custom prompt")), model.lastRequest().messages());
        assertEquals(Map.of("answer", "RAW", "count", 3), prediction.values());
    }

    @Test
    void instructionsAndSignatureCanBeReplaced() {
        Predict predict = new Predict(QA);
        assertEquals("Given the fields `question`, produce the fields `answer`, `count`.", predict.instructions());

        predict.setInstructions("Answer briefly.");
        assertEquals("Answer briefly.", predict.instructions());
        assertEquals("Answer briefly.", predict.signature().instructions());
        assertTrue(predict.formatPrompt(Map.of("question", "q"))
                .get(0)
                .content()
                .endsWith("your objective is: \n        Answer briefly."));

        predict.setInstructions("  ");
        assertEquals("Given the fields `question`, produce the fields `answer`, `count`.", predict.instructions());

        SignatureDescriptor described =
                QA.withField(QA.field("answer").orElseThrow().withDescription("one word"));
        predict.setSignature(described);
        assertTrue(predict.formatPrompt(Map.of("question", "q"))
                .get(0)
                .content()
                .contains("1. `answer` (str): one word\n"));
    }

    @Test
    void demosAreCopiedAndUnmodifiable() {
        Predict predict = new Predict(QA);
        List<Example> demos = new ArrayList<>(List.of(Example.of("question", "a", "answer", "b", "count", 1)));

        predict.setDemos(demos);
        demos.clear();

        assertEquals(1, predict.demos().size());
        assertThrows(UnsupportedOperationException.class, () -> predict.demos().add(Example.of()));
    }

    @Test
    void deepCopyIsIndependent() {
        ScriptedModel model = ScriptedModel.replying();
        Example first = Example.of("question", "a", "answer", "b", "count", 1);
        Example second = Example.of("question", "c", "answer", "d", "count", 2);
        Predict original = predict(model);
        original.setDemos(List.of(first));
        original.setInstructions("Original.");

        Predict copy = original.deepCopy();
        assertNotSame(original, copy);
        assertEquals(List.of(first), copy.demos());
        assertEquals("Original.", copy.instructions());
        assertEquals(Optional.of(model), copy.model());

        copy.setDemos(List.of(second));
        copy.setInstructions("Copy.");
        copy.setSettings(LmSettings.DEFAULTS.withTemperature(1.0));
        copy.setModel(null);

        assertEquals(List.of(first), original.demos());
        assertEquals("Original.", original.instructions());
        assertEquals(LmSettings.DEFAULTS, original.settings());
        assertEquals(Optional.of(model), original.model());

        original.setDemos(List.of());
        assertEquals(List.of(second), copy.demos());
        assertEquals(List.of(new NamedPredictor("self", copy)), copy.namedPredictors());
    }

    @Test
    void forwardAsyncCompletesWithThePrediction() throws Exception {
        ScriptedModel model = ScriptedModel.replying(ANSWER);

        CompletableFuture<Prediction> future = predict(model).forwardAsync(Map.of("question", "q"), CallOptions.NONE);

        assertEquals(
                Map.of("answer", "Paris", "count", 3),
                future.get(10, TimeUnit.SECONDS).values());
    }

    @Test
    void forwardAsyncReportsFailuresThroughTheFuture() {
        CompletableFuture<Prediction> missingInput =
                predict(ScriptedModel.replying(ANSWER)).forwardAsync(Map.of(), CallOptions.NONE);
        ExecutionException e1 = assertThrows(ExecutionException.class, () -> missingInput.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, e1.getCause());

        CompletableFuture<Prediction> noModel = new Predict(QA).forwardAsync(Map.of("question", "q"), CallOptions.NONE);
        ExecutionException e2 = assertThrows(ExecutionException.class, () -> noModel.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e2.getCause());

        Predict unparseable = predict(ScriptedModel.replying("nonsense"));
        unparseable.setAdapter(ChatAdapter.withoutFallback()); // one reply: no JSON retry
        CompletableFuture<Prediction> badAnswer = unparseable.forwardAsync(Map.of("question", "q"), CallOptions.NONE);
        ExecutionException e3 = assertThrows(ExecutionException.class, () -> badAnswer.get(10, TimeUnit.SECONDS));
        assertInstanceOf(AdapterParseException.class, e3.getCause());
    }

    @Test
    void concurrentCallsOnOnePredictorAllSucceed() throws Exception {
        ScriptedModel model = ScriptedModel.answering(request -> {
            String user = request.messages().get(request.messages().size() - 1).content();
            String question = user.substring("[[ ## question ## ]]\n".length(), user.indexOf("\n\nRespond"));
            return chatAnswer("answer", "echo " + question, "count", question.length());
        });
        Predict predict = predict(model);
        int threads = 8;
        int callsPerThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean tuning = new AtomicBoolean(true);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    int ok = 0;
                    for (int i = 0; i < callsPerThread; i++) {
                        String question = "thread " + thread + " call " + i;
                        Prediction prediction = predict.forward(Map.of("question", question));
                        assertEquals("echo " + question, prediction.values().get("answer"));
                        assertEquals(question.length(), prediction.values().get("count"));
                        ok++;
                    }
                    return ok;
                }));
            }
            // an optimizer changing demos and instructions while calls are in flight
            Future<?> tuner = pool.submit(() -> {
                start.await();
                int i = 0;
                while (tuning.get()) {
                    predict.setDemos(List.of(Example.of("question", "demo " + i, "answer", "a", "count", i)));
                    predict.setInstructions("Version " + i++);
                }
                return null;
            });
            start.countDown();
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get(60, TimeUnit.SECONDS);
            }
            tuning.set(false);
            tuner.get(10, TimeUnit.SECONDS);
            assertEquals(threads * callsPerThread, total);
            assertEquals(threads * callsPerThread, model.requests().size());
        } finally {
            tuning.set(false);
            pool.shutdownNow();
        }
    }

    // ---- ChainOfThought --------------------------------------------------------------------

    @Test
    void chainOfThoughtAddsReasoningFirst() {
        ChainOfThought cot = new ChainOfThought(QA);

        SignatureDescriptor extended = cot.predict().signature();
        assertEquals(
                List.of("reasoning", "answer", "count"),
                extended.outputFields().stream().map(f -> f.name()).toList());
        assertEquals(
                List.of("question"),
                extended.inputFields().stream().map(f -> f.name()).toList());
        assertEquals(QA.instructions(), extended.instructions());
        assertEquals(
                "Reasoning: Let's think step by step in order to",
                extended.outputFields().get(0).prefix());
        assertEquals(List.of(new NamedPredictor("predict", cot.predict())), cot.namedPredictors());
    }

    @Test
    void chainOfThoughtPromptListsReasoning() {
        ScriptedModel model = ScriptedModel.replying(
                chatAnswer("reasoning", "France's capital is Paris.", "answer", "Paris", "count", 1));
        ChainOfThought cot = new ChainOfThought(QA);
        cot.predict().setModel(model);

        Prediction prediction = cot.forward(Map.of("question", "Capital of France?"));

        String system = model.lastRequest().messages().get(0).content();
        assertTrue(
                system.startsWith("Your input fields are:\n1. `question` (str): the question\n"
                        + "Your output fields are:\n1. `reasoning` (str): \n2. `answer` (str): \n3. `count` (int):\n"),
                system);
        assertTrue(
                system.contains("[[ ## question ## ]]\n{question}\n\n[[ ## reasoning ## ]]\n{reasoning}\n\n"
                        + "[[ ## answer ## ]]\n{answer}\n\n"),
                system);
        assertTrue(system.endsWith("Given the fields `question`, produce the fields `answer`, `count`."), system);
        String user = model.lastRequest().messages().get(1).content();
        assertTrue(
                user.endsWith("starting with the field `[[ ## reasoning ## ]]`, then `[[ ## answer ## ]]`, "
                        + "then `[[ ## count ## ]]` (must be formatted as a valid Python int), "
                        + "and then ending with the marker for `[[ ## completed ## ]]`."),
                user);

        assertEquals(
                List.of("reasoning", "answer", "count"),
                new ArrayList<>(prediction.values().keySet()));
        assertEquals(
                Optional.of("France's capital is Paris."),
                prediction.completion().reasoning());
        assertEquals("Paris", prediction.values().get("answer"));
    }

    @Test
    void chainOfThoughtRejectsASignatureThatAlreadyReasons() {
        SignatureDescriptor reasoning = ChainOfThought.extend(QA);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ChainOfThought(reasoning));

        assertTrue(e.getMessage().contains("reasoning"), e.getMessage());
    }

    @Test
    void chainOfThoughtDeepCopyIsIndependent() {
        ChainOfThought original = new ChainOfThought(QA);
        ChainOfThought copy = original.deepCopy();

        copy.predict().setInstructions("Think hard.");
        copy.predict().setDemos(List.of(Example.of("question", "q", "reasoning", "r", "answer", "a", "count", 1)));

        assertNotSame(original.predict(), copy.predict());
        assertEquals(QA.instructions(), original.predict().instructions());
        assertEquals(List.of(), original.predict().demos());
        assertEquals("Think hard.", copy.predict().instructions());
    }

    @Test
    void chainOfThoughtUsesTheDefaultModel() {
        ScriptedModel model = ScriptedModel.replying(chatAnswer("reasoning", "r", "answer", "a", "count", 0));
        Dspj.configure(model);

        Prediction prediction = new ChainOfThought(QA).forward(Map.of("question", "q"));

        assertEquals(Optional.of("r"), prediction.completion().reasoning());
        assertEquals(Optional.of(model), Dspj.defaultModel());
    }
}
