package dev.dspj.bench;

import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.EvaluationResult;
import dev.dspj.evaluate.Metrics;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.Provider;
import dev.dspj.lm.limit.ModelLimits;
import dev.dspj.primitives.Example;
import dev.dspj.sim.SimConditions;
import dev.dspj.sim.SimExample;
import dev.dspj.sim.SimModelProfile;
import dev.dspj.sim.SimTask;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

/**
 * Issue 4's evaluation benchmark: {@link Evaluate} over {@code examples} distinct questions with
 * concurrency {@code concurrency}, through one {@link HttpLanguageModel} ({@link Provider#SIM}, no
 * response cache, {@code maxConcurrentRequests = concurrency}) against the simulated model server
 * answering every request after exactly {@code latencyMs}. The program is the generated
 * {@code PlainQuestionPredictor} (a Predict, question to answer, zero-shot) and the metric
 * {@link Metrics#exactMatch(String)}.
 *
 * <p>Per round it reports the wall time of {@code evaluate.run(program)} against the ideal bound
 * {@code examples / concurrency × latency}, the examples scored and failed, the score (and the
 * accuracy the simulated model's competence model predicts for this program), the per-example
 * latency percentiles, the heap ({@link RunMonitor}: peak used, peak live after a collection, and
 * what the finished result retains) and the live threads, split into the simulated server's and
 * the rest. The server runs in this JVM, so its threads, heap and CPU are in the totals.
 *
 * <p>The examples are the built-in task generated with seeds 1, 2, ... with repeated questions
 * dropped ({@link SimTasks#MAX_SIZE} is 5,000 per task), merged into one task the server knows.
 * The task is {@code arithmetic} by default: for a {@code factoid} question the simulated server
 * picks each wrong answer by normalizing every distinct gold answer of the task, which costs
 * O(task size) per wrong answer and, at 10,000 examples, makes the server's CPU the bottleneck on
 * a small machine; numeric answers take a constant-time path (see docs/benchmarks.md).
 *
 * <p>Usage (run it with {@code -Xmx512m}): {@code java -Xmx512m -cp bench/target/benchmarks.jar
 * dev.dspj.bench.EvaluateThroughput [examples=10000] [concurrency=128] [latencyMs=50] [rounds=3]
 * [warmupRounds=1] [serverThreads=256] [task=arithmetic|factoid]}.
 */
public final class EvaluateThroughput {

    /** The simulated model called. */
    public static final SimModelProfile MODEL = SimModelProfile.SMALL;
    /** The name prefix of the simulated server's request threads. */
    static final String SERVER_THREAD_PREFIX = "sim-eval-server-";

    private EvaluateThroughput() {}

    /**
     * {@code size} distinct questions of a built-in task: the task generated with seeds 1, 2, ...
     * ({@link SimTasks#MAX_SIZE} examples each at most) with every question seen before dropped,
     * merged into one task with unique ids.
     *
     * @param kind {@code arithmetic} or {@code factoid}
     * @param size how many examples
     * @return the task
     */
    public static SimTask distinctTask(String kind, int size) {
        LongFunction<SimTask> generator = switch (kind) {
            case "arithmetic" -> seed -> SimTasks.arithmetic(seed, Math.min(SimTasks.MAX_SIZE, size));
            case "factoid" -> seed -> SimTasks.factoidQa(seed, Math.min(SimTasks.MAX_SIZE, size));
            default -> throw new IllegalArgumentException("task must be arithmetic or factoid, got " + kind);
        };
        List<SimExample> examples = new ArrayList<>(size);
        Set<String> questions = new HashSet<>();
        List<String> hints = null;
        for (long seed = 1; examples.size() < size; seed++) {
            if (seed > 100) {
                throw new IllegalStateException("could not find " + size + " distinct " + kind + " questions");
            }
            SimTask task = generator.apply(seed);
            hints = task.hints();
            for (SimExample example : task.examples()) {
                if (examples.size() == size) {
                    break;
                }
                if (questions.add(example.inputs().get("question").strip().toLowerCase(Locale.ROOT))) {
                    examples.add(new SimExample(
                            "s" + seed + "-" + example.id(), example.inputs(), example.gold(), example.difficulty()));
                }
            }
        }
        return new SimTask(kind + "-distinct-" + size, examples, hints);
    }

    /**
     * One round's outcome.
     *
     * @param wallNanos the wall time of {@code evaluate.run(program)}
     * @param examples examples in the dev set
     * @param scored examples with a metric score
     * @param failed examples that failed
     * @param score the mean score, failures counting 0
     * @param calls model calls made (the evaluation's usage)
     * @param serverRequests requests the server received during the round
     * @param latencyP50Nanos median per-example latency
     * @param latencyP95Nanos 95th percentile per-example latency
     * @param peakInFlight the most requests the client's limiter had in flight (since the rig started)
     * @param peakHeapBytes the most heap used during the round
     * @param peakLiveHeapBytes the most heap used right after a collection during the round
     * @param collections collections during the round
     * @param collectionMillis their summed durations
     * @param peakThreads the JVM's peak live threads during the round
     * @param threadsAtPeak live threads by kind at the sampled peak
     * @param retainedResultBytes heap the finished {@link EvaluationResult} keeps reachable (after a full GC)
     * @param processCpuNanos CPU time of the whole JVM during the round (GC and JIT included)
     * @param cpuByKind CPU time of the Java threads during the round, by kind
     */
    public record Round(
            long wallNanos,
            int examples,
            int scored,
            int failed,
            double score,
            long calls,
            long serverRequests,
            long latencyP50Nanos,
            long latencyP95Nanos,
            int peakInFlight,
            long peakHeapBytes,
            long peakLiveHeapBytes,
            int collections,
            long collectionMillis,
            int peakThreads,
            Map<String, Integer> threadsAtPeak,
            long retainedResultBytes,
            long processCpuNanos,
            Map<String, Long> cpuByKind) {

        /**
         * CPU time of the simulated server's threads (request pool and the JDK server's dispatcher).
         *
         * @return ns
         */
        public long serverCpuNanos() {
            return cpuByKind.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("server"))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }

        /**
         * CPU time of every other Java thread: the client side (Netty event loops, the caller, timers), the
         * harness's monitor and the JVM's service threads.
         *
         * @return ns
         */
        public long nonServerCpuNanos() {
            return cpuByKind.entrySet().stream()
                    .filter(e -> !e.getKey().startsWith("server"))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }

        /**
         * The threads at the sampled peak that are not the simulated server's or the harness's:
         * the client side (Netty event loops, the caller, timers) and the JVM's own.
         *
         * @return the count
         */
        public int nonServerThreads() {
            return threadsAtPeak.entrySet().stream()
                    .filter(e -> !e.getKey().startsWith("server") && !e.getKey().startsWith("harness"))
                    .mapToInt(Map.Entry::getValue)
                    .sum();
        }

        /**
         * All live threads at the sampled peak.
         *
         * @return the count
         */
        public int sampledThreads() {
            return threadsAtPeak.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** The server, model, program and evaluation of one run. */
    public static final class Rig implements AutoCloseable {
        private final SimTask task;
        private final ExecutorService serverPool;
        private final SimulatedModelServer server;
        private final HttpLanguageModel model;
        private final PlainQuestionPredictor program;
        private final Evaluate evaluate;

        /**
         * Starts the server and builds the client, program and evaluation.
         *
         * @param taskKind {@code arithmetic} or {@code factoid}
         * @param examples distinct examples to evaluate
         * @param concurrency Evaluate's concurrency and the client's {@code maxConcurrentRequests}
         * @param latency the server's fixed latency
         * @param serverThreads the server's request threads (each delayed request holds one)
         */
        public Rig(String taskKind, int examples, int concurrency, Duration latency, int serverThreads) {
            task = distinctTask(taskKind, examples);
            AtomicInteger count = new AtomicInteger();
            serverPool = Executors.newFixedThreadPool(serverThreads, runnable -> {
                Thread thread = new Thread(runnable, SERVER_THREAD_PREFIX + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            server = SimulatedModelServer.builder()
                    .task(task)
                    .model(MODEL)
                    .fixedLatency(latency)
                    .executor(serverPool)
                    .requestLogCapacity(0)
                    .build()
                    .start();
            model = HttpLanguageModel.builder(Provider.SIM)
                    .model(MODEL.name())
                    .baseUrl(server.baseUrl())
                    .cache(ResponseCache.none())
                    .privateLimits(ModelLimits.DEFAULT.withMaxConcurrentRequests(concurrency))
                    .build();
            program = PlainQuestionPredictor.predict().withModel(model);
            List<Example> devset = task.toExamples();
            evaluate = Evaluate.builder(devset, Metrics.exactMatch("answer"))
                    .concurrency(concurrency)
                    .progress(false)
                    .build();
        }

        /**
         * The task evaluated.
         *
         * @return the task
         */
        public SimTask task() {
            return task;
        }

        /**
         * The client.
         *
         * @return the model
         */
        public HttpLanguageModel model() {
            return model;
        }

        /**
         * The accuracy the competence model predicts for this program on these examples: zero-shot,
         * no reasoning, no hints, temperature 0.
         *
         * @return the expected score
         */
        public double expectedScore() {
            return task.expectedAccuracy(MODEL, SimConditions.BASELINE);
        }

        /**
         * Runs the evaluation once.
         *
         * @return the outcome
         */
        public Round run() {
            long requestsBefore = server.requestCount();
            long before = RunMonitor.liveHeapAfterFullGc();
            EvaluationResult result;
            long wall;
            Round round;
            try (RunMonitor monitor = new RunMonitor(EvaluateThroughput::threadKind)) {
                long start = System.nanoTime();
                result = evaluate.run(program);
                wall = System.nanoTime() - start;
                monitor.stop();
                long retained = RunMonitor.liveHeapAfterFullGc() - before;
                round = new Round(
                        wall,
                        result.results().size(),
                        result.scored().size(),
                        result.failures().size(),
                        result.score(),
                        result.usage().calls(),
                        server.requestCount() - requestsBefore,
                        result.latencyP50().toNanos(),
                        result.latencyP95().toNanos(),
                        model.limiter().peakInFlight(),
                        monitor.peakHeapBytes(),
                        monitor.peakLiveHeapBytes(),
                        monitor.collections(),
                        monitor.collectionMillis(),
                        monitor.peakThreads(),
                        monitor.threadsAtPeak(),
                        retained,
                        monitor.processCpuNanos(),
                        monitor.cpuByKind());
            }
            return round;
        }

        @Override
        public void close() {
            model.close();
            server.close();
            serverPool.shutdownNow();
        }
    }

    /** What a thread is, by its name. */
    static String threadKind(String name) {
        if (name.startsWith(SERVER_THREAD_PREFIX)) {
            return "server: request pool";
        }
        if (name.equals("HTTP-Dispatcher") || name.startsWith("idle-timeout-task")) {
            return "server: JDK HttpServer";
        }
        if (name.equals("bench-monitor")) {
            return "harness: monitor";
        }
        if (name.equals("main")) {
            return "client: main (caller)";
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.contains("eventloop")) {
            return "client: Netty event loop";
        }
        if (Set.of(
                        "Reference Handler",
                        "Finalizer",
                        "Signal Dispatcher",
                        "Common-Cleaner",
                        "Notification Thread",
                        "Attach Listener",
                        "process reaper")
                .contains(name)) {
            return "jvm: service";
        }
        return "other: " + name.replaceAll("[-#]?\\d+$", "");
    }

    /**
     * Runs the benchmark and prints every round and a summary.
     *
     * @param args {@code [examples] [concurrency] [latencyMs] [rounds] [warmupRounds] [serverThreads]}
     */
    public static void main(String[] args) {
        int examples = intArg(args, 0, 10_000);
        int concurrency = intArg(args, 1, 128);
        int latencyMillis = intArg(args, 2, 50);
        int rounds = intArg(args, 3, 3);
        int warmups = intArg(args, 4, 1);
        int serverThreads = intArg(args, 5, 256);
        String taskKind = args.length > 6 ? args[6] : "arithmetic";
        double ideal = (double) examples / concurrency * latencyMillis / 1000.0;
        double waves = Math.ceil((double) examples / concurrency) * latencyMillis / 1000.0;
        Runtime runtime = Runtime.getRuntime();
        System.out.printf(
                Locale.ROOT,
                "Evaluate: %d %s examples, concurrency %d, fixed latency %d ms, %s over HTTP, "
                        + "no response cache; %d warm-up + %d measured rounds; server threads %d%n",
                examples,
                taskKind,
                concurrency,
                latencyMillis,
                MODEL.name(),
                warmups,
                rounds,
                serverThreads);
        System.out.printf(
                Locale.ROOT,
                "JVM: max heap %.0f MiB, %d processors, GC %s, java %s; load average %.2f%n",
                runtime.maxMemory() / RunMonitor.MIB,
                runtime.availableProcessors(),
                ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(GarbageCollectorMXBean::getName)
                        .toList(),
                System.getProperty("java.version"),
                RunMonitor.loadAverage());
        System.out.printf(
                Locale.ROOT,
                "ideal bound %d/%d x %.3f s = %.3f s (+10%%: %.3f s); whole waves: %.3f s%n",
                examples,
                concurrency,
                latencyMillis / 1000.0,
                ideal,
                ideal * 1.1,
                waves);
        List<Round> measured = new ArrayList<>();
        try (Rig rig = new Rig(taskKind, examples, concurrency, Duration.ofMillis(latencyMillis), serverThreads)) {
            System.out.printf(
                    Locale.ROOT,
                    "task %s: %d distinct questions; expected score of this program %.4f%n",
                    rig.task().name(),
                    rig.task().size(),
                    rig.expectedScore());
            System.out.println("round      wall s  /ideal  scored  failed   score   calls  requests  p50 ms  p95 ms"
                    + "  in-flight  heap peak MiB  live peak MiB  GCs  GC ms  result MiB  threads peak  non-server"
                    + "  load");
            for (int i = 0; i < warmups + rounds; i++) {
                Round round = rig.run();
                boolean warmup = i < warmups;
                if (!warmup) {
                    measured.add(round);
                }
                System.out.printf(
                        Locale.ROOT,
                        "%-8s %8.3f  %6.3f  %6d  %6d  %6.4f  %6d  %8d  %6.1f  %6.1f  %9d  %13.1f"
                                + "  %13.1f  %3d  %5d  %10.1f  %12d  %10d  %4.2f%n",
                        warmup ? "warm-up" : "#" + (i - warmups + 1),
                        round.wallNanos() / 1e9,
                        round.wallNanos() / 1e9 / ideal,
                        round.scored(),
                        round.failed(),
                        round.score(),
                        round.calls(),
                        round.serverRequests(),
                        round.latencyP50Nanos() / 1e6,
                        round.latencyP95Nanos() / 1e6,
                        round.peakInFlight(),
                        round.peakHeapBytes() / RunMonitor.MIB,
                        round.peakLiveHeapBytes() / RunMonitor.MIB,
                        round.collections(),
                        round.collectionMillis(),
                        round.retainedResultBytes() / RunMonitor.MIB,
                        round.peakThreads(),
                        round.nonServerThreads(),
                        RunMonitor.loadAverage());
                System.out.println("         threads at the sampled peak: " + round.threadsAtPeak());
                long jvmOther = round.processCpuNanos() - round.serverCpuNanos() - round.nonServerCpuNanos();
                System.out.printf(
                        Locale.ROOT,
                        "         CPU: process %.2f s = %.0f%% of %d cores over the wall time; per "
                                + "example: server %.0f us, client side %.0f us, GC/JIT/other JVM %.0f us%n",
                        round.processCpuNanos() / 1e9,
                        100.0 * round.processCpuNanos() / (round.wallNanos() * (double) runtime.availableProcessors()),
                        runtime.availableProcessors(),
                        round.serverCpuNanos() / 1e3 / examples,
                        round.nonServerCpuNanos() / 1e3 / examples,
                        jvmOther / 1e3 / examples);
                System.out.println("         CPU ms by thread kind: "
                        + round.cpuByKind().entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue() / 1_000_000)
                                .toList());
            }
        }
        if (measured.isEmpty()) {
            return;
        }
        double[] walls = measured.stream().mapToDouble(r -> r.wallNanos() / 1e9).toArray();
        double median = RunMonitor.median(walls);
        double min = java.util.Arrays.stream(walls).min().orElseThrow();
        double max = java.util.Arrays.stream(walls).max().orElseThrow();
        long peakHeap = measured.stream().mapToLong(Round::peakHeapBytes).max().orElseThrow();
        long peakLive =
                measured.stream().mapToLong(Round::peakLiveHeapBytes).max().orElseThrow();
        int peakThreads = measured.stream().mapToInt(Round::peakThreads).max().orElseThrow();
        boolean allScored = measured.stream().allMatch(r -> r.scored() == examples && r.failed() == 0);
        System.out.printf(
                Locale.ROOT,
                "summary: wall median %.3f s (min %.3f, max %.3f) = %.3f x ideal %.3f s -> "
                        + "target (within 10%%) %s; peak used heap %.1f MiB, peak live %.1f MiB of max %.0f MiB -> target "
                        + "(< 512 MiB) %s; peak threads %d; every example scored: %s; load average now %.2f%n",
                median,
                min,
                max,
                median / ideal,
                ideal,
                median <= ideal * 1.1 ? "MET" : "NOT MET",
                peakHeap / RunMonitor.MIB,
                peakLive / RunMonitor.MIB,
                runtime.maxMemory() / RunMonitor.MIB,
                peakHeap < 512L * 1024 * 1024 ? "MET" : "NOT MET",
                peakThreads,
                allScored,
                RunMonitor.loadAverage());
    }

    static int intArg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
