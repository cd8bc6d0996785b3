package dev.dspj.samples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.Dspj;
import dev.dspj.evaluate.Metrics;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.module.PredictorKind;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.report.HtmlReport;
import dev.dspj.variable.report.SummaryTable;
import dev.dspj.variable.tune.Budget;
import dev.dspj.variable.tune.BuiltInVariables;
import dev.dspj.variable.tune.TuningResult;
import dev.dspj.variable.tune.VariableSearch;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The Java snippet of {@code docs/variable-report.md}: a small variable search against DSPJ's
 * simulated model over loopback HTTP (the default model), shown as a table and an HTML page.
 */
class VariableReportSnippetsTest {

    @Test
    void aSearchIsShownAsATableAndAPage() throws Exception {
        Files.deleteIfExists(Path.of("search.html"));
        try (SimulatedModelServer sim =
                        SimulatedModelServer.builder().latencyScale(0.1).build().start();
                LanguageModel model = HttpLanguageModel.builder("sim/sim-small")
                        .baseUrl(sim.baseUrl())
                        .cache(ResponseCache.memory(10_000))
                        .build()) {
            Dspj.configure(model);
            // snippet:report
            VariableSearch<QuestionAnswerPredictor> search = VariableSearch.builder(
                            QuestionAnswerPredictor.predict(), // on the default model (Dspj.configure)
                            SimTasks.factoidQa().dataset().take(40),
                            Metrics.exactMatch("answer"))
                    .builtIns(BuiltInVariables.none()
                            .modules(PredictorKind.PREDICT, PredictorKind.CHAIN_OF_THOUGHT)
                            .temperature(0.0, 1.5))
                    .objectives(Objective.accuracy(), Objective.cost())
                    .budget(Budget.trials(12))
                    .build();

            TuningResult result = search.run().tuning();
            System.out.println(SummaryTable.render(result)); // plain text for a terminal or a log
            HtmlReport.write(result, Path.of("search.html")); // one self-contained page
            // end-snippet
            assertEquals(12, result.trials().size(), result.stopReason());
            String table = SummaryTable.render(result);
            assertTrue(table.contains("Pareto front") && table.contains("module"), table);
            String page = Files.readString(Path.of("search.html"));
            assertTrue(page.contains("<svg") && !page.contains("<script"), "a self-contained page");
        } finally {
            Dspj.configure(null);
        }
    }
}
