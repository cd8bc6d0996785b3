package dev.dspj.module;

import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import java.util.List;
import java.util.Map;

/**
 * The untyped view of a program that evaluators and optimizers work with: run it on input values,
 * and reach its predictors (whose demos and instructions are what optimizers tune).
 */
public interface Module {

    /**
     * Runs the module.
     *
     * @param inputs input field name to value
     * @return the outputs
     */
    Prediction forward(Map<String, Object> inputs);

    /**
     * Runs the module as DSPy's {@code program(...)} does: its start and end are announced to the
     * callbacks in scope ({@link dev.dspj.observe.Callbacks}), the calls made inside it get paths
     * under it, and the prediction carries the usage of every model call made for it ({@link
     * Prediction#lmUsage()}), exactly, however many runs go on at once. Evaluations, optimizers
     * and {@link Parallel} run programs this way; {@link #forward} runs the body alone.
     *
     * @param inputs input field name to value
     * @return the outputs, with their usage
     */
    default Prediction invoke(Map<String, Object> inputs) {
        return Modules.call(this, inputs, CallOptions.NONE);
    }

    /**
     * {@link #invoke(Map)} with per-call overrides.
     *
     * @param inputs input field name to value
     * @param options a model and settings that win for this call
     * @return the outputs, with their usage
     */
    default Prediction invoke(Map<String, Object> inputs, CallOptions options) {
        return Modules.call(this, inputs, options);
    }

    /**
     * Runs the module on an example's input fields.
     *
     * @param example an example with its inputs marked
     * @return the outputs
     */
    default Prediction forward(Example example) {
        return forward(example.inputs());
    }

    /**
     * Runs the module with per-call overrides: a model and sampling settings that win over the
     * ones set on its predictors (how {@link BestOfN} and {@link Refine} run each attempt at
     * temperature 1.0 with its own rollout id).
     *
     * <p>The default runs a {@linkplain #deepCopy() deep copy} on which every predictor from
     * {@link #namedPredictors()} has the overrides applied (settings merged over its own, the
     * model set when one is given), as DSPy deep-copies a module and sets the LM on the copy;
     * this module is left unchanged. A module with no predictors ignores the overrides.
     * {@link Predict}, {@link ChainOfThought} and {@link TypedPredictor} override it to pass the
     * options straight to the model call, without copying.
     *
     * @param inputs input field name to value
     * @param options a model and settings that win for this call
     * @return the outputs
     */
    default Prediction forward(Map<String, Object> inputs, CallOptions options) {
        if (Modules.isNone(options)) {
            return forward(inputs);
        }
        return Modules.withOverrides(this, options).forward(inputs);
    }

    /**
     * The module's predictors with their paths, in a stable order.
     *
     * @return the predictors
     */
    List<NamedPredictor> namedPredictors();

    /**
     * The modules inside this one with their paths, each followed by the modules inside it
     * (DSPy's {@code named_sub_modules()}): a program's module fields, list elements and map
     * entries, and the fields of nested programs. The default has none, as a leaf module ({@link
     * Predict}, {@link dev.dspj.retrieve.Retrieve}) does; {@code @Program} classes list theirs
     * through their generated descriptor.
     *
     * @return the submodules, in field declaration order
     */
    default List<NamedModule> namedSubmodules() {
        return List.of();
    }

    /**
     * Returns an independent copy: changing the copy's demos or instructions leaves this module
     * unchanged.
     *
     * @return the copy
     */
    Module deepCopy();
}
