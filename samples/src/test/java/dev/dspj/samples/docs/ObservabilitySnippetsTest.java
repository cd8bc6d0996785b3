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
import dev.dspj.observe.Scope;
import dev.dspj.primitives.LmUsage;
import dev.dspj.primitives.Prediction;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.streaming.StreamListener;
import dev.dspj.streaming.StreamMessage;
import dev.dspj.streaming.Streaming;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
}
