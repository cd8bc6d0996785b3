package dev.dspj.optimize;

import org.jspecify.annotations.Nullable;

/**
 * The options the instruction optimizers ({@link Copro}, {@link MiproV2}, {@link Simba},
 * {@link Gepa}) share, as set on {@link InstructionOptimizerBuilder}; part of each one's options
 * record.
 *
 * @param promptModel the name of the model that writes instructions (GEPA's reflection model), or
 *     null for the default (the student's first model, else the process-wide one)
 * @param taskModel the name of the model the candidates run on, or null when each predictor keeps
 *     its own
 * @param seed the seed of every random choice
 * @param numThreads examples scored or runs made at once, or null for the default
 * @param callBudget the most model calls, 0 for no limit
 * @param costBudgetUsd the most dollars at list prices, 0 for no limit
 * @param record the name of the run record given, or null for a fresh in-memory one per compile
 */
public record InstructionOptions(
        @Nullable String promptModel,
        @Nullable String taskModel,
        long seed,
        @Nullable Integer numThreads,
        long callBudget,
        double costBudgetUsd,
        @Nullable String record)
        implements OptimizerOptions {}
