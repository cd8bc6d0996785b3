package dev.dspj.lm.usage;

import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ModelCapabilities;
import dev.dspj.lm.StreamEvent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the calls made through the models it {@linkplain #wrap(LanguageModel) wraps}, per model
 * and nothing else in the JVM — what one evaluation or one optimizer run spent, however many run
 * at once. The totals follow {@link UsageTracker}'s: a cache hit counts as a call and a cache hit,
 * with no tokens and no cost; a failed call counts as a failure only. A call is priced by the
 * model's own name when the price table knows it, else by the name the provider answered with.
 *
 * <p>Subclasses can refuse calls before they are made and settle them after
 * ({@link #beforeCall}, {@link #afterCall}) — how an optimizer's call and dollar budgets are kept.
 * Thread-safe.
 */
public class UsageMeter {

    private final PriceTable prices;
    private final Map<String, Totals> byModel = new ConcurrentHashMap<>();

    /**
     * Creates a meter.
     *
     * @param prices the prices calls are costed with
     */
    public UsageMeter(PriceTable prices) {
        this.prices = Objects.requireNonNull(prices, "prices");
    }

    /**
     * A model whose calls (blocking, asynchronous and streamed) this meter counts; a model already
     * wrapped by this meter is returned as it is.
     *
     * @param model the model
     * @return the metered model
     */
    public final LanguageModel wrap(LanguageModel model) {
        if (model instanceof Metered metered && metered.meter == this) {
            return model;
        }
        return new Metered(this, Objects.requireNonNull(model, "model"));
    }

    /**
     * Totals per model (by the metered model's name), sorted by name.
     *
     * @return the usage per model
     */
    public final List<ModelUsage> byModel() {
        List<ModelUsage> out = new ArrayList<>();
        byModel.forEach((model, totals) -> out.add(totals.snapshot(model)));
        out.sort((a, b) -> a.model().compareTo(b.model()));
        return out;
    }

    /**
     * Totals over all models, with model {@code *}.
     *
     * @return the usage
     */
    public final ModelUsage total() {
        return ModelUsage.sum("*", byModel());
    }

    /**
     * Called before a call is made; throws to refuse it (the call is then neither made nor
     * counted). The default allows every call.
     *
     * @param model the model's name
     * @param request the request
     * @return a reservation handed back to {@link #afterCall}
     */
    protected long beforeCall(String model, LmRequest request) {
        return 0;
    }

    /**
     * Called once an allowed call is answered (with its cost; zero for a cache hit) or failed
     * (zero). The default does nothing.
     *
     * @param reservation what {@link #beforeCall} returned
     * @param cost what the call cost
     */
    protected void afterCall(long reservation, BigDecimal cost) {}

    private BigDecimal answered(String name, LmResponse response) {
        Totals totals = totals(name);
        totals.calls.increment();
        if (response.cached()) {
            totals.cacheHits.increment();
            return BigDecimal.ZERO;
        }
        long prompt = response.usage().promptTokens();
        long completion = response.usage().completionTokens();
        totals.promptTokens.add(prompt);
        totals.completionTokens.add(completion);
        String priced = prices.price(name).isPresent()
                        || response.model() == null
                        || response.model().isEmpty()
                ? name
                : response.model();
        BigDecimal cost = prices.cost(priced, prompt, completion);
        totals.addCost(cost);
        return cost;
    }

    private void failed(String name) {
        totals(name).failures.increment();
    }

    private Totals totals(String name) {
        return byModel.computeIfAbsent(name, m -> new Totals());
    }

    private static final class Totals {
        final LongAdder calls = new LongAdder();
        final LongAdder cacheHits = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder promptTokens = new LongAdder();
        final LongAdder completionTokens = new LongAdder();
        private BigDecimal cost = BigDecimal.ZERO;

        synchronized void addCost(BigDecimal amount) {
            cost = cost.add(amount);
        }

        synchronized ModelUsage snapshot(String model) {
            return new ModelUsage(
                    model,
                    calls.sum(),
                    cacheHits.sum(),
                    failures.sum(),
                    promptTokens.sum(),
                    completionTokens.sum(),
                    cost);
        }
    }

    /** A model whose calls the meter counts. */
    private static final class Metered implements LanguageModel {
        private final UsageMeter meter;
        private final LanguageModel inner;

        Metered(UsageMeter meter, LanguageModel inner) {
            this.meter = meter;
            this.inner = inner;
        }

        @Override
        public String modelName() {
            return inner.modelName();
        }

        @Override
        public LmResponse complete(LmRequest request) {
            String name = inner.modelName();
            long reservation = meter.beforeCall(name, request);
            LmResponse response;
            try {
                response = inner.complete(request);
            } catch (RuntimeException failure) {
                meter.failed(name);
                meter.afterCall(reservation, BigDecimal.ZERO);
                throw failure;
            }
            meter.afterCall(reservation, meter.answered(name, response));
            return response;
        }

        @Override
        public CompletableFuture<LmResponse> completeAsync(LmRequest request) {
            String name = inner.modelName();
            long reservation;
            try {
                reservation = meter.beforeCall(name, request);
            } catch (RuntimeException refused) {
                return CompletableFuture.failedFuture(refused);
            }
            CompletableFuture<LmResponse> future;
            try {
                future = inner.completeAsync(request);
            } catch (RuntimeException failure) {
                meter.failed(name);
                meter.afterCall(reservation, BigDecimal.ZERO);
                return CompletableFuture.failedFuture(failure);
            }
            return future.whenComplete((response, error) -> {
                if (error == null && response != null) {
                    meter.afterCall(reservation, meter.answered(name, response));
                } else {
                    meter.failed(name);
                    meter.afterCall(reservation, BigDecimal.ZERO);
                }
            });
        }

        @Override
        public Flow.Publisher<StreamEvent> stream(LmRequest request) {
            String name = inner.modelName();
            long reservation = meter.beforeCall(name, request);
            Flow.Publisher<StreamEvent> events = inner.stream(request);
            return subscriber -> events.subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscriber.onSubscribe(subscription);
                }

                @Override
                public void onNext(StreamEvent event) {
                    if (event instanceof StreamEvent.End end) {
                        meter.afterCall(reservation, meter.answered(name, end.response()));
                    }
                    subscriber.onNext(event);
                }

                @Override
                public void onError(Throwable error) {
                    meter.failed(name);
                    meter.afterCall(reservation, BigDecimal.ZERO);
                    subscriber.onError(error);
                }

                @Override
                public void onComplete() {
                    subscriber.onComplete();
                }
            });
        }

        @Override
        public ModelCapabilities capabilities() {
            return inner.capabilities();
        }

        @Override
        public LmSettings defaults() {
            return inner.defaults();
        }

        @Override
        public int maxAttempts() {
            return inner.maxAttempts();
        }

        @Override
        public void expectConcurrentCalls(int calls) {
            inner.expectConcurrentCalls(calls);
        }

        @Override
        public String toString() {
            return inner.toString();
        }
    }
}
