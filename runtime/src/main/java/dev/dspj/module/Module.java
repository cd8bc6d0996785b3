package dev.dspj.module;

import dev.dspj.data.Example;
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
     * Runs the module on an example's input fields.
     *
     * @param example an example with its inputs marked
     * @return the outputs
     */
    default Prediction forward(Example example) {
        return forward(example.inputs());
    }

    /**
     * The module's predictors with their paths, in a stable order.
     *
     * @return the predictors
     */
    List<NamedPredictor> namedPredictors();

    /**
     * Returns an independent copy: changing the copy's demos or instructions leaves this module
     * unchanged.
     *
     * @return the copy
     */
    Module deepCopy();
}
