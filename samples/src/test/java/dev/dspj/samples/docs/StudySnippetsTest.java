package dev.dspj.samples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.Dspj;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.EvaluationResult;
import dev.dspj.evaluate.Metrics;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.study.Study;
import dev.dspj.study.StudyStore;
import dev.dspj.study.Trial;
import dev.dspj.study.TrialState;
import dev.dspj.variable.Configuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Java snippet of {@code docs/studies.md}: one worker's loop over a durable study, against
 * DSPJ's simulated model over loopback HTTP (the default model), in a SQLite file; run again, it
 * finds every configuration complete.
 */
class StudySnippetsTest {

    @Test
    void aWorkerClaimsEvaluatesAndCompletesEachConfigurationOnce() throws Exception {
        ReadmeSnippetsTest.deleteSqlite(Path.of("studies.db"));
        try (SimulatedModelServer sim =
                        SimulatedModelServer.builder().latencyScale(0.1).build().start();
                LanguageModel model = HttpLanguageModel.builder("sim/sim-small")
                        .baseUrl(sim.baseUrl())
                        .cache(ResponseCache.memory(10_000))
                        .build()) {
            Dspj.configure(model);
            // snippet:study-loop
            QuestionAnswerPredictor qa = QuestionAnswerPredictor.predict(); // on the default model (Dspj.configure)
            Evaluate evaluate = Evaluate.builder(SimTasks.factoidQa().dataset().take(40), Metrics.exactMatch("answer"))
                    .build();
            List<Configuration> candidates = List.of(
                    Configuration.of(Map.of("temperature", 0.0)),
                    Configuration.of(Map.of("temperature", 0.7)),
                    Configuration.of(Map.of("temperature", 1.4)));
            String worker = "worker-" + ProcessHandle.current().pid();

            // or StudyStore.open("jdbc:postgresql://db:5432/dspj?user=search&password=...") for many machines
            try (StudyStore store = StudyStore.sqlite(Path.of("studies.db"))) {
                Study study = store.study("qa-temperature", "{\"program\":\"QuestionAnswer\"}"); // created, or loaded
                for (Configuration configuration : candidates) {
                    Optional<Trial> claimed = study.claim(configuration, worker, Duration.ofSeconds(30));
                    if (claimed.isEmpty()) {
                        continue; // complete, or another worker has it
                    }
                    try { // for a long evaluation, study.heartbeat(trial, lease) every 10 s meanwhile
                        double temperature = configuration.getDouble("temperature");
                        EvaluationResult result = evaluate.run(qa.withTemperature(temperature));
                        double cost = result.usage().costUsd().doubleValue();
                        String details = "{\"calls\":" + result.usage().calls() + "}";
                        study.complete(
                                claimed.get(), Map.of("accuracy", result.score(), "cost", cost), "full", details);
                    } catch (RuntimeException e) {
                        study.fail(claimed.get(), e.toString()); // the next claim runs it again
                    }
                }
                System.out.println(study.completed()); // every finished trial, by number
            }
            // end-snippet
            try (StudyStore store = StudyStore.sqlite(Path.of("studies.db"))) {
                Study study = store.study("qa-temperature", "{\"program\":\"QuestionAnswer\"}");
                List<Trial> completed = study.completed();
                assertEquals(3, completed.size(), completed.toString());
                for (Trial trial : completed) {
                    assertEquals(TrialState.COMPLETE, trial.state());
                    double accuracy = trial.values().get("accuracy");
                    assertTrue(accuracy >= 0 && accuracy <= 1, trial.toString());
                    assertTrue(trial.values().get("cost") > 0, trial.toString());
                }
                assertEquals(
                        candidates,
                        completed.stream().map(Trial::configuration).toList(),
                        "one trial per configuration, numbered in the order they were claimed");
                for (Configuration configuration : candidates) {
                    assertTrue(
                            study.claim(configuration, "another-worker", Duration.ofSeconds(30))
                                    .isEmpty(),
                            "a complete configuration is never claimed again");
                }
            }
        } finally {
            Dspj.configure(null);
        }
    }
}
