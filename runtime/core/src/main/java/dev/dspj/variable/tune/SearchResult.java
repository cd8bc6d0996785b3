package dev.dspj.variable.tune;

import dev.dspj.module.Module;
import dev.dspj.variable.objective.SelectionPolicy;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a {@link VariableSearch} found: the {@link TuningResult} (every trial, the front, the
 * weighted scores) and configured copies of the program.
 *
 * @param <P> the program's type
 */
public final class SearchResult<P extends Module> {

    private final TuningResult tuning;
    private final Function<TrialOutcome, P> configure;

    SearchResult(TuningResult tuning, Function<TrialOutcome, P> configure) {
        this.tuning = Objects.requireNonNull(tuning, "tuning");
        this.configure = configure;
    }

    /**
     * Every trial, the Pareto front, the weighted scores, the stop reason.
     *
     * @return the tuning result
     */
    public TuningResult tuning() {
        return tuning;
    }

    /**
     * The trial the search's selection policy picks.
     *
     * @return the trial; empty when no trial is feasible
     */
    public Optional<TrialOutcome> best() {
        return tuning.best();
    }

    /**
     * A copy of the program configured as the chosen trial (and compiled, in a composed search).
     *
     * @return the configured copy
     * @throws IllegalStateException when no trial is feasible (the message gives the stop reason)
     */
    public P program() {
        return program(best().orElseThrow(() -> new IllegalStateException("no feasible trial to configure the program"
                + " with (" + tuning.trials().size() + " trials, "
                + tuning.failedTrials().size() + " failed; stopped: "
                + tuning.stopReason() + ")")));
    }

    /**
     * A copy of the program configured as the trial a policy picks.
     *
     * @param policy the policy
     * @return the configured copy
     * @throws IllegalStateException when no trial is feasible
     */
    public P program(SelectionPolicy policy) {
        return program(tuning.best(policy).orElseThrow(() -> new IllegalStateException("no feasible trial")));
    }

    /**
     * A copy of the program configured as a given trial.
     *
     * @param trial a trial of this result
     * @return the configured copy
     */
    public P program(TrialOutcome trial) {
        return configure.apply(trial);
    }

    @Override
    public String toString() {
        return tuning.toString();
    }
}
