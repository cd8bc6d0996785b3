package dev.dspj.variable.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.study.Study;
import dev.dspj.study.StudyStore;
import dev.dspj.study.Trial;
import dev.dspj.study.TrialState;
import dev.dspj.variable.Configuration;
import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import dev.dspj.variable.objective.Constraints;
import dev.dspj.variable.objective.Measurement;
import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.objective.SelectionPolicy;
import dev.dspj.variable.search.Pareto;
import dev.dspj.variable.search.SearchStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TunerTest {

    /** model × size: a small landscape whose every value is known. */
    private static final VariableSpace SPACE = VariableSpace.of(
            Variable.choice("model", List.of("small", "medium", "large"), "small"),
            Variable.integer("size", 1, 4, 1, 1));

    /** Accuracy grows with the model and the size; cost grows faster. */
    private static Measurement landscape(Configuration c) {
        int model = List.of("small", "medium", "large").indexOf(c.getString("model"));
        int size = c.getInt("size");
        double accuracy = 0.3 + 0.15 * model + 0.04 * size;
        double cost = (model + 1) * (model + 1) * 0.001 * size;
        return Measurements.of(accuracy, cost, 100 + 50 * model, 10);
    }

    @Test
    void gridSearchEvaluatesEveryConfigurationOnceAndFindsTheTrueFront() {
        Set<Configuration> evaluated = ConcurrentHashMap.newKeySet();
        AtomicInteger calls = new AtomicInteger();
        TuningResult result = Tuner.builder(SPACE, TrialEvaluator.of(c -> {
                    calls.incrementAndGet();
                    assertTrue(evaluated.add(c), "evaluated twice: " + c);
                    return landscape(c);
                }))
                .objectives(Objective.accuracy(), Objective.cost())
                .strategy(SearchStrategy.GRID)
                .budget(Budget.trials(100))
                .parallelTrials(3)
                .build()
                .run();
        assertEquals(List.of(), result.failedTrials());
        assertEquals(12, calls.get(), result.stopReason());
        assertEquals(12, result.trials().size());
        assertEquals(SearchStrategy.GRID, result.strategy());
        assertTrue(result.stopReason().contains("no configuration left"), result.stopReason());
        List<Configuration> grid = SPACE.grid(4);
        List<double[]> points = grid.stream()
                .map(c -> new double[] {landscape(c).accuracy(), -landscape(c).costPerCall()})
                .toList();
        Set<Configuration> trueFront = new HashSet<>();
        for (int index : Pareto.front(points)) {
            trueFront.add(grid.get(index));
        }
        assertEquals(9, trueFront.size(), "small/4, medium/3 and medium/4 are dominated");
        assertEquals(
                trueFront,
                new HashSet<>(
                        result.front().stream().map(TrialOutcome::configuration).toList()));
        assertEquals(
                "large",
                result.bestBy(Objective.ACCURACY).orElseThrow().configuration().getString("model"));
        assertEquals(
                4,
                result.bestBy(Objective.ACCURACY).orElseThrow().configuration().getInt("size"));
        assertEquals(
                Configuration.builder().put("model", "small").put("size", 1L).build(),
                result.bestBy(Objective.COST).orElseThrow().configuration());
    }

    @Test
    void theFrontLeavesOutDominatedAndInfeasibleTrials() {
        TuningResult result = Tuner.builder(SPACE, TrialEvaluator.of(c -> {
                    Measurement m = landscape(c);
                    // medium is as accurate as large at size 4 only, and never cheaper than small: dominated there
                    return c.getString("model").equals("medium") && c.getInt("size") == 2
                            ? Measurements.of(0.2, 0.5, 100, 10)
                            : m;
                }))
                .objectives(Objective.accuracy(), Objective.cost())
                .constraints(Constraints.none().maxCostPerCall(0.01))
                .strategy(SearchStrategy.GRID)
                .budget(Budget.trials(12))
                .build()
                .run();

        List<TrialOutcome> front = result.front();
        assertTrue(front.stream().allMatch(TrialOutcome::feasible));
        assertTrue(
                front.stream()
                        .noneMatch(t -> t.configuration().getString("model").equals("medium")
                                && t.configuration().getInt("size") == 2),
                "a dominated trial is not on the front");
        // large at size >= 3 costs 0.027+ per call: infeasible under the 0.01 limit
        assertTrue(front.stream()
                .noneMatch(t -> t.configuration().getString("model").equals("large")
                        && t.configuration().getInt("size") >= 2));
        for (TrialOutcome a : front) {
            for (TrialOutcome b : result.candidates()) {
                if (b.feasible()) {
                    assertFalse(
                            Pareto.dominates(result.orientedValues(b), result.orientedValues(a)),
                            b.number() + " dominates front member " + a.number());
                }
            }
        }
        TrialOutcome accurate = result.best(SelectionPolicy.ACCURACY_FIRST).orElseThrow();
        assertTrue(accurate.feasible());
        assertEquals(0.01 >= accurate.measurement().costPerCall(), true);
        TrialOutcome cheapest =
                result.best(SelectionPolicy.CHEAPEST_MEETING_CONSTRAINTS).orElseThrow();
        assertEquals("small", cheapest.configuration().getString("model"));
        assertEquals(1, cheapest.configuration().getInt("size"));
        assertTrue(result.trials().stream()
                .anyMatch(t -> !t.feasible() && t.violations().get(0).contains("cost per call")));
    }

    @Test
    void theWeightedScoreRatesEachObjectiveAgainstTheBestAndWorstTrial() {
        VariableSpace one = VariableSpace.of(Variable.choice("model", List.of("small", "large"), "small"));
        TuningResult result = Tuner.builder(
                        one,
                        TrialEvaluator.of(c -> c.getString("model").equals("small")
                                ? Measurements.of(0.5, 0.001, 100, 10)
                                : Measurements.of(0.9, 0.001, 300, 10)))
                .objectives(
                        Objective.accuracy().withWeight(1),
                        Objective.cost().withWeight(1),
                        Objective.latency().withWeight(2))
                .strategy(SearchStrategy.GRID)
                .budget(Budget.trials(2))
                .build()
                .run();
        TrialOutcome small = result.trials().stream()
                .filter(t -> t.configuration().getString("model").equals("small"))
                .findFirst()
                .orElseThrow();
        TrialOutcome large = result.trials().stream()
                .filter(t -> t.configuration().getString("model").equals("large"))
                .findFirst()
                .orElseThrow();
        // equal cost counts as best for both; small: worst accuracy, best latency; large: the reverse
        assertEquals((0 + 1 + 2 * 1) / 4.0, result.weightedScore(small), 1e-9);
        assertEquals((1 + 1 + 2 * 0) / 4.0, result.weightedScore(large), 1e-9);
        assertEquals(small, result.best(SelectionPolicy.BALANCED).orElseThrow());
    }

    @Test
    void aCallBudgetStopsTheSearchBeforeATrialWouldOverrunIt() {
        AtomicInteger trials = new AtomicInteger();
        TuningResult result = Tuner.builder(SPACE, TrialEvaluator.of(c -> {
                    trials.incrementAndGet();
                    return Measurements.of(0.5, 0.001, 10, 100);
                }))
                .budget(Budget.trials(12).maxCalls(450))
                .strategy(SearchStrategy.RANDOM)
                .parallelTrials(1)
                .build()
                .run();

        assertEquals(4, trials.get(), "4 trials of 100 calls fit in 450; a fifth would not");
        assertEquals(400, result.spentCalls());
        assertTrue(result.stopReason().contains("450 model calls"), result.stopReason());
    }

    @Test
    void failedTrialsAreKeptWithTheirErrorAndRepeatedFailuresStopTheSearch() {
        TuningResult result = Tuner.builder(SPACE, TrialEvaluator.of(c -> {
                    if (c.getString("model").equals("large")) {
                        throw new IllegalStateException("the large model is down");
                    }
                    return landscape(c);
                }))
                .strategy(SearchStrategy.GRID)
                .budget(Budget.trials(12))
                .parallelTrials(1)
                .build()
                .run();

        assertEquals(8, result.trials().size());
        assertEquals(4, result.failedTrials().size());
        assertTrue(result.failedTrials().stream()
                .allMatch(f -> f.error().contains("the large model is down")
                        && f.configuration().getString("model").equals("large")));

        TuningResult stopped = Tuner.builder(SPACE, TrialEvaluator.of(c -> {
                    throw new IllegalStateException("no model at all");
                }))
                .strategy(SearchStrategy.GRID)
                .budget(Budget.trials(12))
                .parallelTrials(1)
                .maxConsecutiveFailures(3)
                .build()
                .run();
        assertEquals(3, stopped.failedTrials().size());
        assertTrue(
                stopped.stopReason().contains("3 trials failed in a row")
                        && stopped.stopReason().contains("no model at all"),
                stopped.stopReason());
    }

    @Test
    void trialsRunInParallelUpToTheLimit() throws InterruptedException {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch threeAtOnce = new CountDownLatch(3);
        Tuner.builder(SPACE, TrialEvaluator.of(c -> {
                    peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                    threeAtOnce.countDown();
                    try {
                        threeAtOnce.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    running.decrementAndGet();
                    return landscape(c);
                }))
                .strategy(SearchStrategy.GRID)
                .budget(Budget.trials(12))
                .parallelTrials(3)
                .build()
                .run();
        assertEquals(3, peak.get());
    }

    @Test
    void anInterruptedStudyResumesWithoutRepeatingAFinishedTrial(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("studies.db");
        Set<Configuration> firstRun = ConcurrentHashMap.newKeySet();
        CountDownLatch fiveDone = new CountDownLatch(5);
        Thread run = new Thread(() -> {
            try (StudyStore store = StudyStore.sqlite(file)) {
                Tuner.builder(SPACE, TrialEvaluator.of(c -> {
                            if (fiveDone.getCount() == 0) {
                                // the process "dies" while this trial runs: block until interrupted
                                try {
                                    Thread.sleep(60_000);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                                throw new IllegalStateException("killed");
                            }
                            firstRun.add(c);
                            fiveDone.countDown();
                            return landscape(c);
                        }))
                        .strategy(SearchStrategy.RANDOM)
                        .study(store, "resume")
                        .worker("first")
                        .lease(Duration.ofMillis(300))
                        .budget(Budget.trials(10))
                        .parallelTrials(1)
                        .seed(1)
                        .build()
                        .run();
            } catch (Exception e) {
                // interrupted mid-trial, as a killed process would be
            }
        });
        run.start();
        assertTrue(fiveDone.await(10, TimeUnit.SECONDS));
        Thread.sleep(100);
        run.interrupt();
        run.join(10_000);

        Set<Configuration> completedBefore = new HashSet<>();
        try (StudyStore store = StudyStore.sqlite(file)) {
            Study study = store.study("resume", "{}");
            for (Trial trial : study.completed()) {
                completedBefore.add(trial.configuration());
            }
        }
        assertTrue(completedBefore.size() >= 5 && completedBefore.containsAll(firstRun), completedBefore.toString());

        Thread.sleep(400); // the dead run's lease on its last trial expires
        List<Configuration> secondRun = new ArrayList<>();
        TuningResult result;
        try (StudyStore store = StudyStore.sqlite(file)) {
            result = Tuner.builder(SPACE, TrialEvaluator.of(c -> {
                        synchronized (secondRun) {
                            secondRun.add(c);
                        }
                        return landscape(c);
                    }))
                    .strategy(SearchStrategy.RANDOM)
                    .study(store, "resume")
                    .worker("second")
                    .budget(Budget.trials(10))
                    .parallelTrials(2)
                    .seed(2)
                    .build()
                    .run();
        }
        for (Configuration c : secondRun) {
            assertFalse(completedBefore.contains(c), "repeated a finished trial: " + c);
        }
        assertEquals(10, result.trials().size(), "the study's budget of 10 trials is filled: " + result.stopReason());
        assertEquals(
                completedBefore.size(),
                result.trials().stream().filter(TrialOutcome::fromEarlierRun).count());
        assertEquals(
                10,
                new HashSet<>(result.trials().stream()
                                .map(TrialOutcome::configuration)
                                .toList())
                        .size());
    }

    @Test
    void badSetUpFailsAtConstructionWithTheReason() {
        IllegalArgumentException empty = assertThrows(
                IllegalArgumentException.class,
                () -> Tuner.builder(VariableSpace.empty(), TrialEvaluator.of(c -> Measurement.EMPTY)));
        assertTrue(empty.getMessage().contains("empty"));
        IllegalArgumentException twice = assertThrows(
                IllegalArgumentException.class,
                () -> Tuner.builder(SPACE, TrialEvaluator.of(c -> Measurement.EMPTY))
                        .objectives(Objective.accuracy(), Objective.accuracy()));
        assertTrue(twice.getMessage().contains("'accuracy'"));
        assertThrows(IllegalArgumentException.class, () -> Budget.trials(0));
        assertThrows(
                IllegalArgumentException.class,
                () -> Tuner.builder(SPACE, TrialEvaluator.of(c -> Measurement.EMPTY))
                        .strategy(SearchStrategy.CUSTOM));
    }

    @Test
    void theStudyRecordsEachTrialWithItsMeasurement() {
        try (StudyStore store = StudyStore.inMemory()) {
            Tuner.builder(SPACE, TrialEvaluator.of(TunerTest::landscape))
                    .study(store, "recorded")
                    .strategy(SearchStrategy.GRID)
                    .budget(Budget.trials(3))
                    .build()
                    .run();
            List<Trial> trials = store.study("recorded", "{}").trials();
            assertEquals(3, trials.size());
            for (Trial trial : trials) {
                assertEquals(TrialState.COMPLETE, trial.state());
                assertTrue(trial.detailsJson().contains("\"measurement\""));
                assertEquals(
                        landscape(trial.configuration()).accuracy(),
                        trial.values().get("accuracy"),
                        1e-12);
            }
        }
    }

    @Test
    void aTieOnOneObjectiveGoesToTheTrialBetterOnTheOthers() {
        VariableSpace one = VariableSpace.of(Variable.choice("model", List.of("a", "b", "c"), "a"));
        TuningResult result = Tuner.builder(one, TrialEvaluator.of(c -> switch (c.getString("model")) {
                    case "a" -> Measurements.of(0.8, 0.010, 100, 10);
                    case "b" -> Measurements.of(0.8, 0.002, 100, 10);
                    default -> Measurements.of(0.5, 0.001, 100, 10);
                }))
                .objectives(Objective.accuracy(), Objective.cost())
                .strategy(SearchStrategy.GRID)
                .budget(Budget.trials(3))
                .build()
                .run();
        assertEquals(
                "b",
                result.bestBy(Objective.ACCURACY).orElseThrow().configuration().getString("model"),
                "a is as accurate as b but dearer: it is dominated");
    }

    @Test
    void oneTrialAtATimeASeedGivesTheSameSearchAgain() {
        List<List<Configuration>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            List<Configuration> order = new ArrayList<>();
            Tuner.builder(SPACE, TrialEvaluator.of(c -> {
                        order.add(c);
                        return landscape(c);
                    }))
                    .strategy(SearchStrategy.TPE)
                    .budget(Budget.trials(8))
                    .parallelTrials(1)
                    .seed(42)
                    .build()
                    .run();
            runs.add(order);
        }
        assertEquals(runs.get(0), runs.get(1));
    }

    @Test
    void aStudyFileIsOpenedAndClosedByTheSearchAndResumedByTheNext(@TempDir Path dir) {
        Path file = dir.resolve("own.db");
        for (int run = 1; run <= 2; run++) {
            TuningResult result = Tuner.builder(SPACE, TrialEvaluator.of(TunerTest::landscape))
                    .strategy(SearchStrategy.GRID)
                    .study(file, "owned")
                    .budget(Budget.trials(3 * run))
                    .build()
                    .run();
            assertEquals(3 * run, result.trials().size());
        }
        try (StudyStore store = StudyStore.sqlite(file)) {
            assertEquals(6, store.study("owned", "{}").completed().size());
        }
    }

    @Test
    void measurementsOfPlainScores() {
        Measurement m = Measurement.ofScores(new double[] {1, 0, 1, 1}, 0.002, new double[] {10, 20, 30, 40});
        assertEquals(0.75, m.accuracy(), 1e-12);
        assertEquals(0.002, m.costPerCall(), 1e-12);
        assertEquals(20, m.latencyP50Ms(), 1e-12);
        assertEquals(1.0, m.reliability(), 1e-12);
        assertEquals(0.5, Measurement.ofScores(1, 0).accuracy(), 1e-12);
        IllegalArgumentException mismatch = assertThrows(
                IllegalArgumentException.class, () -> Measurement.ofScores(new double[] {1}, 0, new double[] {1, 2}));
        assertTrue(mismatch.getMessage().contains("one latency per score"), mismatch.getMessage());
    }

    @Test
    void reproducibleSearchesRepeatWithSeveralTrialsAtOnce() {
        List<List<String>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            java.util.Random jitter = new java.util.Random(run * 7919L + System.nanoTime());
            TrialEvaluator screening = new TrialEvaluator() {
                @Override
                public boolean screens() {
                    return true;
                }

                @Override
                public Evaluation screen(Configuration configuration) {
                    pause(jitter);
                    return Evaluation.of(landscape(configuration));
                }

                @Override
                public Evaluation evaluateFully(Configuration configuration, Evaluation screened) {
                    pause(jitter);
                    return Evaluation.of(landscape(configuration));
                }
            };
            TuningResult result = Tuner.builder(SPACE, screening)
                    .objectives(Objective.accuracy())
                    .strategy(SearchStrategy.TPE)
                    .budget(Budget.trials(12))
                    .parallelTrials(3)
                    .reproducible(true)
                    .seed(5)
                    .build()
                    .run();
            runs.add(result.trials().stream()
                    .map(t -> t.number() + " " + t.stage() + " " + t.configuration())
                    .toList());
        }
        assertEquals(12, runs.get(0).size());
        assertEquals(runs.get(0), runs.get(1), "the same trials, in the same order, at the same stages");
    }

    private static void pause(java.util.Random jitter) {
        try {
            Thread.sleep(jitter.nextInt(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
