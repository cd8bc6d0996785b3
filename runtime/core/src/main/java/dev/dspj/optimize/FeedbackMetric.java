package dev.dspj.optimize;

import dev.dspj.evaluate.Metric;
import dev.dspj.evaluate.MetricResult;
import dev.dspj.module.Trace;
import dev.dspj.module.TraceEntry;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A metric that can explain its score to one predictor, DSPy's {@code GEPAFeedbackMetric}
 * {@code (gold, pred, trace, pred_name, pred_trace)}. {@link Gepa} calls it twice over: with
 * {@code predictorName == null} to score a whole program run, and, while it builds the reflective
 * dataset, once per example for the predictor whose instructions it is about to rewrite, with that
 * predictor's calls in {@code predictorTrace}. The {@linkplain MetricResult#feedbackText() feedback}
 * is what the reflection model reads; a result without feedback gets DSPy's default text
 * {@code This trajectory got a score of <score>.} Implementations must be safe to call from many
 * threads.
 *
 * <pre>{@code
 * FeedbackMetric metric = (gold, prediction, trace, predictorName, predictorTrace) -> {
 *     boolean right = gold.get("answer").equals(prediction.values().get("answer"));
 *     return new MetricResult(right ? 1 : 0, right ? "Correct." : "The answer is " + gold.get("answer") + ".");
 * };
 * }</pre>
 */
@FunctionalInterface
public interface FeedbackMetric {

    /**
     * Scores one program run, for the whole program or for one of its predictors.
     *
     * @param gold the example, with its labels
     * @param prediction what the program returned
     * @param trace every predictor call of the run
     * @param predictorName the predictor GEPA asks feedback for, or null when scoring the program
     * @param predictorTrace that predictor's calls in the run, or null when scoring the program
     * @return the score (the program's score, also when asked for a predictor) and optional feedback
     */
    MetricResult score(
            Example gold,
            Prediction prediction,
            Trace trace,
            @Nullable String predictorName,
            @Nullable List<TraceEntry> predictorTrace);

    /**
     * This metric as a plain {@link Metric}: the program-level call, with no predictor.
     *
     * @return the metric
     */
    default Metric asMetric() {
        return (gold, prediction, trace) -> score(gold, prediction, trace, null, null);
    }

    /**
     * A feedback metric from a plain one: its feedback (if any) is the same for every predictor.
     *
     * @param metric the metric
     * @return the feedback metric
     */
    static FeedbackMetric of(Metric metric) {
        Objects.requireNonNull(metric, "metric");
        return (gold, prediction, trace, predictorName, predictorTrace) -> metric.score(gold, prediction, trace);
    }
}
