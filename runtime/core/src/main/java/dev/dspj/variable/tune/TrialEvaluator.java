package dev.dspj.variable.tune;

import dev.dspj.variable.Configuration;
import dev.dspj.variable.objective.Measurement;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Measures a configuration. A search first {@linkplain #screen screens} each configuration on a
 * small minibatch when the evaluator supports it, and evaluates {@linkplain #evaluateFully fully}
 * only the promising ones; an evaluator without screening evaluates every configuration fully.
 * Called from several threads at once, one configuration per call.
 */
public interface TrialEvaluator {

    /**
     * Whether {@link #screen} evaluates a minibatch; when false the search calls only
     * {@link #evaluateFully}.
     *
     * @return true when screening is supported
     */
    default boolean screens() {
        return false;
    }

    /**
     * Evaluates a configuration on the minibatch.
     *
     * @param configuration the configuration
     * @return the minibatch evaluation
     */
    default Evaluation screen(Configuration configuration) {
        throw new UnsupportedOperationException("this evaluator does not screen");
    }

    /**
     * Evaluates a configuration on the whole set.
     *
     * @param configuration the configuration
     * @param screened the minibatch evaluation when the configuration was screened first (an
     *     evaluator may reuse its examples), else null
     * @return the full evaluation
     */
    Evaluation evaluateFully(Configuration configuration, @Nullable Evaluation screened);

    /**
     * An evaluator from a function that measures a configuration fully (for searches over
     * anything: a synthetic landscape, a retrieval pipeline, a set of prompts).
     *
     * @param measure the measurement of a configuration
     * @return the evaluator
     */
    static TrialEvaluator of(Function<Configuration, Measurement> measure) {
        return (configuration, screened) -> Evaluation.of(measure.apply(configuration));
    }
}
