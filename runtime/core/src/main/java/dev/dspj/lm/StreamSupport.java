package dev.dspj.lm;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;

/** Publishes a non-streamed response as a stream of one delta and the end event, honouring demand. */
final class StreamSupport {

    private StreamSupport() {}

    static void single(Flow.Subscriber<? super StreamEvent> subscriber, CompletableFuture<LmResponse> response) {
        Subscription subscription = new Subscription(subscriber, response);
        // onSubscribe first (Reactive Streams 1.9): a response that has already failed would otherwise
        // signal onError from the constructor, before the subscriber has its subscription
        subscriber.onSubscribe(subscription);
        subscription.start();
    }

    private static final class Subscription implements Flow.Subscription {
        private final Flow.Subscriber<? super StreamEvent> subscriber;
        private final CompletableFuture<LmResponse> response;
        private final Deque<StreamEvent> pending = new ArrayDeque<>();
        private long demand;
        private boolean ready;
        private boolean done;
        /** A thread is in the emitting loop of {@link #drain()}; others leave the emitting to it. */
        private boolean emitting;

        Subscription(Flow.Subscriber<? super StreamEvent> subscriber, CompletableFuture<LmResponse> response) {
            this.subscriber = subscriber;
            this.response = response;
        }

        void start() {
            // the subscription reacts to the response; nothing waits on this stage
            var unused = response.whenComplete((value, error) -> {
                synchronized (this) {
                    if (done) {
                        return;
                    }
                    if (error != null) {
                        done = true;
                    } else {
                        pending.add(new StreamEvent.Delta(value.text()));
                        pending.add(new StreamEvent.End(value));
                        ready = true;
                    }
                }
                if (error != null) {
                    subscriber.onError(
                            error instanceof CompletionException && error.getCause() != null
                                    ? error.getCause()
                                    : error);
                } else {
                    drain();
                }
            });
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancel();
                subscriber.onError(new IllegalArgumentException("request(" + n + "): demand must be positive"));
                return;
            }
            synchronized (this) {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            }
            drain();
        }

        /**
         * Emits what is pending and demanded. Signals must be serial (Reactive Streams 1.3): demand
         * arriving on another thread while this one is inside {@code onNext} is left to this one,
         * which looks again after each signal; the look and the hand-over are under one lock, so no
         * demand is missed.
         */
        private void drain() {
            synchronized (this) {
                if (emitting) {
                    return;
                }
                emitting = true;
            }
            while (true) {
                StreamEvent next;
                boolean complete;
                synchronized (this) {
                    if (done || !ready || demand == 0 || pending.isEmpty()) {
                        emitting = false;
                        return;
                    }
                    next = pending.poll();
                    demand--;
                    complete = pending.isEmpty();
                    if (complete) {
                        done = true;
                    }
                }
                subscriber.onNext(next);
                if (complete) {
                    subscriber.onComplete();
                    return;
                }
            }
        }

        @Override
        public synchronized void cancel() {
            done = true;
            response.cancel(false);
        }
    }
}
