package dev.dspj.optimize;

import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.ModelCapabilities;
import dev.dspj.sim.SimulatedModel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model that holds each call for a moment and counts its calls and the most in progress at once,
 * for tests that check an optimizer's calls really overlap (no assertion reads a time).
 */
final class OverlapCountingModel implements LanguageModel {
    private final LanguageModel inner;
    private final long holdMillis;
    private final AtomicInteger inProgress = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();

    /**
     * @param profile the simulated model answering
     * @param holdMillis how long each call is held: long enough for calls started together to overlap
     */
    OverlapCountingModel(String profile, long holdMillis) {
        this.inner = SimulatedModel.of(profile);
        this.holdMillis = holdMillis;
    }

    int peak() {
        return peak.get();
    }

    int calls() {
        return calls.get();
    }

    @Override
    public String modelName() {
        return inner.modelName();
    }

    @Override
    public LmResponse complete(LmRequest request) {
        calls.incrementAndGet();
        peak.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
        try {
            Thread.sleep(holdMillis);
            return inner.complete(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            inProgress.decrementAndGet();
        }
    }

    @Override
    public CompletableFuture<LmResponse> completeAsync(LmRequest request) {
        return CompletableFuture.supplyAsync(() -> complete(request));
    }

    @Override
    public ModelCapabilities capabilities() {
        return inner.capabilities();
    }
}
