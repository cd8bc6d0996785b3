package dev.dspj.lm.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.lm.retry.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Concurrency and rate limits, on a fake clock. */
class LimiterTest {

    /** A clock that moves only when a wait is requested. */
    static final class FakeClock implements Scheduler {
        long now;
        final List<Duration> waits = new ArrayList<>();

        @Override
        public synchronized CompletableFuture<Void> delay(Duration duration) {
            waits.add(duration);
            now += duration.toNanos();
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public synchronized long nanoTime() {
            return now;
        }
    }

    @Test
    void concurrencyPermitsQueueWithoutThreads() {
        Limiter limiter = new Limiter(ModelLimits.UNLIMITED.withMaxConcurrentRequests(2), new FakeClock());
        CompletableFuture<Limiter.Permit> a = limiter.acquire(1);
        CompletableFuture<Limiter.Permit> b = limiter.acquire(1);
        CompletableFuture<Limiter.Permit> c = limiter.acquire(1);
        assertTrue(a.isDone() && b.isDone());
        assertFalse(c.isDone(), "the third waits for a permit");
        assertEquals(2, limiter.inFlight());
        a.join().release(-1);
        assertTrue(c.isDone());
        a.join().release(-1);
        assertEquals(2, limiter.inFlight(), "releasing twice is harmless");
        b.join().release(-1);
        c.join().release(-1);
        assertEquals(0, limiter.inFlight());
        assertEquals(2, limiter.peakInFlight());
    }

    @Test
    void requestsPerMinuteWaitsForTheRefill() {
        FakeClock clock = new FakeClock();
        Limiter limiter = new Limiter(ModelLimits.UNLIMITED.withRequestsPerMinute(60), clock);
        for (int i = 0; i < 60; i++) {
            limiter.acquire(1).join().release(-1);
        }
        assertTrue(clock.waits.isEmpty(), "a full bucket serves a burst");
        limiter.acquire(1).join();
        assertEquals(1, clock.waits.size());
        assertEquals(1000, (float) clock.waits.get(0).toMillis(), 5, "one request per second refills");
    }

    @Test
    void tokensPerMinuteUsesEstimatesThenActuals() {
        FakeClock clock = new FakeClock();
        Limiter limiter = new Limiter(ModelLimits.UNLIMITED.withTokensPerMinute(1000), clock);
        Limiter.Permit first = limiter.acquire(800).join();
        first.release(100);
        limiter.acquire(800).join().release(800);
        assertTrue(clock.waits.isEmpty(), "the first call used only 100 of its 800 estimated tokens");
        limiter.acquire(800).join();
        assertFalse(clock.waits.isEmpty());
    }

    @Test
    void limitsAreValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ModelLimits(-1, 0, 0));
        assertTrue(e.getMessage().contains("maxConcurrentRequests=-1"), e.getMessage());
    }

    @Test
    void sharedLimitersAreOnePerModel() {
        Limiter one = Limiter.shared("test|shared-model", ModelLimits.DEFAULT);
        Limiter two = Limiter.shared("test|shared-model", ModelLimits.DEFAULT.withRequestsPerMinute(5));
        assertTrue(one == two);
        assertEquals(ModelLimits.DEFAULT, two.limits());
    }
}
