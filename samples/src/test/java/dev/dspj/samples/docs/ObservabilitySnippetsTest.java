package dev.dspj.samples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.Dspj;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.module.ChainOfThought;
import dev.dspj.observe.CallEnd;
import dev.dspj.observe.CallStart;
import dev.dspj.observe.Callback;
import dev.dspj.observe.Callbacks;
import dev.dspj.observe.Registration;
import dev.dspj.observe.Scope;
import dev.dspj.observe.otel.DspjTelemetry;
import dev.dspj.primitives.LmUsage;
import dev.dspj.primitives.Prediction;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.streaming.StreamListener;
import dev.dspj.streaming.StreamMessage;
import dev.dspj.streaming.Streaming;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's "Seeing inside a program" snippets, run against the simulated model over loopback HTTP. */
class ObservabilitySnippetsTest {

    @Test
    void callbacksUsageAndAStreamedFieldWorkAsTheReadmeSays() {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        StringBuilder shown = new StringBuilder();
        try (SimulatedModelServer server = SimulatedModelServer.builder()
                        .latencyScale(0.05)
                        .build()
                        .start();
                HttpLanguageModel simSmall = HttpLanguageModel.builder("sim/sim-small")
                        .baseUrl(server.baseUrl())
                        .cache(ResponseCache.none())
                        .build()) {
            Dspj.configure(simSmall);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            // snippet:callbacks
            Callback timings = new Callback() {
                @Override
                public void onEnd(CallEnd end) {
                    CallStart start = end.start();
                    System.out.printf(
                            "%-14s %-22s %s%n",
                            start.kind().label(),
                            start.name() + (start.path().isEmpty() ? "" : " @" + start.path()),
                            end.failed()
                                    ? "failed: " + end.error()
                                    : end.duration().toMillis() + " ms");
                }
            };
            QuestionAnswerPredictor qa = QuestionAnswerPredictor.chainOfThought();
            try (Scope scope = Callbacks.with(timings)) { // or Callbacks.register(timings) for the whole process
                qa.invoke(Map.of("question", "Which city is the capital of Peltrineica?"));
            }
            // adapter_format ChatAdapter @predict   19 ms
            // lm             sim/sim-small @predict 238 ms
            // adapter_parse  ChatAdapter @predict   0 ms
            // module         QuestionAnswer @predict 262 ms
            // module         QuestionAnswerPredictor 264 ms
            // end-snippet
            String events = printed.toString(StandardCharsets.UTF_8);
            assertEquals(5, events.lines().count(), events);
            assertTrue(events.lines().toList().get(1).startsWith("lm             sim/sim-small"), events);
            shown.append(printed.toString(StandardCharsets.UTF_8));
            printed.reset();

            // snippet:usage
            Prediction answer = qa.invoke(Map.of("question", "Which city is the capital of Peltrineica?"));
            LmUsage usage = answer.lmUsage(); // DSPy's get_lm_usage(): this prediction's calls, by model
            LmUsage.ModelTotals small = usage.byModel().get("sim/sim-small");
            System.out.println(small.calls() + " call, " + small.promptTokens() + " prompt + "
                    + small.completionTokens() + " completion tokens, $" + small.costUsd());
            // 1 call, 172 prompt + 59 completion tokens, $0.0000408
            // end-snippet
            assertTrue(
                    printed.toString(StandardCharsets.UTF_8).startsWith("1 call, "),
                    printed.toString(StandardCharsets.UTF_8));
            shown.append(printed.toString(StandardCharsets.UTF_8));
            printed.reset();

            // snippet:streaming
            Prediction streamed = Streaming.of(qa)
                    .listen(StreamListener.of(ChainOfThought.REASONING)) // or StreamListener.field("answer")
                    .run(Map.of("question", "Which city is the capital of Peltrineica?"), message -> {
                        if (message instanceof StreamMessage.FieldChunk chunk) {
                            System.out.print(chunk.chunk()); // each piece as the model writes it
                            if (chunk.last()) {
                                System.out.println();
                            }
                        }
                    });
            System.out.println("answer: " + streamed.getString("answer"));
            // The input reads "Which city is the capital of Peltrineica?". Recalling the relevant facts and ...
            // answer: Estfentalwick
            // end-snippet
            String stream = printed.toString(StandardCharsets.UTF_8);
            assertTrue(stream.contains("answer: " + streamed.getString("answer")), stream);
            assertTrue(stream.startsWith(streamed.getString("reasoning")), stream);
        } finally {
            System.setOut(console);
            Dspj.configure(null);
            console.print(shown.append(printed.toString(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aProgramsSpanTreeIsExportedAsTheReadmeSays() {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (SimulatedModelServer server =
                        SimulatedModelServer.builder().latencyScale(0).build().start();
                HttpLanguageModel simSmall = HttpLanguageModel.builder("sim/sim-small")
                        .baseUrl(server.baseUrl())
                        .cache(ResponseCache.none())
                        .build()) {
            Dspj.configure(simSmall);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            // snippet:tracing
            InMemorySpanExporter spans = InMemorySpanExporter.create(); // or OTLP, to Jaeger, Tempo, ...
            try (OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
                            .setTracerProvider(SdkTracerProvider.builder()
                                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                                    .build())
                            .build();
                    Registration tracing = Callbacks.register(DspjTelemetry.create(openTelemetry))) {
                new TwoHopQa().invoke(Map.of("question", "Which city is the capital of Peltrineica?"));
                printTree(spans.getFinishedSpanItems(), SpanId.getInvalid(), ""); // see below
            }
            // dspj.module TwoHopQa
            //   dspj.module GenerateSearchQuery  dspj.module.path=generateQuery.predict
            //     dspj.adapter.format
            //     chat sim-small  gen_ai.request.model=sim-small  gen_ai.usage.input_tokens=188
            // gen_ai.usage.output_tokens=58
            //     dspj.adapter.parse
            //   dspj.module AnswerFromPassages  dspj.module.path=answer
            //     dspj.adapter.format
            //     chat sim-small  gen_ai.request.model=sim-small  gen_ai.usage.input_tokens=276
            // gen_ai.usage.output_tokens=20
            //     dspj.adapter.parse
            // end-snippet
            String tree = printed.toString(StandardCharsets.UTF_8);
            List<String> lines = tree.lines().toList();
            assertEquals("dspj.module TwoHopQa", lines.get(0), tree);
            assertEquals(9, lines.size(), tree);
            assertTrue(lines.get(1).startsWith("  dspj.module GenerateSearchQuery  dspj.module.path="), tree);
            assertTrue(lines.get(3).startsWith("    chat sim-small  gen_ai.request.model=sim-small"), tree);
            assertTrue(lines.get(3).contains("gen_ai.usage.input_tokens="), tree);
        } finally {
            System.setOut(console);
            Dspj.configure(null);
            console.print(printed.toString(StandardCharsets.UTF_8));
        }
    }

    /** Prints each span under a parent with the attributes a reader looks for first, children indented. */
    static void printTree(List<SpanData> spans, String parentId, String indent) {
        spans.stream()
                .filter(span -> span.getParentSpanId().equals(parentId))
                .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
                .forEach(span -> {
                    StringBuilder line = new StringBuilder(indent).append(span.getName());
                    span.getAttributes().forEach((key, value) -> {
                        if (key.getKey().equals("dspj.module.path")
                                || key.getKey().equals("gen_ai.request.model")
                                || key.getKey().startsWith("gen_ai.usage.")) {
                            line.append("  ").append(key.getKey()).append('=').append(value);
                        }
                    });
                    System.out.println(line);
                    printTree(spans, span.getSpanId(), indent + "  ");
                });
    }
}
