package dev.dspj.module;

import static dev.dspj.TestTypes.in;
import static dev.dspj.TestTypes.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.codec.Codecs;
import dev.dspj.lm.LmSettings;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.SignatureDescriptor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The helpers modules share to describe themselves and their inputs in error messages, and to apply overrides. */
class ModulesTest {

    private static final SignatureDescriptor QA = SignatureDescriptor.builder("QA")
            .field(in("question", Codecs.STRING))
            .field(out("answer", Codecs.STRING))
            .build();

    /** A module whose predictors are given (or whose namedPredictors() throws when null). */
    private static Module module(List<NamedPredictor> predictors) {
        return new Module() {
            @Override
            public Prediction forward(Map<String, Object> inputs) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<NamedPredictor> namedPredictors() {
                if (predictors == null) {
                    throw new IllegalStateException("broken");
                }
                return predictors;
            }

            @Override
            public Module deepCopy() {
                return this;
            }
        };
    }

    @Test
    void modulesAreDescribedByTypeAndTheirPredictors() {
        assertEquals("Predict[QA]", Modules.describe(new Predict(QA)));
        Module two = module(
                List.of(new NamedPredictor("first", new Predict(QA)), new NamedPredictor("second", new Predict(QA))));
        String anonymous = two.getClass().getName();
        assertEquals(anonymous + "[first, second]", Modules.describe(two));
        assertEquals(anonymous, Modules.describe(module(List.of())));
        assertEquals(
                anonymous, Modules.describe(module(null)), "a broken namedPredictors() is not reported over the error");
    }

    @Test
    void inputsAreDescribedShortAndOnOneLine() {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("question", "line one\nline two");
        inputs.put("k", 3);
        inputs.put("context", "x".repeat(100));
        assertEquals(
                "{question=\"line one\\nline two\", k=3, context=\"" + "x".repeat(79) + "...}",
                Modules.describe(inputs));
        assertEquals("null", Modules.describe((Map<String, ?>) null));
    }

    @Test
    void errorsWithoutAMessageAreNamedByTheirType() {
        assertEquals("IllegalStateException", Modules.message(new IllegalStateException()));
        assertEquals("IllegalStateException: down", Modules.message(new IllegalStateException("down")));
    }

    @Test
    void noOverridesLeaveThePredictorsAlone() {
        Predict predict = new Predict(QA);
        predict.setSettings(LmSettings.DEFAULTS.withTemperature(0.3));
        Modules.applyOverrides(List.of(new NamedPredictor("self", predict)), CallOptions.settings(LmSettings.DEFAULTS));
        assertEquals(LmSettings.DEFAULTS.withTemperature(0.3), predict.settings());
        assertTrue(Modules.isNone(null));
        assertEquals(Optional.empty(), Modules.firstModel(module(List.of(new NamedPredictor("self", predict)))));
    }
}
