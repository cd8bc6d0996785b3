package dev.dspj.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.module.Trace;
import dev.dspj.primitives.Completion;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static Prediction prediction(Object... namesAndValues) {
        return new Prediction(Example.of(namesAndValues).values(), Completion.none());
    }

    private static double score(Metric metric, Example gold, Prediction prediction) {
        return metric.score(gold, prediction, Trace.empty()).score();
    }

    // ------------------------------------------------------------------ normalization (SQuAD / DSPy normalize_text)

    @Test
    void normalizationLowercasesDropsPunctuationArticlesAndExtraWhitespace() {
        assertEquals("eiffel tower", Metrics.normalize("The,  Eiffel  Tower!"));
        assertEquals("apple day", Metrics.normalize("An apple a day."));
        assertEquals("apple", Metrics.normalize("  A an THE apple   "));
        assertEquals("theater anthem", Metrics.normalize("Theater, anthem"), "articles only as whole words");
        assertEquals("helloworld", Metrics.normalize("Hello-World"), "punctuation is removed, not replaced by a space");
        assertEquals(
                "thethe", Metrics.normalize("the_the"), "the underscore is punctuation, so no word boundary is left");
        assertEquals("new york city", Metrics.normalize("new\tYork\n\ncity"));
        assertEquals("", Metrics.normalize("The."));
        assertEquals("1 000", Metrics.normalize("1, 000"));
        assertEquals("non breaking", Metrics.normalize("non\u00a0breaking"), "Python's split() splits on NBSP");
    }

    @Test
    void normalizationUsesNfdSoComposedAndDecomposedAccentsMatch() {
        assertEquals(Metrics.normalize("Caf\u00e9"), Metrics.normalize("Cafe\u0301"));
        assertTrue(Metrics.exactMatchScore("CAF\u00c9", "caf\u00e9"));
        assertFalse(Metrics.exactMatchScore("cafe", "caf\u00e9"), "NFD keeps the accent as a combining mark");
        assertEquals("\u00fcber", Metrics.normalize("\u00dcber").replace("u\u0308", "\u00fc"));
    }

    // ------------------------------------------------------------------ exact match and F1

    @Test
    void exactMatchAndF1FollowDspyExamples() {
        assertTrue(Metrics.exactMatchAny("The Eiffel Tower", List.of("Eiffel Tower", "Louvre")));
        assertTrue(Metrics.exactMatchScore("paris", "Paris"));
        assertFalse(Metrics.exactMatchScore("Paris, France", "Paris"));
        assertEquals(
                1.0 / 3,
                Metrics.maxF1("Eiffel Tower is in Paris", List.of("Paris")),
                1e-9,
                "1 shared token: precision 1/5, recall 1 -> F1 1/3");
        assertEquals(1.0, Metrics.tokenF1("the Eiffel Tower", "Eiffel Tower"), 1e-9);
        assertEquals(0.0, Metrics.tokenF1("", ""), "no shared token, even when both are empty");
        assertEquals(2.0 / 3, Metrics.tokenF1("red red blue", "red blue blue"), 1e-9, "tokens count as a multiset");
        assertEquals(
                2.0 / 3,
                Metrics.tokenF1("Barack Obama", "President Barack Hussein Obama"),
                1e-9,
                "precision 1, recall 1/2");
        assertEquals(0.5, Metrics.tokenPrecision("eiffel tower in paris", "eiffel tower"), 1e-9);
        assertEquals(0.0, Metrics.hotpotTokenF1("yes", "no"));
        assertEquals(0.0, Metrics.hotpotTokenF1("yes it is", "yes"), "a special label must match exactly");
        assertEquals(1.0, Metrics.hotpotTokenF1("Yes.", "yes"));
    }

    @Test
    void exactMatchMetricAcceptsOneGoldAnswerOrAList() {
        Example two = Example.of("question", "What is 1+1?", "answer", "2").withInputs("question");
        Example either = Example.of("question", "What is 1+1?", "answer", List.of("2", "two"))
                .withInputs("question");
        Metric em = Metrics.exactMatch("answer");

        assertEquals(1.0, score(em, two, prediction("answer", "2")));
        assertEquals(1.0, score(em, either, prediction("answer", "Two.")));
        assertEquals(0.0, score(em, two, prediction("answer", "3")));
        MetricResult miss = em.score(either, prediction("answer", "3"), Trace.empty());
        assertEquals(Optional.of("no exact match: expected one of [\"2\", \"two\"], got \"3\""), miss.feedbackText());
        assertEquals(1.0, score(em, Example.of("answer", new String[] {"x", "Four"}), prediction("answer", "four")));
        assertEquals(
                1.0,
                score(em, Example.of("answer", 4), prediction("answer", "4")),
                "a numeric gold value is compared as text");
        assertEquals("exactMatch(answer)", em.toString());
    }

    @Test
    void exactMatchWithFracPassesOnTokenF1() {
        Example gold = Example.of("answer", List.of("Eiffel Tower", "Louvre"));
        Prediction predicted = prediction("answer", "The Eiffel Tower");

        assertEquals(1.0, score(Metrics.exactMatch("answer", 1.0), gold, predicted));
        assertEquals(
                1.0, score(Metrics.exactMatch("answer", 0.5), gold, prediction("answer", "Eiffel")), "F1 2/3 >= 0.5");
        assertEquals(
                0.0, score(Metrics.exactMatch("answer", 0.8), gold, prediction("answer", "Eiffel")), "F1 2/3 < 0.8");
    }

    @Test
    void f1MetricIsTheBestOverGoldAnswersWithFeedback() {
        Example gold = Example.of("answer", List.of("Paris", "the city of Paris"));
        MetricResult result = Metrics.f1("answer").score(gold, prediction("answer", "Paris France"), Trace.empty());

        assertEquals(2.0 / 3, result.score(), 1e-9, "vs Paris: p 1/2, r 1; vs city of Paris: p 1/2, r 1/3");
        assertTrue(result.feedback().startsWith("token F1 0.667"), result.feedback());
        assertEquals(
                0.5, score(Metrics.f1("gold", "answer"), Example.of("gold", "x y"), prediction("answer", "y z")), 1e-9);
    }

    @Test
    void missingFieldsFailWithTheFieldsThatExist() {
        Metric em = Metrics.exactMatch("answer");
        IllegalArgumentException noPrediction = assertThrows(
                IllegalArgumentException.class,
                () -> em.score(Example.of("answer", "x"), prediction("response", "x"), Trace.empty()));
        assertEquals("the prediction has no 'answer'; its fields are [response]", noPrediction.getMessage());
        IllegalArgumentException noGold = assertThrows(
                IllegalArgumentException.class,
                () -> em.score(Example.of("label", "x"), prediction("answer", "x"), Trace.empty()));
        assertEquals("the example has no gold 'answer'; its fields are [label]", noGold.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> em.score(Example.of("answer", List.of()), prediction("answer", "x"), Trace.empty()));
    }

    @Test
    void optionalPredictionValuesAreUnwrapped() {
        assertEquals(
                1.0,
                score(
                        Metrics.exactMatch("answer"),
                        Example.of("answer", "Rome"),
                        new Prediction(Map.of("answer", Optional.of("rome")), Completion.none())));
        assertEquals(
                0.0,
                score(
                        Metrics.exactMatch("answer"),
                        Example.of("answer", "Rome"),
                        new Prediction(Map.of("answer", Optional.empty()), Completion.none())));
    }

    @Test
    void asyncScoringMatchesSyncScoring() {
        AsyncMetric em = Metrics.exactMatch("answer");
        Example gold = Example.of("answer", "Paris");
        assertEquals(
                1.0,
                em.scoreAsync(gold, prediction("answer", "paris"), Trace.empty())
                        .join()
                        .score());
        assertTrue(
                em.scoreAsync(gold, prediction("other", "paris"), Trace.empty()).isCompletedExceptionally());
    }

    // ------------------------------------------------------------------ passage match

    @Test
    void passageMatchFindsAGoldAnswerAsATokenSequenceInAPassage() {
        Metric match = Metrics.passageMatch();
        Example eiffel = Example.of("question", "q", "answer", "Eiffel Tower").withInputs("question");

        assertEquals(
                1.0,
                score(match, eiffel, prediction("context", List.of("Nothing here.", "The Eiffel Tower is in Paris."))));
        assertEquals(0.0, score(match, eiffel, prediction("context", List.of("The tower of Eiffel."))));
        assertEquals(
                0.0,
                score(match, Example.of("answer", "Paris"), prediction("context", List.of("Parisian cafes"))),
                "tokens, not substrings");
        assertEquals(
                1.0,
                score(
                        match,
                        Example.of("answer", List.of("Rome", "Paris")),
                        prediction("context", "I live in PARIS, France")),
                "one text is one passage; any answer counts");
        assertEquals(
                1.0,
                score(
                        Metrics.passageMatch("gold", "passages"),
                        Example.of("gold", "e=mc2"),
                        prediction("passages", List.of("Einstein wrote E=MC2 in 1905"))));
        assertEquals(
                "passage 2 of 2 contains \"Eiffel Tower\"",
                Metrics.passageMatch()
                        .score(eiffel, prediction("context", List.of("no", "the eiffel tower")), Trace.empty())
                        .feedback());
        assertThrows(
                IllegalArgumentException.class, () -> match.score(eiffel, prediction("answer", "x"), Trace.empty()));
    }

    // ------------------------------------------------------------------ retrieval recall

    @Test
    void recallAtKCountsGoldPassagesAmongTheFirstK() {
        Example twoHop = Example.of("question", "q", "gold_titles", List.of("Korven Talson", "Rilford"))
                .withInputs("question");
        Prediction retrieved = prediction("titles", List.of("Korven Talsone", "korven talson", "Rilby", "Rilford"));
        assertEquals(0.0, score(Metrics.recallAtK("gold_titles", "titles", 1), twoHop, retrieved));
        assertEquals(0.5, score(Metrics.recallAtK("gold_titles", "titles", 2), twoHop, retrieved), "case ignored");
        assertEquals(0.5, score(Metrics.recallAtK("gold_titles", "titles", 3), twoHop, retrieved));
        assertEquals(1.0, score(Metrics.recallAtK("gold_titles", "titles", 10), twoHop, retrieved));
        assertEquals(
                "recall@2 0.500: 1 of 2 gold passages in the first 2 of 4 retrieved",
                Metrics.recallAtK("gold_titles", "titles", 2)
                        .score(twoHop, retrieved, Trace.empty())
                        .feedback());
        assertEquals(
                "recall@5(gold_titles in titles)",
                Metrics.recallAtK("gold_titles", "titles", 5).toString());
        assertEquals(
                1.0,
                score(
                        Metrics.recallAtK("gold_titles", "context", 2),
                        twoHop,
                        prediction("context", List.of("Rilford | Rilford is a town.", "Korven Talson | He was born."))),
                "a \"Title | text\" passage counts as its title");
        assertEquals(
                1.0,
                score(
                        Metrics.recallAtK("gold_ids", "ids", 1),
                        Example.of("gold_ids", "p-000007"),
                        prediction("ids", List.of("p-000007", "p-000008"))),
                "one gold id as text");
        assertEquals(0.5, Metrics.recallAtK(List.of("a", "b", "a"), List.of("b"), 3), 1e-12, "repeats count once");
    }

    @Test
    void goldPassagesRetrievedNeedsEveryGoldPassage() {
        Metric all = Metrics.goldPassagesRetrieved("gold_titles", "titles");
        Example twoHop = Example.of("gold_titles", List.of("Korven Talson", "Rilford"));
        assertEquals(1.0, score(all, twoHop, prediction("titles", List.of("Rilford", "x", "Korven Talson"))));
        assertEquals(0.0, score(all, twoHop, prediction("titles", List.of("Rilford"))));
        assertEquals(0.0, score(all, twoHop, prediction("titles", List.of())));
        assertEquals(
                "1 of 2 gold passages retrieved",
                all.score(twoHop, prediction("titles", List.of("Rilford")), Trace.empty())
                        .feedback());
    }

    @Test
    void recallMetricsNameTheMissingField() {
        Metric recall = Metrics.recallAtK("gold_ids", "ids", 3);
        IllegalArgumentException noGold = assertThrows(
                IllegalArgumentException.class,
                () -> recall.score(Example.of("answer", "x"), prediction("ids", List.of("a")), Trace.empty()));
        assertTrue(noGold.getMessage().contains("no gold 'gold_ids'"), noGold.getMessage());
        assertTrue(noGold.getMessage().contains("[answer]"), noGold.getMessage());
        IllegalArgumentException noRetrieved = assertThrows(
                IllegalArgumentException.class,
                () -> recall.score(Example.of("gold_ids", List.of("a")), prediction("answer", "x"), Trace.empty()));
        assertTrue(noRetrieved.getMessage().contains("the prediction has no 'ids'"), noRetrieved.getMessage());
        IllegalArgumentException empty = assertThrows(
                IllegalArgumentException.class,
                () -> recall.score(Example.of("gold_ids", List.of()), prediction("ids", List.of("a")), Trace.empty()));
        assertTrue(empty.getMessage().contains("empty list"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.recallAtK("gold_ids", "ids", 0));
    }

    @Test
    void dprTokensSplitWordsAndSingleSymbols() {
        assertEquals(List.of("hello", ",", "world", "!"), Metrics.dprTokens("Hello, world!"));
        assertEquals(
                List.of("cafe\u0301", "42"), Metrics.dprTokens("Caf\u00e9 42"), "marks stay in their word after NFD");
        assertTrue(
                Metrics.passageHasAnswer("anything", List.of("the")),
                "as in DSPy, an answer normalized to nothing is found");
    }
}
