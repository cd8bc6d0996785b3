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
        subscriber.onSubscribe(new Subscription(subscriber, response));
    }

    private static final class Subscription implements Flow.Subscription {
        private final Flow.Subscriber<? super StreamEvent> subscriber;
        private final CompletableFuture<LmResponse> response;
        private final Deque<StreamEvent> pending = new ArrayDeque<>();
        private long demand;
        private boolean ready;
        private boolean done;

        Subscription(Flow.Subscriber<? super StreamEvent> subscriber, CompletableFuture<LmResponse> response) {
            this.subscriber = subscriber;
            this.response = response;
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

        private void drain() {
            while (true) {
                StreamEvent next;
                boolean complete;
                synchronized (this) {
                    if (done || !ready || demand == 0 || pending.isEmpty()) {
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
