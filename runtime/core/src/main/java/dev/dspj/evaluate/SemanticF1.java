package dev.dspj.evaluate;

import dev.dspj.codec.Codecs;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmSettings;
import dev.dspj.module.CallOptions;
import dev.dspj.module.ChainOfThought;
import dev.dspj.module.Trace;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * An LM-judged metric, DSPy's {@code SemanticF1}: a judge model reads the question, the gold
 * response and the system's response, and estimates recall (how much of the gold the response
 * covers) and precision (how much of the response the gold covers); the score is their F1, with
 * both clamped to [0, 1]. The judge is a {@link ChainOfThought} over DSPy's
 * {@code SemanticRecallPrecision} signature (or, with {@link Builder#decompositional(boolean)},
 * {@code DecompositionalSemanticRecallPrecision}, which first enumerates the key ideas of each
 * side), reproduced field for field and instruction for instruction, so the judge sees the same
 * prompt DSPy sends. The feedback carries the judged precision and recall and the judge's
 * reasoning.
 *
 * <pre>{@code
 * Metric metric = SemanticF1.builder().model(judgeModel).build();   // or SemanticF1.create() with the default model
 * }</pre>
 *
 * <p>DSPy returns {@code score >= threshold} instead of the score when it is called with a trace
 * (while bootstrapping demos). DSPJ metrics always receive a trace, so that choice is explicit:
 * use {@link #passFail()} where a pass/fail verdict is wanted. Thread-safe; an {@link AsyncMetric}
 * (the judge is called through {@code forwardAsync} when {@link Evaluate} runs it). The judge's
 * own calls are kept out of the trace of the program being scored.
 */
public final class SemanticF1 implements AsyncMetric {

    /** DSPy's default acceptance threshold for {@link #passFail()}. */
    public static final double DEFAULT_THRESHOLD = 0.66;

    private static final String RECALL_DESC = "fraction (out of 1.0) of ground truth covered by the system response";
    private static final String PRECISION_DESC = "fraction (out of 1.0) of system response covered by the ground truth";

    /** DSPy's {@code SemanticRecallPrecision}: question, ground_truth, system_response -> recall, precision. */
    public static final SignatureDescriptor SEMANTIC_RECALL_PRECISION = SignatureDescriptor.builder(
                    "SemanticRecallPrecision")
            .instructions(
                    "Compare a system's response to the ground truth to compute its recall and precision.\n"
                            + "If asked to reason, enumerate key ideas in each response, and whether they are present in the other response.")
            .field(FieldDescriptor.input("question", Codecs.STRING, "", "java.lang.String"))
            .field(FieldDescriptor.input("ground_truth", Codecs.STRING, "", "java.lang.String"))
            .field(FieldDescriptor.input("system_response", Codecs.STRING, "", "java.lang.String"))
            .field(FieldDescriptor.output("recall", Codecs.DOUBLE, RECALL_DESC, "double"))
            .field(FieldDescriptor.output("precision", Codecs.DOUBLE, PRECISION_DESC, "double"))
            .build();

    /**
     * DSPy's {@code DecompositionalSemanticRecallPrecision}: the same inputs -> key ideas of each
     * side, a discussion of their overlap, recall, precision.
     */
    public static final SignatureDescriptor DECOMPOSITIONAL_SEMANTIC_RECALL_PRECISION = SignatureDescriptor.builder(
                    "DecompositionalSemanticRecallPrecision")
            .instructions(
                    "Compare a system's response to the ground truth to compute recall and precision of key ideas.\n"
                            + "You will first enumerate key ideas in each response, discuss their overlap, and then report recall and precision.")
            .field(FieldDescriptor.input("question", Codecs.STRING, "", "java.lang.String"))
            .field(FieldDescriptor.input("ground_truth", Codecs.STRING, "", "java.lang.String"))
            .field(FieldDescriptor.input("system_response", Codecs.STRING, "", "java.lang.String"))
            .field(FieldDescriptor.output(
                    "ground_truth_key_ideas",
                    Codecs.STRING,
                    "enumeration of key ideas in the ground truth",
                    "java.lang.String"))
            .field(FieldDescriptor.output(
                    "system_response_key_ideas",
                    Codecs.STRING,
                    "enumeration of key ideas in the system response",
                    "java.lang.String"))
            .field(FieldDescriptor.output(
                    "discussion",
                    Codecs.STRING,
                    "discussion of the overlap between ground truth and system response",
                    "java.lang.String"))
            .field(FieldDescriptor.output("recall", Codecs.DOUBLE, RECALL_DESC, "double"))
            .field(FieldDescriptor.output("precision", Codecs.DOUBLE, PRECISION_DESC, "double"))
            .build();

    private final ChainOfThought judge;
    private final CallOptions options;
    private final double threshold;
    private final boolean decompositional;
    private final String questionField;
    private final String groundTruthField;
    private final String responseField;

    private SemanticF1(Builder builder) {
        this.decompositional = builder.decompositional;
        this.judge = new ChainOfThought(
                decompositional ? DECOMPOSITIONAL_SEMANTIC_RECALL_PRECISION : SEMANTIC_RECALL_PRECISION);
        CallOptions callOptions = CallOptions.NONE;
        if (builder.model != null) {
            callOptions = callOptions.withModel(builder.model);
        }
        if (builder.settings != null) {
            callOptions = callOptions.withSettings(builder.settings);
        }
        this.options = callOptions;
        this.threshold = builder.threshold;
        this.questionField = builder.questionField;
        this.groundTruthField = builder.groundTruthField;
        this.responseField = builder.responseField;
    }

    /**
     * DSPy's defaults: the default model ({@code Dspj.configure}), threshold
     * {@value #DEFAULT_THRESHOLD}, not decompositional, fields {@code question} and
     * {@code response} of the example and {@code response} of the prediction.
     *
     * @return the metric
     */
    public static SemanticF1 create() {
        return builder().build();
    }

    /**
     * Starts configuring the metric.
     *
     * @return a builder with DSPy's defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * F1 of a precision and a recall, each clamped to [0, 1] first; 0 when both are 0 (DSPy's
     * {@code auto_evaluation.f1_score}).
     *
     * @param precision the precision
     * @param recall the recall
     * @return the F1
     */
    public static double f1(double precision, double recall) {
        double p = Math.max(0, Math.min(1, precision));
        double r = Math.max(0, Math.min(1, recall));
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /**
     * The judge: a chain of thought over the recall/precision signature.
     *
     * @return the judge
     */
    public ChainOfThought judge() {
        return judge;
    }

    /**
     * The threshold {@link #passFail()} uses.
     *
     * @return the threshold
     */
    public double threshold() {
        return threshold;
    }

    @Override
    public MetricResult score(Example gold, Prediction prediction, Trace trace) {
        Map<String, Object> inputs = judgeInputs(gold, prediction);
        Prediction verdict;
        try (Trace ignored = Trace.start()) {
            verdict = judge.forward(inputs, options);
        }
        return result(verdict);
    }

    @Override
    public CompletableFuture<MetricResult> scoreAsync(Example gold, Prediction prediction, Trace trace) {
        CompletableFuture<Prediction> verdict;
        Trace ignored = Trace.start();
        try {
            verdict = judge.forwardAsync(judgeInputs(gold, prediction), options);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        } finally {
            ignored.close();
        }
        return verdict.thenApply(this::result);
    }

    /**
     * A pass/fail version: 1 when the F1 reaches the threshold, else 0, with the same feedback
     * (what DSPy's {@code SemanticF1} returns when called with a trace).
     *
     * @return the metric
     */
    public AsyncMetric passFail() {
        SemanticF1 self = this;
        return new AsyncMetric() {
            @Override
            public MetricResult score(Example gold, Prediction prediction, Trace trace) {
                return verdict(self.score(gold, prediction, trace));
            }

            @Override
            public CompletableFuture<MetricResult> scoreAsync(Example gold, Prediction prediction, Trace trace) {
                return self.scoreAsync(gold, prediction, trace).thenApply(this::verdict);
            }

            private MetricResult verdict(MetricResult f1) {
                return new MetricResult(f1.score() >= threshold ? 1 : 0, f1.feedback());
            }

            @Override
            public String toString() {
                return self + ".passFail(threshold=" + threshold + ")";
            }
        };
    }

    private Map<String, Object> judgeInputs(Example gold, Prediction prediction) {
        Objects.requireNonNull(gold, "gold");
        Objects.requireNonNull(prediction, "prediction");
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put(
                "question",
                Texts.text(gold.get(questionField)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "SemanticF1: the example has no '" + questionField + "' (the question); its fields are "
                                        + gold.values().keySet()))));
        inputs.put(
                "ground_truth",
                Texts.text(gold.get(groundTruthField)
                        .orElseThrow(() -> new IllegalArgumentException("SemanticF1: the example has no '"
                                + groundTruthField + "' (the ground truth); its fields are "
                                + gold.values().keySet()))));
        inputs.put(
                "system_response",
                Texts.text(prediction
                        .get(responseField)
                        .orElseThrow(() -> new IllegalArgumentException("SemanticF1: the prediction has no '"
                                + responseField + "' (the system response); its fields are "
                                + prediction.values().keySet()))));
        return inputs;
    }

    private MetricResult result(Prediction verdict) {
        double precision = number(verdict, "precision");
        double recall = number(verdict, "recall");
        double score = f1(precision, recall);
        StringBuilder feedback = new StringBuilder(String.format(
                Locale.ROOT,
                "semantic precision %s, recall %s, F1 %.3f",
                Texts.number(precision),
                Texts.number(recall),
                score));
        verdict.get("discussion")
                .ifPresent(discussion -> feedback.append("\nDiscussion: ").append(discussion));
        verdict.completion()
                .reasoning()
                .filter(r -> !r.isBlank())
                .ifPresent(reasoning -> feedback.append("\nReasoning: ").append(reasoning));
        return new MetricResult(score, feedback.toString());
    }

    private static double number(Prediction verdict, String field) {
        Object value = verdict.get(field)
                .orElseThrow(() -> new IllegalStateException("SemanticF1: the judge's answer has no '" + field
                        + "'; it gave " + verdict.values().keySet()));
        if (!(value instanceof Number number) || Double.isNaN(number.doubleValue())) {
            throw new IllegalStateException("SemanticF1: the judge's '" + field + "' is not a number: " + value);
        }
        return number.doubleValue();
    }

    @Override
    public String toString() {
        return decompositional ? "SemanticF1(decompositional)" : "SemanticF1";
    }

    /** Configures a {@link SemanticF1}. */
    public static final class Builder {
        private @Nullable LanguageModel model;
        private @Nullable LmSettings settings;
        private double threshold = DEFAULT_THRESHOLD;
        private boolean decompositional;
        private String questionField = "question";
        private String groundTruthField = "response";
        private String responseField = "response";

        private Builder() {}

        /**
         * The judge model (default: the process default, {@code Dspj.configure}).
         *
         * @param value the model
         * @return this builder
         */
        public Builder model(LanguageModel value) {
            this.model = Objects.requireNonNull(value, "model");
            return this;
        }

        /**
         * Settings for the judge's calls (for example temperature 0).
         *
         * @param value the settings, merged over the judge's own
         * @return this builder
         */
        public Builder settings(LmSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /**
         * The F1 that {@link SemanticF1#passFail()} accepts (default {@value SemanticF1#DEFAULT_THRESHOLD}).
         *
         * @param value in [0, 1]
         * @return this builder
         */
        public Builder threshold(double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("SemanticF1 threshold must be between 0 and 1, got " + value);
            }
            this.threshold = value;
            return this;
        }

        /**
         * Uses DSPy's decompositional judge, which enumerates key ideas and discusses their
         * overlap before judging.
         *
         * @param value whether to
         * @return this builder
         */
        public Builder decompositional(boolean value) {
            this.decompositional = value;
            return this;
        }

        /**
         * The example's field holding the question (default {@code question}).
         *
         * @param field the field
         * @return this builder
         */
        public Builder questionField(String field) {
            this.questionField = Objects.requireNonNull(field, "field");
            return this;
        }

        /**
         * The example's field holding the gold response (default {@code response}).
         *
         * @param field the field
         * @return this builder
         */
        public Builder groundTruthField(String field) {
            this.groundTruthField = Objects.requireNonNull(field, "field");
            return this;
        }

        /**
         * The prediction's field holding the system's response (default {@code response}).
         *
         * @param field the field
         * @return this builder
         */
        public Builder responseField(String field) {
            this.responseField = Objects.requireNonNull(field, "field");
            return this;
        }

        /**
         * Builds the metric.
         *
         * @return the metric
         */
        public SemanticF1 build() {
            return new SemanticF1(this);
        }
    }
}
