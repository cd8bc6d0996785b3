package dev.dspj.optimize;

import dev.dspj.module.Module;
import java.util.Objects;

/**
 * The result of an optimizer with nothing to add to the program and its report
 * ({@link LabeledFewShot}, {@link BootstrapFewShot}, {@link Ensemble}, {@link KNNFewShot}).
 *
 * @param program the optimized program
 * @param report what the run spent and found
 * @param <M> the program's type
 */
public record Compiled<M extends Module>(M program, OptimizerReport report) implements OptimizerResult<M> {

    /**
     * Checks that both parts are there.
     *
     * @param program the program
     * @param report the report
     */
    public Compiled {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(report, "report");
    }
}
