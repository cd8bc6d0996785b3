package dev.dspj.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.primitives.Usage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The default {@link LanguageModel#stream}: a non-streamed response published as one delta and the
 * end event, by the Reactive Streams rules (signals in order and one at a time, only on demand,
 * {@code onSubscribe} first).
 */
class DefaultStreamTest {

    private static final LmRequest REQUEST = new LmRequest(List.of(ChatMessage.user("hi")), LmSettings.DEFAULTS);
    private static final LmResponse HELLO = new LmResponse(List.of("hello"), new Usage(1, 1), "m");

    /** A model whose asynchronous answer is the given future. */
    private static LanguageModel answering(CompletableFuture<LmResponse> future) {
        return new LanguageModel() {
            @Override
            public String modelName() {
                return "m";
            }

            @Override
            public LmResponse complete(LmRequest request) {
                return future.join();
            }

            @Override
            public CompletableFuture<LmResponse> completeAsync(LmRequest request) {
                return future;
            }
        };
    }

    /** Records every signal as text, in order. */
    static class Recorder implements Flow.Subscriber<StreamEvent> {
        final List<String> signals = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch finished = new CountDownLatch(1);
        final long initialDemand;
        volatile Flow.Subscription subscription;

        Recorder(long initialDemand) {
            this.initialDemand = initialDemand;
        }

        @Override
        public void onSubscribe(Flow.Subscription value) {
            signals.add("subscribe");
            subscription = value;
            if (initialDemand > 0) {
                value.request(initialDemand);
            }
        }

        @Override
        public void onNext(StreamEvent event) {
            signals.add(
                    event instanceof StreamEvent.Delta delta
                            ? "delta " + delta.text()
                            : "end " + ((StreamEvent.End) event).response().text());
        }

        @Override
        public void onError(Throwable error) {
            signals.add("error " + error.getClass().getSimpleName() + ": " + error.getMessage());
            finished.countDown();
        }

        @Override
        public void onComplete() {
            signals.add("complete");
            finished.countDown();
        }

        List<String> await() throws InterruptedException {
            assertTrue(finished.await(5, TimeUnit.SECONDS), "finished: " + signals);
            return List.copyOf(signals);
        }
    }

    @Test
    void eventsComeOnlyAsDemanded() {
        Recorder recorder = new Recorder(1);
        answering(CompletableFuture.completedFuture(HELLO)).stream(REQUEST).subscribe(recorder);
        assertEquals(List.of("subscribe", "delta hello"), recorder.signals);
        recorder.subscription.request(1);
        assertEquals(List.of("subscribe", "delta hello", "end hello", "complete"), recorder.signals);
    }

    @Test
    void demandAddsUpWithoutOverflowing() throws InterruptedException {
        CompletableFuture<LmResponse> later = new CompletableFuture<>();
        Recorder recorder = new Recorder(Long.MAX_VALUE);
        answering(later).stream(REQUEST).subscribe(recorder);
        recorder.subscription.request(Long.MAX_VALUE);
        later.complete(HELLO);
        assertEquals(List.of("subscribe", "delta hello", "end hello", "complete"), recorder.await());
    }

    @Test
    void aDemandThatIsNotPositiveIsAnErrorAndCancelsTheCall() throws InterruptedException {
        CompletableFuture<LmResponse> later = new CompletableFuture<>();
        Recorder recorder = new Recorder(0);
        answering(later).stream(REQUEST).subscribe(recorder);
        recorder.subscription.request(0);
        assertEquals(
                List.of("subscribe", "error IllegalArgumentException: request(0): demand must be positive"),
                recorder.await());
        assertTrue(later.isCancelled());
    }

    @Test
    void aCancelledStreamSignalsNothingMore() {
        CompletableFuture<LmResponse> later = new CompletableFuture<>();
        Recorder recorder = new Recorder(5);
        answering(later).stream(REQUEST).subscribe(recorder);
        recorder.subscription.cancel();
        later.complete(HELLO);
        assertTrue(later.isCancelled());
        assertEquals(List.of("subscribe"), recorder.signals);
    }

    @Test
    void aFailedCallIsAnErrorWithItsCause() throws InterruptedException {
        LanguageModel failing = new LanguageModel() {
            @Override
            public String modelName() {
                return "m";
            }

            @Override
            public LmResponse complete(LmRequest request) {
                throw new LanguageModelException("the server said no");
            }
        };
        Recorder recorder = new Recorder(1);
        failing.stream(REQUEST).subscribe(recorder);
        assertEquals(List.of("subscribe", "error LanguageModelException: the server said no"), recorder.await());
    }

    @Test
    void onSubscribeComesFirstEvenWhenTheCallHasAlreadyFailed() throws InterruptedException {
        Recorder recorder = new Recorder(1);
        answering(CompletableFuture.failedFuture(new IllegalStateException("down"))).stream(REQUEST)
                .subscribe(recorder);
        assertEquals(List.of("subscribe", "error IllegalStateException: down"), recorder.await());
    }

    @Test
    void signalsAreNeverConcurrentWhenDemandArrivesDuringOnNext() throws Exception {
        CompletableFuture<LmResponse> later = new CompletableFuture<>();
        CountDownLatch inDelta = new CountDownLatch(1);
        CountDownLatch requested = new CountDownLatch(1);
        AtomicBoolean insideOnNext = new AtomicBoolean();
        AtomicReference<String> overlap = new AtomicReference<>();
        Recorder recorder = new Recorder(1) {
            @Override
            public void onNext(StreamEvent event) {
                if (!insideOnNext.compareAndSet(false, true)) {
                    overlap.set("onNext(" + event + ") while another onNext was running");
                }
                super.onNext(event);
                if (event instanceof StreamEvent.Delta) {
                    inDelta.countDown();
                    try {
                        // the other thread asks for more while this delta is being handled
                        requested.await(2, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                insideOnNext.set(false);
            }
        };
        answering(later).stream(REQUEST).subscribe(recorder);
        Thread completer = new Thread(() -> later.complete(HELLO));
        completer.start();
        assertTrue(inDelta.await(5, TimeUnit.SECONDS));
        recorder.subscription.request(1);
        requested.countDown();
        assertEquals(List.of("subscribe", "delta hello", "end hello", "complete"), recorder.await());
        completer.join();
        assertEquals(null, overlap.get());
    }
}
