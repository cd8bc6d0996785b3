package dev.dspj.bench;

import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.Provider;
import dev.dspj.lm.limit.ModelLimits;
import dev.dspj.sim.SimExample;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Throughput at a fixed simulated latency: {@code calls} asynchronous calls of a generated
 * predictor ({@code FactoidQuestionPredictor.callAsync}) through one {@link HttpLanguageModel}
 * whose limits allow {@code concurrency} requests in flight, against the simulated model answering
 * every request after exactly {@code latency}. All calls are started at once from the main
 * thread; the model's limiter keeps {@code concurrency} of them in flight and queues the rest
 * without a thread each. Reports, per round, the wall time against the ideal
 * {@code calls / concurrency × latency}, the peak heap, and the live threads split into the
 * simulated server's and the rest (the client side).
 *
 * <p>The server runs in this JVM (its threads and heap are counted in the totals) with a pool of
 * {@code serverThreads} threads, since each request it delays holds one of its threads.
 *
 * <p>Usage: {@code java -Xmx256m -cp bench/target/benchmarks.jar dev.dspj.bench.ThroughputHarness
 * [calls=2000] [concurrency=64] [latencyMs=100] [rounds=5] [warmupRounds=1] [serverThreads=128]}.
 */
public final class ThroughputHarness {

    /** The simulated model called. */
    public static final String MODEL = "sim-medium";
    /** The name prefix of the simulated server's pool threads. */
    public static final String SERVER_THREAD_PREFIX = "sim-server-";

    /** The JVM's own service threads, there whatever the program does. */
    private static final Set<String> JVM_THREADS = Set.of(
            "Reference Handler",
            "Finalizer",
            "Signal Dispatcher",
            "Common-Cleaner",
            "Notification Thread",
            "Attach Listener",
            "process reaper");

    private static final double MIB = 1024.0 * 1024.0;

    private ThroughputHarness() {}

    /**
     * One round's outcome.
     *
     * @param wallNanos from the first call started to the last one finished
     * @param answered calls that returned a parsed, non-blank answer
     * @param serverRequests requests the server received during the round
     * @param peakInFlight the most requests the model's limiter had in flight (since the rig started)
     * @param peakThreads the most live threads in the JVM during the round ({@link ThreadMXBean#getPeakThreadCount()})
     * @param sampledThreads the live threads by kind at the sample with the most threads
     * @param peakHeapBytes the most heap used during the round: sampled, and just before each collection
     * @param maxLiveHeapBytes the most heap still used right after a collection during the round
     * @param collections collections during the round
     */
    public record Round(
            long wallNanos,
            int answered,
            long serverRequests,
            int peakInFlight,
            int peakThreads,
            Map<String, Integer> sampledThreads,
            long peakHeapBytes,
            long maxLiveHeapBytes,
            int collections) {

        /**
         * The client side's threads at the sampled peak: all but the simulated server's, the JVM's
         * service threads and the harness's monitor.
         *
         * @return the count
         */
        public int clientSideThreads() {
            return sampledThreads.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("client") || e.getKey().startsWith("other"))
                    .mapToInt(Map.Entry::getValue)
                    .sum();
        }
    }

    /** The server, model and predictor one run uses. */
    public static final class Rig implements AutoCloseable {
        private final ExecutorService serverThreads;
        private final SimulatedModelServer server;
        private final HttpLanguageModel model;
        private final FactoidQuestionPredictor predictor;
        private final List<String> questions = new ArrayList<>();
        private final int concurrency;

        /**
         * Starts a server answering after {@code latency} on {@code serverThreadCount} threads and a
         * model allowing {@code concurrency} requests in flight.
         *
         * @param concurrency the model's {@code maxConcurrentRequests}
         * @param latency the server's fixed latency
         * @param serverThreadCount the server's threads
         */
        public Rig(int concurrency, Duration latency, int serverThreadCount) {
            this.concurrency = concurrency;
            AtomicInteger count = new AtomicInteger();
            serverThreads = Executors.newFixedThreadPool(serverThreadCount, runnable -> {
                Thread thread = new Thread(runnable, SERVER_THREAD_PREFIX + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            server = SimulatedModelServer.builder()
                    .fixedLatency(latency)
                    .executor(serverThreads)
                    .requestLogCapacity(0)
                    .build()
                    .start();
            model = HttpLanguageModel.builder(Provider.SIM)
                    .model(MODEL)
                    .baseUrl(server.baseUrl())
                    .cache(ResponseCache.none())
                    .privateLimits(ModelLimits.DEFAULT.withMaxConcurrentRequests(concurrency))
                    .build();
            predictor = FactoidQuestionPredictor.predict().withModel(model);
            for (SimExample example : SimTasks.factoidQa().examples()) {
                questions.add(example.inputs().get("question"));
            }
        }

        /**
         * The server.
         *
         * @return the server
         */
        public SimulatedModelServer server() {
            return server;
        }

        /**
         * The model.
         *
         * @return the model
         */
        public HttpLanguageModel model() {
            return model;
        }

        /**
         * Makes {@code calls} calls at once and waits for all of them.
         *
         * @param calls how many
         * @return the outcome
         */
        public Round run(int calls) {
            long requestsBefore = server.requestCount();
            try (RunMonitor monitor = new RunMonitor(ThroughputHarness::threadKind)) {
                long start = System.nanoTime();
                List<CompletableFuture<FactoidQuestionOutput>> futures = new ArrayList<>(calls);
                for (int i = 0; i < calls; i++) {
                    futures.add(predictor.callAsync(questions.get(i % questions.size())));
                }
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                        .join();
                long wall = System.nanoTime() - start;
                monitor.stop();
                int answered = 0;
                for (CompletableFuture<FactoidQuestionOutput> future : futures) {
                    FactoidQuestionOutput output = future.join();
                    if (output.answer() != null && !output.answer().isBlank()) {
                        answered++;
                    }
                }
                return new Round(
                        wall,
                        answered,
                        server.requestCount() - requestsBefore,
                        model.limiter().peakInFlight(),
                        monitor.peakThreads(),
                        monitor.threadsAtPeak(),
                        monitor.peakHeapBytes(),
                        monitor.peakLiveHeapBytes(),
                        monitor.collections());
            }
        }

        /**
         * The model's {@code maxConcurrentRequests}.
         *
         * @return the limit
         */
        public int concurrency() {
            return concurrency;
        }

        @Override
        public void close() {
            model.close();
            server.close();
            serverThreads.shutdownNow();
        }
    }

    /** What a thread is, by its name. */
    static String threadKind(String name) {
        if (name.startsWith(SERVER_THREAD_PREFIX)) {
            return "server: request pool";
        }
        if (name.equals("HTTP-Dispatcher") || name.startsWith("idle-timeout-task")) {
            return "server: JDK HttpServer dispatcher";
        }
        if (name.equals(RunMonitor.THREAD_NAME)) {
            return "harness monitor";
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.contains("eventloop")) {
            return "client: Netty event loop";
        }
        if (name.equals("main")) {
            return "client: main (caller)";
        }
        if (JVM_THREADS.contains(name)) {
            return "jvm: " + name;
        }
        return "other: " + name.replaceAll("[-#]?\\d+$", "");
    }

    /**
     * Runs the benchmark and prints each round and a summary.
     *
     * @param args {@code [calls] [concurrency] [latencyMs] [rounds] [warmupRounds] [serverThreads]}
     */
    public static void main(String[] args) {
        int calls = intArg(args, 0, 2000);
        int concurrency = intArg(args, 1, 64);
        int latencyMillis = intArg(args, 2, 100);
        int rounds = intArg(args, 3, 5);
        int warmups = intArg(args, 4, 1);
        int serverThreads = intArg(args, 5, 128);
        double idealSeconds = (double) calls / concurrency * latencyMillis / 1000.0;
        double slotBoundSeconds = Math.ceil((double) calls / concurrency) * latencyMillis / 1000.0;
        Runtime runtime = Runtime.getRuntime();
        System.out.printf(
                Locale.ROOT,
                "%d calls, concurrency %d, latency %d ms, %d rounds after %d warm-up; "
                        + "server threads %d; max heap %.0f MiB; %d processors; GC %s; load average %.2f%n",
                calls,
                concurrency,
                latencyMillis,
                rounds,
                warmups,
                serverThreads,
                runtime.maxMemory() / MIB,
                runtime.availableProcessors(),
                ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(GarbageCollectorMXBean::getName)
                        .toList(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(
                Locale.ROOT,
                "ideal %d/%d x %.3f s = %.3f s (each of the %d slots makes its calls one after "
                        + "another, so no run can beat %.3f s)%n",
                calls,
                concurrency,
                latencyMillis / 1000.0,
                idealSeconds,
                concurrency,
                slotBoundSeconds);
        System.out.println("round       wall s  /ideal  answered  requests  in-flight  heap peak MiB  live after GC MiB"
                + "  GCs  threads peak  client-side threads");
        List<Round> measured = new ArrayList<>();
        long overallPeakHeap = 0;
        int overallPeakThreads = 0;
        try (Rig rig = new Rig(concurrency, Duration.ofMillis(latencyMillis), serverThreads)) {
            for (int i = 0; i < warmups + rounds; i++) {
                System.gc();
                Round round = rig.run(calls);
                boolean warmup = i < warmups;
                if (!warmup) {
                    measured.add(round);
                }
                overallPeakHeap = Math.max(overallPeakHeap, round.peakHeapBytes());
                overallPeakThreads = Math.max(overallPeakThreads, round.peakThreads());
                System.out.printf(
                        Locale.ROOT,
                        "%-9s %8.3f  %6.3f  %8d  %8d  %9d  %13.1f  %17.1f  %3d  %12d  %19d%n",
                        warmup ? "warm-up" : "#" + (i - warmups + 1),
                        round.wallNanos() / 1e9,
                        round.wallNanos() / 1e9 / idealSeconds,
                        round.answered(),
                        round.serverRequests(),
                        round.peakInFlight(),
                        round.peakHeapBytes() / MIB,
                        round.maxLiveHeapBytes() / MIB,
                        round.collections(),
                        round.peakThreads(),
                        round.clientSideThreads());
                if (round.answered() != calls || round.serverRequests() != calls) {
                    throw new IllegalStateException("round " + (i + 1) + ": " + round.answered() + " answers and "
                            + round.serverRequests() + " requests for " + calls + " calls");
                }
            }
        }
        double[] walls =
                measured.stream().mapToDouble(r -> r.wallNanos() / 1e9).sorted().toArray();
        double median = median(walls);
        System.out.printf(
                Locale.ROOT,
                "wall time: median %.3f s (%.3f x ideal, %+.1f%%), min %.3f s, max %.3f s, "
                        + "spread %.3f s over %d rounds%n",
                median,
                median / idealSeconds,
                (median / idealSeconds - 1) * 100,
                walls[0],
                walls[walls.length - 1],
                walls[walls.length - 1] - walls[0],
                walls.length);
        System.out.printf(
                Locale.ROOT,
                "heap: peak used %.1f MiB of %.0f MiB max (all rounds, warm-up included)%n",
                overallPeakHeap / MIB,
                runtime.maxMemory() / MIB);
        Round last = measured.isEmpty() ? null : measured.get(measured.size() - 1);
        System.out.printf(
                Locale.ROOT,
                "threads: peak %d live in the JVM; at the sampled peak of the last round: %s%n",
                overallPeakThreads,
                last == null ? "-" : last.sampledThreads());
        System.out.printf(
                Locale.ROOT,
                "load average at the end: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    static double median(double[] sorted) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double[] copy = Arrays.copyOf(sorted, sorted.length);
        Arrays.sort(copy);
        int middle = copy.length / 2;
        return copy.length % 2 == 1 ? copy[middle] : (copy[middle - 1] + copy[middle]) / 2;
    }

    private static int intArg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
