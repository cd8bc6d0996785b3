package dev.dspj.lm.usage;

import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ModelCapabilities;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A model that counts what goes through it: calls, cache hits, retried and failed calls, tokens,
 * and cost both at list price (cache hits included: what the calls would cost in use) and as
 * actually spent. Unlike {@link UsageTracker}, whose run trackers see every call in the JVM, a
 * meter sees only the calls made through it, so concurrent runs (the trials of a variable search)
 * each measure their own.
 *
 * <pre>{@code
 * MeteredModel meter = new MeteredModel(model, PriceTable.defaults());
 * predictor.setModel(meter);
 * ... run ...
 * MeteredModel.Reading reading = meter.reading();
 * }</pre>
 */
public final class MeteredModel implements LanguageModel {

    private final LanguageModel delegate;
    private final PriceTable prices;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong cacheHits = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong promptTokens = new AtomicLong();
    private final AtomicLong completionTokens = new AtomicLong();
    private final DoubleAdder listUsd = new DoubleAdder();
    private final DoubleAdder spentUsd = new DoubleAdder();

    /**
     * What a meter has counted.
     *
     * @param calls calls answered (cache hits included)
     * @param cacheHits calls a cache answered
     * @param retriedCalls calls that needed more than one HTTP attempt
     * @param failedCalls calls that failed
     * @param promptTokens prompt tokens (cache hits included)
     * @param completionTokens completion tokens (cache hits included)
     * @param listCostUsd cost at list price, cache hits included
     * @param spentUsd cost actually spent (cache hits free)
     */
    public record Reading(
            long calls,
            long cacheHits,
            long retriedCalls,
            long failedCalls,
            long promptTokens,
            long completionTokens,
            double listCostUsd,
            double spentUsd) {}

    /**
     * Wraps a model.
     *
     * @param delegate the model that answers
     * @param prices the prices used for the cost (the model's name is looked up as
     *     {@link #modelName()} gives it, then as the name in each response)
     */
    public MeteredModel(LanguageModel delegate, PriceTable prices) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.prices = Objects.requireNonNull(prices, "prices");
    }

    /**
     * The wrapped model.
     *
     * @return the delegate
     */
    public LanguageModel delegate() {
        return delegate;
    }

    @Override
    public String modelName() {
        return delegate.modelName();
    }

    @Override
    public LmResponse complete(LmRequest request) {
        try {
            return count(delegate.complete(request));
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            throw e;
        }
    }

    @Override
    public CompletableFuture<LmResponse> completeAsync(LmRequest request) {
        return delegate.completeAsync(request).whenComplete((response, error) -> {
            if (error != null) {
                failed.incrementAndGet();
            } else {
                count(response);
            }
        });
    }

    @Override
    public ModelCapabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public LmSettings defaults() {
        return delegate.defaults();
    }

    @Override
    public int maxAttempts() {
        return delegate.maxAttempts();
    }

    /**
     * Passes the hint on to the model this one meters.
     *
     * @param calls the calls expected at once
     */
    @Override
    public void expectConcurrentCalls(int calls) {
        delegate.expectConcurrentCalls(calls);
    }

    /**
     * What has been counted so far.
     *
     * @return the reading
     */
    public Reading reading() {
        return new Reading(
                calls.get(),
                cacheHits.get(),
                retried.get(),
                failed.get(),
                promptTokens.get(),
                completionTokens.get(),
                listUsd.sum(),
                spentUsd.sum());
    }

    private LmResponse count(LmResponse response) {
        calls.incrementAndGet();
        if (response.cached()) {
            cacheHits.incrementAndGet();
        }
        if (response.attempts() > 1) {
            retried.incrementAndGet();
        }
        long prompt = response.usage().promptTokens();
        long completion = response.usage().completionTokens();
        promptTokens.addAndGet(prompt);
        completionTokens.addAndGet(completion);
        double cost = priceOf(response, prompt, completion);
        listUsd.add(cost);
        if (!response.cached()) {
            spentUsd.add(cost);
        }
        return response;
    }

    private double priceOf(LmResponse response, long prompt, long completion) {
        String name = prices.price(delegate.modelName()).isPresent()
                        || response.model().isEmpty()
                ? delegate.modelName()
                : response.model();
        return prices.cost(name, prompt, completion).doubleValue();
    }

    @Override
    public String toString() {
        return "Metered[" + delegate.modelName() + "]";
    }
}
