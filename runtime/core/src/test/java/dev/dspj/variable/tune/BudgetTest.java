package dev.dspj.variable.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A search's budget: the limits it refuses and how it describes the ones set. */
class BudgetTest {

    private static String refused(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    @Test
    void limitsMustBePositive() {
        assertEquals("budget maxTrials must be at least 1, got 0", refused(() -> Budget.trials(0)));
        assertEquals(
                "budget maxCalls must be at least 1, got 0",
                refused(() -> Budget.trials(5).maxCalls(0)));
        assertEquals(
                "budget maxCostUsd must be > 0, got 0.0",
                refused(() -> Budget.trials(5).maxCostUsd(0)));
        assertEquals(
                "budget maxCostUsd must be > 0, got NaN",
                refused(() -> Budget.trials(5).maxCostUsd(Double.NaN)));
        assertEquals(
                "budget maxDuration must be positive, got PT0S",
                refused(() -> Budget.trials(5).maxDuration(Duration.ZERO)));
        assertEquals(
                "budget maxDuration must be positive, got PT-1S",
                refused(() -> Budget.trials(5).maxDuration(Duration.ofSeconds(-1))));
    }

    @Test
    void theDescriptionListsOnlyTheLimitsSet() {
        assertEquals("20 trials", Budget.trials(20).toString());
        assertEquals(
                "20 trials, 500 calls, $1.50, PT10M",
                Budget.trials(20)
                        .maxCalls(500)
                        .maxCostUsd(1.5)
                        .maxDuration(Duration.ofMinutes(10))
                        .toString());
        assertEquals("3 trials, $0.25", Budget.trials(3).maxCostUsd(0.25).toString());
    }
}
