package dev.dspj.bench;

import dev.dspj.codec.Codecs;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.Provider;
import dev.dspj.lm.limit.ModelLimits;
import dev.dspj.module.Predict;
import dev.dspj.observe.CallEnd;
import dev.dspj.observe.CallStart;
import dev.dspj.observe.Callback;
import dev.dspj.observe.Callbacks;
import dev.dspj.observe.Registration;
import dev.dspj.observe.otel.DspjTelemetry;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What observing a call costs: one {@link Predict} call over HTTP to the simulated model on
 * loopback with no simulated latency, in three configurations alternated in interleaved rounds in
 * one JVM (the order rotates every round, so load from other processes falls on all alike):
 *
 * <ul>
 *   <li>{@code none}: no callback registered (the call path reads a thread-local and moves on);
 *   <li>{@code noop}: a {@link Callback} that does nothing, registered for the process;
 *   <li>{@code otel}: {@link DspjTelemetry} on an OpenTelemetry SDK with a batch span processor
 *       into an exporter that counts and drops the spans, and a periodic metric reader (every
 *       second) into an exporter that drops the metrics.
 * </ul>
 *
 * Each round records the wall time per call and the CPU time per call of the client's threads
 * (caller, Micronaut/Netty, the span processor's and the metric reader's threads) and of the
 * simulated server's threads, from {@link ThreadMXBean}, and the bytes the client's threads
 * allocated. The medians over the rounds are printed with the ratios {@code noop/none} and {@code
 * otel/none}, and the median (and quartiles) of the client CPU ratios taken round by round, each
 * configuration against {@code none} of the same round, which load on the machine that comes and
 * goes between rounds disturbs less.
 *
 * <p>With a fourth argument {@code breakdown}, two more configurations show where the cost of
 * {@code otel} goes: {@code otelApi}, the bridge on {@link OpenTelemetry#noop()} (the bridge's own
 * work, the SDK's left out), and {@code otelTraces}, the bridge on an SDK with the batch span
 * processor and no meter provider (spans without metrics), {@code otelMetrics}, the bridge on an SDK
 * with the periodic metric reader and no tracer provider (metrics without spans), and {@code
 * otel10pct}, {@code otel} with the sampler {@code parentbased_traceidratio} at 0.1 (a tenth of the
 * calls traced, every call's metrics recorded). {@code otelLean} is {@code otel} with {@code
 * adapterSpans(false)}: two spans a call instead of four.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.dspj.bench.OtelOverheadRounds [calls
 * per round=1000] [rounds=15] [warm-up rounds=5] [breakdown]}.
 */
public final class OtelOverheadRounds {

    /** The simulated model called (latency is zero whichever it is). */
    public static final String MODEL = "sim-medium";

    private static final SignatureDescriptor QA = SignatureDescriptor.builder("FactoidQa")
            .field(FieldDescriptor.input("question", Codecs.STRING, "a question about a place or a person", null))
            .field(FieldDescriptor.output("answer", Codecs.STRING, "", null))
            .build();

    private OtelOverheadRounds() {}

    /**
     * One configuration's cost per call in one round.
     *
     * @param wall elapsed microseconds
     * @param clientCpu CPU microseconds of the client's threads
     * @param serverCpu CPU microseconds of the server's threads
     * @param clientBytes bytes the client's threads allocated
     */
    public record PerCall(double wall, double clientCpu, double serverCpu, double clientBytes) {}

    /** Spans and metric exports seen by the exporters, to check that the SDK did its work. */
    static final AtomicLong SPANS = new AtomicLong();

    static final AtomicLong METRIC_EXPORTS = new AtomicLong();

    /** A callback that does nothing but count, so the JIT cannot drop it. */
    static final class NoOpCallback implements Callback {
        final AtomicLong events = new AtomicLong();

        @Override
        public void onStart(CallStart start) {
            events.incrementAndGet();
        }

        @Override
        public void onEnd(CallEnd end) {
            events.incrementAndGet();
        }
    }

    /**
     * Runs the rounds.
     *
     * @param predict the predictor, with its model set
     * @param question the question asked each time
     * @param configurations the configurations: a name, and what registers its callback (or null)
     * @param calls calls of each configuration per round
     * @param rounds rounds
     * @return per configuration, one entry per round
     */
    static Map<String, List<PerCall>> run(
            Predict predict,
            String question,
            Map<String, Supplier<Registration>> configurations,
            int calls,
            int rounds) {
        List<String> names = new ArrayList<>(configurations.keySet());
        Map<String, List<PerCall>> results = new LinkedHashMap<>();
        names.forEach(name -> results.put(name, new ArrayList<>()));
        Map<String, Object> inputs = Map.of("question", question);
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((round + k) % names.size());
                try (Registration registration = configurations.get(name).get()) {
                    Map<Long, long[]> before = HttpOverheadRounds.snapshot();
                    long start = System.nanoTime();
                    for (int i = 0; i < calls; i++) {
                        Prediction prediction = predict.forward(inputs);
                        if (prediction.values().get("answer") == null) {
                            throw new IllegalStateException(name + " got no answer");
                        }
                    }
                    long wall = System.nanoTime() - start;
                    long[] spent = HttpOverheadRounds.spent(before, HttpOverheadRounds.snapshot());
                    results.get(name)
                            .add(new PerCall(
                                    wall / 1e3 / calls,
                                    spent[0] / 1e3 / calls,
                                    spent[1] / 1e3 / calls,
                                    (double) spent[2] / calls));
                }
            }
        }
        return results;
    }

    /** Spans exported by the breakdown's sampled SDK (about a tenth of its calls'). */
    static final AtomicLong SAMPLED_SPANS = new AtomicLong();

    /**
     * An OpenTelemetry SDK whose exporters count and drop what they get.
     *
     * @param withMetrics whether it has a meter provider with a periodic reader
     * @return the SDK
     */
    static OpenTelemetrySdk sdk(boolean withMetrics) {
        return sdk(true, withMetrics, Sampler.parentBased(Sampler.alwaysOn()), SPANS);
    }

    /**
     * An OpenTelemetry SDK whose exporters count and drop what they get.
     *
     * @param withTraces whether it has a tracer provider with a batch span processor
     * @param withMetrics whether it has a meter provider with a periodic reader
     * @param sampler the tracer provider's sampler ({@code parentbased_always_on} is the SDK's default)
     * @param exported where the exporter counts the spans it gets
     * @return the SDK
     */
    static OpenTelemetrySdk sdk(boolean withTraces, boolean withMetrics, Sampler sampler, AtomicLong exported) {
        return CountingOtel.sdk(
                withTraces,
                withMetrics,
                sampler,
                io.opentelemetry.sdk.metrics.ExemplarFilter.traceBased(),
                exported,
                METRIC_EXPORTS);
    }

    /**
     * Runs the rounds and prints the medians and the ratios.
     *
     * @param args {@code [calls per round] [rounds] [warm-up rounds]}
     */
    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        boolean breakdown = args.length > 3 && args[3].equals("breakdown");
        System.out.printf(
                Locale.ROOT,
                "%d calls per configuration per round, %d rounds after %d warm-up rounds; load average %.2f%n",
                calls,
                rounds,
                warmups,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        AtomicInteger count = new AtomicInteger();
        ExecutorService serverThreads = Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "sim-server-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        NoOpCallback noop = new NoOpCallback();
        Map<String, List<PerCall>> results;
        try (SimulatedModelServer server = SimulatedModelServer.builder()
                        .latencyScale(0)
                        .executor(serverThreads)
                        .build()
                        .start();
                HttpLanguageModel model = HttpLanguageModel.builder(Provider.SIM)
                        .model(MODEL)
                        .baseUrl(server.baseUrl())
                        .cache(ResponseCache.none())
                        .privateLimits(ModelLimits.DEFAULT)
                        .build();
                OpenTelemetrySdk sdk = sdk(true);
                OpenTelemetrySdk tracesOnly = sdk(false);
                OpenTelemetrySdk metricsOnly = sdk(false, true, Sampler.alwaysOn(), SPANS);
                OpenTelemetrySdk sampled =
                        sdk(true, true, Sampler.parentBased(Sampler.traceIdRatioBased(0.1)), SAMPLED_SPANS)) {
            DspjTelemetry telemetry = DspjTelemetry.create(sdk);
            Predict predict = new Predict(QA);
            predict.setModel(model);
            String question = SimTasks.factoidQa().examples().get(0).inputs().get("question");
            Map<String, Supplier<Registration>> configurations = new LinkedHashMap<>();
            configurations.put("none", () -> () -> {});
            configurations.put("noop", () -> Callbacks.register(noop));
            configurations.put("otel", () -> Callbacks.register(telemetry));
            DspjTelemetry lean = DspjTelemetry.builder(sdk).adapterSpans(false).build();
            configurations.put("otelLean", () -> Callbacks.register(lean));
            if (breakdown) {
                DspjTelemetry onNoop = DspjTelemetry.create(OpenTelemetry.noop());
                DspjTelemetry onTraces = DspjTelemetry.create(tracesOnly);
                configurations.put("otelApi", () -> Callbacks.register(onNoop));
                configurations.put("otelTraces", () -> Callbacks.register(onTraces));
                DspjTelemetry onMetrics = DspjTelemetry.create(metricsOnly);
                DspjTelemetry onSampled = DspjTelemetry.create(sampled);
                configurations.put("otelMetrics", () -> Callbacks.register(onMetrics));
                configurations.put("otel10pct", () -> Callbacks.register(onSampled));
            }
            run(predict, question, configurations, calls, warmups);
            results = run(predict, question, configurations, calls, rounds);
            sdk.getSdkTracerProvider().forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
            tracesOnly.getSdkTracerProvider().forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
            sampled.getSdkTracerProvider().forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
            if (telemetry.openSpans() != 0) {
                throw new IllegalStateException(telemetry.openSpans() + " spans left open");
            }
        } finally {
            serverThreads.shutdownNow();
        }
        // 4 spans a call with adapter spans, 2 without (otelLean)
        long expectedSpans = (4L + 2L) * calls * (rounds + warmups) + (breakdown ? 4L * calls * (rounds + warmups) : 0);
        System.out.printf(
                Locale.ROOT,
                "spans exported %d (expected %d: predictor, format, chat, parse per call), metric exports %d, "
                        + "no-op callback events %d%s%n",
                SPANS.get(),
                expectedSpans,
                METRIC_EXPORTS.get(),
                noop.events.get(),
                breakdown
                        ? String.format(
                                Locale.ROOT,
                                "; otel10pct exported %d of its %d spans",
                                SAMPLED_SPANS.get(),
                                4L * calls * (rounds + warmups))
                        : "");
        System.out.println("config   median µs/call: wall  client CPU  server CPU   wall min..max   client bytes/call");
        Map<String, double[]> medians = new LinkedHashMap<>();
        results.forEach((name, list) -> {
            double wall =
                    RunMonitor.median(list.stream().mapToDouble(PerCall::wall).toArray());
            double client = RunMonitor.median(
                    list.stream().mapToDouble(PerCall::clientCpu).toArray());
            double server = RunMonitor.median(
                    list.stream().mapToDouble(PerCall::serverCpu).toArray());
            double bytes = RunMonitor.median(
                    list.stream().mapToDouble(PerCall::clientBytes).toArray());
            double min = list.stream().mapToDouble(PerCall::wall).min().orElse(Double.NaN);
            double max = list.stream().mapToDouble(PerCall::wall).max().orElse(Double.NaN);
            medians.put(name, new double[] {wall, client, server, bytes});
            System.out.printf(
                    Locale.ROOT,
                    "%-10s %19.1f %11.1f %11.1f   %.1f..%.1f %14.0f%n",
                    name,
                    wall,
                    client,
                    server,
                    min,
                    max,
                    bytes);
        });
        double[] none = medians.get("none");
        for (String name : breakdown
                ? List.of("noop", "otel", "otelLean", "otelApi", "otelTraces", "otelMetrics", "otel10pct")
                : List.of("noop", "otel", "otelLean")) {
            double[] other = medians.get(name);
            // each round's ratio to the same round's none: load that comes and goes falls on both
            List<PerCall> own = results.get(name);
            List<PerCall> base = results.get("none");
            double[] paired = new double[own.size()];
            for (int r = 0; r < paired.length; r++) {
                paired[r] = own.get(r).clientCpu() / base.get(r).clientCpu();
            }
            double[] sorted = paired.clone();
            java.util.Arrays.sort(sorted);
            System.out.printf(
                    Locale.ROOT,
                    "%s/none: wall %.3f, client CPU %.3f, client+server CPU %.3f, client bytes %.3f; "
                            + "client CPU round by round: median %.3f, quartiles %.3f..%.3f%n",
                    name,
                    other[0] / none[0],
                    other[1] / none[1],
                    (other[1] + other[2]) / (none[1] + none[2]),
                    other[3] / none[3],
                    RunMonitor.median(paired),
                    sorted[sorted.length / 4],
                    sorted[(3 * sorted.length) / 4]);
        }
    }
}
