package dev.dspj.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Calls added one by one: started at once with threads, run when read without, read in order. */
class IndependentCallsTest {

    @Test
    void callsAddedOneByOneRunTogetherAndAreReadInOrder() throws Exception {
        CountDownLatch bothStarted = new CountDownLatch(2);
        try (IndependentCalls<String> calls = IndependentCalls.open(4)) {
            int first = calls.add(() -> {
                bothStarted.countDown();
                await(bothStarted);
                return "first";
            });
            // added after the first was started, while it waits for this one to start too
            int second = calls.add(() -> {
                bothStarted.countDown();
                await(bothStarted);
                return "second";
            });
            assertEquals("first", calls.get(first));
            assertEquals("second", calls.get(second));
        }
    }

    @Test
    void withOneThreadACallRunsOnlyWhenRead() {
        AtomicInteger ran = new AtomicInteger();
        try (IndependentCalls<Integer> calls = IndependentCalls.open(1)) {
            calls.add(ran::incrementAndGet);
            calls.add(null);
            int third = calls.add(ran::incrementAndGet);
            assertEquals(0, ran.get(), "nothing runs before it is read");
            assertEquals(1, calls.get(third));
            assertThrows(IllegalStateException.class, () -> calls.get(1), "a null task has no result");
        }
    }

    @Test
    void aCallAddedAfterABudgetRefusalIsRefusedToo() {
        CallBudgetExceededException refusal = new CallBudgetExceededException(3, "the test model");
        AtomicInteger ran = new AtomicInteger();
        try (IndependentCalls<String> calls = IndependentCalls.open(2)) {
            int refused = calls.add(() -> {
                throw refusal;
            });
            assertSame(refusal, assertThrows(CallBudgetExceededException.class, () -> calls.get(refused)));
            int later = calls.add(() -> {
                ran.incrementAndGet();
                return "ran";
            });
            assertSame(refusal, assertThrows(CallBudgetExceededException.class, () -> calls.get(later)));
            assertEquals(0, ran.get(), "the later call was not made");
        }
    }

    @Test
    void startedCallsStillMatchTheirPositions() {
        List<Supplier<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int value = i;
            tasks.add(() -> value * value);
        }
        try (IndependentCalls<Integer> calls = IndependentCalls.start(8, tasks)) {
            for (int i = 19; i >= 0; i--) {
                assertEquals(i * i, calls.get(i));
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "the other call never started");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
