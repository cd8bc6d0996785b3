package dev.dspj.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.TestTypes.Color;
import dev.dspj.module.Trace;
import dev.dspj.primitives.Completion;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Metrics on values that are not plain text, HotpotQA's special answers, and the arguments refused. */
class MetricsEdgeCasesTest {

    private static MetricResult score(Metric metric, Example gold, Map<String, Object> predicted) {
        return metric.score(gold, new Prediction(predicted, Completion.none()), Trace.empty());
    }

    @Test
    void hotpotF1IsZeroWhenOnlyOneSideIsYesNoOrNoAnswer() {
        Example gold = Example.of("answer", List.of("yes", "Yes, it is"));
        MetricResult yes = score(Metrics.hotpotF1("answer"), gold, Map.of("answer", "Yes."));
        assertEquals(1.0, yes.score());
        MetricResult no = score(Metrics.hotpotF1("answer"), Example.of("answer", "yes"), Map.of("answer", "no"));
        assertEquals(0.0, no.score());
        assertEquals("HotpotQA F1 0.000: got \"no\", expected \"yes\"", no.feedback());
        assertEquals(0.0, Metrics.hotpotTokenF1("noanswer", "the castle"));
        assertEquals(2 / 3.0, Metrics.hotpotTokenF1("the old castle", "castle"), 1e-12, "precision 1/2, recall 1");
    }

    @Test
    void enumAndOptionalGoldValuesAreComparedAsText() {
        Example gold = Example.of("color", Optional.of(Color.RED));
        assertEquals(
                1.0,
                score(Metrics.exactMatch("color"), gold, Map.of("color", "red")).score());
        assertEquals(
                1.0,
                score(
                                Metrics.f1("color"),
                                Example.of("color", new Object[] {Color.GREEN, "red"}),
                                Map.of("color", Color.RED))
                        .score());
    }

    @Test
    void anEmptyOptionalGoldHasNoAnswerToMatch() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> score(Metrics.f1("answer"), Example.of("answer", Optional.empty()), Map.of("answer", "x")));
        assertEquals("the example's gold 'answer' is an empty list: there is no answer to match", e.getMessage());
    }

    @Test
    void longAnswersAreShortenedInFeedback() {
        String gold = "word ".repeat(40).strip();
        MetricResult result = score(Metrics.f1("answer"), Example.of("answer", gold), Map.of("answer", "word"));
        assertTrue(result.feedback().contains("expected \"word word"), result.feedback());
        assertTrue(result.feedback().endsWith("...\""), result.feedback());
    }

    @Test
    void precisionIsZeroWithoutSharedTokens() {
        assertEquals(0.0, Metrics.tokenPrecision("blue sky", "green grass"));
        assertEquals(0.5, Metrics.tokenPrecision("blue sky", "blue sea"));
    }

    @Test
    void theFractionMustBeANonNegativeNumber() {
        assertEquals(
                "frac must be between 0 and 1, got NaN",
                assertThrows(IllegalArgumentException.class, () -> Metrics.exactMatch("answer", Double.NaN))
                        .getMessage());
        assertEquals(
                "no gold answer to compare with",
                assertThrows(IllegalArgumentException.class, () -> Metrics.maxF1("x", List.of()))
                        .getMessage());
    }

    @Test
    void numbersOfOtherScriptsAreWordCharacters() {
        // Roman numeral Ⅻ (a letter number) and superscript two (another number) are kept as words, as Python's \w
        assertEquals("ⅻ", Metrics.normalize("Ⅻ!"), "lowercased as Python does");
        assertEquals("x²", Metrics.normalize("x²."));
    }
}
