/**
 * Seeing the result of a variable search: {@link dev.dspj.variable.report.SummaryTable} renders a
 * {@link dev.dspj.variable.tune.TuningResult} as monospace text for a terminal or a log, and
 * {@link dev.dspj.variable.report.HtmlReport} as one self-contained HTML file with hand-written
 * SVG charts (the Pareto front, the score over trials, each variable's effect) that opens
 * offline and prints well.
 *
 * <p>Both show the same facts: how the search ran and why it stopped, the best trial per
 * objective, the configuration each selection policy picks, the Pareto front, and every failed
 * or infeasible trial with its reason.
 */
@NullMarked
package dev.dspj.variable.report;

import org.jspecify.annotations.NullMarked;
