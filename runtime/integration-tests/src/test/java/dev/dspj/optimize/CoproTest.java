package dev.dspj.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.codec.Codecs;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.Metric;
import dev.dspj.evaluate.Metrics;
import dev.dspj.execution.RunRecord;
import dev.dspj.lm.LmRequest;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Example;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.sim.SimTask;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModel;
import dev.dspj.state.ProgramState;
import dev.dspj.testing.ScriptedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COPRO on the simulated tasks: a sim-small task model, a sim-large prompt model, hint-free instructions. */
class CoproTest {

    private static final List<Example> TRAIN = QaFixture.train(40);
    private static final List<Example> DEV = QaFixture.dev(100);

    private static List<String> hints(SimTask task, String instruction) {
        List<String> found = new ArrayList<>();
        for (String hint : task.hints()) {
            if (instruction.toLowerCase(Locale.ROOT).contains(hint)) {
                found.add(hint);
            }
        }
        return found;
    }

    /**
     * COPRO's proposer sees nothing but the current instruction; the simulated proposer recognises
     * the task from the field names it mentions. Factoid QA and arithmetic share theirs
     * ({@code question -> answer}), so on QA it guesses the task at random for every proposal; the
     * sentiment task's {@code review -> sentiment} is unambiguous, and its signature here has no hint
     * phrase either.
     */
    private static final SimTask SENTIMENT = SimTasks.sentiment();

    private static final SignatureDescriptor REVIEW = SignatureDescriptor.builder("ReviewSentiment")
            .field(FieldDescriptor.input("review", Codecs.STRING, "a product review", null))
            .field(FieldDescriptor.output("sentiment", Codecs.STRING, "POSITIVE, NEGATIVE or NEUTRAL", null))
            .build();
    private static final Metric SENTIMENT_MATCH = Metrics.exactMatch("sentiment");

    private static double sentimentScore(Predict program, List<Example> examples) {
        return Evaluate.builder(examples, SENTIMENT_MATCH)
                .progress(false)
                .build()
                .run(program)
                .score();
    }

    @Test
    void improvesTheDevScoreWithInstructionsThatCarryTheTasksHints() {
        List<Example> train = SENTIMENT.toExamples().subList(0, 40);
        List<Example> dev = SENTIMENT.toExamples().subList(150, 250);
        RecordingModel task = new RecordingModel(SimulatedModel.of("sim-small"));
        RecordingModel prompt = new RecordingModel(SimulatedModel.of("sim-large"));
        Predict student = new Predict(REVIEW);
        student.setModel(task);
        double before = sentimentScore(student, dev);
        List<OptimizerEvent> events = new ArrayList<>();
        Copro copro = Copro.builder(SENTIMENT_MATCH)
                .promptModel(prompt)
                .listener(events::add)
                .build();
        int taskCallsBefore = task.requests().size();
        var coproRun = copro.compileWithResult(student, train);
        Predict best = coproRun.program();
        int calls = task.requests().size() - taskCallsBefore + prompt.requests().size();
        double after = sentimentScore(best, dev);
        OptimizerReport report = coproRun.report();
        System.out.printf(
                Locale.ROOT,
                "COPRO (sentiment): dev %.3f -> %.3f, %s; instruction: %s / prefix %s%n",
                before,
                after,
                report.summary(),
                best.instructions(),
                best.signature().outputFields().get(0).prefix());

        assertTrue(after - before >= 0.2, "dev " + before + " -> " + after);
        assertFalse(
                hints(SENTIMENT, best.instructions()).isEmpty(),
                "the returned instruction carries a hint: " + best.instructions());
        assertEquals(calls, report.calls(), "the report counts every call of both models");
        // breadth 10, depth 3, one predictor: 9 + 10 + 10 proposals, 10 + 10 + 10 candidates scored on 40 examples
        assertEquals(29, prompt.requests().size());
        assertEquals(30, report.candidates().size());
        assertEquals(30 * 40, report.calls() - 29);
        assertEquals(
                report.bestScore().orElseThrow(), coproRun.candidates().get(0).score());
        assertEquals(
                sentimentScore(best, train),
                report.bestScore().orElseThrow(),
                1e-9,
                "the returned program scores what the report says");
        assertTrue(events.stream().anyMatch(e -> e.kind() == OptimizerEvent.Kind.NEW_BEST));
        assertEquals(REVIEW.instructions(), student.instructions(), "the student is unchanged");
    }

    @Test
    void showsTheProposerEarlierAttemptsWorstFirstInDspysFormat() {
        List<String> attempts = new ArrayList<>();
        AtomicInteger proposals = new AtomicInteger();
        ScriptedModel prompt = ScriptedModel.answering(request -> {
            String user = request.messages().get(request.messages().size() - 1).content();
            if (user.contains("attempted_instructions")) {
                attempts.add(user);
            }
            int n = proposals.incrementAndGet();
            String instruction = n % 2 == 0
                    ? "Answer with a short factoid in 1-5 words. Variant " + n
                    : "Answer the question. Variant " + n;
            return ScriptedModel.chatAnswer(
                    "proposed_instruction", instruction, "proposed_prefix_for_output_field", "Answer " + n + ":");
        });
        Copro copro = Copro.builder(QaFixture.EXACT_MATCH)
                .breadth(3)
                .depth(2)
                .promptModel(prompt)
                .build();
        assertNotNull(
                copro.compileWithResult(QaFixture.student("sim-small"), TRAIN).program());

        assertEquals(3, attempts.size(), "one round of breadth proposals from the attempts");
        assertEquals(1, attempts.stream().distinct().count(), "every proposal of the round sees the same attempts");
        String shown = attempts.get(0);
        Matcher scores = Pattern.compile("Resulting Score #(\\d+): ([0-9.]+)").matcher(shown);
        List<Double> values = new ArrayList<>();
        int number = 0;
        while (scores.find()) {
            assertEquals(++number, Integer.parseInt(scores.group(1)));
            values.add(Double.parseDouble(scores.group(2)));
        }
        assertEquals(3, values.size(), "the 3 candidates of the first round: " + shown);
        for (int i = 1; i < values.size(); i++) {
            assertTrue(values.get(i - 1) <= values.get(i), "increasing order of score: " + values);
        }
        assertTrue(shown.contains("Instruction #1: ") && shown.contains("Prefix #1: "), shown);
        assertTrue(shown.contains("Instruction #3: ") && shown.contains("Prefix #3: "), shown);
    }

    @Test
    void keepsEachPredictorsBestAndTracksDspysStatistics() {
        RecordingModel prompt = new RecordingModel(SimulatedModel.of("sim-large"));
        TwoStep student = new TwoStep(SimulatedModel.of("sim-small"));
        Copro copro = Copro.builder(QaFixture.EXACT_MATCH)
                .breadth(3)
                .depth(2)
                .promptModel(prompt)
                .trackStats(true)
                .build();
        var coproRun = copro.compileWithResult(student, QaFixture.train(20));
        TwoStep best = coproRun.program();
        Map<String, Copro.PredictorStatistics> statistics = coproRun.statistics();
        System.out.println(statistics);

        assertEquals(List.of("draft", "answer"), List.copyOf(statistics.keySet()));
        double bestScore = coproRun.report().bestScore().orElseThrow();
        for (Copro.PredictorStatistics stats : statistics.values()) {
            assertEquals(2, stats.resultsBest().size(), "one entry per depth");
            assertEquals(2, stats.resultsLatest().size(), "one entry per depth");
            for (Copro.DepthStatistics depth : stats.resultsBest()) {
                assertTrue(depth.min() <= depth.average() && depth.average() <= depth.max(), depth.toString());
                assertTrue(depth.std() >= 0);
            }
            assertEquals(
                    List.of(0, 1),
                    stats.resultsLatest().stream()
                            .map(Copro.DepthStatistics::depth)
                            .toList());
            Copro.DepthStatistics last = stats.resultsBest().get(1);
            assertTrue(last.max() >= stats.resultsBest().get(0).max(), "the best so far never drops");
        }
        assertEquals(
                bestScore,
                statistics.values().stream()
                        .mapToDouble(s -> s.resultsBest().get(1).max())
                        .max()
                        .orElseThrow(),
                1e-12);
        // two predictors: every candidate is scored again in the second round; 3 + 3 new ones per predictor
        assertEquals(2 * (3 + 6), coproRun.report().candidates().size());
        assertEquals(QaFixture.score(best, QaFixture.train(20)), bestScore, 1e-9);
        assertTrue(coproRun.statistics().size() == 2);

        Copro untracked = Copro.builder(QaFixture.EXACT_MATCH)
                .breadth(2)
                .depth(1)
                .promptModel(prompt)
                .build();
        var untrackedRun = untracked.compileWithResult(QaFixture.student("sim-small"), QaFixture.train(10));
        assertTrue(untrackedRun.statistics().isEmpty(), "no statistics without trackStats");
    }

    @Test
    void neverExceedsItsCallBudgetAndReturnsTheBestSoFar() {
        RecordingModel task = new RecordingModel(SimulatedModel.of("sim-small"));
        RecordingModel prompt = new RecordingModel(SimulatedModel.of("sim-large"));
        Copro copro = Copro.builder(QaFixture.EXACT_MATCH)
                .breadth(5)
                .depth(2)
                .promptModel(prompt)
                .callBudget(130)
                .build();
        var coproRun = copro.compileWithResult(QaFixture.student(task), TRAIN);
        Predict best = coproRun.program();
        OptimizerReport report = coproRun.report();
        assertEquals(130, task.requests().size() + prompt.requests().size(), "not one call more than the budget");
        assertEquals(130, report.calls());
        assertEquals("stopped: call budget 130 reached", report.stoppedReason());
        // 4 proposals, then 40 calls per candidate: 3 candidates complete, the fourth is cut short and dropped
        assertEquals(3, report.candidates().size());
        assertEquals(report.bestScore().orElseThrow(), QaFixture.score(best, TRAIN), 1e-9);
        assertTrue(best.forward(DEV.get(0).inputs()).get("answer").isPresent(), "the returned program is not metered");

        Copro tooSmall = Copro.builder(QaFixture.EXACT_MATCH)
                .breadth(5)
                .promptModel(prompt)
                .callBudget(3)
                .build();
        var tooSmallRun = tooSmall.compileWithResult(QaFixture.student("sim-small"), TRAIN);
        Predict unchanged = tooSmallRun.program();
        assertEquals(QaFixture.QA.instructions(), unchanged.instructions(), "nothing was scored: the student's copy");
        assertTrue(tooSmallRun.report().candidates().isEmpty());
        assertEquals(3, tooSmallRun.report().calls());
    }

    @Test
    void neverPassesItsCostBudget() {
        Copro copro = Copro.builder(QaFixture.EXACT_MATCH)
                .promptModel(SimulatedModel.of("sim-large"))
                .costBudgetUsd(0.05)
                .build();
        var coproRun = copro.compileWithResult(QaFixture.student("sim-small"), TRAIN);
        Predict best = coproRun.program();
        OptimizerReport report = coproRun.report();
        assertTrue(report.costUsd().doubleValue() <= 0.05, "spent $" + report.costUsd());
        assertEquals("stopped: cost budget $0.0500 reached", report.stoppedReason());
        assertEquals(report.bestScore().orElseThrow(), QaFixture.score(best, TRAIN), 1e-9);
    }

    @Test
    void aSecondRunWithTheSameRecordReplaysEveryStepWithoutACall() {
        RunRecord record = RunRecord.inMemory("copro-replay");
        RecordingModel prompt = new RecordingModel(SimulatedModel.of("sim-large"));
        RecordingModel task = new RecordingModel(SimulatedModel.of("sim-small"));
        Copro copro = Copro.builder(QaFixture.EXACT_MATCH)
                .breadth(3)
                .depth(2)
                .promptModel(prompt)
                .record(record)
                .build();
        var coproRun = copro.compileWithResult(QaFixture.student(task), QaFixture.train(20));
        Predict first = coproRun.program();
        int calls = task.requests().size() + prompt.requests().size();
        int computed = record.computed();
        var secondRun = copro.compileWithResult(QaFixture.student(task), QaFixture.train(20));
        Predict second = secondRun.program();
        assertEquals(calls, task.requests().size() + prompt.requests().size(), "no model call the second time");
        assertEquals(0, secondRun.report().calls());
        assertEquals(computed, record.replayed(), "every step replayed");
        assertEquals(
                ProgramState.toJson(first).toString(),
                ProgramState.toJson(second).toString());
    }

    @Test
    void theCompiledProgramSavesAndLoadsAndScoresTheSame(@TempDir Path dir) throws Exception {
        Copro copro = Copro.builder(QaFixture.EXACT_MATCH)
                .breadth(4)
                .depth(2)
                .promptModel(SimulatedModel.of("sim-large"))
                .build();
        var coproRun = copro.compileWithResult(QaFixture.student("sim-small"), TRAIN);
        Predict best = coproRun.program();
        Path file = dir.resolve("copro.json");
        ProgramState.save(best, file);
        Predict loaded = QaFixture.student("sim-small");
        ProgramState.load(loaded, file);
        FieldDescriptor<?> answer = loaded.signature().outputFields().get(0);
        assertEquals(best.instructions(), loaded.instructions());
        assertEquals(best.signature().outputFields().get(0).prefix(), answer.prefix());
        assertEquals(QaFixture.score(best, DEV), QaFixture.score(loaded, DEV), 1e-12);
        assertEquals(formatted(best), formatted(loaded), "the same prompt");
    }

    private static String formatted(Predict predictor) {
        return new LmRequest(predictor.formatPrompt(DEV.get(0).inputs()), predictor.settings())
                .messages()
                .toString();
    }

    @Test
    void builderMessagesNameTheParameter() {
        assertEquals(
                "COPRO: breadth must be greater than 1, got 1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Copro.builder(QaFixture.EXACT_MATCH).breadth(1))
                        .getMessage());
        assertEquals(
                "COPRO: depth must be at least 1, got 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Copro.builder(QaFixture.EXACT_MATCH).depth(0))
                        .getMessage());
        assertEquals(
                "COPRO: initTemperature must be between 0 and 2.0, got -0.5",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Copro.builder(QaFixture.EXACT_MATCH).initTemperature(-0.5))
                        .getMessage());
        assertEquals(
                "COPRO: callBudget must be at least 1, got 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Copro.builder(QaFixture.EXACT_MATCH).callBudget(0))
                        .getMessage());
        assertEquals(
                "COPRO: costBudgetUsd must be a positive number, got 0.0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Copro.builder(QaFixture.EXACT_MATCH).costBudgetUsd(0))
                        .getMessage());
        assertEquals(
                "COPRO: the metric is null",
                assertThrows(NullPointerException.class, () -> Copro.builder(null))
                        .getMessage());
        Copro copro = Copro.builder(QaFixture.EXACT_MATCH).build();
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> copro.compile(QaFixture.student("sim-small"), List.of()))
                .getMessage()
                .startsWith("COPRO: the trainset is empty"));
        assertEquals(Copro.DEFAULT_BREADTH, 10);
        assertEquals(Copro.DEFAULT_DEPTH, 3);
        assertEquals(Copro.DEFAULT_INIT_TEMPERATURE, 1.4);
    }
}
