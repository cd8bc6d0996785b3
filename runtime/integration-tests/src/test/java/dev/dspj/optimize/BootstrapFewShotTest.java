package dev.dspj.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.codec.Codecs;
import dev.dspj.evaluate.Metric;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.RetriableModelException;
import dev.dspj.module.CallOptions;
import dev.dspj.module.ChainOfThought;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Example;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.sim.SimulatedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** BootstrapFewShot on the simulated QA task: score gain, augmented demos, labeled fill, rounds, teacher, errors, budget. */
class BootstrapFewShotTest {

    private static final Metric NEVER = Metric.of((gold, prediction) -> 0);

    private static List<Integer> trainIndexes(List<Example> demos, List<Example> train) {
        List<Integer> indexes = new ArrayList<>();
        for (Example demo : demos) {
            for (int i = 0; i < train.size(); i++) {
                if (train.get(i).values().get("question").equals(demo.values().get("question"))) {
                    indexes.add(i);
                }
            }
        }
        return indexes;
    }

    @Test
    void raisesTheDevScoreOfTheZeroShotProgramByAtLeast15Points() {
        Predict student = QaFixture.student("sim-small");
        List<Example> dev = QaFixture.dev(100);
        double zeroShot = QaFixture.score(student, dev);
        BootstrapFewShot optimizer =
                BootstrapFewShot.builder(QaFixture.EXACT_MATCH).build();
        var optimizerRun = optimizer.compileWithResult(student, QaFixture.train(100));
        Predict compiled = optimizerRun.program();
        double optimized = QaFixture.score(compiled, dev);
        System.out.printf(
                "BootstrapFewShot sim-small: zero-shot %.2f -> %.2f (%s)%n",
                zeroShot, optimized, optimizerRun.report().summary());
        assertTrue(optimized - zeroShot >= 0.15, "zero-shot " + zeroShot + ", bootstrapped " + optimized);
    }

    @Test
    void marksBootstrappedDemosAugmentedAndNeverChangesTheStudent() {
        Predict student = QaFixture.student("sim-small");
        Example ownDemo =
                Example.of("question", "What is 1 + 1?", "answer", "2").withInputs("question");
        student.setDemos(List.of(ownDemo));
        List<Example> train = QaFixture.train(100);
        Predict compiled =
                BootstrapFewShot.builder(QaFixture.EXACT_MATCH).build().compile(student, train);

        assertNotSame(student, compiled);
        assertEquals(List.of(ownDemo), student.demos(), "the student's demos are untouched");
        assertSame(student.model().orElseThrow(), compiled.model().orElseThrow(), "the copy keeps the student's model");
        List<Example> demos = compiled.demos();
        assertEquals(16, demos.size());
        for (int i = 0; i < 4; i++) {
            Example demo = demos.get(i);
            assertTrue(demo.augmented(), "demo " + i + " was bootstrapped");
            assertEquals(java.util.Set.of("question"), demo.inputKeys());
            Example gold = train.get(trainIndexes(List.of(demo), train).get(0));
            assertEquals(gold.values().get("answer"), demo.values().get("answer"), "the metric accepted this trace");
        }
        for (int i = 4; i < 16; i++) {
            assertFalse(demos.get(i).augmented(), "demo " + i + " is a labeled example");
            assertTrue(train.contains(demos.get(i)), "labeled demos are raw training examples");
        }
        assertFalse(demos.contains(ownDemo), "the student's own demos are dropped (reset_copy)");
    }

    @Test
    void fillsLabeledDemosExactlyAsDspyDoes() {
        List<Example> train = QaFixture.train(100);
        Predict compiled =
                BootstrapFewShot.builder(QaFixture.EXACT_MATCH).build().compile(QaFixture.student("sim-small"), train);
        // DSPy: validation = [i for i in range(100) if i not in bootstrapped]; random.Random(0).shuffle(validation);
        // random.Random(0).sample(validation, 16 - 4), with examples 0, 1, 3, 4 bootstrapped (2 failed the metric).
        assertEquals(
                List.of(0, 1, 3, 4, 71, 29, 17, 99, 91, 7, 54, 48, 93, 25, 83, 33),
                trainIndexes(compiled.demos(), train));
        BootstrapFewShot optimizer =
                BootstrapFewShot.builder(QaFixture.EXACT_MATCH).build();
        var optimizerRun = optimizer.compileWithResult(QaFixture.student("sim-small"), train);
        assertEquals(5, optimizerRun.report().bootstrapAttempts(), "examples 0 to 4 were tried");
        assertEquals(4, optimizerRun.report().bootstrapped());
    }

    @Test
    void respectsTheDemoLimits() {
        List<Example> train = QaFixture.train(60);
        Predict twoAndThree = BootstrapFewShot.builder(QaFixture.EXACT_MATCH)
                .maxBootstrappedDemos(2)
                .maxLabeledDemos(5)
                .build()
                .compile(QaFixture.student("sim-small"), train);
        assertEquals(5, twoAndThree.demos().size());
        assertEquals(2, twoAndThree.demos().stream().filter(Example::augmented).count());

        Predict bootstrappedOnly = BootstrapFewShot.builder(QaFixture.EXACT_MATCH)
                .maxBootstrappedDemos(3)
                .maxLabeledDemos(0)
                .build()
                .compile(QaFixture.student("sim-small"), train);
        assertEquals(3, bootstrappedOnly.demos().size());
        assertTrue(bootstrappedOnly.demos().stream().allMatch(Example::augmented));

        Predict fewerLabeledThanBootstrapped = BootstrapFewShot.builder(QaFixture.EXACT_MATCH)
                .maxBootstrappedDemos(4)
                .maxLabeledDemos(2)
                .build()
                .compile(QaFixture.student("sim-small"), train);
        assertEquals(
                4,
                fewerLabeledThanBootstrapped.demos().size(),
                "DSPy keeps every bootstrapped demo and adds no labeled one");
        assertTrue(fewerLabeledThanBootstrapped.demos().stream().allMatch(Example::augmented));

        Predict labeledOnly = BootstrapFewShot.builder(NEVER)
                .maxLabeledDemos(7)
                .build()
                .compile(QaFixture.student("sim-small"), QaFixture.train(10));
        assertEquals(7, labeledOnly.demos().size(), "nothing passes the metric: 7 labeled demos");
        assertTrue(labeledOnly.demos().stream().noneMatch(Example::augmented));

        Predict smallTrainset =
                BootstrapFewShot.builder(NEVER).build().compile(QaFixture.student("sim-small"), QaFixture.train(5));
        assertEquals(5, smallTrainset.demos().size(), "never more labeled demos than examples");
    }

    @Test
    void laterRoundsUseAFreshRolloutAtTemperatureOneAndTheTeacherNeverSeesTheExampleItself() {
        RecordingModel model = new RecordingModel(SimulatedModel.of("sim-small"));
        BootstrapFewShot optimizer =
                BootstrapFewShot.builder(NEVER).maxRounds(3).build();
        List<Example> train = QaFixture.train(4);
        var optimizerRun = optimizer.compileWithResult(QaFixture.student(model), train);

        List<LmRequest> requests = model.requests();
        assertEquals(12, requests.size(), "4 examples x 3 rounds");
        for (int example = 0; example < 4; example++) {
            for (int round = 0; round < 3; round++) {
                LmRequest request = requests.get(example * 3 + round);
                if (round == 0) {
                    assertEquals(Optional.empty(), request.settings().rolloutId());
                    assertEquals(Optional.empty(), request.settings().temperature());
                } else {
                    assertEquals(Optional.of(round), request.settings().rolloutId());
                    assertEquals(Optional.of(1.0), request.settings().temperature());
                }
                String question = (String) train.get(example).values().get("question");
                List<ChatMessage> messages = request.messages();
                assertTrue(messages.get(messages.size() - 1).content().contains(question));
                for (int m = 0; m < messages.size() - 1; m++) {
                    assertFalse(
                            messages.get(m).content().contains(question),
                            "example " + example + " is removed from the teacher's demos");
                }
                assertEquals(3 * 2 + 2, messages.size(), "the 3 other examples as demos, system and question");
            }
        }
        OptimizerReport report = optimizerRun.report();
        assertEquals(12, report.calls());
        assertEquals(12, report.trackerUsage().calls(), "the usage tracker saw the same calls");
        assertEquals(12, report.bootstrapAttempts());
        assertEquals(0, report.bootstrapped());
        assertTrue(report.costUsd().signum() > 0);
        assertTrue(report.promptTokens() > 0 && report.completionTokens() > 0);
        assertEquals(OptimizerReport.COMPLETED, report.stoppedReason());
    }

    @Test
    void aTeacherProgramAndTeacherSettingsDriveTheBootstrapCalls() {
        RecordingModel teacherModel = new RecordingModel(SimulatedModel.of("sim-large"));
        RecordingModel studentModel = new RecordingModel(SimulatedModel.of("sim-small"));
        Predict student = QaFixture.student(studentModel);
        Predict teacher = QaFixture.student("sim-medium");
        BootstrapFewShot optimizer = BootstrapFewShot.builder(QaFixture.EXACT_MATCH)
                .teacherSettings(CallOptions.model(teacherModel))
                .build();
        var optimizerRun = optimizer.compileWithResult(student, teacher, QaFixture.train(40));
        Predict compiled = optimizerRun.program();
        assertTrue(studentModel.requests().isEmpty(), "the student is never called while bootstrapping");
        assertEquals(optimizerRun.report().calls(), teacherModel.requests().size());
        assertEquals("sim-large", optimizerRun.report().byModel().get(0).model());
        assertEquals(4, compiled.demos().stream().filter(Example::augmented).count());
        assertSame(studentModel, compiled.model().orElseThrow());
        assertTrue(teacher.demos().isEmpty(), "the teacher is not changed either");
    }

    @Test
    void bootstrapsEveryPredictorOfAChainOfThoughtWithItsReasoning() {
        ChainOfThought student = new ChainOfThought(QaFixture.QA);
        student.predict().setModel(SimulatedModel.of("sim-small"));
        ChainOfThought compiled = BootstrapFewShot.builder(QaFixture.EXACT_MATCH)
                .maxLabeledDemos(4)
                .build()
                .compile(student, QaFixture.train(40));
        List<Example> demos = compiled.predict().demos();
        assertEquals(4, demos.size());
        for (Example demo : demos) {
            assertTrue(demo.augmented());
            assertTrue(demo.has("reasoning"), "a chain of thought's demos keep its reasoning: " + demo);
        }
        assertTrue(student.predict().demos().isEmpty());
    }

    @Test
    void withoutAMetricEveryTeacherRunBecomesDemos() {
        BootstrapFewShot optimizer = BootstrapFewShot.builder().build();
        var optimizerRun = optimizer.compileWithResult(QaFixture.student("sim-small"), QaFixture.train(20));
        Predict compiled = optimizerRun.program();
        assertEquals(4, optimizerRun.report().calls());
        assertEquals(4, optimizerRun.report().bootstrapped());
        assertEquals(4, compiled.demos().stream().filter(Example::augmented).count());
    }

    @Test
    void isDeterministic() {
        List<Example> train = QaFixture.train(80);
        Predict first =
                BootstrapFewShot.builder(QaFixture.EXACT_MATCH).build().compile(QaFixture.student("sim-small"), train);
        Predict second =
                BootstrapFewShot.builder(QaFixture.EXACT_MATCH).build().compile(QaFixture.student("sim-small"), train);
        assertEquals(first.demos(), second.demos());
        Predict otherSeed = BootstrapFewShot.builder(QaFixture.EXACT_MATCH)
                .seed(5)
                .build()
                .compile(QaFixture.student("sim-small"), train);
        assertFalse(first.demos().equals(otherSeed.demos()), "another seed picks other labeled demos");
    }

    @Test
    void aTeacherLookaheadBootstrapsTheSameDemosWithRunsMadeAhead() {
        List<Example> train = QaFixture.train(80);
        for (int maxRounds : new int[] {1, 3}) {
            RecordingModel oneByOne = new RecordingModel(SimulatedModel.of("sim-small"));
            var plain = BootstrapFewShot.builder(QaFixture.EXACT_MATCH)
                    .maxRounds(maxRounds)
                    .build()
                    .compileWithResult(QaFixture.student(oneByOne), train);
            RecordingModel ahead = new RecordingModel(SimulatedModel.of("sim-small"));
            var lookahead = BootstrapFewShot.builder(QaFixture.EXACT_MATCH)
                    .maxRounds(maxRounds)
                    .teacherLookahead(4)
                    .build()
                    .compileWithResult(QaFixture.student(ahead), train);
            assertEquals(plain.program().demos(), lookahead.program().demos(), maxRounds + " round(s)");
            assertEquals(plain.report().errors(), lookahead.report().errors());
            // the walk read the same runs; the ones made past where it stopped were spent
            assertTrue(
                    ahead.requests().size() > oneByOne.requests().size()
                            && ahead.requests().size() <= oneByOne.requests().size() + 4 * maxRounds,
                    ahead.requests().size() + " teacher calls ahead against "
                            + oneByOne.requests().size());
            assertEquals(ahead.requests().size(), lookahead.report().calls(), "the calls made ahead are counted");
        }
    }

    @Test
    void aTeacherLookaheadStaysWithinTheCallBudgetAndStillStopsAtMaxErrors() {
        BootstrapFewShot budgeted = BootstrapFewShot.builder(NEVER)
                .callBudget(7)
                .maxLabeledDemos(5)
                .teacherLookahead(3)
                .build();
        OptimizerReport report = budgeted.compileWithResult(QaFixture.student("sim-small"), QaFixture.train(30))
                .report();
        assertTrue(report.calls() <= 7, report.calls() + " calls for a budget of 7");
        assertEquals("stopped: call budget 7 reached", report.stoppedReason());

        RecordingModel failing = new RecordingModel(SimulatedModel.of("sim-small"))
                .failWith(new RetriableModelException.ServerError("sim-small: HTTP 503", 503, null, "sim-small", null));
        IllegalStateException error = assertThrows(
                IllegalStateException.class,
                () -> BootstrapFewShot.builder(QaFixture.EXACT_MATCH)
                        .maxErrors(3)
                        .teacherLookahead(5)
                        .build()
                        .compile(QaFixture.student(failing), QaFixture.train(12)));
        assertTrue(
                error.getMessage().contains("3 teacher runs failed (maxErrors is 3); the last, on example 2 "),
                error.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> BootstrapFewShot.builder().teacherLookahead(-1));
    }

    @Test
    void stopsCleanlyAtTheCallBudget() {
        BootstrapFewShot optimizer =
                BootstrapFewShot.builder(NEVER).callBudget(3).maxLabeledDemos(5).build();
        var optimizerRun = optimizer.compileWithResult(QaFixture.student("sim-small"), QaFixture.train(30));
        Predict compiled = optimizerRun.program();
        OptimizerReport report = optimizerRun.report();
        assertEquals(3, report.calls());
        assertEquals("stopped: call budget 3 reached", report.stoppedReason());
        assertTrue(report.stoppedEarly());
        assertEquals(0, report.errors(), "a refused call is not an error");
        assertEquals(5, compiled.demos().size(), "the program still gets its labeled demos");
        assertTrue(
                compiled.forward(QaFixture.train(31).get(30).inputs())
                        .get("answer")
                        .isPresent(),
                "the returned program is not held to the budget");
    }

    @Test
    void skipsFailedTeacherRunsUntilMaxErrors() {
        RecordingModel failing = new RecordingModel(SimulatedModel.of("sim-small"))
                .failWith(new RetriableModelException.ServerError("sim-small: HTTP 503", 503, null, "sim-small", null));
        BootstrapFewShot tolerant =
                BootstrapFewShot.builder(QaFixture.EXACT_MATCH).maxErrors(50).build();
        var tolerantRun = tolerant.compileWithResult(QaFixture.student(failing), QaFixture.train(6));
        Predict compiled = tolerantRun.program();
        assertEquals(6, tolerantRun.report().errors());
        assertEquals(6, compiled.demos().size(), "all six examples fill labeled slots");

        BootstrapFewShot strict =
                BootstrapFewShot.builder(QaFixture.EXACT_MATCH).maxErrors(3).build();
        IllegalStateException error = assertThrows(
                IllegalStateException.class, () -> strict.compile(QaFixture.student(failing), QaFixture.train(6)));
        assertTrue(error.getMessage().contains("3 teacher runs failed (maxErrors is 3)"), error.getMessage());
        assertTrue(error.getMessage().contains("HTTP 503"), error.getMessage());
    }

    @Test
    void refusesATeacherWithAnotherStructure() {
        SignatureDescriptor other = SignatureDescriptor.builder("Other")
                .field(FieldDescriptor.input("text", Codecs.STRING, "", null))
                .field(FieldDescriptor.output("answer", Codecs.STRING, "", null))
                .build();
        IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class,
                () -> BootstrapFewShot.builder(QaFixture.EXACT_MATCH)
                        .build()
                        .compile(QaFixture.student("sim-small"), new Predict(other), QaFixture.train(5)));
        assertTrue(error.getMessage().contains("different signatures"), error.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> BootstrapFewShot.builder(QaFixture.EXACT_MATCH)
                        .build()
                        .compile(QaFixture.student("sim-small"), List.of(Example.of("question", "q"))),
                "examples need their inputs marked");
        assertThrows(
                IllegalArgumentException.class,
                () -> BootstrapFewShot.builder(QaFixture.EXACT_MATCH).maxRounds(0));
    }

    @Test
    void reportsProgressToTheListener() {
        List<OptimizerEvent> events = new ArrayList<>();
        BootstrapFewShot.builder(QaFixture.EXACT_MATCH)
                .listener(events::add)
                .build()
                .compile(QaFixture.student("sim-small"), QaFixture.train(20));
        assertEquals(OptimizerEvent.Kind.STARTED, events.get(0).kind());
        assertEquals(OptimizerEvent.Kind.FINISHED, events.get(events.size() - 1).kind());
        assertTrue(events.stream()
                        .filter(e -> e.kind() == OptimizerEvent.Kind.PROGRESS)
                        .count()
                >= 5);
        assertTrue(events.get(events.size() - 1).callsSoFar() >= 4);
        assertTrue(events.stream().allMatch(e -> e.optimizer().equals(BootstrapFewShot.NAME)));
    }

    @Test
    void mapsEveryTraceEntryToThePredictorItCameFrom() {
        TwoStep student = new TwoStep(SimulatedModel.of("sim-small"));
        BootstrapFewShot optimizer = BootstrapFewShot.builder(QaFixture.EXACT_MATCH)
                .maxBootstrappedDemos(2)
                .maxLabeledDemos(3)
                .build();
        var optimizerRun = optimizer.compileWithResult(student, QaFixture.train(40));
        TwoStep compiled = optimizerRun.program();
        assertEquals(
                2, compiled.draft.demos().stream().filter(Example::augmented).count());
        assertEquals(
                2, compiled.answer.demos().stream().filter(Example::augmented).count());
        assertEquals(3, compiled.draft.demos().size());
        assertEquals(3, compiled.answer.demos().size());
        assertEquals(
                compiled.draft.demos().get(0).values().get("question"),
                compiled.answer.demos().get(0).values().get("question"),
                "both steps of one successful run");
        assertTrue(student.draft.demos().isEmpty() && student.answer.demos().isEmpty());
        assertEquals(
                2L * optimizerRun.report().bootstrapAttempts(),
                optimizerRun.report().calls(),
                "two calls per run");
    }
}
