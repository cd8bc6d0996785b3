/**
 * Search strategies over a {@link dev.dspj.variable.VariableSpace}: grid, random (Latin
 * hypercube), TPE and multi-objective TPE, and NSGA-II, behind one stateless
 * {@link dev.dspj.variable.search.Sampler} interface that proposes the next configuration from
 * the history of completed and pending trials, so durable studies can resume and several
 * processes can share one search.
 *
 * <p>{@link dev.dspj.variable.search.Samplers#choose} picks a strategy from the space, the budget
 * and the number of objectives; {@link dev.dspj.variable.search.Pareto} and
 * {@link dev.dspj.variable.search.Hypervolume} compare multi-objective results. Every objective
 * value a sampler sees is to be maximized.
 */
@NullMarked
package dev.dspj.variable.search;

import org.jspecify.annotations.NullMarked;
