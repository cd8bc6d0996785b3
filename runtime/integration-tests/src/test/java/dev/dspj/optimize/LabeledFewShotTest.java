package dev.dspj.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.module.Predict;
import dev.dspj.primitives.Example;
import dev.dspj.sim.SimulatedModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LabeledFewShot: DSPy's seeded sample, per predictor, and the score it buys. */
class LabeledFewShotTest {

    private static List<Example> pick(List<Example> train, int... indexes) {
        List<Example> picked = new ArrayList<>();
        for (int index : indexes) {
            picked.add(train.get(index));
        }
        return picked;
    }

    @Test
    void samplesTheDemosDspyWouldWithRandomZero() {
        List<Example> train = QaFixture.train(100);
        Predict student = QaFixture.student("sim-small");
        LabeledFewShot optimizer = new LabeledFewShot();
        var optimizerRun = optimizer.compileWithResult(student, train);
        Predict compiled = optimizerRun.program();
        // random.Random(0).sample(trainset, 16)
        assertEquals(pick(train, 49, 97, 53, 5, 33, 65, 62, 51, 38, 61, 45, 74, 27, 64, 17, 36), compiled.demos());
        assertTrue(compiled.demos().stream().noneMatch(Example::augmented));
        assertTrue(student.demos().isEmpty(), "the student is unchanged");
        assertNotSame(student, compiled);
        assertEquals(0, optimizerRun.report().calls());
        assertEquals(OptimizerReport.COMPLETED, optimizerRun.report().stoppedReason());
    }

    @Test
    void everyPredictorDrawsFromOneGeneratorInOrder() {
        List<Example> train = QaFixture.train(100);
        TwoStep compiled = new LabeledFewShot().compile(new TwoStep(SimulatedModel.of("sim-small")), train);
        assertEquals(
                pick(train, 49, 97, 53, 5, 33, 65, 62, 51, 38, 61, 45, 74, 27, 64, 17, 36), compiled.draft.demos());
        assertEquals(
                pick(train, 17, 96, 12, 79, 32, 68, 90, 77, 18, 39, 93, 9, 87, 42, 60, 71), compiled.answer.demos());
    }

    @Test
    void honoursKSeedAndSampling() {
        List<Example> train = QaFixture.train(10);
        assertEquals(
                pick(train, 6, 9, 0),
                new LabeledFewShot(3)
                        .compile(QaFixture.student("sim-small"), train)
                        .demos());
        assertEquals(
                pick(train, 0, 1, 2),
                LabeledFewShot.builder()
                        .k(3)
                        .sample(false)
                        .build()
                        .compile(QaFixture.student("sim-small"), train)
                        .demos());
        assertEquals(
                10,
                new LabeledFewShot(50)
                        .compile(QaFixture.student("sim-small"), train)
                        .demos()
                        .size());
        assertTrue(new LabeledFewShot()
                .compile(QaFixture.student("sim-small"), List.of())
                .demos()
                .isEmpty());
        assertTrue(
                !LabeledFewShot.builder()
                        .k(3)
                        .seed(1)
                        .build()
                        .compile(QaFixture.student("sim-small"), train)
                        .demos()
                        .equals(pick(train, 6, 9, 0)),
                "another seed, another sample");
        assertThrows(IllegalArgumentException.class, () -> new LabeledFewShot(-1));
    }

    @Test
    void raisesTheDevScoreOfTheZeroShotProgram() {
        Predict student = QaFixture.student("sim-small");
        List<Example> dev = QaFixture.dev(100);
        double zeroShot = QaFixture.score(student, dev);
        double labeled = QaFixture.score(new LabeledFewShot().compile(student, QaFixture.train(100)), dev);
        System.out.printf("LabeledFewShot sim-small: zero-shot %.2f -> %.2f%n", zeroShot, labeled);
        assertTrue(labeled - zeroShot >= 0.15, "zero-shot " + zeroShot + ", labeled " + labeled);
    }
}
