package dev.dspj.sim;

import dev.dspj.evaluate.Metric;
import dev.dspj.evaluate.MetricResult;
import dev.dspj.evaluate.Metrics;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Metrics for the simulated tasks that explain their score in words, as GEPA's feedback metrics
 * do.
 *
 * <p>{@link #exactMatchWithFeedback(SimTask, String)} scores 1 or 0 by DSPy's exact match
 * ({@link Metrics#exactMatchScore(String, String)}) and always returns feedback:
 *
 * <ul>
 *   <li>a success says so: {@code Correct: "Brightburg" is the expected answer.}
 *   <li>a failure says what was expected and what came: {@code Incorrect: expected "Brightburg",
 *       got "Lowtown".} and, when the way the prediction went wrong points at what the task
 *       wants, one more sentence that names one or more of the task's hint phrases:
 *       <ul>
 *         <li>factoid QA: a prediction of more than five words, or one that reads like a
 *             sentence (ends with a full stop, or says "I think", "answer is" ...):
 *             {@code Answers should be a short factoid of 1-5 words, with no explanation.}
 *         <li>sentiment: a NEGATIVE review read as POSITIVE with no contrast word in it
 *             (sarcastic praise): {@code The praise here is sarcasm: ...}; a review with a contrast
 *             ("but", "yet", "shame", "at first") read wrongly: {@code ... judge the overall tone
 *             ...}.
 *         <li>arithmetic: a prediction that is not an integer: {@code ... must be an exact
 *             integer ...}; one off by 1 or 2: {@code The result is off by 1; double-check the
 *             arithmetic.} (larger slips get no such sentence).
 *       </ul>
 * </ul>
 *
 * Other tasks get the success and failure sentences only.
 */
public final class SimMetrics {

    private static final int MAX_FACTOID_WORDS = 5;
    private static final Pattern CHATTY =
            Pattern.compile("(?i)\\b(i think|i believe|the answer is|answer is|it is|this is|based on)\\b|[.!]\\s*$");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern CONTRAST = Pattern.compile("(?i)\\b(but|yet|shame|at first)\\b");

    private SimMetrics() {}

    /**
     * Exact match on one output field with textual feedback (see the class description for the
     * exact texts).
     *
     * @param task the task the examples come from; its name picks the task-specific feedback
     * @param field the output field to compare, for example {@code answer}
     * @return the metric; it fails with an {@link IllegalArgumentException} naming the field when
     *     the example has no gold value for it
     */
    public static Metric exactMatchWithFeedback(SimTask task, String field) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(field, "field");
        if (!task.outputFields().contains(field)) {
            throw new IllegalArgumentException("task " + task.name() + " has no output field \"" + field
                    + "\"; its output fields are " + task.outputFields());
        }
        Map<String, SimExample> byInputs = new HashMap<>();
        for (SimExample example : task.examples()) {
            byInputs.putIfAbsent(inputKey(example.inputs()), example);
        }
        return (gold, prediction, trace) -> {
            Object goldValue = gold.get(field)
                    .orElseThrow(() -> new IllegalArgumentException("the example has no gold value for \"" + field
                            + "\"; it has " + gold.values().keySet()));
            String expected = String.valueOf(goldValue);
            String predicted = predictionText(prediction, field);
            if (Metrics.exactMatchScore(predicted, expected)) {
                return new MetricResult(1, "Correct: \"" + predicted.strip() + "\" is the expected answer.");
            }
            String feedback = "Incorrect: expected \"" + expected + "\", got \"" + predicted.strip() + "\".";
            String advice = advice(task, byInputs.get(inputKey(gold)), expected, predicted);
            return new MetricResult(0, advice.isEmpty() ? feedback : feedback + " " + advice);
        };
    }

    private static String predictionText(Prediction prediction, String field) {
        return prediction.get(field).map(String::valueOf).orElse("");
    }

    /** The sentence that points at what the task wants, or empty. */
    private static String advice(SimTask task, @Nullable SimExample example, String expected, String predicted) {
        String answer = predicted.strip();
        switch (task.name()) {
            case FactoidQa.NAME -> {
                int words = answer.isEmpty() ? 0 : answer.split("\\s+").length;
                if (words > MAX_FACTOID_WORDS || CHATTY.matcher(answer).find()) {
                    return "Answers should be a short factoid of 1-5 words, with no explanation.";
                }
            }
            case Sentiment.NAME -> {
                String review = example == null
                        ? ""
                        : example.inputs().values().iterator().next();
                if (CONTRAST.matcher(review).find()) {
                    return "The review mixes praise and complaint: judge the overall tone of the whole review.";
                }
                if (expected.equalsIgnoreCase("NEGATIVE") && answer.equalsIgnoreCase("POSITIVE")) {
                    return "The praise here is sarcasm: the reviewer means the opposite of the literal words.";
                }
            }
            case Arithmetic.NAME -> {
                if (!INTEGER.matcher(answer).matches()) {
                    return "The answer must be an exact integer, with no words or decimals.";
                }
                if (INTEGER.matcher(expected.strip()).matches()) {
                    long off = Math.abs(Long.parseLong(answer.replace("+", "")) - Long.parseLong(expected.strip()));
                    if (off <= 2) {
                        return "The result is off by " + off + "; double-check the arithmetic.";
                    }
                }
            }
            default -> {
                // tasks without a known failure pattern get the plain feedback
            }
        }
        return "";
    }

    private static String inputKey(Map<String, ?> inputs) {
        StringBuilder key = new StringBuilder();
        inputs.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> key.append(e.getKey())
                        .append('\u0001')
                        .append(TextNormalizer.normalize(String.valueOf(e.getValue())))
                        .append('\u0002'));
        return key.toString();
    }

    private static String inputKey(Example gold) {
        return inputKey(gold.inputs());
    }
}
