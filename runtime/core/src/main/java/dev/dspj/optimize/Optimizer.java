package dev.dspj.optimize;

import dev.dspj.primitives.Example;
import dev.dspj.module.Module;
import java.util.List;

/**
 * An optimizer (DSPy's teleprompter): returns an improved copy of a program, tuned on a training
 * set; the student passed in is never changed.
 */
public interface Optimizer {

    /**
     * Optimizes a program.
     *
     * @param student the program to improve (left unchanged)
     * @param trainset examples with their inputs marked
     * @param <M> the program's type; generated predictors and {@code @Program} classes keep theirs
     * @return the improved copy
     */
    <M extends Module> M compile(M student, List<Example> trainset);

    /**
     * What the last {@link #compile} spent and found: calls, tokens, cost, candidates and their
     * scores, why it stopped. Every DSPJ optimizer keeps one.
     *
     * @return the report of the last run
     * @throws IllegalStateException when nothing was compiled yet, or the optimizer keeps no report
     */
    default OptimizerReport lastReport() {
        throw new IllegalStateException(getClass().getSimpleName() + " keeps no report");
    }
}
