package dev.dspj.samples;

import dev.dspj.Dspj;
import dev.dspj.adapter.JsonAdapter;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LanguageModels;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.StreamEvent;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.usage.ModelUsage;
import dev.dspj.lm.usage.UsageTracker;
import dev.dspj.samples.arithmetic.SolveArithmeticExample;
import dev.dspj.samples.arithmetic.SolveArithmeticOutput;
import dev.dspj.samples.arithmetic.SolveArithmeticPredictor;
import dev.dspj.samples.sentiment.ReviewSentimentOutput;
import dev.dspj.samples.sentiment.ReviewSentimentPredictor;
import dev.dspj.sim.SimExample;
import dev.dspj.sim.SimSplit;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A tour of the runtime: it compares a few versions of an arithmetic program (predict or chain of
 * thought, with or without demos, Chat or JSON adapter) on a dev set, keeps the best, classifies
 * reviews, streams an answer, and prints usage and cost. Run it with
 * {@code mvn -B -q -pl samples exec:java -Dexec.mainClass=dev.dspj.samples.Tour}.
 *
 * <p>With no {@code DSPJ_LM} set it runs offline against DSPJ's simulated model, served over real
 * HTTP on a loopback port. With {@code DSPJ_LM=openai/gpt-4o-mini} (and {@code OPENAI_API_KEY}),
 * {@code anthropic/claude-sonnet-4-5} (and {@code ANTHROPIC_API_KEY}) or {@code ollama/llama3.2}
 * the same program runs against that model.
 */
public final class Tour {

    private static final int DEV_SIZE = 40;

    private static SolveArithmeticPredictor best;
    private static String streamQuestion;

    private Tour() {}

    /**
     * Runs the sample.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /**
     * Runs the sample, printing to {@code out}.
     *
     * @param out where the report goes
     * @return the accuracy of the best program on the dev set
     */
    public static double run(PrintStream out) {
        SimulatedModelServer server = null;
        LanguageModel model;
        Optional<LanguageModel> configured = LanguageModels.fromEnvironment();
        if (configured.isPresent()) {
            model = configured.get();
            out.println("Using DSPJ_LM=" + model.modelName());
        } else {
            server = SimulatedModelServer.builder().latencyScale(0.02).build().start();
            model = HttpLanguageModel.builder("sim/sim-medium")
                    .baseUrl(server.baseUrl())
                    .cache(ResponseCache.memory(10_000))
                    .build();
            out.println("No DSPJ_LM set: using DSPJ's simulated model " + model.modelName() + " over HTTP at "
                    + server.baseUrl());
        }
        Dspj.configure(model);
        try {
            double best = optimizeArithmetic(out);
            classifyReviews(out);
            streamAnAnswer(model, out);
            ModelUsage total = Dspj.usage().total();
            out.printf(
                    Locale.ROOT,
                    "%nTotal: %d calls (%d from cache), %d tokens, $%.4f%n",
                    total.calls(),
                    total.cacheHits(),
                    total.totalTokens(),
                    total.costUsd());
            return best;
        } finally {
            Dspj.configure(null);
            model.close();
            if (server != null) {
                server.close();
            }
        }
    }

    private static double optimizeArithmetic(PrintStream out) {
        SimSplit split = SimTasks.arithmetic().split(100);
        List<SolveArithmeticExample> demos = new ArrayList<>();
        for (SimExample example : split.train().subList(0, 4)) {
            demos.add(SolveArithmeticExample.fromExample(example.toExample()));
        }
        List<SimExample> dev = split.dev().subList(0, DEV_SIZE);

        Map<String, SolveArithmeticPredictor> candidates = new LinkedHashMap<>();
        candidates.put("predict, zero-shot", SolveArithmeticPredictor.predict());
        candidates.put("chain of thought, zero-shot", SolveArithmeticPredictor.chainOfThought());
        candidates.put(
                "chain of thought, 4 demos",
                SolveArithmeticPredictor.chainOfThought().withDemos(demos));
        candidates.put(
                "chain of thought, 4 demos, JSON adapter",
                SolveArithmeticPredictor.chainOfThought().withDemos(demos).withAdapter(JsonAdapter.INSTANCE));

        out.printf(
                Locale.ROOT, "%nArithmetic: %d dev questions, %d candidate programs%n", dev.size(), candidates.size());
        out.printf(Locale.ROOT, "  %-42s %9s %8s %10s%n", "program", "accuracy", "tokens", "cost");
        String bestName = null;
        double bestAccuracy = -1;
        for (Map.Entry<String, SolveArithmeticPredictor> candidate : candidates.entrySet()) {
            try (UsageTracker usage = UsageTracker.start()) {
                double accuracy = accuracy(candidate.getValue(), dev);
                ModelUsage spent = usage.total();
                out.printf(
                        Locale.ROOT,
                        "  %-42s %8.1f%% %8d %10s%n",
                        candidate.getKey(),
                        100 * accuracy,
                        spent.totalTokens(),
                        "$" + spent.costUsd().setScale(5, java.math.RoundingMode.HALF_UP));
                if (accuracy > bestAccuracy) {
                    bestAccuracy = accuracy;
                    bestName = candidate.getKey();
                }
            }
        }
        out.printf(Locale.ROOT, "Best program: %s (%.1f%%)%n", bestName, 100 * bestAccuracy);
        best = candidates.get(bestName);
        String question = dev.get(0).inputs().get("question");
        streamQuestion = dev.get(1).inputs().get("question");
        SolveArithmeticOutput example = best.call(question);
        out.println("  " + question + " -> " + example.answer()
                + example.reasoning().map(r -> "   (reasoning: " + r + ")").orElse(""));
        return bestAccuracy;
    }

    /** Exact-match accuracy, all questions in flight at once (the client limits concurrency). */
    private static double accuracy(SolveArithmeticPredictor program, List<SimExample> dev) {
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        for (SimExample example : dev) {
            long gold = Long.parseLong(example.gold().get("answer"));
            results.add(program.callAsync(example.inputs().get("question"))
                    .thenApply(output -> output.answer() == gold)
                    .exceptionally(failure -> false));
        }
        long correct = results.stream().filter(CompletableFuture::join).count();
        return (double) correct / dev.size();
    }

    private static void classifyReviews(PrintStream out) {
        out.println();
        out.println("Sentiment:");
        ReviewSentimentPredictor classify = ReviewSentimentPredictor.chainOfThought();
        for (SimExample example : SimTasks.sentiment().examples().subList(0, 3)) {
            String review = example.inputs().get("review");
            ReviewSentimentOutput result = classify.call(review);
            out.printf(
                    Locale.ROOT,
                    "  %-70s -> %s (gold %s)%n",
                    abbreviate(review, 70),
                    result.sentiment(),
                    example.gold().get("sentiment"));
        }
    }

    /** Streams the best program's prompt for one question: the answer arrives piece by piece. */
    private static void streamAnAnswer(LanguageModel model, PrintStream out) {
        out.println();
        out.println("Streaming the best program's answer to \"" + streamQuestion + "\":");
        List<ChatMessage> prompt = best.predictor().formatPrompt(Map.of("question", streamQuestion));
        LmRequest request = new LmRequest(prompt, LmSettings.DEFAULTS.withMaxTokens(300));
        CompletableFuture<Void> done = new CompletableFuture<>();
        model.stream(request).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(StreamEvent event) {
                if (event instanceof StreamEvent.Delta delta) {
                    out.print(delta.text());
                } else if (event instanceof StreamEvent.End end) {
                    out.printf(
                            Locale.ROOT,
                            "%n(%d completion tokens)%n",
                            end.response().usage().completionTokens());
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
        done.join();
    }

    private static String abbreviate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length - 3) + "...";
    }
}
