package dev.dspj.samples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.dspj.Dspj;
import dev.dspj.data.Dataset;
import dev.dspj.data.Datasets;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.EvaluationResult;
import dev.dspj.evaluate.Metrics;
import dev.dspj.execution.RunRecord;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.HashingEmbedder;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.StreamEvent;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.limit.ModelLimits;
import dev.dspj.lm.retry.RetryPolicy;
import dev.dspj.lm.usage.ModelUsage;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.PredictorKind;
import dev.dspj.optimize.BootstrapFewShot;
import dev.dspj.optimize.BootstrapFewShotWithRandomSearch;
import dev.dspj.optimize.Ensemble;
import dev.dspj.optimize.KNNFewShot;
import dev.dspj.optimize.LabeledFewShot;
import dev.dspj.optimize.MiproV2;
import dev.dspj.primitives.Example;
import dev.dspj.sim.SimExample;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.state.ProgramState;
import dev.dspj.testing.ScriptedModel;
import dev.dspj.variable.Configuration;
import dev.dspj.variable.Variable;
import dev.dspj.variable.objective.Constraints;
import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.objective.SelectionPolicy;
import dev.dspj.variable.report.HtmlReport;
import dev.dspj.variable.report.SummaryTable;
import dev.dspj.variable.tune.Budget;
import dev.dspj.variable.tune.BuiltInVariables;
import dev.dspj.variable.tune.SearchResult;
import dev.dspj.variable.tune.TrialOutcome;
import dev.dspj.variable.tune.VariableSearch;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's Java snippets, run in the README's order against DSPJ's simulated model over
 * loopback HTTP: each snippet uses only names the README defined before it, which this one
 * method makes the compiler check. Between the snippets, what the README says of them is
 * asserted. Relative paths ({@code qa.jsonl}, {@code runs.db}) are in the tests' working
 * folder, {@code samples/target/snippets-run}.
 */
class ReadmeSnippetsTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeWhatTheSnippetsOpened() throws Exception {
        Dspj.configure(null);
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void theQuickStartPrintsTheTypedAnswer() {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            QuickStart.main(new String[0]);
        } finally {
            System.setOut(console);
            Dspj.configure(null);
        }
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("POSITIVE", lines.get(0), "as the snippet's comment says: " + lines);
        assertEquals("0.8", lines.get(1), "as the snippet's comment says: " + lines);
        assertEquals("[[ ## sentiment ## ]]", lines.get(2), "the raw Chat answer: " + lines);

        // "**Positive.**" parses too, as the comment says
        ReviewSentimentOutput chatty = ReviewSentimentPredictor.predict()
                .withModel(ScriptedModel.replying(
                        "[[ ## sentiment ## ]]\n**Positive.**\n\n[[ ## confidence ## ]]\n0.9\n\n[[ ## completed ## ]]"))
                .call("Love it.");
        assertEquals(ReviewSentiment.Sentiment.POSITIVE, chatty.sentiment());
    }

    @Test
    void theReadmeRunsInOrder() throws Exception {
        // ## Models
        // snippet:models
        // DSPJ's simulated model (dspj-sim) on a loopback port, at a tenth of its models' latency
        SimulatedModelServer sim =
                SimulatedModelServer.builder().latencyScale(0.1).build().start();

        // the same builder takes "openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5", ... (dspj-http)
        HttpLanguageModel lm = HttpLanguageModel.builder("sim/sim-small")
                .baseUrl(sim.baseUrl()) // else the provider's variable (table above), else its default
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60))
                .retry(RetryPolicy.DEFAULT.withMaxAttempts(5)) // backoff + jitter, honours Retry-After
                // this client's own limits; limits(...) shares them with every client of the model in the JVM
                .privateLimits(ModelLimits.DEFAULT.withRequestsPerMinute(500).withTokensPerMinute(200_000))
                .cache(ResponseCache.memory(10_000)) // the default also keeps a SQLite file in ~/.cache/dspj
                .defaults(LmSettings.DEFAULTS.withTemperature(0))
                .build();
        LmRequest request = new LmRequest(
                List.of(ChatMessage.user("Which city is the capital of Peltrineica?")), LmSettings.DEFAULTS);
        CompletableFuture<LmResponse> reply = lm.completeAsync(request); // no thread held while waiting
        Flow.Publisher<StreamEvent> events = lm.stream(request); // deltas, then the whole response with usage
        List<ModelUsage> spent = Dspj.usage().byModel(); // calls, cache hits, tokens and cost per model
        System.out.println(Dspj.inspectHistory(3)); // the last calls, readably (DSPy's inspect_history)
        // end-snippet
        toClose.add(sim);
        toClose.add(lm);
        assertFalse(reply.get(10, TimeUnit.SECONDS).text().isBlank());
        List<StreamEvent> streamed = collect(events);
        assertTrue(streamed.get(streamed.size() - 1) instanceof StreamEvent.End, streamed.toString());
        assertTrue(streamed.stream().anyMatch(StreamEvent.Delta.class::isInstance), streamed.toString());
        assertTrue(Dspj.inspectHistory(3).contains("Peltrineica"), Dspj.inspectHistory(3));
        assertTrue(
                Dspj.usage().byModel().stream().anyMatch(u -> u.model().contains("sim-small") && u.calls() >= 2),
                Dspj.usage().byModel() + " (before: " + spent + ")");

        // ## The simulated model
        // snippet:simulated-models
        LanguageModel small = HttpLanguageModel.builder("sim/sim-small")
                .baseUrl(sim.baseUrl())
                .cache(ResponseCache.memory(100_000))
                .build();
        LanguageModel medium = HttpLanguageModel.builder("sim/sim-medium")
                .baseUrl(sim.baseUrl())
                .cache(ResponseCache.memory(100_000))
                .build();
        LanguageModel large = HttpLanguageModel.builder("sim/sim-large")
                .baseUrl(sim.baseUrl())
                .cache(ResponseCache.memory(100_000))
                .build();
        Dspj.configure(small); // the default model of every snippet below
        // end-snippet
        toClose.add(small);
        toClose.add(medium);
        toClose.add(large);
        assertEquals(small, Dspj.defaultModel().orElseThrow());

        // ## Evaluation: qa.jsonl is the simulated factoid QA task's first 200 examples, the question under "q"
        writeQaJsonl(Path.of("qa.jsonl"), 200);
        Files.deleteIfExists(Path.of("eval.json"));
        // snippet:evaluate
        Dataset data = Datasets.jsonl(Path.of("qa.jsonl"))
                .field("question", "q") // rename a key
                .inputs("question") // mark the inputs
                .load(); // DatasetException lists bad rows as file:line
        Dataset.Split split = data.shuffle(42).split(0.5); // seeded: the same split every run

        EvaluationResult result = Evaluate.builder(split.dev(), Metrics.exactMatch("answer"))
                .concurrency(32)
                .maxErrors(10)
                .displayTable(5)
                .build()
                .run(QuestionAnswerPredictor.chainOfThought());
        System.out.println(result);
        // Average metric: 32.0 / 100 (32.0%), 0 failed, 100 calls, $0.0040, p50 53 ms, p95 102 ms
        result.writeJson(Path.of("eval.json")); // also writeCsv; result.failures() keeps each exception
        // end-snippet
        assertEquals(
                List.of(100, 100), List.of(split.train().size(), split.dev().size()));
        assertEquals(
                "Average metric: 32.0 / 100 (32.0%), 0 failed, 100 calls, $0.0040, p50 <t> ms, p95 <t> ms",
                withoutTimings(result.toString()), "the figures the snippet's comment shows");
        JsonNode saved = JsonMapper.builder().build().readTree(Files.readString(Path.of("eval.json")));
        assertTrue(saved.toString().contains("Peltrineica") || saved.size() > 0, "eval.json was written");

        // ## Optimizers
        // snippet:few-shot
        QuestionAnswerPredictor qa = QuestionAnswerPredictor.predict();
        BootstrapFewShotWithRandomSearch search = BootstrapFewShotWithRandomSearch.builder(Metrics.exactMatch("answer"))
                .numCandidatePrograms(8)
                .valset(split.dev())
                .callBudget(5_000) // never more than 5,000 model calls
                .listener(event -> System.out.println(event)) // progress; also logged through SLF4J
                .build();
        BootstrapFewShotWithRandomSearch.Result<QuestionAnswerPredictor> searched =
                search.compileWithResult(qa, split.train()); // qa itself is unchanged
        QuestionAnswerPredictor best = searched.program(); // or search.compile(qa, split.train()) for the program alone
        System.out.println(searched.report().summary());
        // BootstrapFewShotWithRandomSearch: 1148 calls, 811035 tokens, $0.0858009, best score 0.530
        // (candidate 0; 11 scored), completed in 3387 ms
        System.out.println(searched.report().options()); // the settings, as JSON

        KNNFewShot.Program knn = KNNFewShot.builder(4, split.train(), new HashingEmbedder())
                .labeledOnly()
                .build()
                .compile(qa);
        Ensemble.Program voted = Ensemble.builder().build().compile(List.of(best, knn, qa.withTemperature(0.7)));
        // end-snippet
        assertEquals(
                "BootstrapFewShotWithRandomSearch: 1148 calls, 811035 tokens, $0.0858009, best score 0.530"
                        + " (candidate 0; 11 scored), completed in <t> ms",
                withoutTimings(searched.report().summary()),
                "the figures the snippet's comment shows");
        assertTrue(qa.demos().isEmpty(), "the student is unchanged");
        assertFalse(best.demos().isEmpty());
        Evaluate onDev = Evaluate.builder(split.dev(), Metrics.exactMatch("answer"))
                .progress(false)
                .build();
        double zeroShot = onDev.run(qa).score();
        double optimized = onDev.run(best).score();
        double ensemble = onDev.run(voted).score();
        double neighbours = onDev.run(knn).score();
        // the figures the README gives under the snippet
        assertEquals(
                List.of(0.18, 0.53, 0.52, 0.56),
                List.of(zeroShot, optimized, neighbours, ensemble),
                "zero-shot, random search, KNN, ensemble");

        // ### Instruction optimizers
        deleteSqlite(Path.of("runs.db"));
        Files.deleteIfExists(Path.of("qa-mipro.json"));
        // snippet:mipro
        // a SQLite file of its own; RunRecord.in(store, name) keeps it in a StudyStore you already have
        try (RunRecord record = RunRecord.sqlite(Path.of("runs.db"), "qa-mipro-seed-9")) {
            MiproV2 mipro = MiproV2.builder(Metrics.exactMatch("answer"))
                    .auto(MiproV2.Auto.LIGHT)
                    .valset(split.dev())
                    .promptModel(large) // writes the instructions, e.g. LanguageModels.of("openai/gpt-4o")
                    .taskModel(small) // runs the program, e.g. LanguageModels.of("openai/gpt-4o-mini")
                    .callBudget(5_000)
                    .costBudgetUsd(2.00)
                    .record(record) // run it again after a crash: it resumes
                    .build();
            QuestionAnswerPredictor tuned = mipro.compile(QuestionAnswerPredictor.predict(), split.train());
            ProgramState.save(tuned, Path.of("qa-mipro.json"));
        }
        // end-snippet
        QuestionAnswerPredictor tuned = QuestionAnswerPredictor.predict();
        ProgramState.load(tuned, Path.of("qa-mipro.json"));
        assertNotEquals("Answer the question.", tuned.instructions());
        assertTrue(onDev.run(tuned).score() > zeroShot + 0.3, "MIPROv2's program: " + tuned.instructions());
        try (RunRecord record = RunRecord.sqlite(Path.of("runs.db"), "qa-mipro-seed-9")) {
            QuestionAnswerPredictor again = MiproV2.builder(Metrics.exactMatch("answer"))
                    .auto(MiproV2.Auto.LIGHT)
                    .valset(split.dev())
                    .promptModel(large)
                    .taskModel(small)
                    .callBudget(5_000)
                    .costBudgetUsd(2.00)
                    .record(record)
                    .build()
                    .compile(QuestionAnswerPredictor.predict(), split.train());
            assertEquals(0, record.computed(), "run again with its record, MIPROv2 replays every step");
            assertTrue(record.replayed() > 0);
            assertEquals(tuned.instructions(), again.instructions());
        }

        // ## Programs and saved state
        Files.deleteIfExists(Path.of("two-hop.json"));
        copyResource("saved-by-dspy.json", Path.of("saved-by-dspy.json"));
        // snippet:save-load
        TwoHopQa optimizedProgram =
                BootstrapFewShot.builder(Metrics.exactMatch("answer")).build().compile(new TwoHopQa(), split.train());
        ProgramState.save(optimizedProgram, Path.of("two-hop.json")); // atomic: temp file + rename

        TwoHopQa program = new TwoHopQa();
        ProgramState.load(program, Path.of("two-hop.json")); // DSPy's program.load(path)

        ReviewSentimentPredictor classify = ReviewSentimentPredictor.chainOfThought();
        ProgramState.load(classify, Path.of("saved-by-dspy.json")); // a DSPy ChainOfThought's file: key "predict"
        // end-snippet
        assertEquals(
                List.of("generateQuery.predict", "answer"),
                program.namedPredictors().stream().map(NamedPredictor::name).toList());
        for (int i = 0; i < 2; i++) {
            List<Example> demos =
                    optimizedProgram.namedPredictors().get(i).predictor().demos();
            assertFalse(demos.isEmpty(), "bootstrapped demos for " + i);
            assertEquals(
                    demos.stream().map(Example::values).toList(),
                    program.namedPredictors().get(i).predictor().demos().stream()
                            .map(Example::values)
                            .toList());
        }
        String question = split.dev().get(0).getString("question");
        assertEquals(
                optimizedProgram.forward(Map.of("question", question)).values(),
                program.forward(Map.of("question", question)).values());
        assertEquals(2, classify.demos().size());
        assertTrue(classify.instructions().contains("sarcasm"), classify.instructions());

        // ## The variable system
        assertEquals(
                List.of("query", "passages", "threshold", "ranking", "rerank", "depth"),
                TunableQaVariables.SPACE.names());
        assertEquals(Variable.Kind.FLOAT, TunableQaVariables.THRESHOLD.kind());
        assertTrue(TunableQaVariables.THRESHOLD.logScale());
        assertEquals(
                "rerank", TunableQaVariables.DEPTH.condition().orElseThrow().variable());
        TunableQa tunable = new TunableQa();
        TunableQaVariables.INSTANCE.apply(
                tunable,
                TunableQaVariables.SPACE.defaults().with("ranking", "embedding").with("rerank", true));
        assertFalse(tunable.forward(Map.of("question", question))
                .getString("answer")
                .isBlank());

        deleteSqlite(Path.of("studies.db"));
        Files.deleteIfExists(Path.of("search.html"));
        Files.deleteIfExists(Path.of("chosen.json"));
        Files.deleteIfExists(Path.of("qa-program.json"));
        // snippet:variable-search
        QuestionAnswerPredictor withDemos = LabeledFewShot.builder()
                .k(4)
                .build()
                .compile(QuestionAnswerPredictor.predict(), split.train()); // 4 demos to keep or drop
        SearchResult<QuestionAnswerPredictor> searchResult = VariableSearch.builder(
                        withDemos, split.dev(), Metrics.exactMatch("answer"))
                .builtIns(BuiltInVariables.none()
                        .adapters("chat", "json", "xml")
                        .modules(PredictorKind.PREDICT, PredictorKind.CHAIN_OF_THOUGHT)
                        .models(Map.of("sim-small", small, "sim-medium", medium, "sim-large", large))
                        .temperature(0.0, 1.5)
                        .demos(0, 4)) // keeps the first n of each predictor's demos
                .objectives(Objective.accuracy(), Objective.cost(), Objective.latency())
                .constraints(Constraints.none().maxCostPerCall(0.0005).maxLatencyP95(Duration.ofSeconds(2)))
                .policy(SelectionPolicy.BALANCED) // or ACCURACY_FIRST, CHEAPEST_MEETING_CONSTRAINTS
                .budget(Budget.trials(30).maxCalls(20_000).maxCostUsd(5.00))
                // in SQLite, resumable; .study(StudyStore.open(jdbcUrl), name) to share it between machines
                .study(Path.of("studies.db"), "factoid-qa")
                .build()
                .run();

        QuestionAnswerPredictor chosenProgram = searchResult.program(); // a configured copy; withDemos is untouched
        System.out.println(SummaryTable.render(searchResult.tuning()));
        HtmlReport.write(searchResult.tuning(), Path.of("search.html"));
        ProgramState.save(withDemos, Path.of("qa-program.json"));
        String chosenJson = searchResult.best().orElseThrow().configuration().toJson();
        Files.writeString(Path.of("chosen.json"), chosenJson); // kept beside the program's saved state
        // end-snippet
        assertEquals(
                30, searchResult.tuning().trials().size(), searchResult.tuning().stopReason());
        TrialOutcome chosen = searchResult.best().orElseThrow();
        assertTrue(searchResult.tuning().front().contains(chosen), "the balanced choice is on the front");
        assertTrue(Files.readString(Path.of("search.html")).contains("<svg"));
        assertEquals(4, withDemos.demos().size(), "the program given is untouched");

        // snippet:apply-configuration
        Configuration configuration = Configuration.fromJson(Files.readString(Path.of("chosen.json")));
        QuestionAnswerPredictor fresh = QuestionAnswerPredictor.predict();
        ProgramState.load(fresh, Path.of("qa-program.json")); // the program's saved state: its 4 demos
        BuiltInVariables.fromConfiguration(
                        configuration, Map.of("sim-small", small, "sim-medium", medium, "sim-large", large))
                .apply(fresh, configuration);
        // end-snippet
        assertEquals(chosen.configuration(), configuration);
        Map<String, Object> inputs = Map.of("question", question);
        assertEquals(
                chosenProgram.predictor().formatPrompt(inputs),
                fresh.predictor().formatPrompt(inputs));
        assertEquals(chosenProgram.predictor().settings(), fresh.predictor().settings());
        assertEquals(chosenProgram.predictor().model(), fresh.predictor().model());
        assertEquals(
                chosenProgram.forward(inputs).values(), fresh.forward(inputs).values());
    }

    /** Timings vary from run to run; the other figures do not. */
    static String withoutTimings(String printed) {
        return printed.replaceAll("\\d+ ms", "<t> ms");
    }

    private static List<StreamEvent> collect(Flow.Publisher<StreamEvent> publisher) throws Exception {
        List<StreamEvent> events = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(StreamEvent event) {
                synchronized (events) {
                    events.add(event);
                }
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.get(10, TimeUnit.SECONDS);
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The simulated factoid QA task's first examples as JSON lines, the question under "q". */
    static void writeQaJsonl(Path file, int size) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        List<String> lines = new ArrayList<>();
        for (SimExample example : SimTasks.factoidQa().examples().subList(0, size)) {
            lines.add(json.writeValueAsString(Map.of(
                    "q",
                    example.inputs().get("question"),
                    "answer",
                    example.gold().get("answer"))));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    static void copyResource(String name, Path target) throws Exception {
        try (InputStream in = ReadmeSnippetsTest.class.getResourceAsStream(name)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a SQLite file and its journal, so that a run starts afresh. */
    static void deleteSqlite(Path file) throws Exception {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
    }
}
