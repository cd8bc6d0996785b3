package dev.dspj.variable.tune;

import static dev.dspj.TestTypes.in;
import static dev.dspj.TestTypes.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.adapter.ChatAdapter;
import dev.dspj.adapter.JsonAdapter;
import dev.dspj.adapter.XmlAdapter;
import dev.dspj.codec.Codecs;
import dev.dspj.lm.LanguageModel;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.module.PredictorKind;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.testing.ScriptedModel;
import dev.dspj.variable.Configuration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A configuration saved by a search is applied in another process from its JSON and a model map alone. */
class BuiltInVariablesFromConfigurationTest {

    private static final SignatureDescriptor QA = SignatureDescriptor.builder("Qa")
            .field(in("question", Codecs.STRING))
            .field(out("answer", Codecs.STRING))
            .build();

    private static final LanguageModel SMALL = ScriptedModel.replying("x").named("small");
    private static final LanguageModel LARGE = ScriptedModel.replying("x").named("large");
    private static final Map<String, LanguageModel> MODELS = Map.of("small", SMALL, "large", LARGE);

    /** Two predictors at the paths {@code first} and {@code second.predict}, with three demos each. */
    static final class TwoSteps implements Module {
        final Predict first;
        final Predict second;

        TwoSteps() {
            this(new Predict(QA), new Predict(QA));
            List<Example> demos = List.of(
                    Example.of("question", "a", "answer", "1"),
                    Example.of("question", "b", "answer", "2"),
                    Example.of("question", "c", "answer", "3"));
            first.setDemos(demos);
            second.setDemos(demos);
        }

        private TwoSteps(Predict first, Predict second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public Prediction forward(Map<String, Object> inputs) {
            return second.forward(first.forward(inputs).values());
        }

        @Override
        public List<NamedPredictor> namedPredictors() {
            return List.of(new NamedPredictor("first", first), new NamedPredictor("second.predict", second));
        }

        @Override
        public TwoSteps deepCopy() {
            return new TwoSteps(first.deepCopy(), second.deepCopy());
        }
    }

    @Test
    void sharedVariablesAreRecoveredFromTheJsonAlone() {
        BuiltInVariables searched = BuiltInVariables.none()
                .adapters("chat", "json", "xml")
                .modules(PredictorKind.PREDICT, PredictorKind.CHAIN_OF_THOUGHT)
                .models(MODELS)
                .temperature(0, 1.5)
                .demos(0, 3);
        Configuration chosen = Configuration.of(Map.of(
                "adapter", "json", "module", "chain_of_thought", "model", "large", "temperature", 0.7, "demos", 1));
        TwoSteps here = new TwoSteps();
        searched.apply(here, chosen);

        Configuration saved = Configuration.fromJson(chosen.toJson());
        TwoSteps there = new TwoSteps();
        BuiltInVariables.fromConfiguration(saved, MODELS).apply(there, saved);

        for (Predict predictor : List.of(there.first, there.second)) {
            assertSame(JsonAdapter.INSTANCE, predictor.adapter());
            assertEquals(PredictorKind.CHAIN_OF_THOUGHT, predictor.kind());
            assertSame(LARGE, predictor.model().orElseThrow());
            assertEquals(0.7, predictor.settings().temperature().orElseThrow(), 1e-12);
            assertEquals(1, predictor.demos().size());
        }
        assertEquals(here.first.signature().toString(), there.first.signature().toString());
        assertEquals(here.second.settings(), there.second.settings());
    }

    @Test
    void perPredictorVariablesAreRecoveredFromTheirNames() {
        Configuration saved = Configuration.fromJson(Configuration.of(Map.of(
                        "first.adapter",
                        "xml",
                        "second.predict.module",
                        "chain_of_thought",
                        "second.predict.model",
                        "small",
                        "second.predict.demos",
                        2))
                .toJson());
        TwoSteps there = new TwoSteps();

        BuiltInVariables.fromConfiguration(saved, MODELS).apply(there, saved);

        assertSame(XmlAdapter.INSTANCE, there.first.adapter());
        assertEquals(PredictorKind.PREDICT, there.first.kind());
        assertEquals(3, there.first.demos().size());
        assertSame(ChatAdapter.INSTANCE, there.second.adapter());
        assertEquals(PredictorKind.CHAIN_OF_THOUGHT, there.second.kind());
        assertSame(SMALL, there.second.model().orElseThrow());
        assertEquals(2, there.second.demos().size());
    }

    @Test
    void whatCannotBeRecoveredIsNamed() {
        IllegalArgumentException missingModel = assertThrows(
                IllegalArgumentException.class,
                () -> BuiltInVariables.fromConfiguration(Configuration.of(Map.of("model", "huge")), MODELS));
        assertTrue(missingModel.getMessage().contains("huge"), missingModel.getMessage());
        IllegalArgumentException customAdapter = assertThrows(
                IllegalArgumentException.class,
                () -> BuiltInVariables.fromConfiguration(Configuration.of(Map.of("adapter", "yaml")), Map.of()));
        assertTrue(customAdapter.getMessage().contains("yaml"), customAdapter.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> BuiltInVariables.fromConfiguration(
                        Configuration.of(Map.of("temperature", 0.5, "first.temperature", 0.2)), Map.of()));
        assertTrue(
                !BuiltInVariables.fromConfiguration(Configuration.of(Map.of("hops", 2)), Map.of())
                        .any(),
                "a program's own variables are not built-in ones");
    }

    @Test
    void applyNamesAnAdapterOrModelItDoesNotHave() {
        BuiltInVariables models = BuiltInVariables.none().models(Map.of("small", SMALL));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> models.apply(new TwoSteps(), Configuration.of(Map.of("model", "large"))));
        assertTrue(e.getMessage().contains("large") && e.getMessage().contains("small"), e.getMessage());
    }
}
