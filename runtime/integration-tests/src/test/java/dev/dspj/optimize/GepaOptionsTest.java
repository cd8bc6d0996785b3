package dev.dspj.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.evaluate.Metric;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.sim.SimMetrics;
import dev.dspj.sim.SimulatedModel;
import dev.dspj.testing.ScriptedModel;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** GEPA's less used options against the simulated model, and the students it refuses. */
class GepaOptionsTest {

    private static final Metric FEEDBACK = SimMetrics.exactMatchWithFeedback(QaFixture.TASK, "answer");
    private static final List<Example> TRAIN = QaFixture.TASK.toExamples().subList(0, 10);
    private static final List<Example> VAL = QaFixture.TASK.toExamples().subList(60, 70);

    private static Set<GepaResult.Outcome> outcomes(GepaResult result) {
        return result.iterations().stream().map(GepaResult.Iteration::outcome).collect(Collectors.toSet());
    }

    @Test
    void minibatchesHaveTheChosenSizeAndMergesAndSkipsCanBeTurnedOff() {
        Gepa gepa = Gepa.builder(FEEDBACK)
                .maxMetricCalls(150)
                .reflectionModel(SimulatedModel.of("sim-large"))
                .valset(VAL)
                .reflectionMinibatchSize(4) // 10 examples: each epoch is padded to 12 with the least sampled
                .useMerge(true)
                .maxMergeInvocations(0)
                .skipPerfectScore(false)
                .seed(3)
                .build();
        GepaResult result = gepa.compileWithResult(QaFixture.student(SimulatedModel.of("sim-large")), TRAIN)
                .details();

        // a rejected iteration scores the parent and its child on one minibatch of 4: 8 metric calls
        List<GepaResult.Iteration> iterations = result.iterations();
        int rejected = 0;
        for (int i = 1; i < iterations.size(); i++) {
            if (iterations.get(i).outcome() == GepaResult.Outcome.REJECTED) {
                rejected++;
                assertEquals(
                        8,
                        iterations.get(i).metricCalls() - iterations.get(i - 1).metricCalls(),
                        result.report());
                assertTrue(iterations.get(i).scoreBefore() <= 4, result.report());
            }
        }
        assertTrue(rejected >= 3, result.report());
        assertTrue(
                result.iterations().stream().noneMatch(i -> i.origin() == GepaResult.Origin.MERGE),
                "no merge with maxMergeInvocations(0): " + result.report());
        assertFalse(outcomes(result).contains(GepaResult.Outcome.SKIPPED_PERFECT), result.report());
        assertTrue(result.report().contains("\nIterations: accepted="), result.report());
    }

    @Test
    void aPerfectScoreEveryMinibatchReachesSkipsEveryIteration() {
        Gepa gepa = Gepa.builder(FEEDBACK)
                .maxMetricCalls(60)
                .reflectionModel(ScriptedModel.answering(request -> {
                    throw new AssertionError("no reflection when every minibatch is perfect");
                }))
                .valset(VAL)
                .perfectScore(0.0)
                .seed(1)
                .build();
        GepaResult result = gepa.compileWithResult(QaFixture.student(SimulatedModel.of("sim-large")), TRAIN)
                .details();
        assertFalse(result.iterations().isEmpty());
        assertEquals(Set.of(GepaResult.Outcome.SKIPPED_PERFECT), outcomes(result), result.report());
        assertEquals(1, result.candidates().size());
    }

    @Test
    void aFailingReflectionProposesNothingAndKeepsTheSeed() {
        Gepa gepa = Gepa.builder(FEEDBACK)
                .maxMetricCalls(60)
                .reflectionModel(ScriptedModel.answering(request -> {
                    throw new IllegalStateException("the reflection model is down");
                }))
                .valset(VAL)
                .skipPerfectScore(false)
                .seed(2)
                .build();
        GepaResult result = gepa.compileWithResult(QaFixture.student(SimulatedModel.of("sim-small")), TRAIN)
                .details();
        assertFalse(result.iterations().isEmpty());
        assertEquals(EnumSet.of(GepaResult.Outcome.NO_PROPOSAL), EnumSet.copyOf(outcomes(result)), result.report());
        assertEquals(0, result.bestIndex());
    }

    /** A program without predictors. */
    static final class NoPredictors implements Module {
        @Override
        public Prediction forward(Map<String, Object> inputs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<NamedPredictor> namedPredictors() {
            return List.of();
        }

        @Override
        public NoPredictors deepCopy() {
            return new NoPredictors();
        }
    }

    /** A program that names one predictor twice. */
    static final class SameNameTwice implements Module {
        final Predict first = QaFixture.student(SimulatedModel.of("sim-large"));
        final Predict second = QaFixture.student(SimulatedModel.of("sim-large"));

        @Override
        public Prediction forward(Map<String, Object> inputs) {
            return first.forward(inputs);
        }

        @Override
        public List<NamedPredictor> namedPredictors() {
            return List.of(new NamedPredictor("qa", first), new NamedPredictor("qa", second));
        }

        @Override
        public SameNameTwice deepCopy() {
            return new SameNameTwice();
        }
    }

    /** A program whose deepCopy returns itself. */
    static final class NotCopied implements Module {
        final Predict qa = QaFixture.student(SimulatedModel.of("sim-large"));

        @Override
        public Prediction forward(Map<String, Object> inputs) {
            return qa.forward(inputs);
        }

        @Override
        public List<NamedPredictor> namedPredictors() {
            return List.of(new NamedPredictor("qa", qa));
        }

        @Override
        public NotCopied deepCopy() {
            return this;
        }
    }

    @Test
    void studentsWithoutPredictorsWithTwoOfOneNameOrNotCopiedAreRefused() {
        Gepa gepa = Gepa.builder(FEEDBACK)
                .maxMetricCalls(60)
                .reflectionModel(SimulatedModel.of("sim-large"))
                .build();
        IllegalArgumentException none =
                assertThrows(IllegalArgumentException.class, () -> gepa.compileWithResult(new NoPredictors(), TRAIN));
        assertEquals(
                "GEPA: the student " + NoPredictors.class.getName()
                        + " has no predictors, so there is no instruction to optimize",
                none.getMessage());

        IllegalArgumentException duplicate =
                assertThrows(IllegalArgumentException.class, () -> gepa.compileWithResult(new SameNameTwice(), TRAIN));
        assertEquals(
                "GEPA: the student has two predictors named 'qa'; GEPA keeps one instruction per predictor name",
                duplicate.getMessage());

        IllegalStateException notCopied =
                assertThrows(IllegalStateException.class, () -> gepa.compileWithResult(new NotCopied(), TRAIN));
        assertEquals(
                "GEPA needs deepCopy() of " + NotCopied.class.getName()
                        + " to return a new instance of the same class, but it returned the program itself",
                notCopied.getMessage());
    }

    @Test
    void fencedRepliesAreUnwrappedAsGepasProposerReadsThem() {
        assertEquals("Be brief.", Gepa.unfence("```\nBe brief.\n```"));
        assertEquals("Be brief.", Gepa.unfence("  ```markdown\nBe brief.\n```  "));
        assertEquals("Be brief and exact.", Gepa.unfence("```Be brief and exact.```"));
        assertEquals(
                "First line has spaces\nSecond line.",
                Gepa.unfence("```First line has spaces\nSecond line.```"),
                "a first line with spaces is text, not a language tag");
        assertEquals("", Gepa.unfence("``````"));
        assertEquals("```", Gepa.unfence("```"));
        assertEquals("No fence.", Gepa.unfence(" No fence. "));
    }
}
