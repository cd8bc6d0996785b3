package dev.dspj.optimize;

import dev.dspj.module.Module;

/**
 * What one compile gave: the optimized program and the run's {@link OptimizerReport}, plus, in an
 * optimizer's own result type, what is particular to it (COPRO's candidates and statistics,
 * MIPROv2's trials, SIMBA's candidates, GEPA's lineage, random search's candidates). A result is a
 * value owned by the caller: two compiles on one optimizer, even at once from two threads, give
 * two separate results.
 *
 * @param <M> the program's type
 */
public interface OptimizerResult<M extends Module> {

    /**
     * The optimized program (a copy; the student is never changed).
     *
     * @return the program
     */
    M program();

    /**
     * What the run spent and found, with the options it ran with.
     *
     * @return the report
     */
    OptimizerReport report();
}
