package dev.dspj.spark;

import java.util.Locale;

/**
 * The result of {@link DspjSpark#evaluate}: the same totals as the local {@link
 * dev.dspj.evaluate.EvaluationResult} of the same program, rows and metric.
 *
 * @param examples how many rows were evaluated
 * @param total the sum of the scores (failed rows count 0), DSPy's {@code ncorrect}
 * @param failed how many rows failed (the program or the metric threw)
 */
public record SparkEvaluation(long examples, double total, long failed) {

    /**
     * The mean score, failed rows counting 0, as {@link dev.dspj.evaluate.EvaluationResult#score()};
     * 0 for no rows.
     *
     * @return the score
     */
    public double score() {
        return examples == 0 ? 0 : total / examples;
    }

    /**
     * {@code 100 * score()} rounded to 2 decimals, as {@link
     * dev.dspj.evaluate.EvaluationResult#percent()}.
     *
     * @return the percentage
     */
    public double percent() {
        return Math.round(score() * 100 * 100) / 100.0;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT, "Average metric: %s / %d (%.1f%%), %d failed", total, examples, score() * 100, failed);
    }
}
