package dev.dspj.samples.variables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.Metric;
import dev.dspj.lm.LmRequest;
import dev.dspj.module.NamedPredictor;
import dev.dspj.primitives.Example;
import dev.dspj.testing.ScriptedModel;
import dev.dspj.variable.Configuration;
import dev.dspj.variable.objective.Direction;
import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.search.SearchStrategy;
import dev.dspj.variable.tune.Budget;
import dev.dspj.variable.tune.SearchResult;
import dev.dspj.variable.tune.TrialOutcome;
import dev.dspj.variable.tune.VariableSearch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A variable search over a {@code @Program}'s declared variables, found through its generated
 * descriptor: every configuration of {@link TunableQa}'s {@code query} × {@code passages} is
 * measured exactly as that configuration behaves when applied by hand.
 */
class TunableQaSearchTest {

    private static final List<String> QUESTIONS = List.of(
            "Which river flows through the capital of France?",
            "What is the capital of Germany?",
            "What is the capital of Austria?",
            "What is the capital of Portugal?");
    private static final List<String> ANSWERS = List.of("the Seine", "Berlin", "Vienna", "Lisbon");

    /** Writes a query for the query step; answers only what the passages shown support. */
    private static String reply(LmRequest request) {
        String system = request.messages().get(0).content();
        String user = request.messages().get(request.messages().size() - 1).content();
        if (system.contains("`query`")) {
            return ScriptedModel.chatAnswer(
                    "reasoning", "Look it up.", "query", "capital river Seine Berlin Vienna Lisbon");
        }
        for (int i = 0; i < QUESTIONS.size(); i++) {
            String city = ANSWERS.get(i).replace("the ", "");
            if (user.contains(QUESTIONS.get(i)) && user.contains(city + (i == 0 ? " flows" : ""))) {
                return ScriptedModel.chatAnswer("answer", ANSWERS.get(i), "confidence", "0.9");
            }
        }
        return ScriptedModel.chatAnswer("answer", "unknown", "confidence", "0.1");
    }

    private static List<Example> devset() {
        return java.util.stream.IntStream.range(0, QUESTIONS.size())
                .mapToObj(i -> Example.of("question", QUESTIONS.get(i), "answer", ANSWERS.get(i))
                        .withInputs("question"))
                .toList();
    }

    private static final Metric EXACT = Metric.of((gold, prediction) ->
            gold.values().get("answer").equals(prediction.values().get("answer")) ? 1 : 0);

    @Test
    void aCopySharesTheProgramsOtherFieldsSoItSearchesWhatTheOriginalSearches() {
        TunableQa program = new TunableQa();
        program.search = new dev.dspj.samples.program.PassageSearch(List.of("The Danube flows through Vienna."));
        TunableQa copy = program.deepCopy();
        assertTrue(copy.search == program.search, "the copy uses the retriever the original was given");
        assertTrue(copy.answer != program.answer, "its predictors are copies");
    }

    @Test
    void aSearchOfTheDeclaredVariablesMeasuresEachConfigurationAsItBehaves() {
        ScriptedModel model = ScriptedModel.answering(TunableQaSearchTest::reply);
        TunableQa program = new TunableQa();
        for (NamedPredictor named : program.namedPredictors()) {
            named.predictor().setModel(model);
        }
        Objective callsPerQuestion =
                Objective.of("calls", Direction.MINIMIZE, 0.5, m -> (double) m.calls() / m.examples());
        SearchResult<TunableQa> result = VariableSearch.builder(program, devset(), EXACT)
                .objectives(Objective.accuracy(), callsPerQuestion)
                .strategy(SearchStrategy.GRID)
                .budget(Budget.trials(8))
                .parallelTrials(2)
                .build()
                .run();

        assertEquals(8, result.tuning().trials().size(), result.tuning().stopReason());
        for (TrialOutcome trial : result.tuning().trials()) {
            TunableQa configured = new TunableQa();
            for (NamedPredictor named : configured.namedPredictors()) {
                named.predictor().setModel(model);
            }
            TunableQaVariables.INSTANCE.apply(configured, trial.configuration());
            double expected = Evaluate.builder(devset(), EXACT)
                    .progress(false)
                    .build()
                    .run(configured)
                    .score();
            assertEquals(
                    expected,
                    trial.measurement().accuracy(),
                    1e-9,
                    trial.configuration().toString());
            double calls = trial.configuration().getString("query").equals("GENERATED") ? 2 : 1;
            assertEquals(
                    calls, trial.value("calls"), 1e-9, trial.configuration().toString());
        }
        TrialOutcome best = result.tuning().bestBy(Objective.ACCURACY).orElseThrow();
        assertTrue(
                best.measurement().accuracy() >= 0.5, "the scripted model answers what the passages support: " + best);
        assertTrue(
                result.tuning().trials().stream()
                                .mapToDouble(t -> t.measurement().accuracy())
                                .distinct()
                                .count()
                        > 1,
                "the configurations differ in accuracy");
        TunableQa chosen = result.program(best);
        assertEquals(
                best.configuration(), TunableQaVariables.INSTANCE.read(chosen), "the copy is configured as the trial");
        assertEquals(
                Configuration.of(Map.of("query", "GENERATED", "passages", 2)),
                TunableQaVariables.INSTANCE.read(program),
                "the program given is untouched");
        assertTrue(
                result.tuning().front().stream()
                        .anyMatch(t -> t.configuration().getString("query").equals("QUESTION")),
                "one call per question is on the front: " + result.tuning().front());
    }
}
