package dev.dspj.optimize;

/**
 * An optimizer's configuration as data: an immutable record of every option its builder was given
 * (budgets, seeds, sizes, temperatures, thread counts, the names of the models it was given; never
 * an API key, and not the metric, the listener or the data sets, which are code and data rather
 * than settings). Each optimizer's {@code options()} returns its record; every
 * {@link OptimizerReport} carries it as JSON ({@link OptimizerReport#options()}), and an instruction
 * optimizer that keeps a {@link dev.dspj.execution.RunRecord} writes it there too
 * ({@link dev.dspj.execution.RunRecord#options()}), so that a run can be repeated from what it
 * recorded.
 */
public interface OptimizerOptions {

    /**
     * The options as a JSON object, one property per option in declaration order (nested records
     * as nested objects, enums by name, unset options as null).
     *
     * @return the JSON text
     */
    default String toJson() {
        return OptionsJson.write(this);
    }
}
