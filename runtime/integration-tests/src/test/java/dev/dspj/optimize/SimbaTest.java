package dev.dspj.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.execution.RunRecord;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Example;
import dev.dspj.sim.SimMetrics;
import dev.dspj.sim.SimulatedModel;
import dev.dspj.state.ProgramState;
import dev.dspj.study.StudyStore;
import dev.dspj.testing.ScriptedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIMBA on the simulated factoid QA task: a dev-score gain over the hint-free program, budgets,
 * append-a-rule and append-a-demo, DSPy's bucket order, saving the result, resuming from a run
 * record, builder validation.
 */
class SimbaTest {

    private static final List<Example> TRAIN = QaFixture.train(64);
    private static final List<Example> DEV = QaFixture.dev(150);
    private static final String ADVICE =
            "If the question asks for a place or a person, name it in as few words as " + "the better run did.";

    /** A small SIMBA: 4 steps of 16 examples on 4 variants, about 850 calls on the 64 training examples. */
    private static Simba.Builder small() {
        return Simba.builder(QaFixture.EXACT_MATCH)
                .bsize(16)
                .numCandidates(4)
                .maxSteps(4)
                .seed(3);
    }

    /** A rule model that always gives the same advice to the predictor {@code self}. */
    private static ScriptedModel scriptedProposer() {
        return ScriptedModel.answering(request -> ScriptedModel.chatAnswer(
                        "discussion",
                        "The worse run gave a wrong answer; the better one named the entity.",
                        "module_advice",
                        "{\"self\": \"" + ADVICE + "\"}"))
                .named("scripted-proposer");
    }

    private static String userText(LmRequest request) {
        return request.messages().stream().map(ChatMessage::content).collect(Collectors.joining("\n"));
    }

    @Test
    void improvesTheDevScoreOfTheHintFreeQaProgramByAClearMargin() {
        RecordingModel model = new RecordingModel(SimulatedModel.of("sim-small"));
        RecordingModel proposer = new RecordingModel(SimulatedModel.of("sim-medium"));
        Predict student = QaFixture.student(model);
        String instructions = student.instructions();
        assertFalse(
                instructions.contains("short factoid") || instructions.contains("1-5 words"),
                "the baseline must not already carry the task's hints: " + instructions);
        double before = QaFixture.score(student, DEV);
        int callsBefore = model.requests().size();

        List<OptimizerEvent> events = new ArrayList<>();
        Simba simba = Simba.builder(SimMetrics.exactMatchWithFeedback(QaFixture.TASK, "answer"))
                .bsize(16)
                .numCandidates(4)
                .maxSteps(4)
                .seed(3)
                .promptModel(proposer)
                .listener(events::add)
                .build();
        var simbaRun = simba.compileWithResult(student, TRAIN);
        Predict optimized = simbaRun.program();
        OptimizerReport report = simbaRun.report();
        int calls = model.requests().size() - callsBefore;
        double after = QaFixture.score(optimized, DEV);
        System.out.printf(
                "SIMBA sim-small (rules by sim-medium): dev %.3f -> %.3f, %d demos, %d task calls, %d rule "
                        + "calls, instructions %s (%s)%n",
                before,
                after,
                optimized.demos().size(),
                calls,
                proposer.requests().size(),
                optimized.instructions().replace("\n", " / "),
                report.summary());

        assertTrue(after - before >= 0.15, "dev score " + before + " -> " + after);
        assertTrue(
                student.demos().isEmpty() && student.instructions().equals(instructions), "the student is unchanged");
        assertNotSame(student, optimized);
        assertEquals(OptimizerReport.COMPLETED, report.stoppedReason());
        assertEquals(calls + proposer.requests().size(), report.calls(), "the report counts every call the run made");
        assertTrue(optimized.demos().stream().allMatch(Example::augmented), "demos come from the program's own runs");

        List<Simba.Candidate> pool = simbaRun.candidates();
        Simba.Candidate baseline = pool.get(0);
        assertEquals(-1, baseline.step());
        assertNull(baseline.strategy());
        assertTrue(baseline.winner());
        Simba.Candidate chosen = pool.get(report.bestCandidate());
        assertEquals(report.bestScore().orElseThrow(), chosen.trainScore(), 1e-12);
        assertEquals(((Predict) chosen.program()).demos(), optimized.demos());
        assertEquals(
                chosen.trainScore(),
                QaFixture.score(optimized, TRAIN),
                1e-12,
                "the returned program scores on the training set what the final selection said");
        assertTrue(
                pool.stream().filter(c -> c.trainScore() != null).allMatch(Simba.Candidate::winner),
                "only step winners reach the final selection");
        assertTrue(events.stream().anyMatch(e -> e.kind() == OptimizerEvent.Kind.NEW_BEST));
        assertEquals(OptimizerEvent.Kind.FINISHED, events.get(events.size() - 1).kind());
    }

    @ParameterizedTest
    @ValueSource(longs = {40, 150, 500, 700})
    void aRuleLookaheadSpendsWithinTheCallBudgetToo(long budget) {
        RecordingModel model = new RecordingModel(SimulatedModel.of("sim-small"));
        Simba simba = small().callBudget(budget)
                .strategies(Simba.Strategy.APPEND_A_RULE)
                .ruleLookahead(3)
                .promptModel(model)
                .build();
        var simbaRun = simba.compileWithResult(QaFixture.student(model), TRAIN);
        assertTrue(model.requests().size() <= budget, model.requests().size() + " calls for a budget of " + budget);
        assertEquals(model.requests().size(), simbaRun.report().calls(), "the calls asked ahead are counted");
        assertEquals(
                "stopped: call budget " + budget + " reached", simbaRun.report().stoppedReason());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 40, 150, 500, 700})
    void neverExceedsItsCallBudgetAndStopsWithTheBestSoFar(long budget) {
        RecordingModel model = new RecordingModel(SimulatedModel.of("sim-small"));
        List<OptimizerEvent> events = new ArrayList<>();
        Simba simba = small().callBudget(budget)
                .promptModel(model)
                .listener(events::add)
                .build();
        Predict student = QaFixture.student(model);
        var simbaRun = simba.compileWithResult(student, TRAIN);
        Predict result = simbaRun.program();
        OptimizerReport report = simbaRun.report();

        assertTrue(model.requests().size() <= budget, model.requests().size() + " calls for a budget of " + budget);
        assertEquals(model.requests().size(), report.calls());
        assertEquals("stopped: call budget " + budget + " reached", report.stoppedReason());
        assertTrue(events.stream().anyMatch(e -> e.kind() == OptimizerEvent.Kind.STOPPED));
        assertTrue(student.demos().isEmpty());
        Simba.Candidate returned = simbaRun.candidates().get(report.bestCandidate());
        assertEquals(((Predict) returned.program()).demos(), result.demos());
        assertEquals(((Predict) returned.program()).instructions(), result.instructions());
        if (!report.candidates().isEmpty()) {
            assertEquals(
                    report.bestScore().orElseThrow(),
                    returned.trainScore(),
                    1e-12,
                    "stopped in the final selection: the best program scored on the training set");
        }
        int calls = model.requests().size();
        System.out.printf(
                "SIMBA with a budget of %d: %d calls, program %d, dev %.2f%n",
                budget, calls, report.bestCandidate(), QaFixture.score(result, DEV));
    }

    @Test
    void aDollarBudgetIsNeverPassed() {
        RecordingModel model = new RecordingModel(SimulatedModel.of("sim-small"));
        Simba simba = small().costBudgetUsd(0.005).promptModel(model).build();
        var simbaRun = simba.compileWithResult(QaFixture.student(model), TRAIN);
        OptimizerReport report = simbaRun.report();
        assertTrue(report.costUsd().doubleValue() <= 0.005, "spent $" + report.costUsd());
        assertTrue(report.stoppedReason().startsWith("stopped: cost budget"), report.stoppedReason());
    }

    @Test
    void appendARuleAppendsTheModelsAdviceToThePredictorsInstructions() {
        ScriptedModel proposer = scriptedProposer();
        Simba simba = small().maxSteps(2)
                .strategies(Simba.Strategy.APPEND_A_RULE)
                .promptModel(proposer)
                .build();
        Predict student = QaFixture.student("sim-small");
        String base = student.instructions();
        var simbaRun = simba.compileWithResult(student, TRAIN);
        Predict result = simbaRun.program();

        assertFalse(proposer.requests().isEmpty(), "the rule model was asked");
        String prompt = userText(proposer.requests().get(0));
        for (String field : List.of(
                "better_program_trajectory",
                "worse_program_trajectory",
                "oracle_metadata",
                "modules_defn",
                "module_names",
                "better_reward_value",
                "worse_reward_value")) {
            assertTrue(prompt.contains(field), "the OfferFeedback prompt shows " + field);
        }
        assertTrue(prompt.contains("\"module_name\": \"self\""), "trajectories name the predictor: " + prompt);

        List<Simba.Candidate> built =
                simbaRun.candidates().subList(1, simbaRun.candidates().size());
        assertFalse(built.isEmpty());
        for (Simba.Candidate candidate : built) {
            assertEquals(Simba.Strategy.APPEND_A_RULE, candidate.strategy());
            String parent =
                    ((Predict) simbaRun.candidates().get(candidate.parent()).program()).instructions();
            Predict program = (Predict) candidate.program();
            assertEquals(parent + "\n\n" + ADVICE, program.instructions(), "the advice is appended after a blank line");
            assertTrue(program.instructions().startsWith(base));
            assertTrue(program.demos().isEmpty());
        }
        assertTrue(result.instructions().startsWith(base));
        assertEquals(base, student.instructions(), "the student is unchanged");
    }

    @Test
    void rulesWrittenByTheSimulatedProposerCarryTheTasksHintsIntoTheInstructions() {
        Simba simba = Simba.builder(SimMetrics.exactMatchWithFeedback(QaFixture.TASK, "answer"))
                .bsize(16)
                .numCandidates(4)
                .maxSteps(4)
                .seed(2)
                .strategies(Simba.Strategy.APPEND_A_RULE)
                .promptModel(SimulatedModel.of("sim-medium"))
                .build();
        Predict student = QaFixture.student("sim-small");
        double before = QaFixture.score(student, DEV);
        var simbaRun = simba.compileWithResult(student, TRAIN);
        Predict optimized = simbaRun.program();
        double after = QaFixture.score(optimized, DEV);
        long hinted = simbaRun.candidates().stream()
                .map(c -> ((Predict) c.program()).instructions())
                .filter(text -> text.contains("1-5 words") || text.contains("short factoid"))
                .count();
        System.out.printf(
                "SIMBA rules only: dev %.3f -> %.3f, %d of %d programs carry a hint, instructions %s%n",
                before,
                after,
                hinted,
                simbaRun.candidates().size(),
                optimized.instructions().replace("\n", " / "));

        assertTrue(optimized.demos().isEmpty());
        assertTrue(
                optimized.instructions().contains("1-5 words")
                        || optimized.instructions().contains("short factoid"),
                optimized.instructions());
        assertTrue(after - before >= 0.15, "dev score " + before + " -> " + after);
    }

    @Test
    void appendADemoKeepsAtMostMaxDemosAndTruncatesLongInputs() {
        int maxLength = 12;
        Simba simba = small().maxSteps(6)
                .maxDemos(2)
                .demoInputFieldMaxlen(maxLength)
                .strategies(Simba.Strategy.APPEND_A_DEMO)
                .build();
        var simbaRun = simba.compileWithResult(QaFixture.student("sim-small"), TRAIN);

        List<Simba.Candidate> pool = simbaRun.candidates();
        int full = 0;
        int droppedFromFull = 0;
        for (Simba.Candidate candidate : pool) {
            List<Example> demos = ((Predict) candidate.program()).demos();
            assertTrue(demos.size() <= 2, candidate.description() + " has " + demos.size() + " demos");
            if (demos.size() == 2) {
                full++;
            }
            if (candidate.parent() >= 0
                    && ((Predict) pool.get(candidate.parent()).program())
                                    .demos()
                                    .size()
                            == 2) {
                droppedFromFull++;
            }
            for (Example demo : demos) {
                assertTrue(demo.augmented());
                String question = (String) demo.values().get("question");
                assertTrue(question.endsWith(Simba.TRUNCATION_MARK), question);
                String kept = question.substring(0, question.length() - Simba.TRUNCATION_MARK.length());
                assertEquals(maxLength, kept.codePointCount(0, kept.length()));
                String answer = Majority.normalize((String) demo.values().get("answer"));
                assertTrue(
                        TRAIN.stream()
                                .anyMatch(e -> ((String) e.values().get("question")).startsWith(kept)
                                        && Majority.normalize(
                                                        (String) e.values().get("answer"))
                                                .equals(answer)),
                        "a demo is a run the metric scored 1: " + demo);
            }
        }
        assertTrue(full > 0, "some candidate reached maxDemos");
        assertTrue(droppedFromFull > 0, "some candidate was built from a full program (and dropped a demo first)");
    }

    @Test
    void aProgramOfTwoPredictorsGetsDemosAndAdvicePerPredictorName() {
        ScriptedModel proposer = ScriptedModel.answering(request -> ScriptedModel.chatAnswer(
                "discussion",
                "The answer step went wrong.",
                "module_advice",
                "{\"answer\": \"" + ADVICE + "\", \"summary\": \"not a predictor\"}"));
        Simba simba = small().maxSteps(3).maxDemos(2).promptModel(proposer).build();
        TwoStep student = new TwoStep(SimulatedModel.of("sim-small"));
        String base = student.answer.instructions();
        var simbaRun = simba.compileWithResult(student, TRAIN);
        TwoStep result = simbaRun.program();

        assertTrue(
                userText(proposer.requests().get(0)).contains("\"module_name\": \"draft\""),
                "the trajectories show both predictors");
        boolean sawRule = false;
        boolean sawDemos = false;
        for (Simba.Candidate candidate : simbaRun.candidates()) {
            TwoStep program = (TwoStep) candidate.program();
            assertEquals(base, program.draft.instructions(), "advice for another predictor leaves draft alone");
            assertTrue(
                    program.draft.demos().size() <= 2 && program.answer.demos().size() <= 2);
            sawRule |= program.answer.instructions().endsWith("\n\n" + ADVICE);
            if (candidate.strategy() == Simba.Strategy.APPEND_A_DEMO) {
                TwoStep parent =
                        (TwoStep) simbaRun.candidates().get(candidate.parent()).program();
                assertFalse(
                        program.draft.demos().isEmpty()
                                || program.answer.demos().isEmpty(),
                        "both predictors ran, so both got a demo");
                assertEquals(
                        program.draft
                                .demos()
                                .get(program.draft.demos().size() - 1)
                                .values()
                                .get("question"),
                        program.answer
                                .demos()
                                .get(program.answer.demos().size() - 1)
                                .values()
                                .get("question"));
                assertNotSame(parent, program);
                sawDemos = true;
            }
        }
        assertTrue(sawRule && sawDemos, "both strategies built candidates");
        assertNotSame(student, result);
        assertTrue(student.draft.demos().isEmpty() && student.answer.demos().isEmpty());
    }

    @Test
    void aTaskModelRunsEveryProgramAndStaysOnTheResult() {
        ScriptedModel unused = ScriptedModel.replying().named("not-to-be-called");
        RecordingModel task = new RecordingModel(SimulatedModel.of("sim-small"));
        Simba simba = small().maxSteps(1)
                .taskModel(task)
                .strategies(Simba.Strategy.APPEND_A_DEMO)
                .build();
        var simbaRun = simba.compileWithResult(QaFixture.student(unused), TRAIN);
        Predict result = simbaRun.program();
        assertTrue(unused.requests().isEmpty(), "the student's own model is not used");
        assertEquals(simbaRun.report().calls(), task.requests().size());
        assertEquals(task, result.model().orElseThrow());
    }

    @Test
    void bucketsAreSortedByGapThenMaxThenMaxToAverageGap() {
        // five examples on three variants: outputs[v * 5 + i] is variant v on example i
        double[][] byExample = {
            {1, 0, 0}, // gap 1, max 1, max-avg 2/3
            {1, 1, 0}, // gap 1, max 1, max-avg 1/3
            {0.5, 0.5, 0.5}, // gap 0
            {0.2, 0.8, 0.5}, // gap 0.6, max 0.8
            {0, 1, 1}, // the same statistics as example 1: stays after it
        };
        List<SimbaTrajectory> outputs = new ArrayList<>();
        for (int variant = 0; variant < 3; variant++) {
            for (int example = 0; example < byExample.length; example++) {
                outputs.add(new SimbaTrajectory(
                        example, byExample[example][variant], "variant " + variant, null, null, List.of()));
            }
        }
        List<SimbaTrajectory.Bucket> buckets = SimbaTrajectory.buckets(outputs, 5);
        assertEquals(
                List.of(0, 1, 4, 3, 2),
                buckets.stream().map(SimbaTrajectory.Bucket::example).toList());
        SimbaTrajectory.Bucket first = buckets.get(0);
        assertEquals(1.0, first.maxToMinGap());
        assertEquals(1.0, first.maxScore());
        assertEquals(2.0 / 3, first.maxToAvgGap(), 1e-12);
        assertEquals(
                List.of("variant 1", "variant 2", "variant 0"),
                buckets.get(2).trajectories().stream()
                        .map(SimbaTrajectory::feedback)
                        .toList(),
                "best first, ties in variant order");
        assertEquals("variant 2", buckets.get(1).worst().feedback());
        assertEquals(0.6, buckets.get(3).maxToMinGap(), 1e-12);

        List<SimbaTrajectory> four = List.of(
                SimbaTrajectory.scored(0, 1),
                SimbaTrajectory.scored(1, 0),
                SimbaTrajectory.scored(2, 0.5),
                SimbaTrajectory.scored(3, 1));
        assertEquals(0.15, SimbaTrajectory.percentile(four, 10), 1e-12, "numpy's linear percentile");
        assertEquals(1.0, SimbaTrajectory.percentile(four, 90), 1e-12);
    }

    @Test
    void theResultSavesAndLoadsWithProgramStateAndScoresTheSame(@TempDir Path dir) throws Exception {
        Simba simba = small().promptModel(scriptedProposer()).build();
        var simbaRun = simba.compileWithResult(QaFixture.student("sim-small"), TRAIN);
        Predict optimized = simbaRun.program();
        assertTrue(
                optimized.instructions().contains(ADVICE) || !optimized.demos().isEmpty(), "SIMBA changed something");

        Path file = dir.resolve("simba.json");
        ProgramState.save(optimized, file);
        Predict loaded = QaFixture.student("sim-small");
        ProgramState.load(loaded, file);
        assertEquals(optimized.instructions(), loaded.instructions());
        assertEquals(optimized.demos().size(), loaded.demos().size());
        for (int i = 0; i < optimized.demos().size(); i++) {
            assertEquals(
                    optimized.demos().get(i).values(), loaded.demos().get(i).values());
            assertTrue(loaded.demos().get(i).augmented());
        }
        assertEquals(QaFixture.score(optimized, DEV), QaFixture.score(loaded, DEV), 1e-12);
    }

    @Test
    void aRestartedRunReplaysItsRecordedStepsAndRepeatsNoCall(@TempDir Path dir) {
        RecordingModel uninterruptedModel = new RecordingModel(SimulatedModel.of("sim-small"));
        ScriptedModel uninterruptedRules = scriptedProposer();
        Predict uninterrupted =
                small().promptModel(uninterruptedRules).build().compile(QaFixture.student(uninterruptedModel), TRAIN);

        Path file = dir.resolve("runs.db");
        RecordingModel firstModel = new RecordingModel(SimulatedModel.of("sim-small"));
        ScriptedModel firstRules = scriptedProposer();
        Simba.Result<Predict> interruptedRun;
        try (StudyStore store = StudyStore.sqlite(file)) {
            Simba interrupted = small().promptModel(firstRules)
                    .callBudget(400)
                    .record(RunRecord.in(store, "simba-qa"))
                    .build();
            interruptedRun = interrupted.compileWithResult(QaFixture.student(firstModel), TRAIN);
        }
        assertTrue(interruptedRun.report().stoppedEarly());

        RecordingModel secondModel = new RecordingModel(SimulatedModel.of("sim-small"));
        ScriptedModel secondRules = scriptedProposer();
        Predict resumed;
        RunRecord record;
        try (StudyStore store = StudyStore.sqlite(file)) {
            record = RunRecord.in(store, "simba-qa");
            Simba simba = small().promptModel(secondRules).record(record).build();
            Simba.Result<Predict> simbaRun = simba.compileWithResult(QaFixture.student(secondModel), TRAIN);
            resumed = simbaRun.program();
            assertEquals(OptimizerReport.COMPLETED, simbaRun.report().stoppedReason());
        }
        System.out.printf(
                "SIMBA resume: %d + %d task calls (uninterrupted %d), %d + %d rule calls (%d), %s%n",
                firstModel.requests().size(),
                secondModel.requests().size(),
                uninterruptedModel.requests().size(),
                firstRules.requests().size(),
                secondRules.requests().size(),
                uninterruptedRules.requests().size(),
                record);

        assertTrue(record.replayed() > 0, "the second run replayed the first run's steps");
        assertEquals(
                uninterruptedModel.requests().size(),
                firstModel.requests().size() + secondModel.requests().size(),
                "no task call is made twice");
        assertEquals(
                uninterruptedRules.requests().size(),
                firstRules.requests().size() + secondRules.requests().size(),
                "no rule is asked for twice");
        assertEquals(uninterrupted.instructions(), resumed.instructions());
        assertEquals(uninterrupted.demos(), resumed.demos(), "the resumed run ends where the uninterrupted one did");
    }

    @Test
    void theBuilderNamesTheParameterThatIsWrong() {
        assertMessage(
                "SIMBA: bsize must be at least 1, got 0",
                () -> Simba.builder(QaFixture.EXACT_MATCH).bsize(0));
        assertMessage(
                "SIMBA: numCandidates must be at least 1, got 0",
                () -> Simba.builder(QaFixture.EXACT_MATCH).numCandidates(0));
        assertMessage(
                "SIMBA: maxSteps must be at least 1, got -2",
                () -> Simba.builder(QaFixture.EXACT_MATCH).maxSteps(-2));
        assertMessage(
                "SIMBA: maxDemos must be at least 0, got -1",
                () -> Simba.builder(QaFixture.EXACT_MATCH).maxDemos(-1));
        assertMessage(
                "SIMBA: demoInputFieldMaxlen must be at least 1, got 0",
                () -> Simba.builder(QaFixture.EXACT_MATCH).demoInputFieldMaxlen(0));
        assertMessage(
                "SIMBA: numThreads must be at least 1, got 0",
                () -> Simba.builder(QaFixture.EXACT_MATCH).numThreads(0));
        assertMessage(
                "SIMBA: temperatureForSampling must be a positive number, got 0.0",
                () -> Simba.builder(QaFixture.EXACT_MATCH).temperatureForSampling(0));
        assertMessage(
                "SIMBA: temperatureForCandidates must be a positive number, got NaN",
                () -> Simba.builder(QaFixture.EXACT_MATCH).temperatureForCandidates(Double.NaN));
        assertMessage(
                "SIMBA: callBudget must be at least 1, got 0",
                () -> Simba.builder(QaFixture.EXACT_MATCH).callBudget(0));
        assertMessage(
                "SIMBA: ruleLookahead must be at least 0, got -1",
                () -> Simba.builder(QaFixture.EXACT_MATCH).ruleLookahead(-1));
        assertMessage(
                "SIMBA: costBudgetUsd must be a positive number, got -1.0",
                () -> Simba.builder(QaFixture.EXACT_MATCH).costBudgetUsd(-1));
        assertMessage(
                "SIMBA: strategies must name at least one strategy, got none; the strategies are "
                        + "[APPEND_A_DEMO, APPEND_A_RULE]",
                () -> Simba.builder(QaFixture.EXACT_MATCH).strategies());
        assertMessage(
                "SIMBA: strategy APPEND_A_RULE is given twice in [APPEND_A_RULE, APPEND_A_RULE]",
                () -> Simba.builder(QaFixture.EXACT_MATCH)
                        .strategies(Simba.Strategy.APPEND_A_RULE, Simba.Strategy.APPEND_A_RULE));
        assertMessage(
                "SIMBA: strategy APPEND_A_DEMO needs maxDemos of at least 1, got maxDemos=0; raise maxDemos or "
                        + "leave APPEND_A_DEMO out",
                () -> Simba.builder(QaFixture.EXACT_MATCH)
                        .maxDemos(0)
                        .strategies(Simba.Strategy.APPEND_A_DEMO)
                        .build());
        NullPointerException noMetric = assertThrows(NullPointerException.class, () -> Simba.builder(null));
        assertEquals("SIMBA: the metric is null", noMetric.getMessage());

        assertEquals(
                List.of(Simba.Strategy.APPEND_A_DEMO, Simba.Strategy.APPEND_A_RULE),
                Simba.builder(QaFixture.EXACT_MATCH).build().strategies(),
                "DSPy's strategies by default");
        assertEquals(
                List.of(Simba.Strategy.APPEND_A_RULE),
                Simba.builder(QaFixture.EXACT_MATCH).maxDemos(0).build().strategies(),
                "no demos when maxDemos is 0");

        Simba simba = Simba.builder(QaFixture.EXACT_MATCH).build();
        IllegalArgumentException tooSmall = assertThrows(
                IllegalArgumentException.class,
                () -> simba.compile(QaFixture.student("sim-small"), QaFixture.train(10)));
        assertEquals(
                "SIMBA: the trainset has 10 examples, fewer than bsize=32; pass at least bsize examples or set a "
                        + "smaller bsize",
                tooSmall.getMessage());
    }

    private static void assertMessage(String expected, Executable action) {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, action::run);
        assertEquals(expected, thrown.getMessage());
    }

    /** A step that should throw. */
    @FunctionalInterface
    private interface Executable {
        void run() throws Exception;
    }
}
