package dev.dspj.optimize;

import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The options every budgeted optimizer's builder has: a call budget and a progress listener, each
 * set, checked and documented here once. Every optimizer's {@code Builder} extends it (the
 * instruction optimizers through {@link InstructionOptimizerBuilder}); its setters return the
 * concrete builder, so options chain in any order. A rejected value throws an
 * {@link IllegalArgumentException} whose message starts with the optimizer's name and names the
 * option, the rule and the value given.
 *
 * @param <B> the concrete builder
 */
public abstract class OptimizerBuilder<B extends OptimizerBuilder<B>> {
    /** The optimizer's name, the prefix of every validation message. */
    final String optimizer;

    long callBudget;

    @Nullable
    Consumer<OptimizerEvent> listener;

    OptimizerBuilder(String optimizer) {
        this.optimizer = optimizer;
    }

    /**
     * The most model calls the run may make, every model it calls counted together (no limit by
     * default); a call beyond it is never made. The optimizer's class documentation says what a run
     * that reaches it returns.
     *
     * @param value at least 1
     * @return this builder
     */
    public B callBudget(long value) {
        if (value < 1) {
            throw new IllegalArgumentException(optimizer + ": callBudget must be at least 1, got " + value);
        }
        this.callBudget = value;
        return self();
    }

    /**
     * Receives the run's progress events, one at a time.
     *
     * @param value the listener, or null for none
     * @return this builder
     */
    public B listener(@Nullable Consumer<OptimizerEvent> value) {
        this.listener = value;
        return self();
    }

    /** This builder as its concrete type. */
    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    /** {@code value}, checked to be at least {@code min}, for the option {@code name}. */
    final int atLeast(int value, int min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(optimizer + ": " + name + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    /** {@code value}, checked to be a finite number greater than 0, for the option {@code name}. */
    final double positive(double value, String name) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(optimizer + ": " + name + " must be a positive number, got " + value);
        }
        return value;
    }

    /** {@code value}, checked not to be NaN, for the option {@code name}. */
    final double number(double value, String name) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException(optimizer + ": " + name + " must be a number, got NaN");
        }
        return value;
    }

    /** {@code value}, checked not to be null, for the option {@code name}. */
    final <T> T required(T value, String name) {
        return Objects.requireNonNull(value, optimizer + ": " + name + " is null");
    }
}
