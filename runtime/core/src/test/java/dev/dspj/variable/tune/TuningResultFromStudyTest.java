package dev.dspj.variable.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.study.Study;
import dev.dspj.study.StudyStore;
import dev.dspj.study.Trial;
import dev.dspj.variable.Configuration;
import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import dev.dspj.variable.objective.Constraints;
import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.objective.SelectionPolicy;
import dev.dspj.variable.report.HtmlReport;
import dev.dspj.variable.search.SearchStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link TuningResult#fromStudy} rebuilds what a {@link Tuner} found from the study it wrote. */
class TuningResultFromStudyTest {

    private static final VariableSpace SPACE = VariableSpace.of(
            Variable.choice("adapter", List.of("chat", "json"), "chat"),
            Variable.integer("demos", 0, 4, 2, 0),
            Variable.real("temperature", 0.0, 1.0, false, 0.0).when("adapter", "json"));

    private static TuningResult search(StudyStore store, String study) {
        return Tuner.builder(SPACE, TrialEvaluator.of(configuration -> {
                    if (configuration.getInt("demos") == 4 && "chat".equals(configuration.getString("adapter"))) {
                        throw new IllegalStateException("the model refused");
                    }
                    double accuracy = 0.5 + 0.1 * configuration.getInt("demos");
                    return Measurements.of(accuracy, 0.001 * (1 + configuration.getInt("demos")), 100, 10);
                }))
                .objectives(Objective.accuracy(), Objective.cost().withWeight(0.6))
                .budget(Budget.trials(8))
                .strategy(SearchStrategy.RANDOM)
                .seed(7)
                .parallelTrials(1)
                .study(store, study)
                .build()
                .run();
    }

    @Test
    void theStudyOfASearchGivesBackItsTrialsFrontAndPick() {
        StudyStore store = StudyStore.inMemory();
        TuningResult ran = search(store, "qa");
        TuningResult read = TuningResult.fromStudy(store.find("qa").orElseThrow());

        assertEquals("qa", read.studyName());
        assertEquals(SPACE.variables(), read.space().variables());
        assertEquals(
                List.of("accuracy", "cost"),
                read.objectives().stream().map(Objective::name).toList());
        assertEquals(0.6, read.objectives().get(1).weight());
        assertEquals(SearchStrategy.RANDOM, read.strategy());
        assertEquals(SelectionPolicy.BALANCED, read.policy());
        assertEquals(Constraints.none(), read.constraints());
        assertEquals(ran.trials().size(), read.trials().size());
        for (int i = 0; i < ran.trials().size(); i++) {
            TrialOutcome before = ran.trials().get(i);
            TrialOutcome after = read.trials().get(i);
            assertEquals(before.number(), after.number());
            assertEquals(before.configuration(), after.configuration());
            assertEquals(before.measurement(), after.measurement());
            assertEquals(before.values(), after.values());
            assertEquals(before.stage(), after.stage());
            assertTrue(after.fromEarlierRun());
        }
        assertEquals(
                ran.failedTrials().stream().map(FailedTrial::number).toList(),
                read.failedTrials().stream().map(FailedTrial::number).toList());
        assertEquals(
                ran.front().stream().map(TrialOutcome::number).toList(),
                read.front().stream().map(TrialOutcome::number).toList());
        assertEquals(ran.best().map(TrialOutcome::number), read.best().map(TrialOutcome::number));
        assertTrue(read.stopReason().startsWith("read from the study"), read.stopReason());
        assertTrue(HtmlReport.render(read).contains("<svg"), "the report renders");
    }

    @Test
    void constraintsAndPolicyGivenApplyToTheStoredTrials() {
        StudyStore store = StudyStore.inMemory();
        search(store, "qa");
        Study study = store.find("qa").orElseThrow();
        TuningResult strict =
                TuningResult.fromStudy(study, Constraints.none().minAccuracy(0.75), SelectionPolicy.ACCURACY_FIRST);
        assertEquals(SelectionPolicy.ACCURACY_FIRST, strict.policy());
        assertTrue(strict.trials().stream().anyMatch(trial -> !trial.feasible()), "low accuracy breaks the limit");
        strict.best().ifPresent(best -> assertTrue(best.measurement().accuracy() >= 0.75));
    }

    @Test
    void aStudyTheSearchDidNotWriteIsRefusedSayingSo() {
        StudyStore store = StudyStore.inMemory();
        Study record = store.study("run:compile", "{\"kind\":\"optimizer run record\"}");
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> TuningResult.fromStudy(record));
        assertTrue(
                error.getMessage().contains("'run:compile' was not written by the variable search"),
                error.getMessage());

        Study noMeasurement = store.study(
                "hand-made",
                "{\"variables\":[\"k integer [0..3] default 0\"],\"objectives\":[\"accuracy (maximize, weight 0.4)\"],"
                        + "\"strategy\":\"GRID\"}");
        Trial trial = noMeasurement
                .claim(Configuration.of(Map.of("k", 1)), "w", Duration.ofMinutes(1))
                .orElseThrow();
        noMeasurement.complete(trial, Map.of("accuracy", 1.0), "full", "{\"calls\":3}");
        error = assertThrows(IllegalArgumentException.class, () -> TuningResult.fromStudy(noMeasurement));
        assertTrue(error.getMessage().contains("no \"measurement\""), error.getMessage());

        Study notJson = store.study("odd", "{\"variables\":[],\"objectives\":[],\"strategy\":\"GRID\"}");
        error = assertThrows(IllegalArgumentException.class, () -> TuningResult.fromStudy(notJson));
        assertTrue(error.getMessage().contains("no objective"), error.getMessage());
    }
}
