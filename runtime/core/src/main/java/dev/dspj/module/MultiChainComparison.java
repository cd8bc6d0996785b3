package dev.dspj.module;

import dev.dspj.codec.Codecs;
import dev.dspj.codec.PythonJson;
import dev.dspj.lm.LmSettings;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Compares several reasoning attempts and writes a corrected answer, as DSPy's
 * {@code MultiChainComparison}: the signature gets {@code m} input fields
 * {@code reasoning_attempt_1..m} (prefix {@code Student Attempt #i:}, description
 * {@code ${reasoning attempt}}) after its own inputs, and a {@code rationale} output field first
 * (prefix {@code Accurate Reasoning: Thank you everyone. Let's now holistically}, description
 * {@code ${corrected reasoning}}). Each attempt is shown as
 * {@code «I'm trying to RATIONALE I'm not sure but my prediction is ANSWER»}, from the first
 * line of the completion's {@code rationale} (else {@code reasoning}) and of its value of the
 * signature's last output field. The predictor samples at temperature 0.7 unless told otherwise,
 * and sits at the path {@code predict}.
 */
public final class MultiChainComparison implements AsyncModule {

    /** The temperature DSPy's MultiChainComparison samples at by default. */
    public static final double DEFAULT_TEMPERATURE = 0.7;

    /** How many attempts DSPy compares by default. */
    public static final int DEFAULT_M = 3;

    /** The output field added before the others, with DSPy's prefix and description. */
    public static final FieldDescriptor<String> RATIONALE = FieldDescriptor.output(
                    "rationale", Codecs.STRING, "${corrected reasoning}", "java.lang.String")
            .withPrefix("Accurate Reasoning: Thank you everyone. Let's now holistically");

    /** The key under which {@link #forward(Map)} accepts the completions to compare. */
    public static final String COMPLETIONS = "completions";

    private final int m;
    private final String lastKey;
    private final Predict predict;

    /**
     * Compares {@value #DEFAULT_M} attempts at temperature {@value #DEFAULT_TEMPERATURE}.
     *
     * @param signature the task's signature
     */
    public MultiChainComparison(SignatureDescriptor signature) {
        this(signature, DEFAULT_M);
    }

    /**
     * Compares {@code m} attempts at temperature {@value #DEFAULT_TEMPERATURE}.
     *
     * @param signature the task's signature
     * @param m how many attempts each call compares, at least 1
     */
    public MultiChainComparison(SignatureDescriptor signature, int m) {
        this(signature, m, DEFAULT_TEMPERATURE);
    }

    /**
     * Compares {@code m} attempts at a temperature.
     *
     * @param signature the task's signature
     * @param m how many attempts each call compares, at least 1
     * @param temperature the comparison call's temperature
     * @throws IllegalArgumentException when m is below 1 or the signature already has a field the
     *     comparison adds
     */
    public MultiChainComparison(SignatureDescriptor signature, int m, double temperature) {
        Objects.requireNonNull(signature, "signature");
        List<FieldDescriptor<?>> outputs = signature.outputFields();
        this.m = m;
        this.lastKey = outputs.get(outputs.size() - 1).name();
        this.predict = new Predict(extend(signature, m));
        this.predict.setSettings(LmSettings.DEFAULTS.withTemperature(temperature));
    }

    private MultiChainComparison(int m, String lastKey, Predict predict) {
        this.m = m;
        this.lastKey = lastKey;
        this.predict = predict;
    }

    /**
     * The comparison signature: {@code reasoning_attempt_1..m} added after the inputs and
     * {@code rationale} before the outputs.
     *
     * @param signature the task's signature
     * @param m how many attempts
     * @return the extended signature
     */
    public static SignatureDescriptor extend(SignatureDescriptor signature, int m) {
        if (m < 1) {
            throw new IllegalArgumentException("MultiChainComparison needs at least 1 attempt, got M=" + m);
        }
        List<FieldDescriptor<?>> attempts = new ArrayList<>(m);
        for (int i = 1; i <= m; i++) {
            attempts.add(
                    FieldDescriptor.input(attemptField(i), Codecs.STRING, "${reasoning attempt}", "java.lang.String")
                            .withPrefix("Student Attempt #" + i + ":"));
        }
        for (FieldDescriptor<?> added : attempts) {
            if (signature.field(added.name()).isPresent()) {
                throw new IllegalArgumentException("signature " + signature.name() + " already has a field named \""
                        + added.name() + "\", which MultiChainComparison adds");
            }
        }
        if (signature.field(RATIONALE.name()).isPresent()) {
            throw new IllegalArgumentException("signature " + signature.name()
                    + " already has a field named \"rationale\", which MultiChainComparison adds");
        }
        return Modules.appendInputs(signature, attempts).prependOutput(RATIONALE);
    }

    /**
     * The name of the i-th attempt's input field.
     *
     * @param i from 1
     * @return {@code reasoning_attempt_i}
     */
    public static String attemptField(int i) {
        return "reasoning_attempt_" + i;
    }

    /**
     * How many attempts each call compares.
     *
     * @return M
     */
    public int m() {
        return m;
    }

    /**
     * The task's last output field, whose value each attempt shows as its prediction.
     *
     * @return the field's name
     */
    public String lastKey() {
        return lastKey;
    }

    /**
     * The comparison predictor.
     *
     * @return the predictor
     */
    public Predict predict() {
        return predict;
    }

    /**
     * Formats one completion as an attempt: the first line of its {@code rationale} (else
     * {@code reasoning}, else empty) and of its last output field's value (as Python's
     * {@code str}), each stripped.
     *
     * @param completion the completion's values
     * @param answerField the field whose value is the attempt's prediction
     * @return {@code «I'm trying to RATIONALE I'm not sure but my prediction is ANSWER»}
     * @throws IllegalArgumentException when the completion has no value for the answer field
     */
    public static String formatAttempt(Map<String, ?> completion, String answerField) {
        Object rationale =
                completion.containsKey("rationale") ? completion.get("rationale") : completion.get("reasoning");
        if (!completion.containsKey(answerField) || completion.get(answerField) == null) {
            throw new IllegalArgumentException(
                    "the completion has no value for \"" + answerField + "\"; its fields are " + completion.keySet());
        }
        return "«I'm trying to " + firstLine(rationale == null ? "" : pythonStr(rationale))
                + " I'm not sure but my prediction is " + firstLine(pythonStr(completion.get(answerField))) + "»";
    }

    private static String firstLine(String text) {
        return text.strip().split("\n", -1)[0].strip();
    }

    /** Python's {@code str()} of a value, for the attempt text. */
    private static String pythonStr(Object value) {
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        return repr(value);
    }

    private static String repr(@Nullable Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof CharSequence text) {
            String s = text.toString();
            boolean useDouble = s.contains("'") && !s.contains("\"");
            String quote = useDouble ? "\"" : "'";
            String escaped = s.replace("\\", "\\\\")
                    .replace("\n", "\\n")
                    .replace("\r", "\\r")
                    .replace("\t", "\\t");
            return quote + (useDouble ? escaped : escaped.replace("'", "\\'")) + quote;
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Double || value instanceof Float) {
            return PythonJson.floatRepr(((Number) value).doubleValue());
        }
        if (value instanceof Optional<?> optional) {
            return repr(optional.orElse(null));
        }
        if (value instanceof Map<?, ?> map) {
            StringJoiner out = new StringJoiner(", ", "{", "}");
            map.forEach((k, v) -> out.add(repr(k) + ": " + repr(v)));
            return out.toString();
        }
        if (value instanceof Collection<?> items) {
            StringJoiner out = new StringJoiner(", ", "[", "]");
            items.forEach(item -> out.add(repr(item)));
            return out.toString();
        }
        return String.valueOf(value);
    }

    /**
     * Compares completions.
     *
     * @param completions exactly {@code m} earlier predictions, for example from a chain of thought
     * @param inputs the task's input values
     * @return {@code rationale} and the task's outputs
     * @throws IllegalArgumentException when there are not {@code m} completions or one lacks the
     *     answer field
     */
    public Prediction forward(List<Prediction> completions, Map<String, Object> inputs) {
        return forward(completions, inputs, CallOptions.NONE);
    }

    /**
     * Compares completions with per-call overrides.
     *
     * @param completions exactly {@code m} earlier predictions
     * @param inputs the task's input values
     * @param options a model and settings that win for this call
     * @return {@code rationale} and the task's outputs
     * @throws IllegalArgumentException when there are not {@code m} completions or one lacks the
     *     answer field
     */
    public Prediction forward(List<Prediction> completions, Map<String, Object> inputs, CallOptions options) {
        return predict.forward(withAttempts(completions, inputs), options);
    }

    /**
     * Compares completions without blocking the caller.
     *
     * @param completions exactly {@code m} earlier predictions
     * @param inputs the task's input values
     * @param options a model and settings that win for this call
     * @return {@code rationale} and the task's outputs, later
     */
    public CompletableFuture<Prediction> forwardAsync(
            List<Prediction> completions, Map<String, Object> inputs, CallOptions options) {
        Map<String, Object> all;
        try {
            all = withAttempts(completions, inputs);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return predict.forwardAsync(all, options);
    }

    /**
     * Runs the comparison on untyped inputs: either the completions under {@value #COMPLETIONS}
     * (a list of {@link Prediction}s or maps) next to the task's inputs, as DSPy's
     * {@code mcc(completions, question=...)}, or the {@code reasoning_attempt_i} texts already
     * formatted (as in a saved demo).
     *
     * @param inputs input field name to value
     * @return {@code rationale} and the task's outputs
     */
    @Override
    public Prediction forward(Map<String, Object> inputs) {
        return forward(inputs, CallOptions.NONE);
    }

    /**
     * Runs the comparison on untyped inputs with per-call overrides; see {@link #forward(Map)}.
     *
     * @param inputs input field name to value
     * @param options a model and settings that win for this call
     * @return {@code rationale} and the task's outputs
     */
    @Override
    public Prediction forward(Map<String, Object> inputs, CallOptions options) {
        return predict.forward(untyped(inputs), options);
    }

    @Override
    public CompletableFuture<Prediction> forwardAsync(Map<String, Object> inputs, CallOptions options) {
        Map<String, Object> all;
        try {
            all = untyped(inputs);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return predict.forwardAsync(all, options);
    }

    private Map<String, Object> untyped(Map<String, Object> inputs) {
        Object completions = inputs.get(COMPLETIONS);
        if (!(completions instanceof List<?> list)
                || predict.signature().field(COMPLETIONS).isPresent()) {
            return inputs;
        }
        List<Map<String, ?>> values = new ArrayList<>(list.size());
        for (Object item : list) {
            if (item instanceof Prediction prediction) {
                values.add(completionValues(prediction));
            } else if (item instanceof Map<?, ?> map) {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(String.valueOf(k), v));
                values.add(copy);
            } else {
                throw new IllegalArgumentException(
                        "MultiChainComparison: \"" + COMPLETIONS + "\" must hold predictions or maps, got "
                                + (item == null ? "null" : item.getClass().getName()));
            }
        }
        Map<String, Object> rest = new LinkedHashMap<>(inputs);
        rest.remove(COMPLETIONS);
        return merge(values, rest);
    }

    private Map<String, Object> withAttempts(List<Prediction> completions, Map<String, Object> inputs) {
        Objects.requireNonNull(completions, "completions");
        List<Map<String, ?>> values = new ArrayList<>(completions.size());
        for (Prediction completion : completions) {
            values.add(completionValues(Objects.requireNonNull(completion, "completion")));
        }
        return merge(values, inputs);
    }

    private static Map<String, Object> completionValues(Prediction prediction) {
        if (prediction.values().containsKey("rationale")
                || prediction.values().containsKey("reasoning")
                || prediction.completion().reasoning().isEmpty()) {
            return prediction.values();
        }
        Map<String, Object> values = new LinkedHashMap<>(prediction.values());
        values.put("reasoning", prediction.completion().reasoning().get());
        return values;
    }

    private Map<String, Object> merge(List<Map<String, ?>> completions, Map<String, Object> inputs) {
        if (completions.size() != m) {
            throw new IllegalArgumentException("The number of attempts (" + completions.size()
                    + ") doesn't match the expected number M (" + m
                    + "). Please set the correct value for M when initializing MultiChainComparison.");
        }
        Map<String, Object> all = new LinkedHashMap<>();
        for (int i = 0; i < completions.size(); i++) {
            try {
                all.put(attemptField(i + 1), formatAttempt(completions.get(i), lastKey));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "MultiChainComparison[" + predict.signature().name() + "]: completion " + (i + 1) + " of " + m
                                + " for inputs " + Modules.describe(inputs) + ": " + e.getMessage(),
                        e);
            }
        }
        all.putAll(inputs);
        return all;
    }

    @Override
    public List<NamedPredictor> namedPredictors() {
        return List.of(new NamedPredictor("predict", predict));
    }

    @Override
    public MultiChainComparison deepCopy() {
        return new MultiChainComparison(m, lastKey, predict.deepCopy());
    }

    @Override
    public String toString() {
        return "MultiChainComparison(" + predict.signature().name() + ", M=" + m + ")";
    }
}
