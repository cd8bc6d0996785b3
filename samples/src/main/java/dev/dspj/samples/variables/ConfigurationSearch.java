package dev.dspj.samples.variables;

import dev.dspj.data.Dataset;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.EvaluationResult;
import dev.dspj.evaluate.Metric;
import dev.dspj.evaluate.Metrics;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.module.PredictorKind;
import dev.dspj.optimize.LabeledFewShot;
import dev.dspj.samples.qa.FactoidQuestionPredictor;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.study.StudyStore;
import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.report.HtmlReport;
import dev.dspj.variable.report.SummaryTable;
import dev.dspj.variable.tune.Budget;
import dev.dspj.variable.tune.BuiltInVariables;
import dev.dspj.variable.tune.SearchResult;
import dev.dspj.variable.tune.TrialOutcome;
import dev.dspj.variable.tune.TuningResult;
import dev.dspj.variable.tune.VariableSearch;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The variable system's sample: searches adapter × module × model × temperature × demos for the
 * factoid QA task on DSPJ's simulated models (served over loopback HTTP), on accuracy, cost and
 * latency at once; prints the Pareto front and the chosen configuration, checks the chosen program
 * on held-out examples, and writes the HTML report.
 *
 * <p>Run it with {@code mvn -B -q -pl samples exec:java -Dexec.mainClass=dev.dspj.samples.variables.ConfigurationSearch}
 * (optionally {@code -Dexec.args="<folder> <trials>"}). Trials are recorded in a SQLite study in
 * the folder: run it again with the same folder and the search resumes where it stopped.
 */
public final class ConfigurationSearch {

    /** Examples the demos are drawn from. */
    static final int TRAIN_SIZE = 50;
    /** Examples every configuration is evaluated on. */
    static final int DEV_SIZE = 100;
    /** Held-out examples the chosen program is checked on. */
    static final int TEST_SIZE = 100;

    private ConfigurationSearch() {}

    /**
     * What one run produced.
     *
     * @param tuning every trial, the front and the choice
     * @param chosen the chosen trial
     * @param baselineTestScore the unsearched program's score on the held-out examples
     * @param chosenTestScore the chosen program's score on the held-out examples
     * @param report the HTML report
     * @param study the SQLite file holding the study
     */
    public record Result(
            TuningResult tuning,
            TrialOutcome chosen,
            double baselineTestScore,
            double chosenTestScore,
            Path report,
            Path study) {}

    /**
     * Runs the sample.
     *
     * @param args optional: the folder for the study and the report, and the number of trials
     */
    public static void main(String[] args) {
        Path folder = args.length > 0 ? Path.of(args[0]) : temporaryFolder();
        int trials = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        run(System.out, folder, trials);
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("dspj-variable-search");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the search, printing to {@code out}.
     *
     * @param out where the front and the choice are printed
     * @param folder where the study and the report are written
     * @param trials the trial budget
     * @return what the run produced
     */
    public static Result run(PrintStream out, Path folder, int trials) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
        Map<String, LanguageModel> models = new LinkedHashMap<>();
        try (SimulatedModelServer server =
                SimulatedModelServer.builder().latencyScale(0.1).build().start()) {
            for (String name : new String[] {"sim-small", "sim-medium", "sim-large"}) {
                models.put(
                        name,
                        HttpLanguageModel.builder("sim/" + name)
                                .baseUrl(server.baseUrl())
                                .cache(ResponseCache.memory(100_000))
                                .build());
            }
            out.println("Searching on DSPJ's simulated models over HTTP at " + server.baseUrl());
            return search(out, folder, trials, models);
        } finally {
            for (LanguageModel model : models.values()) {
                model.close();
            }
        }
    }

    private static Result search(PrintStream out, Path folder, int trials, Map<String, LanguageModel> models) {
        Dataset task = SimTasks.factoidQa().dataset();
        Dataset train = task.take(TRAIN_SIZE);
        Dataset dev = task.skip(TRAIN_SIZE).take(DEV_SIZE);
        Dataset test = task.skip(TRAIN_SIZE + DEV_SIZE).take(TEST_SIZE);
        Metric metric = Metrics.exactMatch("answer");

        // the program to tune: a plain predictor on the small model with four labeled demos to choose from
        FactoidQuestionPredictor program = LabeledFewShot.builder()
                .k(4)
                .build()
                .compile(FactoidQuestionPredictor.predict().withModel(models.get("sim-small")), train);

        Path studyFile = folder.resolve("studies.db");
        try (StudyStore store = StudyStore.sqlite(studyFile)) {
            SearchResult<FactoidQuestionPredictor> result = VariableSearch.builder(program, dev, metric)
                    .builtIns(BuiltInVariables.none()
                            .adapters("chat", "json", "xml")
                            .modules(PredictorKind.PREDICT, PredictorKind.CHAIN_OF_THOUGHT)
                            .models(models)
                            .temperature(0.0, 1.5)
                            .demos(0, 4))
                    .objectives(Objective.accuracy(), Objective.cost(), Objective.latency())
                    .budget(Budget.trials(trials))
                    .study(store, "factoid-qa")
                    .seed(7)
                    .progress(out)
                    .build()
                    .run();
            TuningResult tuning = result.tuning();
            out.println();
            out.println(SummaryTable.render(tuning));

            TrialOutcome chosen = result.best()
                    .orElseThrow(() ->
                            new IllegalStateException("no configuration was evaluated fully: " + tuning.stopReason()));
            Evaluate onTest = Evaluate.builder(test, metric)
                    .concurrency(16)
                    .progress(false)
                    .build();
            EvaluationResult baseline = onTest.run(program);
            EvaluationResult tuned = onTest.run(result.program());
            out.printf(Locale.ROOT, "Chosen (balanced): trial %d %s%n", chosen.number(), chosen.configuration());
            out.printf(
                    Locale.ROOT,
                    "Held-out accuracy: %.1f%% as given (sim-small, chat, predict, 4 demos) -> %.1f%% as chosen%n",
                    baseline.percent(),
                    tuned.percent());

            Path report = folder.resolve("variable-search.html");
            HtmlReport.write(tuning, report);
            out.println("Report: " + report.toAbsolutePath());
            out.println("Study:  " + studyFile.toAbsolutePath() + " (run again with this folder to resume)");
            return new Result(tuning, chosen, baseline.score(), tuned.score(), report, studyFile);
        }
    }
}
