package dev.dspj.observe.otel;

import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.Provider;
import dev.dspj.observe.Callbacks;
import dev.dspj.observe.Registration;
import dev.dspj.sim.SimulatedModelServer;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The README's example: a two-predictor program traced into an in-memory exporter, its span tree
 * printed as indented lines. {@link ReadmeExampleTest} runs it.
 */
final class ReadmeExample {

    private ReadmeExample() {}

    /**
     * Runs the example.
     *
     * @param out where the tree goes
     */
    static void run(PrintStream out) {
        // snippet:otel-tracing
        InMemorySpanExporter spans = InMemorySpanExporter.create(); // or an OTLP exporter
        try (SimulatedModelServer sim =
                        SimulatedModelServer.builder().latencyScale(0).build().start();
                HttpLanguageModel lm = HttpLanguageModel.builder(Provider.OPENAI)
                        .model("sim-small")
                        .baseUrl(sim.baseUrl())
                        .apiKey("sk-simulated")
                        .cache(ResponseCache.none())
                        .build();
                OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                        .setTracerProvider(SdkTracerProvider.builder()
                                .addSpanProcessor(SimpleSpanProcessor.create(spans))
                                .build())
                        .build()) {
            try (Registration tracing = Callbacks.register(DspjTelemetry.create(otel))) {
                new TwoStepProgram(lm).invoke(Map.of("question", "What is the capital of France?"));
            }
            printTree(spans.getFinishedSpanItems(), SpanId.getInvalid(), "", out);
        }
        // end-snippet
    }

    /** Prints the spans under a parent, each with its key attributes, children indented. */
    static void printTree(List<SpanData> spans, String parentId, String indent, PrintStream out) {
        spans.stream()
                .filter(span -> span.getParentSpanId().equals(parentId))
                .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
                .forEach(span -> {
                    StringBuilder line = new StringBuilder(indent).append(span.getName());
                    span.getAttributes().forEach((key, value) -> {
                        if (key.getKey().equals("dspj.module.path")
                                || key.getKey().startsWith("gen_ai.usage.")
                                || key.getKey().equals("gen_ai.response.model")) {
                            line.append("  ").append(key.getKey()).append('=').append(value);
                        }
                    });
                    out.println(line);
                    printTree(spans, span.getSpanId(), indent + "  ", out);
                });
    }
}
