package dev.dspj.samples.rag;

import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.EvaluationResult;
import dev.dspj.evaluate.ExampleResult;
import dev.dspj.evaluate.Metric;
import dev.dspj.evaluate.Metrics;
import dev.dspj.lm.HashingEmbedder;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.module.Trace;
import dev.dspj.optimize.MiproV2;
import dev.dspj.primitives.Example;
import dev.dspj.retrieve.HybridRetriever;
import dev.dspj.retrieve.Retriever;
import dev.dspj.retrieve.lucene.Bm25Index;
import dev.dspj.retrieve.lucene.Corpus;
import dev.dspj.retrieve.lucene.DenseIndex;
import dev.dspj.sim.SimModelProfile;
import dev.dspj.sim.SimRagTask;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.objective.SelectionPolicy;
import dev.dspj.variable.report.SummaryTable;
import dev.dspj.variable.tune.Budget;
import dev.dspj.variable.tune.BuiltInVariables;
import dev.dspj.variable.tune.SearchResult;
import dev.dspj.variable.tune.TrialOutcome;
import dev.dspj.variable.tune.VariableSearch;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Retrieval-augmented generation end to end, offline: the simulated model's multi-hop task writes
 * its corpus to a JSONL file; a BM25 index and a dense index (hashed word vectors) are built from
 * the file; {@link MultiHopRag} answers over BM25; MIPROv2 tunes its three predictors' instructions
 * and demos; the variable search then chooses the retriever (BM25, dense, or both fused by
 * reciprocal rank), {@code k} and the model. Every score is reported beside the task's known optimum
 * (its expected accuracy with a perfect retriever and the best prompts).
 *
 * <pre>
 * mvn -q -pl samples exec:java -Dexec.mainClass=dev.dspj.samples.rag.RagSample
 * </pre>
 */
public final class RagSample {

    /**
     * How big a run is.
     *
     * @param passages the corpus's size
     * @param train the questions MIPROv2 bootstraps demos from
     * @param val the questions MIPROv2 scores its trials on
     * @param dev the questions the variable search scores configurations on
     * @param test the held-out questions every reported score is measured on
     * @param trials how many configurations the variable search tries
     * @param miproCandidates how many instruction and demo candidates MIPROv2 makes per predictor,
     *     with twice as many trials; 0 for its {@code LIGHT} preset
     */
    public record Size(int passages, int train, int val, int dev, int test, int trials, int miproCandidates) {

        /** The size {@link #main} runs: 20,000 passages, 60/40/100/100 questions, 12 trials. */
        public static final Size DEFAULT = new Size(SimTasks.DEFAULT_PASSAGES, 60, 40, 100, 100, 12, 0);

        int questions() {
            return train + val + dev + test;
        }
    }

    /**
     * What a run measured.
     *
     * @param zeroShot the program as written (sim-small, BM25, k = 3) on the held-out questions
     * @param zeroShotRecall how often it retrieved every gold passage
     * @param mipro after MIPROv2, on the held-out questions
     * @param miproRecall how often MIPROv2's program retrieved every gold passage
     * @param searched after the variable search, on the held-out questions
     * @param searchedRecall how often the searched program retrieved every gold passage
     * @param chosen the configuration the search chose
     * @param smallOptimum the known optimum on sim-small (perfect retriever, best prompts)
     * @param optimum the known optimum over the models searched
     */
    public record Result(
            double zeroShot,
            double zeroShotRecall,
            double mipro,
            double miproRecall,
            double searched,
            double searchedRecall,
            String chosen,
            double smallOptimum,
            double optimum) {}

    private RagSample() {}

    /**
     * Runs the sample in a temporary folder and prints its scores.
     *
     * @param args none for {@link Size#DEFAULT}, or six numbers: passages, train, val, dev and test
     *     questions, trials
     * @throws IOException when the temporary folder cannot be made
     */
    public static void main(String[] args) throws IOException {
        Path folder = Files.createTempDirectory("dspj-rag");
        Size size = args.length == 6
                ? new Size(
                        Integer.parseInt(args[0]),
                        Integer.parseInt(args[1]),
                        Integer.parseInt(args[2]),
                        Integer.parseInt(args[3]),
                        Integer.parseInt(args[4]),
                        Integer.parseInt(args[5]),
                        0)
                : Size.DEFAULT;
        run(System.out, folder, size);
    }

    /**
     * Writes the corpus, builds the index, evaluates, optimizes and searches.
     *
     * @param out where progress and tables go
     * @param folder where the corpus, the index and the study go
     * @param size how many passages, questions and trials
     * @return what it measured
     */
    public static Result run(PrintStream out, Path folder, Size size) {
        SimRagTask task = SimTasks.multiHopQa(SimTasks.DEFAULT_SEED, size.questions(), size.passages());
        Path corpusFile = folder.resolve("corpus.jsonl");
        try {
            Files.createDirectories(folder);
            task.corpus().writeJsonl(corpusFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the corpus to " + corpusFile, e);
        }
        long start = System.nanoTime();
        try (Bm25Index bm25 = Bm25Index.build(folder.resolve("bm25"), Corpus.jsonl(corpusFile));
                // exact search: at this size it is as fast to query as the HNSW graph, and far faster to build
                DenseIndex dense = DenseIndex.builder(new HashingEmbedder())
                        .bruteForceThreshold(50_000)
                        .build(folder.resolve("dense"), Corpus.jsonl(corpusFile));
                SimulatedModelServer server = SimulatedModelServer.builder()
                        .task(task.task())
                        .latencyScale(0)
                        .build()
                        .start();
                HttpLanguageModel small = model(server, "sim-small");
                HttpLanguageModel large = model(server, "sim-large")) {
            out.printf(
                    Locale.ROOT,
                    "Indexed %,d passages from %s for BM25 and dense search in %.1f s%n",
                    bm25.size(),
                    corpusFile.getFileName(),
                    (System.nanoTime() - start) / 1e9);
            Map<String, Retriever> retrievers = new LinkedHashMap<>();
            retrievers.put("bm25", bm25);
            retrievers.put("dense", dense);
            retrievers.put("hybrid", HybridRetriever.of(bm25, dense));
            return optimize(out, folder, size, task, retrievers, small, large);
        }
    }

    private static HttpLanguageModel model(SimulatedModelServer server, String name) {
        return HttpLanguageModel.builder("sim/" + name)
                .baseUrl(server.baseUrl())
                .cache(ResponseCache.memory(200_000))
                .build();
    }

    private static Result optimize(
            PrintStream out,
            Path folder,
            Size size,
            SimRagTask task,
            Map<String, Retriever> retrievers,
            HttpLanguageModel small,
            HttpLanguageModel large) {
        List<Example> all = task.toExamples();
        int devStart = size.train() + size.val();
        List<Example> train = all.subList(0, size.train());
        List<Example> val = all.subList(size.train(), devStart);
        List<Example> dev = all.subList(devStart, devStart + size.dev());
        List<Example> test = all.subList(devStart + size.dev(), all.size());
        Metric answerMatch = Metrics.exactMatch("answer");
        Metric retrieved = Metrics.goldPassagesRetrieved(SimRagTask.GOLD_IDS, MultiHopRag.RETRIEVED_IDS);

        MultiHopRag program = new MultiHopRag(retrievers.get("bm25"), 3);
        program.namedPredictors().forEach(named -> named.predictor().setModel(small));
        Scores zeroShot = score(program, test, answerMatch, retrieved);

        long miproStart = System.nanoTime();
        MiproV2.Builder miproBuilder = size.miproCandidates() == 0
                ? MiproV2.builder(answerMatch).auto(MiproV2.Auto.LIGHT)
                : MiproV2.builder(answerMatch)
                        .auto(null)
                        .numCandidates(size.miproCandidates())
                        .numTrials(2 * size.miproCandidates())
                        .minibatch(false);
        MultiHopRag tuned = miproBuilder
                .valset(val)
                .promptModel(large)
                .taskModel(small)
                .seed(7)
                .build()
                .compile(program, train);
        out.printf(Locale.ROOT, "MIPROv2 took %.1f s%n", (System.nanoTime() - miproStart) / 1e9);
        Scores mipro = score(tuned, test, answerMatch, retrieved);

        Map<String, LanguageModel> models = new LinkedHashMap<>();
        models.put("sim-small", small);
        models.put("sim-large", large);
        SearchResult<MultiHopRag> search = VariableSearch.builder(tuned, dev, answerMatch)
                .builtIns(BuiltInVariables.none()
                        .retrievers(retrievers)
                        .retrieveK(1, 8)
                        .models(models))
                .objectives(Objective.accuracy(), Objective.cost())
                .policy(SelectionPolicy.ACCURACY_FIRST)
                .budget(Budget.trials(size.trials()))
                .study(folder.resolve("studies.db"), "multi-hop-rag")
                .seed(7)
                .progress(null)
                .build()
                .run();
        out.println(SummaryTable.render(search.tuning()));
        TrialOutcome best = search.best()
                .orElseThrow(() -> new IllegalStateException("no configuration was evaluated fully: "
                        + search.tuning().stopReason()));
        Scores searched = score(search.program(), test, answerMatch, retrieved);

        double smallOptimum =
                task.bestAchievable(List.of(SimModelProfile.SMALL), 2).expectedAccuracy();
        double optimum = task.bestAchievable(List.of(SimModelProfile.SMALL, SimModelProfile.LARGE), 2)
                .expectedAccuracy();
        Result result = new Result(
                zeroShot.answer,
                zeroShot.recall,
                mipro.answer,
                mipro.recall,
                searched.answer,
                searched.recall,
                best.configuration().toString(),
                smallOptimum,
                optimum);
        print(out, result);
        return result;
    }

    private record Scores(double answer, double recall) {}

    /** Runs the program once over the questions: the answers' score, and the retrieval metric over the same predictions. */
    private static Scores score(MultiHopRag program, List<Example> test, Metric answerMatch, Metric retrieved) {
        EvaluationResult result = Evaluate.builder(test, answerMatch)
                .concurrency(8)
                .progress(false)
                .build()
                .run(program);
        double passages = 0;
        for (ExampleResult row : result.results()) {
            if (row.prediction().isPresent()) {
                passages += retrieved
                        .score(row.example(), row.prediction().get(), Trace.empty())
                        .score();
            }
        }
        return new Scores(result.score(), passages / test.size());
    }

    private static void print(PrintStream out, Result r) {
        out.printf(
                Locale.ROOT, "%n| program | answer exact match | all gold passages retrieved | share of optimum |%n");
        out.printf(Locale.ROOT, "| --- | --- | --- | --- |%n");
        out.printf(
                Locale.ROOT,
                "| as written (sim-small, bm25, k=3) | %.3f | %.3f | %.0f%% of %.3f |%n",
                r.zeroShot(),
                r.zeroShotRecall(),
                100 * r.zeroShot() / r.smallOptimum(),
                r.smallOptimum());
        out.printf(
                Locale.ROOT,
                "| MIPROv2 | %.3f | %.3f | %.0f%% of %.3f |%n",
                r.mipro(),
                r.miproRecall(),
                100 * r.mipro() / r.smallOptimum(),
                r.smallOptimum());
        out.printf(
                Locale.ROOT,
                "| MIPROv2 + variable search %s | %.3f | %.3f | %.0f%% of %.3f |%n",
                r.chosen(),
                r.searched(),
                r.searchedRecall(),
                100 * r.searched() / r.optimum(),
                r.optimum());
    }
}
