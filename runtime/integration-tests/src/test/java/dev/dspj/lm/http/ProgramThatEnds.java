package dev.dspj.lm.http;

import dev.dspj.Dspj;
import dev.dspj.codec.Codecs;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LanguageModels;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.StreamEvent;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A program as a user writes it: it takes its model from {@code DSPJ_LM} (the simulated server's URL
 * in {@code DSPJ_SIM_BASE_URL}), makes a blocking, an asynchronous and a streaming call, prints
 * the answers and returns from {@code main} without {@code System.exit}. With the argument
 * {@code close} it closes its models first; without, it leaves that to the JVM. {@link ProgramsEndTest}
 * runs it in a child JVM and checks that the JVM ends by itself.
 */
public final class ProgramThatEnds {

    /** What the program prints before each answer. */
    static final String ANSWER = "ANSWER: ";
    /** What the program prints last, just before main returns, followed by the wall-clock time in milliseconds. */
    static final String DONE = "MAIN RETURNS AT ";

    private static final SignatureDescriptor QA = SignatureDescriptor.builder("QA")
            .instructions("Answer questions with a short factoid answer.")
            .field(FieldDescriptor.input("question", Codecs.STRING, "", "String"))
            .field(FieldDescriptor.output("answer", Codecs.STRING, "", "String"))
            .build();

    private ProgramThatEnds() {}

    /**
     * Runs the program.
     *
     * @param args {@code close} to close the models before returning; {@code configure} to set the
     *     default model with {@code Dspj.configure(LanguageModels.of(...))} instead of relying on {@code DSPJ_LM}
     * @throws Exception when a call fails (the JVM then exits with a non-zero code)
     */
    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        if (options.contains("configure")) {
            Dspj.configure(LanguageModels.of(System.getenv("DSPJ_LM")));
        }
        Predict predict = new Predict(QA);
        Prediction prediction = predict.forward(Map.of("question", "What is the capital of France?"));
        System.out.println(ANSWER + prediction.getString("answer"));

        CompletableFuture<Prediction> later =
                predict.forwardAsync(Map.of("question", "Who wrote Hamlet?"), dev.dspj.module.CallOptions.NONE);
        System.out.println(ANSWER + later.get(30, TimeUnit.SECONDS).getString("answer"));

        LanguageModel model = Dspj.defaultModel().orElseThrow();
        LmRequest request = new LmRequest(
                List.of(ChatMessage.user("Say something streamed.")), LmSettings.DEFAULTS.withCache(false));
        System.out.println(ANSWER + stream(model, request));

        HttpEmbedder embedder = HttpEmbedder.of("sim/sim-embed");
        System.out.println(ANSWER + embedder.embed(List.of("an embedded text"))[0].length + " dimensions");
        if (options.contains("close")) {
            embedder.close();
            model.close();
        }
        System.out.println(DONE + System.currentTimeMillis());
    }

    /** A streamed call's whole text, once its stream ended (at most 30 s). */
    static String stream(LanguageModel model, LmRequest request) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<LmResponse> response = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        model.stream(request).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(StreamEvent event) {
                if (event instanceof StreamEvent.End end) {
                    response.set(end.response());
                }
            }

            @Override
            public void onError(Throwable error) {
                failure.set(error);
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the stream did not end within 30 s");
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the stream failed", failure.get());
        }
        return response.get().text();
    }
}
