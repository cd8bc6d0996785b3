package dev.dspj.variable.tune;

import static dev.dspj.TestTypes.in;
import static dev.dspj.TestTypes.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.adapter.JsonAdapter;
import dev.dspj.codec.Codecs;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmSettings;
import dev.dspj.module.ChainOfThought;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.module.PredictorKind;
import dev.dspj.primitives.Example;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.testing.ScriptedModel;
import dev.dspj.variable.Configuration;
import dev.dspj.variable.VariableSpace;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The built-in variables: what ranges they refuse, and which defaults a program's predictors give them. */
class BuiltInVariablesTest {

    private static final SignatureDescriptor QA = SignatureDescriptor.builder("Qa")
            .field(in("question", Codecs.STRING))
            .field(out("answer", Codecs.STRING))
            .build();

    private static final LanguageModel SMALL = ScriptedModel.replying().named("small");
    private static final LanguageModel LARGE = ScriptedModel.replying().named("large");

    private static Map<String, LanguageModel> models() {
        Map<String, LanguageModel> models = new LinkedHashMap<>();
        models.put("small", SMALL);
        models.put("large", LARGE);
        return models;
    }

    private static String refused(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    @Test
    void rangesAndChoicesOutsideTheAllowedAreRefused() {
        BuiltInVariables none = BuiltInVariables.none();
        assertEquals(
                "unknown adapter 'yaml'; the standard ones are chat, json, xml (pass others with adapters(Map))",
                refused(() -> none.adapters("yaml")));
        assertEquals(
                "the built-in variable 'adapter' needs at least one value", refused(() -> none.adapters(Map.of())));
        assertEquals("the built-in variable 'module' needs at least one value", refused(() -> none.modules()));
        assertEquals(
                "the built-in variable 'model' needs at least one value",
                refused(() -> none.models(Collections.emptyMap())));
        for (double[] range : new double[][] {{-0.1, 1}, {0, 2.5}, {1, 0.5}}) {
            assertEquals(
                    "temperature range must satisfy 0 <= min <= max <= 2, got [" + range[0] + ", " + range[1] + "]",
                    refused(() -> none.temperature(range[0], range[1])));
        }
        assertEquals("demos range must satisfy 0 <= min <= max, got [-1, 3]", refused(() -> none.demos(-1, 3)));
        assertEquals("demos range must satisfy 0 <= min <= max, got [4, 3]", refused(() -> none.demos(4, 3)));
    }

    @Test
    void aConfigurationNamingAnUnknownModuleKindIsRefused() {
        assertEquals(
                "'module' names the module kind 'react'; the kinds are [predict, chain_of_thought]",
                refused(() ->
                        BuiltInVariables.fromConfiguration(Configuration.of(Map.of("module", "react")), Map.of())));
    }

    @Test
    void theDescriptionListsWhatIsSearched() {
        assertEquals(
                "BuiltInVariables[adapters=[], modules=[], models=[], temperature=-, demos=-]",
                BuiltInVariables.none().toString());
        assertEquals(
                "BuiltInVariables[adapters=[json, xml], modules=[PREDICT], models=[small, large], temperature=0.0..1.0, "
                        + "demos=1..4, per predictor]",
                BuiltInVariables.none()
                        .adapters("JSON", "xml")
                        .modules(PredictorKind.PREDICT)
                        .models(models())
                        .temperature(0, 1)
                        .demos(1, 4)
                        .perPredictor()
                        .toString());
    }

    @Test
    void anyIsTrueAsSoonAsOneVariableIsSearched() {
        assertFalse(BuiltInVariables.none().any());
        assertTrue(BuiltInVariables.none().adapters("chat").any());
        assertTrue(BuiltInVariables.none().modules(PredictorKind.PREDICT).any());
        assertTrue(BuiltInVariables.none().models(models()).any());
        assertTrue(BuiltInVariables.none().temperature(0, 1).any());
        assertTrue(BuiltInVariables.none().demos(0, 1).any());
        assertEquals(
                List.of("small", "large"),
                List.copyOf(BuiltInVariables.none().models(models()).models().keySet()));
    }

    @Test
    void defaultsFollowTheFirstPredictorClampedToTheRanges() {
        Predict predictor = new Predict(ChainOfThought.extend(QA));
        predictor.setAdapter(JsonAdapter.INSTANCE);
        predictor.setModel(LARGE);
        predictor.setSettings(LmSettings.DEFAULTS.withTemperature(1.8));
        predictor.setDemos(
                List.of(Example.of("question", "a"), Example.of("question", "b"), Example.of("question", "c")));
        VariableSpace space = BuiltInVariables.none()
                .adapters("chat", "json")
                .modules(PredictorKind.PREDICT)
                .models(models())
                .temperature(0, 1)
                .demos(0, 2)
                .space(List.of(new NamedPredictor("answer", predictor)));
        Configuration defaults = space.defaults();
        assertEquals("json", defaults.getString("adapter"));
        assertEquals("predict", defaults.getString("module"), "a kind not searched falls back to the first one");
        assertEquals("large", defaults.getString("model"));
        assertEquals(1.0, defaults.getDouble("temperature"), "clamped to the range");
        assertEquals(2, defaults.getLong("demos"), "clamped to the range");
    }

    @Test
    void aPredictorWithoutAModelOrTemperatureDefaultsToTheFirstChoiceAndTheLowerBound() {
        VariableSpace space = BuiltInVariables.none()
                .models(models())
                .temperature(0.2, 1)
                .space(List.of(new NamedPredictor("answer", new Predict(QA))));
        assertEquals("small", space.defaults().getString("model"));
        assertEquals(0.2, space.defaults().getDouble("temperature"));
        assertEquals(
                List.of(),
                BuiltInVariables.none().temperature(0, 1).space(List.of()).variables());
    }

    @Test
    void applyingPredictSwitchesAChainOfThoughtBack() {
        Predict predictor = new Predict(ChainOfThought.extend(QA));
        assertEquals(PredictorKind.CHAIN_OF_THOUGHT, predictor.kind());
        BuiltInVariables.none()
                .modules(PredictorKind.PREDICT, PredictorKind.CHAIN_OF_THOUGHT)
                .apply(
                        List.of(new NamedPredictor("answer", predictor)),
                        Configuration.of(Map.of("module", "predict")),
                        m -> m);
        assertEquals(PredictorKind.PREDICT, predictor.kind());
        assertEquals(
                List.of("question", "answer"),
                predictor.signature().fields().stream().map(f -> f.name()).toList());
    }
}
