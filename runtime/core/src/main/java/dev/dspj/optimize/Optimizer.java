package dev.dspj.optimize;

import dev.dspj.module.Module;
import dev.dspj.primitives.Example;
import java.util.List;

/**
 * An optimizer (DSPy's teleprompter): returns an improved copy of a program, tuned on a training
 * set; the student passed in is never changed.
 *
 * <p>An optimizer is its configuration and nothing more: it keeps no state between compiles, so
 * one instance may compile many programs, at once from several threads; each compile's program,
 * report and details come back in its own {@link OptimizerResult}.
 *
 * <pre>{@code
 * OptimizerResult<QaPredictor> result = optimizer.compileWithResult(qa, trainset);
 * QaPredictor optimized = result.program();
 * System.out.println(result.report().summary());
 * }</pre>
 */
public interface Optimizer {

    /**
     * Optimizes a program and returns the improved copy with what the run spent and found.
     * Optimizers narrow the result type to their own (for example {@link Copro.Result}).
     *
     * @param student the program to improve (left unchanged)
     * @param trainset examples with their inputs marked
     * @param <M> the program's type; generated predictors and {@code @Program} classes keep theirs
     * @return the program, the report and the optimizer's details
     */
    <M extends Module> OptimizerResult<M> compileWithResult(M student, List<Example> trainset);

    /**
     * Optimizes a program: {@link #compileWithResult}'s program.
     *
     * @param student the program to improve (left unchanged)
     * @param trainset examples with their inputs marked
     * @param <M> the program's type; generated predictors and {@code @Program} classes keep theirs
     * @return the improved copy
     */
    default <M extends Module> M compile(M student, List<Example> trainset) {
        return compileWithResult(student, trainset).program();
    }

    /**
     * The optimizer's configuration as data, as written into every report it makes.
     *
     * @return the options record
     */
    OptimizerOptions options();
}
