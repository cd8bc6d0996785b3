package dev.dspj.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The same three calls as {@link HttpOverheadBenchmark}, measured in interleaved rounds in one JVM
 * so that load from other processes falls on all of them alike: each round makes {@code calls}
 * calls of each variant in turn (the order rotates every round), and records the wall time per
 * call and the CPU time per call of the client's threads (the caller and the Micronaut/Netty
 * threads) and of the simulated server's threads, read from {@link ThreadMXBean}. The JVM's GC and
 * JIT threads are not Java threads and are not counted on either side.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.dspj.bench.HttpOverheadRounds
 * [calls per round=2000] [rounds=15] [warm-up rounds=10]}.
 */
public final class HttpOverheadRounds {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private HttpOverheadRounds() {}

    /**
     * One variant's cost per call in one round, in microseconds.
     *
     * @param wall elapsed time
     * @param clientCpu CPU time of the client's threads
     * @param serverCpu CPU time of the server's threads
     * @param clientBytes bytes the client's threads allocated (not microseconds: allocation does
     *     not depend on the machine's load, so it shows a change where times are noisy)
     */
    public record PerCall(double wall, double clientCpu, double serverCpu, double clientBytes) {}

    /**
     * Runs {@code rounds} rounds on a started benchmark state.
     *
     * @param bench the state, after {@link HttpOverheadBenchmark#start()}
     * @param calls calls of each variant per round
     * @param rounds rounds
     * @return per variant ({@code bareClient}, {@code bareParsed}, {@code dspj}, {@code dspjJson},
     *     {@code dspjModelOnly}, {@code dspjModelFresh}), one entry per round
     */
    public static Map<String, List<PerCall>> run(HttpOverheadBenchmark bench, int calls, int rounds) {
        Map<String, Supplier<Object>> variants = new LinkedHashMap<>();
        variants.put("bareClient", bench::bareClient);
        variants.put("bareParsed", bench::bareParsed);
        variants.put("dspj", bench::dspj);
        variants.put("dspjJson", bench::dspjJson);
        variants.put("dspjModelOnly", bench::dspjModelOnly);
        variants.put("dspjModelFresh", bench::dspjModelFresh);
        List<String> names = new ArrayList<>(variants.keySet());
        Map<String, List<PerCall>> results = new LinkedHashMap<>();
        names.forEach(name -> results.put(name, new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((round + k) % names.size());
                Supplier<Object> call = variants.get(name);
                Map<Long, long[]> before = snapshot();
                long start = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    if (call.get() == null) {
                        throw new IllegalStateException(name + " returned nothing");
                    }
                }
                long wall = System.nanoTime() - start;
                long[] spent = spent(before, snapshot());
                results.get(name)
                        .add(new PerCall(
                                wall / 1e3 / calls,
                                spent[0] / 1e3 / calls,
                                spent[1] / 1e3 / calls,
                                (double) spent[2] / calls));
            }
        }
        return results;
    }

    /**
     * Per live thread: {1 for a server thread else 0, CPU nanoseconds so far, bytes allocated so far}.
     */
    static Map<Long, long[]> snapshot() {
        Map<Long, long[]> threads = new java.util.HashMap<>();
        long[] ids = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(ids, 0);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null) {
                continue;
            }
            long time = THREADS.getThreadCpuTime(ids[i]);
            if (time < 0) {
                continue;
            }
            String name = infos[i].getThreadName();
            boolean server = name.startsWith("sim-server-")
                    || name.equals("HTTP-Dispatcher")
                    || name.startsWith("idle-timeout-task");
            long bytes = THREADS instanceof com.sun.management.ThreadMXBean allocations
                    ? allocations.getThreadAllocatedBytes(ids[i])
                    : 0;
            threads.put(ids[i], new long[] {server ? 1 : 0, time, bytes});
        }
        return threads;
    }

    /**
     * What happened between two snapshots: {client CPU nanoseconds, server CPU nanoseconds, client
     * bytes}. A thread that started in between counts from zero; one that ended in between (a
     * client's start-up thread, an idle pool thread) is left out, its last figures being unknown.
     */
    static long[] spent(Map<Long, long[]> before, Map<Long, long[]> after) {
        long[] totals = new long[3];
        after.forEach((id, now) -> {
            long[] then = before.getOrDefault(id, new long[] {now[0], 0, 0});
            boolean server = now[0] == 1;
            totals[server ? 1 : 0] += now[1] - then[1];
            if (!server) {
                totals[2] += now[2] - then[2];
            }
        });
        return totals;
    }

    /**
     * Runs the rounds and prints the medians.
     *
     * @param args {@code [calls per round] [rounds] [warm-up rounds]}
     */
    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        System.out.printf(
                Locale.ROOT,
                "%d calls per variant per round, %d rounds after %d warm-up rounds; load average %.2f%n",
                calls,
                rounds,
                warmups,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        HttpOverheadBenchmark bench = new HttpOverheadBenchmark();
        bench.start();
        Map<String, List<PerCall>> results;
        try {
            run(bench, calls, warmups);
            results = run(bench, calls, rounds);
        } finally {
            bench.stop();
        }
        System.out.println(
                "variant          median µs/call: wall  client CPU  server CPU   wall min..max     client bytes/call");
        Map<String, double[]> medians = new LinkedHashMap<>();
        results.forEach((name, list) -> {
            double wall =
                    RunMonitor.median(list.stream().mapToDouble(PerCall::wall).toArray());
            double client = RunMonitor.median(
                    list.stream().mapToDouble(PerCall::clientCpu).toArray());
            double server = RunMonitor.median(
                    list.stream().mapToDouble(PerCall::serverCpu).toArray());
            double min = list.stream().mapToDouble(PerCall::wall).min().orElse(Double.NaN);
            double max = list.stream().mapToDouble(PerCall::wall).max().orElse(Double.NaN);
            double bytes = RunMonitor.median(
                    list.stream().mapToDouble(PerCall::clientBytes).toArray());
            medians.put(name, new double[] {wall, client, server, bytes});
            System.out.printf(
                    Locale.ROOT,
                    "%-15s %22.1f %11.1f %11.1f   %.1f..%.1f %14.0f%n",
                    name,
                    wall,
                    client,
                    server,
                    min,
                    max,
                    bytes);
        });
        for (String floor : List.of("bareClient", "bareParsed")) {
            double[] bare = medians.get(floor);
            for (String name : List.of("dspj", "dspjJson", "dspjModelOnly", "dspjModelFresh")) {
                double[] dspj = medians.get(name);
                double[] roundRatios = new double[rounds];
                for (int i = 0; i < rounds; i++) {
                    roundRatios[i] = results.get(name).get(i).wall()
                            / results.get(floor).get(i).wall();
                }
                System.out.printf(
                        Locale.ROOT,
                        "%s / %s: wall %.3f (median of per-round ratios %.3f), client CPU %.3f "
                                + "(+%.1f µs per call), client bytes %.2f (+%.0f per call)%n",
                        name,
                        floor,
                        dspj[0] / bare[0],
                        RunMonitor.median(roundRatios),
                        dspj[1] / bare[1],
                        dspj[1] - bare[1],
                        dspj[3] / bare[3],
                        dspj[3] - bare[3]);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "load average at the end: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
