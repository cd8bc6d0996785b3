package dev.dspj.execution;

import dev.dspj.Dspj;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.usage.PriceTable;
import dev.dspj.lm.usage.UsageMeter;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the model calls of one optimizer run and enforces its call budget. It wraps the models of
 * the programs the run executes ({@link #install(Module)}), so every call is seen whatever the
 * model (HTTP clients, the in-process simulated model, scripted models), and a call beyond the
 * budget is refused with {@link CallBudgetExceededException} before it is made. Thread-safe.
 */
public final class Meter extends UsageMeter {

    /** The longest a call waits for calls in flight to settle before it is refused. */
    private static final long SETTLEMENT_WAIT_MILLIS = 60_000;

    private final long budget;
    private final double costBudgetUsd;
    private final PriceTable prices;
    /** Guards the two cost totals; calls waiting for the calls in flight to settle wait on it. */
    private final Object costLock = new Object();
    /** Dollars spent plus the worst case of the calls in flight, in micro-dollars. */
    private long committedMicros;
    /** The worst case of the calls in flight, in micro-dollars. */
    private long reservedMicros;

    private final AtomicLong started = new AtomicLong();
    private volatile boolean exhausted;

    /**
     * Creates a meter.
     *
     * @param budget the most calls allowed, or 0 for no limit
     * @param prices prices for the cost
     */
    public Meter(long budget, PriceTable prices) {
        this(budget, 0, prices);
    }

    /**
     * Creates a meter with a dollar budget too: a call is refused when what was spent plus the
     * worst case of the calls in flight and of this one (its prompt at the input price, its
     * {@code maxTokens} (else 1,024) completion tokens at the output price) would pass the budget.
     *
     * @param budget the most calls allowed, or 0 for no limit
     * @param costBudgetUsd the most dollars, or 0 for no limit
     * @param prices prices for the cost
     */
    public Meter(long budget, double costBudgetUsd, PriceTable prices) {
        super(prices);
        this.budget = budget;
        this.costBudgetUsd = costBudgetUsd;
        this.prices = prices;
    }

    /** The dollar budget, or 0 for none. */
    public double costBudgetUsd() {
        return costBudgetUsd;
    }

    /** The budget, or 0 for none. */
    public long budget() {
        return budget;
    }

    /** Whether a call was refused because the budget was spent. */
    public boolean exhausted() {
        return exhausted;
    }

    /** Calls started (made, or being made). */
    public long calls() {
        return started.get();
    }

    /**
     * Puts this meter on every predictor of a program: each predictor's model (its own, else the
     * process-wide default) is replaced by a metered one. Predictors with no model anywhere are left
     * alone (their calls fail with Predict's explanation).
     *
     * @param program a program the caller owns
     * @return what undoes it
     */
    public Installed install(Module program) {
        List<Predict> predictors = new ArrayList<>();
        List<LanguageModel> originals = new ArrayList<>();
        for (NamedPredictor named : program.namedPredictors()) {
            Predict predictor = named.predictor();
            Optional<LanguageModel> own = predictor.model();
            Optional<LanguageModel> resolved = own.or(Dspj::defaultModel);
            if (resolved.isPresent()) {
                predictors.add(predictor);
                originals.add(own.orElse(null));
                predictor.setModel(wrap(resolved.get()));
            }
        }
        return new Installed(predictors, originals);
    }

    /** Undoes {@link #install}: every predictor gets back the model it had (or none). */
    public static final class Installed {
        private final List<Predict> predictors;
        private final List<LanguageModel> originals;

        private Installed(List<Predict> predictors, List<LanguageModel> originals) {
            this.predictors = predictors;
            this.originals = originals;
        }

        /** Gives every predictor back its model. */
        public void restore() {
            for (int i = 0; i < predictors.size(); i++) {
                predictors.get(i).setModel(originals.get(i));
            }
        }
    }

    @Override
    protected long beforeCall(String model, LmRequest request) {
        long number = started.incrementAndGet();
        if (budget > 0 && number > budget) {
            started.decrementAndGet();
            exhausted = true;
            throw new CallBudgetExceededException(budget, model);
        }
        if (costBudgetUsd <= 0) {
            return 0;
        }
        long worstCase = micros(worstCaseCost(model, request).doubleValue());
        long limit = micros(costBudgetUsd);
        synchronized (costLock) {
            // a call that fits what was spent but not the worst case of the calls in flight waits for them to
            // settle, so that calls made at once are refused only when calls made one by one would be
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLEMENT_WAIT_MILLIS);
            while (committedMicros + worstCase > limit) {
                boolean fitsOnceSettled = reservedMicros > 0 && committedMicros - reservedMicros + worstCase <= limit;
                if (!fitsOnceSettled || !awaitSettlement(deadline)) {
                    started.decrementAndGet();
                    exhausted = true;
                    throw new CallBudgetExceededException(costBudgetUsd, model);
                }
            }
            committedMicros += worstCase;
            reservedMicros += worstCase;
        }
        return worstCase;
    }

    /** Waits on the cost lock (held) for a call in flight to settle; false when interrupted. */
    @SuppressWarnings("WaitNotInLoop") // the one caller loops, checking the budget again after each wake-up
    private boolean awaitSettlement(long deadline) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            // bounded: calls in flight that never settle (or that wait behind this very thread) must not
            // hang the run; the call is refused as it would have been before waiting
            return false;
        }
        try {
            costLock.wait(left);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Replaces a call's reserved worst case by what it cost. */
    @Override
    protected void afterCall(long reservedMicros, BigDecimal actual) {
        if (costBudgetUsd > 0) {
            synchronized (costLock) {
                committedMicros += micros(actual.doubleValue()) - reservedMicros;
                this.reservedMicros -= reservedMicros;
                costLock.notifyAll();
            }
        }
    }

    private BigDecimal worstCaseCost(String model, LmRequest request) {
        long chars = 0;
        for (dev.dspj.lm.ChatMessage message : request.messages()) {
            chars += message.content().length();
        }
        long promptTokens = chars / 3 + 16;
        long completionTokens = (long) request.settings().maxTokens().orElse(1024)
                * request.settings().n().orElse(1);
        return prices.cost(model, promptTokens, completionTokens);
    }

    private static long micros(double usd) {
        return (long) Math.ceil(usd * 1_000_000);
    }
}
