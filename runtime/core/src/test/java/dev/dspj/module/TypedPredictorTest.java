package dev.dspj.module;

import static dev.dspj.TestTypes.in;
import static dev.dspj.TestTypes.out;
import static dev.dspj.testing.ScriptedModel.chatAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.Dspj;
import dev.dspj.adapter.ChatAdapter;
import dev.dspj.codec.Codecs;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmSettings;
import dev.dspj.primitives.Completion;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.primitives.Usage;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.signature.TypedSignature;
import dev.dspj.testing.ScriptedModel;
import dev.dspj.variable.Configuration;
import dev.dspj.variable.tune.BuiltInVariables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The base of generated predictors, driven through a hand-written signature and predictor shaped
 * like the generated ones.
 */
class TypedPredictorTest {

    record QaInput(String question) {}

    record QaOutput(String answer, int count, Completion completion) {}

    record QaExample(String question, String answer, Integer count) {}

    static final class QaSignature implements TypedSignature<QaInput, QaOutput, QaExample> {
        static final QaSignature INSTANCE = new QaSignature();
        static final SignatureDescriptor DESCRIPTOR = SignatureDescriptor.builder("QaSignature")
                .field(in("question", Codecs.STRING))
                .field(out("answer", Codecs.STRING))
                .field(out("count", Codecs.INT))
                .build();

        @Override
        public SignatureDescriptor descriptor() {
            return DESCRIPTOR;
        }

        @Override
        public Map<String, Object> inputValues(QaInput input) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("question", input.question());
            return values;
        }

        @Override
        public QaOutput output(Map<String, Object> values, Completion completion) {
            return new QaOutput((String) values.get("answer"), (Integer) values.get("count"), completion);
        }

        @Override
        public Example toExample(QaExample example) {
            return Example.of("question", example.question(), "answer", example.answer(), "count", example.count())
                    .withInputs("question");
        }

        @Override
        public QaExample fromExample(Example example) {
            return new QaExample(
                    (String) example.get("question").orElse(null),
                    (String) example.get("answer").orElse(null),
                    (Integer) example.get("count").orElse(null));
        }
    }

    static final class QaPredictor extends TypedPredictor<QaPredictor, QaInput, QaOutput, QaExample> {
        private QaPredictor(PredictorKind kind, Predict predict) {
            super(QaSignature.INSTANCE, kind, predict);
        }

        static QaPredictor predict() {
            return new QaPredictor(PredictorKind.PREDICT, newPredict(QaSignature.INSTANCE, PredictorKind.PREDICT));
        }

        static QaPredictor chainOfThought() {
            return new QaPredictor(
                    PredictorKind.CHAIN_OF_THOUGHT, newPredict(QaSignature.INSTANCE, PredictorKind.CHAIN_OF_THOUGHT));
        }

        @Override
        protected QaPredictor create(PredictorKind kind, Predict predict) {
            return new QaPredictor(kind, predict);
        }
    }

    @AfterEach
    void resetDefaultModel() {
        Dspj.configure(null);
    }

    @Test
    void callReturnsTheTypedOutput() {
        ScriptedModel model = ScriptedModel.replying(chatAnswer("answer", "Paris", "count", 1));
        QaPredictor qa = QaPredictor.predict().withModel(model);

        QaOutput output = qa.call(new QaInput("Capital of France?"));

        assertEquals("Paris", output.answer());
        assertEquals(1, output.count());
        assertEquals("scripted", output.completion().model());
        assertTrue(output.completion().text().startsWith("[[ ## answer ## ]]\nParis"));
        assertEquals(PredictorKind.PREDICT, qa.kind());
        assertSame(QaSignature.INSTANCE, qa.typedSignature());
    }

    @Test
    void configurationReturnsNewPredictors() {
        ScriptedModel model = ScriptedModel.replying();
        QaPredictor base = QaPredictor.predict();

        QaPredictor withModel = base.withModel(model);
        QaPredictor withInstructions = withModel.withInstructions("Be brief.");

        assertNotSame(base, withModel);
        assertEquals(Optional.empty(), base.model());
        assertEquals(Optional.of(model), withModel.model());
        assertEquals(Optional.of(model), withInstructions.model());
        assertEquals("Be brief.", withInstructions.instructions());
        assertEquals("Given the fields `question`, produce the fields `answer`, `count`.", withModel.instructions());
        assertThrows(NullPointerException.class, () -> base.withModel(null));
    }

    @Test
    void demosAreShownAndReadBackTyped() {
        ScriptedModel model = ScriptedModel.replying(chatAnswer("answer", "4", "count", 1));
        List<QaExample> demos = List.of(new QaExample("1+1?", "2", 1), new QaExample("2+2?", "4", null));
        QaPredictor qa = QaPredictor.predict().withModel(model).withDemos(demos);

        qa.call(new QaInput("3+3?"));

        assertEquals(demos, qa.demos());
        LmRequest request = model.lastRequest();
        assertEquals(6, request.messages().size());
        assertEquals(
                "This is an example of the task, though some input or output fields are not supplied.\n\n"
                        + "[[ ## question ## ]]\n2+2?",
                request.messages().get(1).content());
        assertEquals("[[ ## question ## ]]\n1+1?", request.messages().get(3).content());
        assertEquals(List.of(), QaPredictor.predict().demos());
    }

    @Test
    void samplingSettingsAreMergedAndChecked() {
        ScriptedModel model = ScriptedModel.replying(chatAnswer("answer", "a", "count", 0));
        QaPredictor qa = QaPredictor.predict()
                .withModel(model)
                .withTemperature(0.4)
                .withMaxTokens(64)
                .withSettings(LmSettings.DEFAULTS.withSeed(7));

        qa.call(new QaInput("q"), CallOptions.settings(LmSettings.DEFAULTS.withMaxTokens(8)));

        LmSettings sent = model.lastRequest().settings();
        assertEquals(Optional.of(0.4), sent.temperature());
        assertEquals(Optional.of(8), sent.maxTokens());
        assertEquals(Optional.of(7L), sent.seed());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> qa.withTemperature(3.0));
        assertTrue(e.getMessage().contains("3.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> qa.withMaxTokens(0));
    }

    @Test
    void callOptionsModelWins() {
        ScriptedModel own = ScriptedModel.replying();
        ScriptedModel perCall = ScriptedModel.replying(chatAnswer("answer", "per call", "count", 2));

        QaOutput output = QaPredictor.predict().withModel(own).call(new QaInput("q"), CallOptions.model(perCall));

        assertEquals("per call", output.answer());
        assertEquals(0, own.requests().size());
    }

    @Test
    void callAsyncCompletesWithTheTypedOutput() throws Exception {
        Dspj.configure(ScriptedModel.replying(chatAnswer("answer", "later", "count", 5)));

        QaOutput output = QaPredictor.predict().callAsync(new QaInput("q")).get(10, TimeUnit.SECONDS);

        assertEquals("later", output.answer());
        assertEquals(5, output.count());
    }

    @Test
    void chainOfThoughtReasonsFirstAndKeepsTheReasoning() {
        ScriptedModel model = ScriptedModel.replying(chatAnswer("reasoning", "Because.", "answer", "yes", "count", 1));
        QaPredictor cot = QaPredictor.chainOfThought().withModel(model);

        QaOutput output = cot.call(new QaInput("q"));

        assertEquals("yes", output.answer());
        assertEquals(Optional.of("Because."), output.completion().reasoning());
        assertEquals(PredictorKind.CHAIN_OF_THOUGHT, cot.kind());
        assertEquals(
                "reasoning", cot.predictor().signature().outputFields().get(0).name());
        assertEquals(List.of(new NamedPredictor("predict", cot.predictor())), cot.namedPredictors());
        assertEquals(PredictorKind.CHAIN_OF_THOUGHT, cot.withInstructions("x").kind());
        assertTrue(model.lastRequest().messages().get(0).content().contains("1. `reasoning` (str): \n"));
    }

    @Test
    void actsAsAModuleForOptimizers() {
        ScriptedModel model = ScriptedModel.replying(chatAnswer("answer", "a", "count", 3));
        QaPredictor qa = QaPredictor.predict().withModel(model);

        Prediction prediction = qa.forward(Map.of("question", "q"));
        QaPredictor copy = qa.deepCopy();
        copy.predictor().setInstructions("Tuned.");

        assertEquals(3, prediction.values().get("count"));
        assertEquals(List.of(new NamedPredictor("self", qa.predictor())), qa.namedPredictors());
        assertNotSame(qa.predictor(), copy.predictor());
        assertEquals("Tuned.", copy.instructions());
        assertEquals("Given the fields `question`, produce the fields `answer`, `count`.", qa.instructions());
        assertTrue(
                qa.toString().startsWith("QaPredictor(PREDICT, Predict(QaSignature(question -> answer, count)"),
                qa.toString());
    }

    @Test
    void kindAndToStringFollowTheBuiltInModuleVariable() {
        QaPredictor qa = QaPredictor.predict();
        BuiltInVariables builtIns =
                BuiltInVariables.none().modules(PredictorKind.PREDICT, PredictorKind.CHAIN_OF_THOUGHT);

        builtIns.apply(qa, Configuration.of(Map.of("module", "chain_of_thought")));

        assertEquals(PredictorKind.CHAIN_OF_THOUGHT, qa.kind());
        assertTrue(qa.toString().startsWith("QaPredictor(CHAIN_OF_THOUGHT, "), qa.toString());
        assertEquals(PredictorKind.CHAIN_OF_THOUGHT, qa.deepCopy().kind());
        assertEquals("self", qa.namedPredictors().get(0).name(), "the path stays the one it was made with");

        ChainOfThought cot = new ChainOfThought(QaSignature.DESCRIPTOR);
        assertTrue(cot.toString().startsWith("ChainOfThought(CHAIN_OF_THOUGHT, "), cot.toString());
        builtIns.apply(cot, Configuration.of(Map.of("module", "predict")));
        assertEquals(PredictorKind.PREDICT, cot.predict().kind());
        assertTrue(cot.toString().startsWith("ChainOfThought(PREDICT, "), cot.toString());
    }

    @Test
    void adapterCanBeReplaced() {
        QaPredictor qa = QaPredictor.predict();

        assertSame(ChatAdapter.INSTANCE, qa.predictor().adapter());
        assertThrows(NullPointerException.class, () -> qa.withAdapter(null));
    }

    // ---- small module types -----------------------------------------------------------------

    @Test
    void callOptions() {
        ScriptedModel model = ScriptedModel.replying();

        assertEquals(Optional.empty(), CallOptions.NONE.model());
        assertEquals(LmSettings.DEFAULTS, CallOptions.NONE.settings());
        assertEquals(Optional.of(model), CallOptions.model(model).model());
        CallOptions both = CallOptions.model(model).withSettings(LmSettings.DEFAULTS.withN(2));
        assertEquals(Optional.of(model), both.model());
        assertEquals(Optional.of(2), both.settings().n());
        assertEquals(Optional.empty(), CallOptions.NONE.model());
        assertThrows(NullPointerException.class, () -> CallOptions.model(null));
        assertThrows(NullPointerException.class, () -> CallOptions.settings(null));
    }

    @Test
    void completionAndPrediction() {
        Completion none = Completion.none();
        assertEquals("", none.text());
        assertEquals(Optional.empty(), none.reasoning());
        assertEquals(Usage.NONE, none.usage());

        Completion completion = new Completion("text", "why", null, null);
        assertEquals("", completion.model());
        assertEquals(Usage.NONE, completion.usage());
        assertEquals(Optional.of("why"), completion.reasoning());
        assertThrows(NullPointerException.class, () -> new Completion(null, null, "m", Usage.NONE));

        Map<String, Object> values = new LinkedHashMap<>();
        values.put("b", 1);
        values.put("a", 2);
        Prediction prediction = new Prediction(values, null);
        values.put("c", 3);
        assertSame(Completion.none(), prediction.completion());
        assertEquals(List.of("b", "a"), List.copyOf(prediction.values().keySet()));
    }
}
