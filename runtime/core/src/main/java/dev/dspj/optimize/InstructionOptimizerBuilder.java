package dev.dspj.optimize;

import dev.dspj.evaluate.Evaluate;
import dev.dspj.execution.RunRecord;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmSettings;
import org.jspecify.annotations.Nullable;

/**
 * The options the instruction optimizers' builders ({@link Copro}, {@link MiproV2}, {@link Simba},
 * {@link Gepa}) share beyond {@link OptimizerBuilder}'s: the model that writes instructions, the
 * model the candidates run on, the seed, the concurrency of scoring, the dollar budget and the run
 * record. Each is set, checked and documented here once; an optimizer whose default differs (its
 * seed, its concurrency) passes that default in.
 *
 * @param <B> the concrete builder
 */
public abstract class InstructionOptimizerBuilder<B extends InstructionOptimizerBuilder<B>>
        extends OptimizerBuilder<B> {
    @Nullable
    LanguageModel promptModel;

    @Nullable
    LanguageModel taskModel;

    long seed;

    @Nullable
    Integer numThreads;

    double costBudgetUsd;

    @Nullable
    RunRecord record;

    InstructionOptimizerBuilder(String optimizer, long defaultSeed, @Nullable Integer defaultNumThreads) {
        super(optimizer);
        this.seed = defaultSeed;
        this.numThreads = defaultNumThreads;
    }

    /**
     * The model that writes the new instructions (DSPy's {@code prompt_model}): MIPROv2's dataset
     * summary, descriptions and instructions, SIMBA's rules of append-a-rule. By default the first
     * model set on the student's predictors, else the process-wide default model; GEPA has no
     * default (see its {@code reflectionModel}).
     *
     * @param value the model
     * @return this builder
     */
    public B promptModel(LanguageModel value) {
        this.promptModel = required(value, "promptModel");
        return self();
    }

    /**
     * The model every predictor of the candidates runs on, the student's copies (DSPy's
     * {@code task_model}; the returned program keeps it); by default each predictor keeps its own.
     *
     * @param value the model
     * @return this builder
     */
    public B taskModel(LanguageModel value) {
        this.taskModel = required(value, "taskModel");
        return self();
    }

    /**
     * The seed of every random choice of the run (the proposals' rollout ids, samples, shuffles and
     * draws); the same seed and settings make the same run. Default 0, as DSPy; MIPROv2's is
     * {@value MiproV2#DEFAULT_SEED}, as DSPy's.
     *
     * @param value the seed
     * @return this builder
     */
    public B seed(long value) {
        this.seed = value;
        return self();
    }

    /**
     * Examples scored or program runs made at once (DSPy's {@code num_threads}); by default
     * {@link Evaluate}'s default concurrency, {@value Evaluate#DEFAULT_CONCURRENCY}.
     *
     * @param value at least 1
     * @return this builder
     */
    public B numThreads(int value) {
        this.numThreads = atLeast(value, 1, "numThreads");
        return self();
    }

    /**
     * The most dollars the run may spend at list prices ({@link dev.dspj.lm.usage.PriceTable#defaults()}),
     * every model together; a call whose worst case could pass it is never made.
     *
     * @param value greater than 0
     * @return this builder
     */
    public B costBudgetUsd(double value) {
        this.costBudgetUsd = positive(value, "costBudgetUsd");
        return self();
    }

    /**
     * Where the run's steps (proposals, reflections, scores and decisions) are recorded; a record
     * that already holds steps of a run of the same name and settings is replayed, not recomputed.
     * By default each compile gets a fresh in-memory record.
     *
     * @param value the record; one per run
     * @return this builder
     */
    public B record(RunRecord value) {
        this.record = required(value, "record");
        return self();
    }

    /** {@code value}, checked to be a sampling temperature (0 to {@link LmSettings#MAX_TEMPERATURE}), for the option {@code name}. */
    final double temperature(double value, String name) {
        if (!(value >= 0 && value <= LmSettings.MAX_TEMPERATURE)) {
            throw new IllegalArgumentException(optimizer + ": " + name + " must be between 0 and "
                    + LmSettings.MAX_TEMPERATURE + ", got " + value);
        }
        return value;
    }

    /** The shared options set so far, as data (model names, never keys). */
    final InstructionOptions instructionOptions() {
        return new InstructionOptions(
                OptionsJson.modelName(promptModel),
                OptionsJson.modelName(taskModel),
                seed,
                numThreads,
                callBudget,
                costBudgetUsd,
                record == null ? null : record.name());
    }
}
