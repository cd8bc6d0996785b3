package dev.dspj.streaming;

import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * Runs a program and streams its answer, DSPy's {@code dspy.streamify}: the pieces of the output
 * fields that {@link StreamListener}s choose, status messages, then the final prediction.
 *
 * <pre>{@code
 * Flow.Publisher<StreamMessage> answer = Streaming.of(program)
 *         .listen(StreamListener.field("answer"))
 *         .stream(Map.of("question", "Where is Valorenia?"));
 * }</pre>
 *
 * <p>Each subscription runs the program once, on a thread of its own, with the subscriber's
 * demand pacing the model: while the subscriber has not asked for more, no more of the model's
 * stream is read. Cancelling the subscription cancels the model call under way and stops the run.
 * Only the model calls of predictors that a listener chooses are streamed; the others are made as
 * usual (and may be answered by the cache). Listeners are checked against the program when the
 * stream is built: a field no predictor writes, or one that several do with no predictor named,
 * is refused there, naming the candidates. Immutable: each method returns a new stream.
 */
public final class Streaming {

    private final Module program;
    private final List<StreamListener> listeners;
    private final StatusMessageProvider status;
    private final boolean includeFinal;

    private Streaming(
            Module program, List<StreamListener> listeners, StatusMessageProvider status, boolean includeFinal) {
        this.program = program;
        this.listeners = listeners;
        this.status = status;
        this.includeFinal = includeFinal;
    }

    /**
     * A stream of a program, with no listeners yet and DSPy's status messages.
     *
     * @param program the program (any module: a predictor, a {@code @Program}, an agent)
     * @return the stream
     */
    public static Streaming of(Module program) {
        return new Streaming(
                Objects.requireNonNull(program, "program"), List.of(), StatusMessageProvider.DEFAULT, true);
    }

    /**
     * Adds listeners.
     *
     * @param more the listeners
     * @return a new stream
     * @throws IllegalArgumentException when a listener's field or predictor is not in the program
     */
    public Streaming listen(StreamListener... more) {
        List<StreamListener> all = new ArrayList<>(listeners);
        for (StreamListener listener : more) {
            all.add(Objects.requireNonNull(listener, "listener"));
        }
        bind(program, all);
        return new Streaming(program, List.copyOf(all), status, includeFinal);
    }

    /**
     * Sets the status messages ({@link StatusMessageProvider#NONE} for none).
     *
     * @param provider the provider
     * @return a new stream
     */
    public Streaming statusMessages(StatusMessageProvider provider) {
        return new Streaming(program, listeners, Objects.requireNonNull(provider, "provider"), includeFinal);
    }

    /**
     * Whether the final prediction is sent as the last message (default true).
     *
     * @param include false to end with the last field piece
     * @return a new stream
     */
    public Streaming includeFinalPrediction(boolean include) {
        return new Streaming(program, listeners, status, include);
    }

    /**
     * The stream of one run per subscription.
     *
     * @param inputs the program's inputs by field name
     * @return the publisher; nothing runs until it is subscribed to
     */
    public Flow.Publisher<StreamMessage> stream(Map<String, Object> inputs) {
        Map<String, Object> copy = Map.copyOf(inputs);
        Map<Predict, List<Binding>> bindings = bind(program, listeners);
        return subscriber -> {
            Objects.requireNonNull(subscriber, "subscriber");
            StreamSession session = new StreamSession(program, copy, bindings, status, includeFinal, subscriber);
            session.start();
        };
    }

    /**
     * Runs the program and hands each message to a consumer as it comes, on this thread, until the
     * run ends: the simplest way to print or forward a stream.
     *
     * @param inputs the program's inputs by field name
     * @param consumer what receives each message
     * @return the program's prediction
     * @throws RuntimeException what the program failed with
     */
    public Prediction run(Map<String, Object> inputs, Consumer<? super StreamMessage> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        CompletableFuture<Prediction> result = new CompletableFuture<>();
        java.util.concurrent.LinkedBlockingQueue<Object> queue = new java.util.concurrent.LinkedBlockingQueue<>();
        Object done = new Object();
        stream(inputs).subscribe(new Flow.Subscriber<StreamMessage>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(StreamMessage item) {
                queue.add(item);
            }

            @Override
            public void onError(Throwable error) {
                result.completeExceptionally(error);
                queue.add(done);
            }

            @Override
            public void onComplete() {
                queue.add(done);
            }
        });
        Prediction last = null;
        while (true) {
            Object next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
            if (next == done) {
                break;
            }
            StreamMessage message = (StreamMessage) next;
            if (message instanceof StreamMessage.Final end) {
                last = end.prediction();
            }
            consumer.accept(message);
        }
        if (result.isCompletedExceptionally()) {
            try {
                result.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw e;
            }
        }
        if (last == null) {
            throw new IllegalStateException("the stream ended without a prediction (includeFinalPrediction is off)");
        }
        return last;
    }

    /** A listener bound to one predictor. */
    record Binding(StreamListener listener, String predictorPath) {}

    @SuppressWarnings("IdentityHashMapUsage") // read through Map.get, which keeps identity semantics
    private static Map<Predict, List<Binding>> bind(Module program, List<StreamListener> listeners) {
        List<NamedPredictor> predictors = program.namedPredictors();
        Map<Predict, List<Binding>> bound = new IdentityHashMap<>();
        for (StreamListener listener : listeners) {
            List<NamedPredictor> candidates = new ArrayList<>();
            for (NamedPredictor named : predictors) {
                if (listener.predictorPath().map(named.name()::equals).orElse(true)) {
                    candidates.add(named);
                }
            }
            if (candidates.isEmpty()) {
                throw new IllegalArgumentException(listener + ": the program has no predictor '"
                        + listener.predictorPath().orElse("") + "'; its predictors are " + names(predictors));
            }
            List<NamedPredictor> writers = new ArrayList<>();
            for (NamedPredictor named : candidates) {
                if (hasOutput(named.predictor(), listener.fieldName())) {
                    writers.add(named);
                }
            }
            if (writers.isEmpty()) {
                throw new IllegalArgumentException(listener + ": no predictor "
                        + (listener.predictorPath().isPresent()
                                ? "'" + listener.predictorPath().get() + "' "
                                : "")
                        + "has an output field '" + listener.fieldName() + "'; the outputs are "
                        + outputs(candidates));
            }
            if (writers.size() > 1) {
                throw new IllegalArgumentException(listener + ": several predictors have an output field '"
                        + listener.fieldName() + "' " + names(writers)
                        + "; name one with StreamListener.predictor(path)");
            }
            NamedPredictor chosen = writers.get(0);
            bound.computeIfAbsent(chosen.predictor(), p -> new ArrayList<>()).add(new Binding(listener, chosen.name()));
        }
        return bound;
    }

    private static boolean hasOutput(Predict predictor, String field) {
        for (FieldDescriptor<?> output : predictor.signature().outputFields()) {
            if (output.name().equals(field)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> names(List<NamedPredictor> predictors) {
        List<String> names = new ArrayList<>();
        predictors.forEach(named -> names.add(named.name()));
        return names;
    }

    private static String outputs(List<NamedPredictor> predictors) {
        StringBuilder text = new StringBuilder();
        for (NamedPredictor named : predictors) {
            List<String> fields = new ArrayList<>();
            named.predictor().signature().outputFields().forEach(field -> fields.add(field.name()));
            text.append(text.length() == 0 ? "" : ", ")
                    .append(named.name())
                    .append(": ")
                    .append(fields);
        }
        return text.toString();
    }
}
