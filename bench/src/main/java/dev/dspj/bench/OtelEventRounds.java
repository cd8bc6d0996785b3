package dev.dspj.bench;

import dev.dspj.codec.Codecs;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.module.Predict;
import dev.dspj.observe.ActiveCall;
import dev.dspj.observe.CallEnd;
import dev.dspj.observe.CallStart;
import dev.dspj.observe.Callback;
import dev.dspj.observe.Callbacks;
import dev.dspj.observe.EventKind;
import dev.dspj.observe.Registration;
import dev.dspj.observe.Scope;
import dev.dspj.observe.otel.DspjTelemetry;
import dev.dspj.primitives.Usage;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * What observing a predictor call costs without the call: the four events of one {@link Predict}
 * call (the module, the adapter's format step, the model call with its request and response, the
 * parse step) announced through {@link Callbacks} in a loop, with nothing between them, in
 * interleaved rounds in one JVM. Without HTTP, Netty and the simulated server around it, the cost of
 * the callbacks and of the OpenTelemetry SDK stands out of the noise of a shared machine that {@link
 * OtelOverheadRounds} has to average away.
 *
 * <p>Configurations: {@code none} (nothing registered), {@code noop} (a callback that counts),
 * {@code otelApi} ({@code DspjTelemetry} on {@link OpenTelemetry#noop()}), {@code otelTraces} (the
 * SDK with the batch span processor, no meter provider), {@code otelMetrics} (the SDK with the
 * periodic metric reader, no tracer provider), {@code otel} (both, the SDK's defaults otherwise),
 * {@code otelLean} ({@code otel} with {@code adapterSpans(false)}) and {@code otelNoExemplars}
 * ({@code otel} with the exemplar filter {@code always_off}). The loop pauses 0.3 ms every 50 calls
 * so the span processor's queue (2,048 spans) never overflows; the pauses cost no CPU.
 *
 * <p>Printed per configuration: the median over the rounds of the CPU of all the JVM's threads
 * (the caller and the SDK's export threads) and of the bytes they allocated, per predictor call,
 * and the median of each round's difference to {@code none} of the same round.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.dspj.bench.OtelEventRounds [calls per
 * round=20000] [rounds=21] [warm-up rounds=5]}.
 */
public final class OtelEventRounds {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final AtomicLong SPANS = new AtomicLong();
    private static volatile Object sink = "";

    private OtelEventRounds() {}

    /** A callback that does nothing but count. */
    static final class Counting implements Callback {
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
     * An SDK whose exporters drop what they get (spans counted).
     *
     * @param traces with a tracer provider and a batch span processor
     * @param metrics with a meter provider and a periodic metric reader
     * @param exemplars the meter provider's exemplar filter
     * @return the SDK
     */
    static OpenTelemetrySdk sdk(boolean traces, boolean metrics, ExemplarFilter exemplars) {
        return CountingOtel.sdk(
                traces, metrics, Sampler.parentBased(Sampler.alwaysOn()), exemplars, SPANS, new AtomicLong());
    }

    /**
     * Runs the rounds and prints the medians.
     *
     * @param args {@code [calls per round] [rounds] [warm-up rounds]}
     */
    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 21;
        int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        SignatureDescriptor qa = SignatureDescriptor.builder("FactoidQa")
                .field(FieldDescriptor.input("question", Codecs.STRING, "a question", null))
                .field(FieldDescriptor.output("answer", Codecs.STRING, "", null))
                .build();
        Predict predict = new Predict(qa);
        Object adapter = new Object();
        Object model = new Object();
        LmRequest request = new LmRequest(
                List.of(ChatMessage.system("Answer the question."), ChatMessage.user("Where is Talsone?")),
                LmSettings.DEFAULTS.withTemperature(0.0).withMaxTokens(1000));
        LmResponse response = new LmResponse(
                List.of("[[ ## answer ## ]]\nIn the north.\n\n[[ ## completed ## ]]"),
                new Usage(120, 12),
                "sim-medium",
                "stop",
                false);
        Map<String, Object> inputs = Map.of("question", "Where is Talsone?");
        Counting counting = new Counting();
        try (OpenTelemetrySdk full = sdk(true, true, ExemplarFilter.traceBased());
                OpenTelemetrySdk traces = sdk(true, false, ExemplarFilter.traceBased());
                OpenTelemetrySdk metrics = sdk(false, true, ExemplarFilter.traceBased());
                OpenTelemetrySdk noExemplars = sdk(true, true, ExemplarFilter.alwaysOff())) {
            Map<String, Callback> configurations = new LinkedHashMap<>();
            configurations.put("noop", counting);
            configurations.put("otelApi", DspjTelemetry.create(OpenTelemetry.noop()));
            configurations.put("otelTraces", DspjTelemetry.create(traces));
            configurations.put("otelMetrics", DspjTelemetry.create(metrics));
            configurations.put("otel", DspjTelemetry.create(full));
            configurations.put(
                    "otelLean", DspjTelemetry.builder(full).adapterSpans(false).build());
            configurations.put("otelNoExemplars", DspjTelemetry.create(noExemplars));
            List<String> names = new ArrayList<>();
            names.add("none");
            names.addAll(configurations.keySet());
            Map<String, List<double[]>> results = new LinkedHashMap<>();
            names.forEach(name -> results.put(name, new ArrayList<>()));
            for (int round = 0; round < warmups + rounds; round++) {
                for (int k = 0; k < names.size(); k++) {
                    String name = names.get((round + k) % names.size());
                    Callback callback = configurations.get(name);
                    Registration registration = callback == null ? () -> {} : Callbacks.register(callback);
                    long[] before = cpuAndBytes();
                    for (int i = 0; i < calls; i++) {
                        ActiveCall module = Callbacks.start(EventKind.MODULE, "FactoidQa", predict, inputs);
                        try (Scope body = module.enter()) {
                            ActiveCall format = Callbacks.start(EventKind.ADAPTER_FORMAT, "chat", adapter, inputs);
                            try (Scope step = format.enter()) {
                                sink = request;
                            }
                            format.end(request.messages());
                            ActiveCall lm =
                                    Callbacks.start(EventKind.LM, "sim/sim-medium", model, Map.of("request", request));
                            try (Scope step = lm.enter()) {
                                sink = response;
                            }
                            lm.end(response);
                            ActiveCall parse = Callbacks.start(
                                    EventKind.ADAPTER_PARSE, "chat", adapter, Map.of("completion", response.text()));
                            try (Scope step = parse.enter()) {
                                sink = inputs;
                            }
                            parse.end(inputs);
                        }
                        module.end(inputs);
                        if (i % 50 == 49) {
                            LockSupport.parkNanos(300_000);
                        }
                    }
                    long[] after = cpuAndBytes();
                    registration.close();
                    if (round >= warmups) {
                        results.get(name).add(new double[] {
                            (after[0] - before[0]) / 1e3 / calls, (double) (after[1] - before[1]) / calls
                        });
                    }
                }
            }
            full.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
            traces.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
            noExemplars.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
            long expected = (4L + 4L + 2L + 4L) * calls * (warmups + rounds);
            System.out.printf(
                    Locale.ROOT,
                    "%d calls (4 events each) per configuration per round, %d rounds after %d warm-up rounds; "
                            + "load average %.2f; spans exported %d of %d, counted events %d (sink %s)%n",
                    calls,
                    rounds,
                    warmups,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    SPANS.get(),
                    expected,
                    counting.events.get(),
                    sink.getClass().getSimpleName());
            System.out.println("config            CPU µs/call   bytes/call   CPU µs/call over none (round by round)");
            List<double[]> none = results.get("none");
            for (String name : names) {
                List<double[]> list = results.get(name);
                double[] over = new double[list.size()];
                for (int r = 0; r < over.length; r++) {
                    over[r] = list.get(r)[0] - none.get(r)[0];
                }
                System.out.printf(
                        Locale.ROOT,
                        "%-16s %12.2f %12.0f %12.2f%n",
                        name,
                        RunMonitor.median(list.stream().mapToDouble(v -> v[0]).toArray()),
                        RunMonitor.median(list.stream().mapToDouble(v -> v[1]).toArray()),
                        RunMonitor.median(over));
            }
        }
    }

    /** CPU nanoseconds of all the JVM's threads so far, and the bytes they allocated. */
    private static long[] cpuAndBytes() {
        long[] totals = new long[2];
        for (long id : THREADS.getAllThreadIds()) {
            long time = THREADS.getThreadCpuTime(id);
            if (time > 0) {
                totals[0] += time;
            }
            if (THREADS instanceof com.sun.management.ThreadMXBean allocations) {
                long bytes = allocations.getThreadAllocatedBytes(id);
                if (bytes > 0) {
                    totals[1] += bytes;
                }
            }
        }
        return totals;
    }
}
