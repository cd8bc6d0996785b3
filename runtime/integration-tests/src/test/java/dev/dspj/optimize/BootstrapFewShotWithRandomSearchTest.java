package dev.dspj.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.module.Predict;
import dev.dspj.primitives.Example;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Random search on the simulated QA task: DSPy's candidate list, the best returned, stopAtScore, the call budget. */
class BootstrapFewShotWithRandomSearchTest {

    private static final List<Example> TRAIN = QaFixture.train(100);
    private static final List<Example> VALSET = QaFixture.TASK.toExamples().subList(150, 250);
    private static final List<Example> TEST = QaFixture.TASK.toExamples().subList(250, 300);

    private static List<Integer> seeds(OptimizerReport report) {
        List<Integer> seeds = new ArrayList<>();
        report.candidates().forEach(c -> seeds.add(c.seed()));
        return seeds;
    }

    @Test
    void scoresDspysCandidateListAndReturnsTheBest() {
        List<OptimizerEvent> events = new ArrayList<>();
        BootstrapFewShotWithRandomSearch search = BootstrapFewShotWithRandomSearch.builder(QaFixture.EXACT_MATCH)
                .numCandidatePrograms(4)
                .valset(VALSET)
                .listener(events::add)
                .build();
        Predict student = QaFixture.student("sim-small");
        var searchRun = search.compileWithResult(student, TRAIN);
        Predict best = searchRun.program();
        OptimizerReport report = searchRun.report();
        System.out.println(report.summary());
        report.candidates().forEach(c -> System.out.println("  " + c));

        assertEquals(List.of(-3, -2, -1, 0, 1, 2, 3), seeds(report));
        List<OptimizerReport.CandidateScore> candidates = report.candidates();
        assertEquals("zero-shot", candidates.get(0).description());
        assertEquals(0, candidates.get(0).demos());
        assertEquals(16, candidates.get(1).demos(), "LabeledFewShot(k=16)");
        // random.Random(seed).randint(1, 4) for seeds 0..3 is 4, 2, 1, 2: each shuffled candidate keeps up to that many
        // bootstrapped demos, then 16 in all with the labeled fill
        int[] sizes = {4, 2, 1, 2};
        for (int seed = 0; seed < 4; seed++) {
            assertTrue(
                    candidates
                            .get(seed + 3)
                            .description()
                            .endsWith("up to " + sizes[seed] + (sizes[seed] == 1 ? " demo" : " demos")),
                    candidates.get(seed + 3).description());
            assertEquals(16, candidates.get(seed + 3).demos());
        }
        double top = report.bestScore().orElseThrow();
        int firstBest = candidates.stream()
                .filter(c -> c.score() == top)
                .findFirst()
                .orElseThrow()
                .seed();
        assertEquals(firstBest, report.bestCandidate(), "the first candidate with the top score wins");
        BootstrapFewShotWithRandomSearch.Candidate winner =
                searchRun.candidates().get(0);
        assertEquals(firstBest, winner.seed());
        assertSame(best, winner.program());
        assertEquals(top, QaFixture.score(best, VALSET), 1e-9, "the returned program scores what the report says");
        for (int i = 1; i < searchRun.candidates().size(); i++) {
            assertTrue(searchRun.candidates().get(i - 1).score()
                    >= searchRun.candidates().get(i).score());
        }
        assertTrue(student.demos().isEmpty(), "the student is unchanged");
        assertEquals(OptimizerReport.COMPLETED, report.stoppedReason());
        assertEquals(
                7,
                events.stream()
                        .filter(e -> e.kind() == OptimizerEvent.Kind.CANDIDATE_SCORED)
                        .count());
        assertTrue(events.stream().anyMatch(e -> e.kind() == OptimizerEvent.Kind.NEW_BEST));
        assertTrue(report.calls() >= 7L * VALSET.size(), "every candidate was scored on the validation set");
        assertTrue(report.costUsd().signum() > 0);
    }

    @Test
    void raisesTheHeldOutScoreOfTheZeroShotProgramByAtLeast15Points() {
        Predict student = QaFixture.student("sim-small");
        double zeroShot = QaFixture.score(student, TEST);
        BootstrapFewShotWithRandomSearch search = BootstrapFewShotWithRandomSearch.builder(QaFixture.EXACT_MATCH)
                .numCandidatePrograms(6)
                .valset(VALSET)
                .build();
        var searchRun = search.compileWithResult(student, TRAIN);
        Predict best = searchRun.program();
        double optimized = QaFixture.score(best, TEST);
        System.out.printf(
                "BootstrapFewShotWithRandomSearch sim-small: held-out zero-shot %.2f -> %.2f (%s)%n",
                zeroShot, optimized, searchRun.report().summary());
        assertTrue(optimized - zeroShot >= 0.15, "zero-shot " + zeroShot + ", optimized " + optimized);
    }

    @Test
    void givesTheSameResultWhateverTheNumberOfCandidateThreads() {
        BootstrapFewShotWithRandomSearch parallel = BootstrapFewShotWithRandomSearch.builder(QaFixture.EXACT_MATCH)
                .numCandidatePrograms(3)
                .valset(VALSET)
                .candidateThreads(6)
                .build();
        BootstrapFewShotWithRandomSearch sequential = BootstrapFewShotWithRandomSearch.builder(QaFixture.EXACT_MATCH)
                .numCandidatePrograms(3)
                .valset(VALSET)
                .candidateThreads(1)
                .build();
        var parallelRun = parallel.compileWithResult(QaFixture.student("sim-small"), TRAIN);
        Predict a = parallelRun.program();
        var sequentialRun = sequential.compileWithResult(QaFixture.student("sim-small"), TRAIN);
        Predict b = sequentialRun.program();
        assertEquals(sequentialRun.report().candidates(), parallelRun.report().candidates());
        assertEquals(a.demos(), b.demos());
        assertEquals(sequentialRun.report().calls(), parallelRun.report().calls());
    }

    @Test
    void stopsAtTheFirstCandidateReachingStopAtScore() {
        BootstrapFewShotWithRandomSearch full = BootstrapFewShotWithRandomSearch.builder(QaFixture.EXACT_MATCH)
                .numCandidatePrograms(4)
                .valset(VALSET)
                .build();
        var fullRun = full.compileWithResult(QaFixture.student("sim-small"), TRAIN);
        List<OptimizerReport.CandidateScore> all = fullRun.report().candidates();
        double zeroShot = all.get(0).score();
        double threshold =
                all.get(1).score() > zeroShot ? all.get(1).score() : all.get(2).score();
        assertTrue(threshold > zeroShot, "a later candidate beats zero-shot");

        BootstrapFewShotWithRandomSearch early = BootstrapFewShotWithRandomSearch.builder(QaFixture.EXACT_MATCH)
                .numCandidatePrograms(4)
                .valset(VALSET)
                .stopAtScore(threshold)
                .build();
        var earlyRun = early.compileWithResult(QaFixture.student("sim-small"), TRAIN);
        Predict best = earlyRun.program();
        OptimizerReport report = earlyRun.report();
        List<OptimizerReport.CandidateScore> scored = report.candidates();
        assertTrue(scored.size() < all.size(), "stopped before the end: " + scored);
        assertEquals(threshold, scored.get(scored.size() - 1).score());
        for (int i = 0; i < scored.size() - 1; i++) {
            assertTrue(scored.get(i).score() < threshold);
        }
        assertTrue(report.stoppedReason().startsWith("stopped: score"), report.stoppedReason());
        assertTrue(report.stoppedReason().contains("reached stopAtScore"), report.stoppedReason());
        assertEquals(scored.get(scored.size() - 1).seed(), report.bestCandidate());
        assertTrue(report.calls() < fullRun.report().calls());
        assertFalse(best.demos().isEmpty());
    }

    @Test
    void stopsCleanlyAtTheCallBudgetWithTheBestCompleteCandidate() {
        List<OptimizerEvent> events = new ArrayList<>();
        BootstrapFewShotWithRandomSearch search = BootstrapFewShotWithRandomSearch.builder(QaFixture.EXACT_MATCH)
                .numCandidatePrograms(4)
                .valset(VALSET)
                .callBudget(250)
                .listener(events::add)
                .build();
        var searchRun = search.compileWithResult(QaFixture.student("sim-small"), TRAIN);
        Predict best = searchRun.program();
        OptimizerReport report = searchRun.report();
        assertEquals(List.of(-3, -2), seeds(report), "the third candidate ran out of calls and was dropped");
        assertEquals("stopped: call budget 250 reached", report.stoppedReason());
        assertEquals(250, report.calls(), "not one call more than the budget");
        assertTrue(events.stream()
                .anyMatch(e -> e.kind() == OptimizerEvent.Kind.STOPPED
                        && e.message().equals("stopped: call budget 250 reached")));
        double top = Math.max(
                report.candidates().get(0).score(), report.candidates().get(1).score());
        assertEquals(top, report.bestScore().orElseThrow());
        assertEquals(
                report.candidates().get(1).score() > report.candidates().get(0).score() ? 16 : 0,
                best.demos().size());
        assertTrue(
                best.forward(TEST.get(0).inputs()).get("answer").isPresent(),
                "the returned program is not metered any more");
    }

    @Test
    void returnsTheZeroShotProgramWhenTheBudgetCannotScoreOneCandidate() {
        BootstrapFewShotWithRandomSearch search = BootstrapFewShotWithRandomSearch.builder(QaFixture.EXACT_MATCH)
                .numCandidatePrograms(2)
                .valset(VALSET)
                .callBudget(10)
                .build();
        var searchRun = search.compileWithResult(QaFixture.student("sim-small"), TRAIN);
        Predict best = searchRun.program();
        assertTrue(best.demos().isEmpty());
        assertTrue(searchRun.report().candidates().isEmpty());
        assertEquals(null, searchRun.report().bestCandidate());
        assertEquals(10, searchRun.report().calls());
        assertEquals("stopped: call budget 10 reached", searchRun.report().stoppedReason());
    }
}
