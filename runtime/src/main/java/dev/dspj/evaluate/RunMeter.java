package dev.dspj.evaluate;

import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.ModelCapabilities;
import dev.dspj.lm.StreamEvent;
import dev.dspj.lm.usage.ModelUsage;
import dev.dspj.lm.usage.PriceTable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the model calls of one evaluation run: the run's copy of the program has each
 * predictor's model replaced by {@link #wrap(LanguageModel) a metered one}, so the meter sees the
 * calls made through those models and nothing else in the JVM. The totals follow
 * {@link dev.dspj.lm.usage.UsageTracker}'s: a cache hit counts as a call and a cache hit, with no
 * tokens and no cost; a failed call counts as a failure only. Thread-safe.
 */
final class RunMeter {

    private final PriceTable prices;
    private final Map<String, Totals> byModel = new ConcurrentHashMap<>();

    RunMeter(PriceTable prices) {
        this.prices = prices;
    }

    /** A model whose calls this meter counts; a model already wrapped by this meter is returned as is. */
    LanguageModel wrap(LanguageModel model) {
        if (model instanceof Metered metered && metered.meter == this) {
            return model;
        }
        return new Metered(this, model);
    }

    /** Totals per model (by the metered model's name), sorted by name. */
    List<ModelUsage> byModel() {
        List<ModelUsage> out = new ArrayList<>();
        byModel.forEach((model, totals) -> out.add(totals.snapshot(model)));
        out.sort((a, b) -> a.model().compareTo(b.model()));
        return out;
    }

    /** Totals over all models, with model {@code *}. */
    ModelUsage total() {
        return ModelUsage.sum("*", byModel());
    }

    private void answered(LanguageModel model, LmResponse response) {
        String name = model.modelName();
        Totals totals = byModel.computeIfAbsent(name, m -> new Totals());
        totals.calls.increment();
        if (response.cached()) {
            totals.cacheHits.increment();
            return;
        }
        long prompt = response.usage().promptTokens();
        long completion = response.usage().completionTokens();
        totals.promptTokens.add(prompt);
        totals.completionTokens.add(completion);
        // priced by the model's own name when the table knows it, else by the name the provider answered with
        String priced = prices.price(name).isPresent() || response.model() == null || response.model().isEmpty()
                ? name : response.model();
        totals.addCost(prices.cost(priced, prompt, completion));
    }

    private void failed(LanguageModel model) {
        byModel.computeIfAbsent(model.modelName(), m -> new Totals()).failures.increment();
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
            return new ModelUsage(model, calls.sum(), cacheHits.sum(), failures.sum(), promptTokens.sum(),
                    completionTokens.sum(), cost);
        }
    }

    /** A model whose calls (blocking, asynchronous and streamed) the meter counts. */
    private static final class Metered implements LanguageModel {
        private final RunMeter meter;
        private final LanguageModel inner;

        Metered(RunMeter meter, LanguageModel inner) {
            this.meter = meter;
            this.inner = inner;
        }

        @Override
        public String modelName() {
            return inner.modelName();
        }

        @Override
        public LmResponse complete(LmRequest request) {
            LmResponse response;
            try {
                response = inner.complete(request);
            } catch (RuntimeException failure) {
                meter.failed(inner);
                throw failure;
            }
            meter.answered(inner, response);
            return response;
        }

        @Override
        public CompletableFuture<LmResponse> completeAsync(LmRequest request) {
            CompletableFuture<LmResponse> future;
            try {
                future = inner.completeAsync(request);
            } catch (RuntimeException failure) {
                meter.failed(inner);
                throw failure;
            }
            return future.whenComplete((response, error) -> {
                if (error == null && response != null) {
                    meter.answered(inner, response);
                } else {
                    meter.failed(inner);
                }
            });
        }

        @Override
        public Flow.Publisher<StreamEvent> stream(LmRequest request) {
            Flow.Publisher<StreamEvent> events = inner.stream(request);
            return subscriber -> events.subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscriber.onSubscribe(subscription);
                }

                @Override
                public void onNext(StreamEvent event) {
                    if (event instanceof StreamEvent.End end) {
                        meter.answered(inner, end.response());
                    }
                    subscriber.onNext(event);
                }

                @Override
                public void onError(Throwable error) {
                    meter.failed(inner);
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
        public String toString() {
            return inner.toString();
        }
    }
}
