package dev.dspj.bench;

import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.EvaluationResult;
import dev.dspj.evaluate.Metrics;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.Provider;
import dev.dspj.lm.limit.ModelLimits;
import dev.dspj.primitives.Example;
import dev.dspj.sim.SimTask;
import dev.dspj.sim.SimulatedModelServer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The first evaluation of a fresh JVM, with the model server where a provider is: in another
 * process, already warm. {@link EvaluateThroughput} runs the simulated server in the measured JVM,
 * so its first round pays for the server's cold start and shares the JIT with it; a user's first
 * evaluation pays only for its own side.
 *
 * <p>{@code serve} starts the simulated server with {@link EvaluateThroughput}'s task and fixed
 * latency, warms it with evaluation rounds of its own, prints {@code ready <url>} and serves until
 * killed. {@code measure} is the user: in a fresh JVM it builds the client, the program and the
 * evaluation, runs one evaluation against that server and prints one {@code RESULT} line with the
 * wall time of the evaluation, its ideal ({@code examples / concurrency × latency}), their ratio,
 * the time from JVM start to the result, and the process's CPU time.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.dspj.bench.FirstEvaluationRound serve
 * [port=18400] [examples=10000] [latencyMs=50] [serverThreads=256] [warmupRounds=3]}, then, once it
 * printed {@code ready}, each time in a new JVM: {@code ... FirstEvaluationRound measure
 * http://127.0.0.1:18400/v1 [examples=10000] [concurrency=128] [latencyMs=50]}.
 */
public final class FirstEvaluationRound {

    private FirstEvaluationRound() {}

    /**
     * Serves or measures.
     *
     * @param args {@code serve ...} or {@code measure URL ...}, as the class describes
     * @throws InterruptedException when the serving thread is interrupted
     * @throws java.io.IOException when the server's round trip cannot be measured
     */
    public static void main(String[] args) throws InterruptedException, java.io.IOException {
        if (args.length > 0 && args[0].equals("serve")) {
            serve(args);
        } else if (args.length > 1 && args[0].equals("measure")) {
            measure(args);
        } else {
            throw new IllegalArgumentException(
                    "usage: FirstEvaluationRound serve [port] [examples] [latencyMs] [serverThreads] [warmupRounds]"
                            + " | measure URL [examples] [concurrency] [latencyMs]");
        }
    }

    private static void serve(String[] args) throws InterruptedException, java.io.IOException {
        int port = intArg(args, 1, 18_400);
        int examples = intArg(args, 2, 10_000);
        int latencyMs = intArg(args, 3, 50);
        int serverThreads = intArg(args, 4, 256);
        int warmups = intArg(args, 5, 3);
        SimTask task = EvaluateThroughput.distinctTask("arithmetic", examples);
        AtomicInteger count = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(serverThreads, runnable -> {
            Thread thread = new Thread(runnable, EvaluateThroughput.SERVER_THREAD_PREFIX + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        SimulatedModelServer server = SimulatedModelServer.builder()
                .port(port)
                .task(task)
                .model(EvaluateThroughput.MODEL)
                .fixedLatency(Duration.ofMillis(latencyMs))
                .executor(pool)
                .requestLogCapacity(1) // the last request, posted again to measure the round trip
                .build()
                .start();
        for (int round = 1; round <= warmups; round++) {
            Outcome warm = evaluate(server.baseUrl(), task.toExamples(), 128);
            System.out.printf(Locale.ROOT, "warm-up round %d: %.3f s%n", round, warm.wallNanos() / 1e9);
        }
        double roundTripMs = ServerRoundTrip.medianSeconds(server, 200) * 1000;
        System.out.printf(
                Locale.ROOT,
                "the server's own round trip (a bare JDK client, one request at a time, median of 200): %.2f ms;"
                        + " ideal for %d examples at 128 in flight at that latency %.3f s%n",
                roundTripMs,
                examples,
                (double) examples / 128 * roundTripMs / 1000);
        System.out.println("ready " + server.baseUrl());
        System.out.flush();
        Thread.currentThread().join();
    }

    private static void measure(String[] args) {
        String url = args[1];
        int examples = intArg(args, 2, 10_000);
        int concurrency = intArg(args, 3, 128);
        int latencyMs = intArg(args, 4, 50);
        List<Example> devset =
                EvaluateThroughput.distinctTask("arithmetic", examples).toExamples();
        long cpuBefore = processCpuNanos();
        Outcome outcome = evaluate(url, devset, concurrency);
        long cpu = processCpuNanos() - cpuBefore;
        long sinceStart = System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime();
        double ideal = (double) examples / concurrency * latencyMs / 1000.0;
        double wall = outcome.wallNanos() / 1e9;
        System.out.printf(
                Locale.ROOT,
                "RESULT {\"wall_s\":%.3f,\"ideal_s\":%.3f,\"ratio\":%.3f,\"build_and_evaluate_s\":%.3f,"
                        + "\"jvm_start_to_result_ms\":%d,\"process_cpu_s\":%.2f,\"scored\":%d,\"failed\":%d,"
                        + "\"score\":%.4f}%n",
                wall,
                ideal,
                wall / ideal,
                outcome.buildAndEvaluateNanos() / 1e9,
                sinceStart,
                cpu / 1e9,
                outcome.result().scored().size(),
                outcome.result().failures().size(),
                outcome.result().score());
    }

    /** An evaluation's result, its wall time, and that time with the client's construction. */
    private record Outcome(EvaluationResult result, long wallNanos, long buildAndEvaluateNanos) {}

    private static Outcome evaluate(String url, List<Example> devset, int concurrency) {
        long built = System.nanoTime();
        try (HttpLanguageModel model = HttpLanguageModel.builder(Provider.SIM)
                .model(EvaluateThroughput.MODEL.name())
                .baseUrl(url)
                .cache(ResponseCache.none())
                .privateLimits(ModelLimits.DEFAULT.withMaxConcurrentRequests(concurrency))
                .build()) {
            PlainQuestionPredictor program = PlainQuestionPredictor.predict().withModel(model);
            Evaluate evaluate = Evaluate.builder(devset, Metrics.exactMatch("answer"))
                    .concurrency(concurrency)
                    .progress(false)
                    .build();
            long start = System.nanoTime();
            EvaluationResult result = evaluate.run(program);
            long end = System.nanoTime();
            if (!result.failures().isEmpty()) {
                throw new IllegalStateException(result.failures().size() + " examples failed, the first: "
                        + result.failures().get(0));
            }
            return new Outcome(result, end - start, end - built);
        }
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
    }

    private static int intArg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
