package dev.dspj.streaming;

import dev.dspj.adapter.Adapter;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.StreamEvent;
import dev.dspj.module.Module;
import dev.dspj.module.Predict;
import dev.dspj.module.PredictorStream;
import dev.dspj.observe.CallContext;
import dev.dspj.observe.CallEnd;
import dev.dspj.observe.CallStart;
import dev.dspj.observe.Callback;
import dev.dspj.observe.Scope;
import dev.dspj.primitives.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One streamed run: the subscription the subscriber holds, the stream the run's predictors call
 * through, and the callback that turns module and tool events into status messages.
 *
 * <p>Messages wait in a queue until the subscriber asks for them; a model's stream is read one
 * event at a time, and the next is asked for only while fewer than {@link #HIGH_WATER} messages
 * wait, so a subscriber that stops asking stops the model's stream being read (and the HTTP
 * connection's flow control holds the server back). Delivery is serial, by whichever thread drains.
 */
final class StreamSession implements Flow.Subscription, PredictorStream, Callback {

    static final int HIGH_WATER = 16;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Module program;
    private final Map<String, Object> inputs;
    private final Map<Predict, List<Streaming.Binding>> bindings;
    private final StatusMessageProvider status;
    private final boolean includeFinal;
    private final Flow.Subscriber<? super StreamMessage> subscriber;
    private final Queue<StreamMessage> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger draining = new AtomicInteger();
    private final Queue<Runnable> resumers = new ConcurrentLinkedQueue<>();
    private final Set<ModelStream> open = ConcurrentHashMap.newKeySet();
    private final Set<StreamListener> spent = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;
    private volatile boolean terminated;
    private volatile @Nullable Throwable failure;
    private volatile boolean signalled;

    StreamSession(
            Module program,
            Map<String, Object> inputs,
            Map<Predict, List<Streaming.Binding>> bindings,
            StatusMessageProvider status,
            boolean includeFinal,
            Flow.Subscriber<? super StreamMessage> subscriber) {
        this.program = program;
        this.inputs = inputs;
        this.bindings = bindings;
        this.status = status;
        this.includeFinal = includeFinal;
        this.subscriber = subscriber;
    }

    void start() {
        subscriber.onSubscribe(this);
        CallContext context = CallContext.current().withCallbacks(List.of(this)).with(PredictorStream.KEY, this);
        Thread runner = new Thread(
                () -> {
                    try (Scope scope = context.makeCurrent()) {
                        Prediction prediction = program.invoke(inputs);
                        if (includeFinal) {
                            offer(new StreamMessage.Final(prediction));
                        }
                        terminate(null);
                    } catch (RuntimeException | Error e) {
                        terminate(e);
                    }
                },
                "dspj-stream-" + THREADS.incrementAndGet());
        runner.setDaemon(true);
        runner.start();
    }

    // --- Flow.Subscription: the subscriber's side

    @Override
    public void request(long n) {
        if (n <= 0) {
            cancel();
            failure = new IllegalArgumentException("a subscriber must request a positive number of messages, got " + n);
            terminated = true;
            drain();
            return;
        }
        demand.getAndUpdate(current -> current + n < 0 ? Long.MAX_VALUE : current + n);
        drain();
    }

    @Override
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        pending.clear();
        queued.set(0);
        for (ModelStream stream : open) {
            stream.cancel();
        }
    }

    // --- PredictorStream: the run's side

    @Override
    public CompletableFuture<LmResponse> complete(
            Predict predictor, LanguageModel model, LmRequest request, Adapter adapter) {
        if (cancelled) {
            return CompletableFuture.failedFuture(new CancellationException("the stream was cancelled"));
        }
        List<Streaming.Binding> listening = active(bindings.get(predictor));
        if (listening.isEmpty()) {
            return model.completeAsync(request);
        }
        Optional<FieldParser> parser = FieldParser.forAdapter(adapter.name());
        if (parser.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("streaming fields of predictor '"
                    + listening.get(0).predictorPath() + "' needs the Chat, JSON or XML adapter; it uses "
                    + adapter.name()));
        }
        ModelStream stream = new ModelStream(parser.get(), listening);
        open.add(stream);
        var unused = stream.future.whenComplete((response, error) -> open.remove(stream));
        model.stream(request).subscribe(stream);
        if (cancelled) {
            stream.cancel();
        }
        return stream.future;
    }

    private List<Streaming.Binding> active(@Nullable List<Streaming.Binding> bound) {
        if (bound == null) {
            return List.of();
        }
        List<Streaming.Binding> active = new ArrayList<>(bound.size());
        for (Streaming.Binding binding : bound) {
            if (binding.listener().reused() || !spent.contains(binding.listener())) {
                active.add(binding);
            }
        }
        return active;
    }

    // --- Callback: status messages

    @Override
    public void onStart(CallStart start) {
        String message = switch (start.kind()) {
            case MODULE -> status.moduleStart(start);
            case LM -> status.lmStart(start);
            case TOOL -> StatusMessageProvider.isFinish(start.instance()) ? null : status.toolStart(start);
            default -> null;
        };
        if (message != null) {
            offer(new StreamMessage.Status(message));
        }
    }

    @Override
    public void onEnd(CallEnd end) {
        String message = switch (end.kind()) {
            case MODULE -> status.moduleEnd(end);
            case LM -> status.lmEnd(end);
            case TOOL -> StatusMessageProvider.isFinish(end.start().instance()) ? null : status.toolEnd(end);
            default -> null;
        };
        if (message != null) {
            offer(new StreamMessage.Status(message));
        }
    }

    // --- the queue

    private void offer(StreamMessage message) {
        if (cancelled) {
            return;
        }
        pending.add(message);
        queued.incrementAndGet();
        drain();
    }

    private void terminate(@Nullable Throwable error) {
        if (terminated) {
            return;
        }
        failure = error;
        terminated = true;
        drain();
    }

    /** Delivers what is wanted and waiting; one thread at a time, the others leave it more work. */
    private void drain() {
        if (draining.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        while (true) {
            while (!cancelled && demand.get() > 0) {
                StreamMessage next = pending.poll();
                if (next == null) {
                    break;
                }
                queued.decrementAndGet();
                if (demand.get() != Long.MAX_VALUE) {
                    demand.decrementAndGet();
                }
                try {
                    subscriber.onNext(next);
                } catch (RuntimeException bug) {
                    cancel();
                    failure = bug;
                    terminated = true;
                }
            }
            if (terminated && (pending.isEmpty() || failure != null || cancelled) && !signalled) {
                signalled = true;
                Throwable error = failure;
                if (!cancelled || error instanceof IllegalArgumentException) {
                    if (error == null) {
                        subscriber.onComplete();
                    } else {
                        subscriber.onError(unwrap(error));
                    }
                }
            }
            if (queued.get() < HIGH_WATER) {
                Runnable resume;
                while ((resume = resumers.poll()) != null) {
                    resume.run();
                }
            }
            missed = draining.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** One model call's stream, read one event at a time while the subscriber keeps up. */
    private final class ModelStream implements Flow.Subscriber<StreamEvent> {

        final CompletableFuture<LmResponse> future = new CompletableFuture<>();
        private final FieldParser parser;
        private final List<Streaming.Binding> listening;
        private volatile Flow.@Nullable Subscription upstream;
        private @Nullable LmResponse response;

        ModelStream(FieldParser parser, List<Streaming.Binding> listening) {
            this.parser = parser;
            this.listening = listening;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            upstream = subscription;
            if (cancelled) {
                subscription.cancel();
                return;
            }
            subscription.request(1);
        }

        @Override
        public void onNext(StreamEvent event) {
            if (event instanceof StreamEvent.Delta delta) {
                publish(parser.feed(delta.text()));
            } else if (event instanceof StreamEvent.End end) {
                publish(parser.finish());
                response = end.response();
            }
            Flow.Subscription subscription = upstream;
            if (subscription == null || cancelled) {
                return;
            }
            if (queued.get() < HIGH_WATER) {
                subscription.request(1);
            } else {
                resumers.add(() -> subscription.request(1));
                drain();
            }
        }

        @Override
        public void onError(Throwable error) {
            future.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            LmResponse answer = response;
            if (answer == null) {
                future.completeExceptionally(
                        new IllegalStateException("the model's stream ended without its response"));
            } else {
                future.complete(answer);
            }
        }

        void cancel() {
            Flow.Subscription subscription = upstream;
            if (subscription != null) {
                subscription.cancel();
            }
            future.completeExceptionally(new CancellationException("the stream was cancelled"));
        }

        private void publish(List<FieldParser.Piece> pieces) {
            for (FieldParser.Piece piece : pieces) {
                for (Streaming.Binding binding : listening) {
                    StreamListener listener = binding.listener();
                    if (!listener.fieldName().equals(piece.field())) {
                        continue;
                    }
                    if (!listener.reused() && spent.contains(listener)) {
                        continue;
                    }
                    offer(new StreamMessage.FieldChunk(
                            binding.predictorPath(), piece.field(), piece.text(), piece.last()));
                    if (piece.last() && !listener.reused()) {
                        spent.add(listener);
                    }
                }
            }
        }
    }
}
