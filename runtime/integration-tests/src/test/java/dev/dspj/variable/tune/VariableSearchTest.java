package dev.dspj.variable.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.adapter.ChatAdapter;
import dev.dspj.adapter.JsonAdapter;
import dev.dspj.codec.Codecs;
import dev.dspj.evaluate.Metric;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.Provider;
import dev.dspj.lm.usage.MeteredModel;
import dev.dspj.module.ChainOfThought;
import dev.dspj.module.Predict;
import dev.dspj.module.PredictorKind;
import dev.dspj.optimize.BootstrapFewShot;
import dev.dspj.primitives.Example;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.sim.SimTask;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.variable.Configuration;
import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.objective.SelectionPolicy;
import dev.dspj.variable.search.SearchStrategy;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Variable searches of a real predictor over loopback HTTP against the simulated model. */
class VariableSearchTest {

    private static final SimTask TASK = SimTasks.factoidQa();
    private static final SignatureDescriptor QA = SignatureDescriptor.builder("FactoidQa")
            .field(FieldDescriptor.input("question", Codecs.STRING, "a question about a place or a person", null))
            .field(FieldDescriptor.output("answer", Codecs.STRING, "often between 1 and 5 words", null))
            .build();
    private static final Metric EXACT = Metric.of((gold, prediction) -> {
        Object predicted = prediction.values().get("answer");
        return predicted != null
                        && predicted
                                .toString()
                                .trim()
                                .toLowerCase(Locale.ROOT)
                                .equals(gold.values()
                                        .get("answer")
                                        .toString()
                                        .trim()
                                        .toLowerCase(Locale.ROOT))
                ? 1
                : 0;
    });

    private static SimulatedModelServer server;
    private static Map<String, LanguageModel> models;

    @BeforeAll
    static void start() {
        server = SimulatedModelServer.builder().latencyScale(0).build().start();
        models = new LinkedHashMap<>();
        for (String name : List.of("sim-small", "sim-large")) {
            models.put(
                    name,
                    HttpLanguageModel.builder(Provider.SIM)
                            .baseUrl(server.baseUrl())
                            .model(name)
                            .build());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (LanguageModel model : models.values()) {
            ((AutoCloseable) model).close();
        }
        server.close();
    }

    private static List<Example> train(int n) {
        return TASK.toExamples().subList(0, n);
    }

    private static List<Example> dev(int n) {
        return TASK.toExamples().subList(150, 150 + n);
    }

    private static Predict student() {
        Predict predict = new Predict(QA);
        predict.setModel(models.get("sim-small"));
        predict.setDemos(train(2));
        return predict;
    }

    @Test
    void searchesAdapterModuleAndModelAndFindsTheKnownTradeOff() {
        Predict program = student();
        SearchResult<Predict> result = VariableSearch.builder(program, dev(40), EXACT)
                .builtIns(BuiltInVariables.none()
                        .adapters("chat", "json")
                        .modules(PredictorKind.PREDICT, PredictorKind.CHAIN_OF_THOUGHT)
                        .models(models))
                .objectives(Objective.accuracy(), Objective.cost(), Objective.reliability())
                .strategy(SearchStrategy.GRID)
                .budget(Budget.trials(8))
                .build()
                .run();
        TuningResult tuning = result.tuning();

        assertEquals(8, tuning.trials().size(), tuning.stopReason());
        assertEquals(
                8,
                new HashSet<>(tuning.trials().stream()
                                .map(TrialOutcome::configuration)
                                .toList())
                        .size());
        assertTrue(tuning.trials().stream()
                .allMatch(t -> t.isFull() && t.measurement().examples() == 40));
        assertTrue(tuning.failedTrials().isEmpty(), tuning.failedTrials().toString());
        // sim-large is 2 logits more competent and 30x the price: it wins accuracy, sim-small wins cost
        assertEquals(
                "sim-large",
                tuning.bestBy(Objective.ACCURACY).orElseThrow().configuration().getString("model"));
        TrialOutcome cheapest = tuning.bestBy(Objective.COST).orElseThrow();
        assertEquals("sim-small", cheapest.configuration().getString("model"));
        assertEquals("predict", cheapest.configuration().getString("module"), "reasoning costs completion tokens");
        for (TrialOutcome trial : tuning.trials()) {
            assertTrue(trial.measurement().calls() >= 40, "one call per example at least");
            assertTrue(trial.measurement().costPerCall() > 0);
            assertTrue(trial.measurement().reliability() > 0.9, trial.toString());
        }
        double largeCost = tuning.trials().stream()
                .filter(t -> t.configuration().getString("model").equals("sim-large"))
                .mapToDouble(t -> t.measurement().costPerCall())
                .min()
                .orElseThrow();
        double smallCost = tuning.trials().stream()
                .filter(t -> t.configuration().getString("model").equals("sim-small"))
                .mapToDouble(t -> t.measurement().costPerCall())
                .max()
                .orElseThrow();
        assertTrue(largeCost > 10 * smallCost, largeCost + " vs " + smallCost);
        assertTrue(tuning.front().size() >= 2, "accuracy and cost pull apart: " + tuning.front());

        // the search never touched the program it was given
        assertTrue(program.adapter() == ChatAdapter.INSTANCE);
        assertFalse(program.signature().field("reasoning").isPresent());
        assertEquals(models.get("sim-small"), program.model().orElseThrow());

        Predict best = result.program(SelectionPolicy.ACCURACY_FIRST);
        Configuration chosen =
                tuning.best(SelectionPolicy.ACCURACY_FIRST).orElseThrow().configuration();
        assertEquals(
                chosen.getString("model").equals("sim-large") ? models.get("sim-large") : models.get("sim-small"),
                best.model().orElseThrow(),
                "the configured copy has the real model, not the search's meter");
        assertFalse(best.model().orElseThrow() instanceof MeteredModel);
        assertEquals(
                chosen.getString("module").equals("chain_of_thought"),
                best.signature().field("reasoning").isPresent());
        assertEquals(
                chosen.getString("adapter").equals("json") ? JsonAdapter.INSTANCE.name() : ChatAdapter.INSTANCE.name(),
                best.adapter().name());
    }

    @Test
    void screensOnAMinibatchAndEvaluatesOnlyPromisingConfigurationsFully() {
        SearchResult<Predict> result = VariableSearch.builder(student(), dev(60), EXACT)
                .builtIns(BuiltInVariables.none()
                        .models(models)
                        .temperature(0.0, 1.5)
                        .demos(0, 2))
                .objectives(Objective.accuracy())
                .minibatch(15)
                .strategy(SearchStrategy.RANDOM)
                .budget(Budget.trials(16))
                .seed(3)
                .build()
                .run();
        TuningResult tuning = result.tuning();
        assertEquals(16, tuning.trials().size());
        List<TrialOutcome> screened =
                tuning.trials().stream().filter(t -> !t.isFull()).toList();
        List<TrialOutcome> full =
                tuning.trials().stream().filter(TrialOutcome::isFull).toList();
        assertFalse(screened.isEmpty(), "some configurations are dropped after the minibatch");
        assertFalse(full.isEmpty());
        assertTrue(screened.stream().allMatch(t -> t.measurement().examples() == 15));
        assertTrue(full.stream().allMatch(t -> t.measurement().examples() == 60));
        assertTrue(tuning.candidates().stream().allMatch(TrialOutcome::isFull), "selection uses full trials only");
        // a single-objective search fully evaluates only what could beat the best so far
        double bestFull =
                full.stream().mapToDouble(t -> t.measurement().accuracy()).max().orElseThrow();
        for (TrialOutcome trial : screened) {
            assertTrue(trial.measurement().accuracyHigh() < bestFull + 1e-9, trial.toString());
        }
    }

    @Test
    void composedWithBootstrapFewShotTheBestProgramComesBackCompiled() {
        Predict zeroShot = new Predict(QA);
        zeroShot.setModel(models.get("sim-small"));
        List<Example> train = train(20);
        SearchResult<Predict> result = VariableSearch.builder(zeroShot, dev(30), EXACT)
                .builtIns(BuiltInVariables.none()
                        .modules(PredictorKind.PREDICT, PredictorKind.CHAIN_OF_THOUGHT)
                        .demos(1, 3))
                .objectives(Objective.accuracy(), Objective.cost())
                .promptOptimizer(
                        c -> BootstrapFewShot.builder(EXACT)
                                .maxBootstrappedDemos(c.getInt("demos"))
                                .maxLabeledDemos(0)
                                .build(),
                        train)
                .strategy(SearchStrategy.GRID)
                .budget(Budget.trials(6))
                .build()
                .run();
        TuningResult tuning = result.tuning();
        assertEquals(6, tuning.trials().size(), tuning.stopReason() + " " + tuning.failedTrials());
        for (TrialOutcome trial : tuning.trials()) {
            assertNotNull(trial.artifactJson(), "a composed trial keeps its compiled state");
            assertEquals(
                    trial.measurement().calls()
                            - trial.measurement().cacheHits()
                            + trial.measurement().optimizerCalls(),
                    trial.measurement().spentCalls(),
                    "what a trial spent counts its bootstrapping");
        }
        // trials with the same teacher share its answers through the model's cache (and, when they run
        // at once, through the request already on its way), so only the search as a whole must have paid
        assertTrue(
                tuning.trials().stream()
                                .mapToLong(t -> t.measurement().optimizerCalls())
                                .sum()
                        > 0,
                "bootstrapping made calls");
        TrialOutcome chosen = tuning.best(SelectionPolicy.ACCURACY_FIRST).orElseThrow();
        Predict best = result.program(chosen);
        int demos = chosen.configuration().getInt("demos");
        assertTrue(
                !best.demos().isEmpty() && best.demos().size() <= demos,
                best.demos().size() + " demos, limit " + demos);
        assertTrue(
                best.demos().stream().anyMatch(Example::augmented),
                "bootstrapped demos, loaded from the trial's state");
        assertEquals(
                chosen.configuration().getString("module").equals("chain_of_thought"),
                best.signature().field(ChainOfThought.REASONING.name()).isPresent());
        assertTrue(zeroShot.demos().isEmpty(), "the program given is untouched");
    }

    @Test
    void mistakesInTheSetUpAreReportedBeforeAnyCall() {
        IllegalArgumentException nothing = assertThrows(
                IllegalArgumentException.class,
                () -> VariableSearch.builder(student(), dev(5), EXACT).build());
        assertTrue(nothing.getMessage().contains("nothing to search"), nothing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VariableSearch.builder(student(), List.of(), EXACT));
        IllegalArgumentException adapter = assertThrows(
                IllegalArgumentException.class, () -> BuiltInVariables.none().adapters("yaml"));
        assertTrue(
                adapter.getMessage().contains("'yaml'") && adapter.getMessage().contains("chat, json, xml"));
        assertThrows(
                IllegalArgumentException.class, () -> BuiltInVariables.none().temperature(0, 3));
        IllegalStateException noModel = assertThrows(IllegalStateException.class, () -> {
            Predict modelless = new Predict(QA);
            TuningResult tuning = VariableSearch.builder(modelless, dev(3), EXACT)
                    .builtIns(BuiltInVariables.none().adapters("chat", "json"))
                    .budget(Budget.trials(2))
                    .build()
                    .run()
                    .tuning();
            throw new IllegalStateException(tuning.failedTrials().get(0).error());
        });
        assertTrue(noModel.getMessage().contains("has no model"), noModel.getMessage());
    }

    @Test
    void perPredictorVariablesAreNamedAfterThePredictorPath() {
        ChainOfThought program = new ChainOfThought(QA);
        program.predict().setModel(models.get("sim-small"));
        VariableSearch<ChainOfThought> search = VariableSearch.builder(program, dev(5), EXACT)
                .builtIns(BuiltInVariables.none()
                        .adapters("chat", "xml")
                        .temperature(0, 1)
                        .perPredictor())
                .build();
        assertEquals(
                Set.of("predict.adapter", "predict.temperature"),
                new HashSet<>(search.space().names()));
        assertInstanceOf(ChainOfThought.class, search.run().program(SelectionPolicy.ACCURACY_FIRST));

        ChainOfThought fresh = new ChainOfThought(QA);
        BuiltInVariables.none()
                .adapters("chat", "xml")
                .temperature(0, 1)
                .perPredictor()
                .apply(
                        fresh,
                        Configuration.builder()
                                .put("predict.adapter", "xml")
                                .put("predict.temperature", 0.25)
                                .build());
        assertTrue(
                fresh.predict().adapter() == dev.dspj.adapter.XmlAdapter.INSTANCE,
                fresh.predict().adapter().name());
        assertEquals(0.25, fresh.predict().settings().temperature().orElseThrow(), 1e-12);
    }
}
