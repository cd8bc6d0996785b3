package dev.dspj.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.primitives.Example;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The built-in tasks are deterministic and well formed, and the competence math is what the javadoc says. */
class SimTasksTest {

    @Test
    void builtInTasksAreDeterministicAndWellFormed() {
        for (SimTask task : SimTasks.builtIns()) {
            assertEquals(SimTasks.DEFAULT_SIZE, task.size(), task.name());
            assertEquals(2, task.hints().size(), task.name());
            Set<String> ids = new HashSet<>();
            Set<String> inputs = new HashSet<>();
            for (SimExample example : task.examples()) {
                assertTrue(ids.add(example.id()), "unique id " + example.id());
                assertTrue(inputs.add(example.inputs().toString()), "unique input " + example.inputs());
                assertTrue(example.difficulty() >= 0 && example.difficulty() <= 1);
            }
        }
        assertEquals(
                SimTasks.factoidQa(3, 50).examples(), SimTasks.factoidQa(3, 50).examples());
        assertNotEquals(
                SimTasks.factoidQa(3, 50).examples(), SimTasks.factoidQa(4, 50).examples());
        assertSame(SimTasks.builtIns(), SimTasks.builtIns());
    }

    @Test
    void tasksHaveTheDocumentedFieldsAndValues() {
        assertEquals(List.of("question"), SimPrompts.QA.inputFields());
        assertEquals(List.of("answer"), SimPrompts.QA.outputFields());
        assertEquals(List.of("review"), SimPrompts.SENTIMENT.inputFields());
        assertEquals(List.of("sentiment"), SimPrompts.SENTIMENT.outputFields());
        assertEquals(
                Set.of("POSITIVE", "NEGATIVE", "NEUTRAL"), new HashSet<>(SimPrompts.SENTIMENT.goldValues("sentiment")));
        for (SimExample example : SimPrompts.ARITHMETIC.examples()) {
            Long.parseLong(example.gold().get("answer"));
        }
        SimExample first = SimPrompts.QA.examples().get(0);
        assertTrue(first.inputs().get("question").endsWith("?")
                || first.inputs().get("question").endsWith("."));
        assertEquals(first, SimPrompts.QA.example(first.id()).orElseThrow());
    }

    @Test
    void splitsAreDisjointAndConvertToExamples() {
        SimSplit split = SimPrompts.QA.trainDevSplit();
        assertEquals(150, split.train().size());
        assertEquals(150, split.dev().size());
        Set<SimExample> train = new HashSet<>(split.train());
        assertFalse(split.dev().stream().anyMatch(train::contains));
        assertEquals(30, SimPrompts.QA.split(30).train().size());
        assertThrows(IllegalArgumentException.class, () -> SimPrompts.QA.split(301));

        Example row = SimPrompts.QA.toExamples().get(0);
        assertEquals(Set.of("question"), row.inputKeys());
        assertEquals(
                SimPrompts.QA.examples().get(0).gold().get("answer"),
                row.get("answer").orElseThrow());
    }

    @Test
    void expectedAccuracyIsTheMeanProbability() {
        SimExample easy = new SimExample("e", Map.of("q", "a?"), Map.of("a", "x"), 0.0);
        SimExample hard = new SimExample("h", Map.of("q", "b?"), Map.of("a", "y"), 1.0);
        SimTask task = new SimTask("tiny", List.of(easy, hard), List.of("hint"));
        SimModelProfile profile = SimModelProfile.MEDIUM;
        double expected = (sigmoid(0.5) + sigmoid(0.5 - Competence.DIFFICULTY_WEIGHT)) / 2;
        assertEquals(expected, task.expectedAccuracy(profile, SimConditions.BASELINE), 1e-12);

        SimConditions all = new SimConditions(6, 1, true, 3, 0.5);
        double logit = 0.5 + 0.35 * 4 - 0.5 + 0.8 + 0.6 * 2 - 0.5;
        assertEquals(sigmoid(logit), Competence.probability(profile, 0.0, all), 1e-12);
        assertEquals(sigmoid(logit - 2.0), Competence.probability(profile, 1.0, all), 1e-12);
    }

    @Test
    void bestAchievableIsTheLargeModelWithEveryHelp() {
        SimOptimum best = SimPrompts.QA.bestAchievable(SimModelProfile.builtIns());
        assertEquals(SimModelProfile.LARGE, best.profile());
        assertEquals(new SimConditions(4, 0, true, 2, 0.0), best.conditions());
        assertEquals(SimPrompts.QA.expectedAccuracy(SimModelProfile.LARGE, best.conditions()), best.expectedAccuracy());
        SimOptimum cheap = SimPrompts.QA.bestAchievable(List.of(SimModelProfile.SMALL));
        assertTrue(cheap.expectedAccuracy() < best.expectedAccuracy());
        assertTrue(SimPrompts.QA.expectedAccuracy(SimModelProfile.SMALL, SimConditions.BASELINE)
                < cheap.expectedAccuracy());
    }

    @Test
    void profilesTradeAccuracyForCostAndLatency() {
        SimModelProfile small = SimModelProfile.SMALL;
        SimModelProfile large = SimModelProfile.LARGE;
        assertTrue(small.baseLogit() < SimModelProfile.MEDIUM.baseLogit()
                && SimModelProfile.MEDIUM.baseLogit() < large.baseLogit());
        assertEquals(0.10 * 1000 / 1e6 + 0.40 * 100 / 1e6, small.costUsd(1000, 100), 1e-15);
        assertTrue(large.costUsd(1000, 100) > 20 * small.costUsd(1000, 100));
        assertEquals(140, small.latency(100).toMillis());
        assertEquals(1200, large.latency(100).toMillis());
        assertEquals(SimModelProfile.LARGE, SimModelProfile.builtIn("sim-large").orElseThrow());
        assertTrue(SimModelProfile.builtIn("gpt-4").isEmpty());
    }

    @Test
    void invalidDefinitionsAreRejectedWithClearMessages() {
        SimExample example = new SimExample("a", Map.of("q", "x"), Map.of("a", "y"), 0.5);
        IllegalArgumentException duplicate = assertThrows(
                IllegalArgumentException.class, () -> new SimTask("t", List.of(example, example), List.of()));
        assertTrue(duplicate.getMessage().contains("two examples with id a"), duplicate.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> new SimExample("b", Map.of("q", "x"), Map.of("a", "y"), 1.5));
        assertThrows(
                IllegalArgumentException.class, () -> new SimExample("c", Map.of("q", "x"), Map.of("q", "y"), 0.1));
        assertThrows(IllegalArgumentException.class, () -> SimTasks.sentiment(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SimConditions(-1, 0, false, 0, 0));
    }

    @Test
    void tokenEstimateIsCeilOfCodePointsOverFour() {
        assertEquals(0, SimTokens.ofText(""));
        assertEquals(1, SimTokens.ofText("abcd"));
        assertEquals(2, SimTokens.ofText("abcde"));
        assertEquals(1, SimTokens.ofText("\uD83D\uDE00\uD83D\uDE00"));
        assertEquals(
                1 + 4 + 2 + 4,
                SimTokens.ofMessages(
                        List.of(dev.dspj.lm.ChatMessage.system("abc"), dev.dspj.lm.ChatMessage.user("abcdefg"))));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
