package dev.dspj.lm.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Backoff arithmetic. */
class RetryPolicyTest {

    @Test
    void exponentialWithEqualJitterAndCap() {
        RetryPolicy low = RetryPolicy.DEFAULT
                .withDelays(Duration.ofMillis(100), Duration.ofMillis(1000))
                .withRandom(() -> 0.0);
        RetryPolicy high = low.withRandom(() -> 0.999999);
        assertEquals(50, low.delayBefore(1, null).toMillis());
        assertEquals(99, high.delayBefore(1, null).toMillis());
        assertEquals(200, low.delayBefore(3, null).toMillis());
        assertEquals(500, low.delayBefore(10, null).toMillis(), "capped at the max delay");
        for (int attempt = 1; attempt < 30; attempt++) {
            long d = high.delayBefore(attempt, null).toMillis();
            assertTrue(d >= 0 && d <= 1000, "attempt " + attempt + ": " + d);
        }
    }

    @Test
    void retryAfterIsAFloor() {
        RetryPolicy policy = RetryPolicy.DEFAULT.withRandom(() -> 0.5);
        assertEquals(7000, policy.delayBefore(1, Duration.ofSeconds(7)).toMillis());
    }

    @Test
    void validation() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RetryPolicy.DEFAULT.withMaxAttempts(0));
        assertTrue(e.getMessage().contains("at least 1, got 0"));
    }
}
