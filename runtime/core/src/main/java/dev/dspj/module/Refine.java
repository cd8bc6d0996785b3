package dev.dspj.module;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.Dspj;
import dev.dspj.adapter.Adapter;
import dev.dspj.codec.Codecs;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ModelCapabilities;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Runs a module up to {@code n} times like {@link BestOfN}, and after each attempt that falls
 * short asks the model for advice, which the next attempt's predictors receive as a hint, as
 * DSPy's {@code Refine}.
 *
 * <p>Each attempt runs on a {@linkplain Module#deepCopy() deep copy} of the module at
 * temperature 1.0 with its own rollout id. When an attempt's reward is below the threshold and
 * attempts remain, the {@linkplain #OFFER_FEEDBACK OfferFeedback} predictor is shown the
 * program's module definitions, inputs, trajectory (each predictor call's inputs and outputs),
 * outputs, the reward and the threshold, and answers with advice per predictor path. On the next
 * attempt every predictor of the copy gets an extra input field {@code hint_} ("A hint to the
 * module from an earlier run") whose value is its advice, or {@code N/A}: the field is added to
 * the signature its adapter formats, as DSPy's wrapper adapter does, so the module's own
 * {@code forward} needs no change. Attempts and feedback calls that throw count against
 * {@code failCount} as in {@link BestOfN}.
 *
 * <p>The feedback call resolves its model as {@link Predict} does (the caller's
 * {@link CallOptions} model, the one set on {@link #feedbackPredictor()}, the default model);
 * when none of those is set it falls back to the first model set on the module's predictors. It
 * is not one of {@link #namedPredictors()} (DSPy creates it per call, so optimizers do not tune it).
 */
public final class Refine implements Module {

    /** The field Refine adds to each predictor's inputs once there is advice, with DSPy's description. */
    public static final FieldDescriptor<String> HINT = FieldDescriptor.input(
            "hint_", Codecs.STRING, "A hint to the module from an earlier run", "java.lang.String");

    /** DSPy's {@code OfferFeedback} signature, with its instructions and field descriptions verbatim. */
    public static final SignatureDescriptor OFFER_FEEDBACK = SignatureDescriptor.builder("OfferFeedback")
            .instructions("In the discussion, assign blame to each module that contributed to the final reward being "
                    + "below the threshold, if\n"
                    + "any. Then, prescribe concrete advice of how the module should act on its future input when we "
                    + "retry the process, if\n"
                    + "it were to receive the same or similar inputs. If a module is not to blame, the advice should be "
                    + "N/A.\n"
                    + "The module will not see its own history, so it needs to rely on entirely concrete and actionable "
                    + "advice from you\n"
                    + "to avoid the same mistake on the same or similar inputs.")
            .field(FieldDescriptor.input(
                    "program_code", Codecs.STRING, "The code of the program that we are analyzing", "java.lang.String"))
            .field(FieldDescriptor.input(
                    "modules_defn",
                    Codecs.STRING,
                    "The definition of each module in the program, including its I/O",
                    "java.lang.String"))
            .field(FieldDescriptor.input(
                    "program_inputs",
                    Codecs.STRING,
                    "The inputs to the program that we are analyzing",
                    "java.lang.String"))
            .field(FieldDescriptor.input(
                    "program_trajectory",
                    Codecs.STRING,
                    "The trajectory of the program's execution, showing each module's I/O",
                    "java.lang.String"))
            .field(FieldDescriptor.input(
                    "program_outputs",
                    Codecs.STRING,
                    "The outputs of the program that we are analyzing",
                    "java.lang.String"))
            .field(FieldDescriptor.input(
                    "reward_code",
                    Codecs.STRING,
                    "The code of the reward function that we are analyzing",
                    "java.lang.String"))
            .field(FieldDescriptor.input(
                    "target_threshold", Codecs.DOUBLE, "The target threshold for the reward function", "double"))
            .field(FieldDescriptor.input(
                    "reward_value", Codecs.DOUBLE, "The reward value assigned to the program's outputs", "double"))
            .field(FieldDescriptor.input(
                    "module_names",
                    Codecs.list(Codecs.STRING),
                    "The names of the modules in the program, for which we seek advice",
                    "java.util.List<java.lang.String>"))
            .field(FieldDescriptor.output(
                    "discussion",
                    Codecs.STRING,
                    "Discussing blame of where each module went wrong, if it did",
                    "java.lang.String"))
            .field(FieldDescriptor.output(
                    "advice",
                    Codecs.map(Codecs.STRING),
                    "For each module, describe very concretely, in this order: the specific scenarios in which it has "
                            + "made mistakes in the past and what each mistake was, followed by what it should do "
                            + "differently in that kind ofscenario in the future. If the module is not to blame, write N/A.",
                    "java.util.Map<java.lang.String, java.lang.String>"))
            .build();

    /** The hint a predictor gets when the advice does not name it. */
    public static final String NO_ADVICE = "N/A";

    private final Module module;
    private final int n;
    private final RewardFunction reward;
    private final double threshold;
    private final int failCount;
    private final Predict feedback;
    private volatile String programCode;
    private volatile String rewardCode;

    /**
     * Creates a refine with DSPy's default failure budget ({@code n}).
     *
     * @param module the module to refine
     * @param n the most attempts, at least 1
     * @param reward scores each prediction
     * @param threshold the reward that ends the attempts
     */
    public Refine(Module module, int n, RewardFunction reward, double threshold) {
        this(module, n, reward, threshold, n);
    }

    /**
     * Creates a refine.
     *
     * @param module the module to refine
     * @param n the most attempts, at least 1
     * @param reward scores each prediction
     * @param threshold the reward that ends the attempts
     * @param failCount how many failed attempts are tolerated in one call; one more ends the call
     *     with an error
     */
    public Refine(Module module, int n, RewardFunction reward, double threshold, int failCount) {
        this(module, n, reward, threshold, failCount, new Predict(OFFER_FEEDBACK), null, null);
    }

    private Refine(
            Module module,
            int n,
            RewardFunction reward,
            double threshold,
            int failCount,
            Predict feedback,
            @Nullable String programCode,
            @Nullable String rewardCode) {
        this.module = Objects.requireNonNull(module, "module");
        this.reward = Objects.requireNonNull(reward, "reward");
        if (n < 1) {
            throw new IllegalArgumentException("Refine needs at least 1 attempt, got n=" + n);
        }
        if (failCount < 0) {
            throw new IllegalArgumentException("Refine failCount must not be negative, got " + failCount);
        }
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("Refine threshold must be a number, got NaN");
        }
        this.n = n;
        this.threshold = threshold;
        this.failCount = failCount;
        this.feedback = feedback;
        this.programCode = programCode != null
                ? programCode
                : "Java class " + module.getClass().getName() + " (its source code is not available at run time; "
                        + "modules_defn describes each of its modules)";
        this.rewardCode = rewardCode != null
                ? rewardCode
                : "Java reward function " + reward.getClass().getName()
                        + " (its source code is not available at run time)";
    }

    /**
     * The wrapped module.
     *
     * @return the module
     */
    public Module module() {
        return module;
    }

    /**
     * The most attempts per call.
     *
     * @return n
     */
    public int n() {
        return n;
    }

    /**
     * The reward that ends the attempts.
     *
     * @return the threshold
     */
    public double threshold() {
        return threshold;
    }

    /**
     * How many failed attempts one call tolerates.
     *
     * @return the budget
     */
    public int failCount() {
        return failCount;
    }

    /**
     * The predictor that writes the advice, with the {@link #OFFER_FEEDBACK} signature; set its
     * model, settings or adapter to change how feedback is asked for.
     *
     * @return the feedback predictor
     */
    public Predict feedbackPredictor() {
        return feedback;
    }

    /**
     * What the feedback model is shown as the program's code (DSPy shows the module class's
     * source, which Java does not have at run time).
     *
     * @return the text
     */
    public String programCode() {
        return programCode;
    }

    /**
     * Replaces what the feedback model is shown as the program's code, for example its source.
     *
     * @param text the text
     */
    public void setProgramCode(String text) {
        this.programCode = Objects.requireNonNull(text, "programCode");
    }

    /**
     * What the feedback model is shown as the reward function's code.
     *
     * @return the text
     */
    public String rewardCode() {
        return rewardCode;
    }

    /**
     * Replaces what the feedback model is shown as the reward function's code, for example its
     * source or a description of what it checks.
     *
     * @param text the text
     */
    public void setRewardCode(String text) {
        this.rewardCode = Objects.requireNonNull(text, "rewardCode");
    }

    @Override
    public Prediction forward(Map<String, Object> inputs) {
        return run(inputs, CallOptions.NONE).prediction();
    }

    /**
     * Runs the attempts with the caller's overrides under each attempt's temperature and rollout id.
     *
     * @param inputs input field name to value
     * @param options a model and settings for every attempt and the feedback calls; the rollout
     *     id, if set, is the first attempt's
     * @return the selected prediction
     * @throws AttemptsFailedException when too many attempts failed
     */
    @Override
    public Prediction forward(Map<String, Object> inputs, CallOptions options) {
        return run(inputs, options).prediction();
    }

    /**
     * Runs the attempts and reports all of them, with the hints each received and the advice
     * asked for after each.
     *
     * @param inputs input field name to value
     * @return the selected prediction and every attempt
     * @throws AttemptsFailedException when too many attempts failed
     */
    public AttemptsResult run(Map<String, Object> inputs) {
        return run(inputs, CallOptions.NONE);
    }

    /**
     * Runs the attempts with the caller's overrides and reports all of them.
     *
     * @param inputs input field name to value
     * @param options a model and settings for every attempt and the feedback calls; the rollout
     *     id, if set, is the first attempt's
     * @return the selected prediction and every attempt
     * @throws AttemptsFailedException when too many attempts failed
     */
    public AttemptsResult run(Map<String, Object> inputs, CallOptions options) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(options, "options");
        Map<String, Object> args = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        int first = Modules.firstRolloutId(module, options);
        AttemptLog log = new AttemptLog(Refine.class, module, args, n, threshold, failCount);
        Map<String, String> advice = Map.of();
        for (int index = 0; index < n; index++) {
            int rolloutId = first + index;
            Module copy = module.deepCopy();
            List<NamedPredictor> predictors = copy.namedPredictors();
            Map<String, String> hints = hintsFor(predictors, advice);
            Trace trace = new Trace();
            for (NamedPredictor named : predictors) {
                Predict predictor = named.predictor();
                predictor.setAdapter(
                        new TracingAdapter(predictor.adapter(), named.name(), hints.get(named.name()), trace));
            }
            Modules.applyOverrides(predictors, Modules.attemptOptions(options, rolloutId));

            Prediction outputs = null;
            Double score = null;
            Map<String, String> newAdvice = Map.of();
            RuntimeException error = null;
            boolean stop = false;
            try {
                outputs = copy.forward(args);
                score = reward.reward(args, outputs);
                stop = score >= threshold || index == n - 1;
                if (!stop) {
                    newAdvice = askForAdvice(predictors, args, trace, outputs, score, options);
                    advice = newAdvice;
                }
            } catch (RuntimeException e) {
                error = e;
            }
            log.record(new Attempt(index, rolloutId, outputs, score, error, hints, newAdvice));
            if (stop) {
                break;
            }
        }
        return log.finish();
    }

    private static Map<String, String> hintsFor(List<NamedPredictor> predictors, Map<String, String> advice) {
        if (advice.isEmpty()) {
            return Map.of();
        }
        Map<String, String> hints = new LinkedHashMap<>();
        for (NamedPredictor named : predictors) {
            hints.put(named.name(), advice.getOrDefault(named.name(), NO_ADVICE));
        }
        return hints;
    }

    private Map<String, String> askForAdvice(
            List<NamedPredictor> predictors,
            Map<String, Object> args,
            Trace trace,
            Prediction outputs,
            double score,
            CallOptions options) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ArrayNode trajectory = json.arrayNode();
        for (Trace.Step step : trace.steps()) {
            ObjectNode entry = trajectory.addObject();
            entry.put("module_name", step.predictor());
            ObjectNode stepInputs = entry.putObject("inputs");
            step.inputs()
                    .forEach((name, value) -> stepInputs.set(
                            name,
                            FeedbackText.toJson(
                                    value, step.signature().field(name).orElse(null))));
            ObjectNode stepOutputs = entry.putObject("outputs");
            step.outputs()
                    .forEach((name, value) -> stepOutputs.set(
                            name,
                            FeedbackText.toJson(
                                    value, step.signature().field(name).orElse(null))));
        }
        ArrayNode names = json.arrayNode();
        predictors.forEach(named -> names.add(named.name()));

        Map<String, Object> feedbackInputs = new LinkedHashMap<>();
        feedbackInputs.put("program_code", programCode);
        feedbackInputs.put("modules_defn", FeedbackText.inspectModules(predictors));
        feedbackInputs.put("program_inputs", FeedbackText.indentedJson(FeedbackText.toJson(args)));
        feedbackInputs.put("program_trajectory", FeedbackText.indentedJson(trajectory));
        feedbackInputs.put("program_outputs", FeedbackText.indentedJson(FeedbackText.toJson(outputs.values())));
        feedbackInputs.put("reward_code", rewardCode);
        feedbackInputs.put("target_threshold", threshold);
        feedbackInputs.put("reward_value", score);
        // DSPy passes every non-string value as indented JSON text, the module names included.
        feedbackInputs.put("module_names", FeedbackText.indentedJson(names));

        Prediction answer = feedback.forward(feedbackInputs, feedbackOptions(options));
        Object advice = answer.values().get("advice");
        if (!(advice instanceof Map<?, ?> byModule)) {
            throw new IllegalStateException("Refine over " + Modules.describe(module)
                    + ": the feedback answer has no advice map, got " + advice);
        }
        Map<String, String> result = new LinkedHashMap<>();
        byModule.forEach((name, text) -> result.put(String.valueOf(name), String.valueOf(text)));
        return result;
    }

    private CallOptions feedbackOptions(CallOptions options) {
        if (options.model().isPresent()
                || feedback.model().isPresent()
                || Dspj.defaultModel().isPresent()) {
            return options;
        }
        return Modules.firstModel(module).map(options::withModel).orElse(options);
    }

    /**
     * The wrapped module's predictors, under {@code module} as in DSPy.
     *
     * @return the predictors
     */
    @Override
    public List<NamedPredictor> namedPredictors() {
        return Modules.prefixed("module", module.namedPredictors());
    }

    @Override
    public Refine deepCopy() {
        return new Refine(
                module.deepCopy(), n, reward, threshold, failCount, feedback.deepCopy(), programCode, rewardCode);
    }

    @Override
    public String toString() {
        return "Refine(" + Modules.describe(module) + ", n=" + n + ", threshold=" + threshold + ", failCount="
                + failCount + ")";
    }

    /** The predictor calls of one attempt, in the order their answers were parsed (DSPy's trace). */
    static final class Trace {

        /** One predictor call: the inputs it was given (without the hint) and its parsed outputs. */
        record Step(
                String predictor,
                SignatureDescriptor signature,
                Map<String, Object> inputs,
                Map<String, Object> outputs) {}

        private final List<Step> steps = Collections.synchronizedList(new ArrayList<>());

        void add(Step step) {
            steps.add(step);
        }

        List<Step> steps() {
            synchronized (steps) {
                return List.copyOf(steps);
            }
        }
    }

    /**
     * Wraps a predictor's adapter on an attempt's copy: records each call in the trace and, when
     * there is a hint, formats the prompt with the {@code hint_} input field added to the
     * signature and its value added to the inputs (DSPy's {@code WrapperAdapter}). Parsing is
     * unchanged: the outputs are the predictor's own.
     *
     * <p>A call's inputs are paired with its answer through the last {@code format} on this
     * adapter, which is exact when a predictor's calls within one attempt do not overlap.
     */
    static final class TracingAdapter implements Adapter {

        private final Adapter delegate;
        private final String predictor;
        private final @Nullable String hint;
        private final Trace trace;
        private volatile Map<String, Object> lastInputs = Map.of();

        TracingAdapter(Adapter delegate, String predictor, @Nullable String hint, Trace trace) {
            this.delegate = Objects.requireNonNull(delegate, "adapter");
            this.predictor = predictor;
            this.hint = hint;
            this.trace = trace;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public List<ChatMessage> format(
                SignatureDescriptor signature, List<Example> demos, Map<String, Object> inputs) {
            Map<String, Object> given = new LinkedHashMap<>(inputs);
            lastInputs = Collections.unmodifiableMap(given);
            if (hint == null) {
                return delegate.format(signature, demos, inputs);
            }
            Map<String, Object> hinted = new LinkedHashMap<>(inputs);
            hinted.put(HINT.name(), hint);
            return delegate.format(withHint(signature), demos, hinted);
        }

        @Override
        public Map<String, Object> parse(SignatureDescriptor signature, String completion) {
            Map<String, Object> outputs = delegate.parse(signature, completion);
            trace.add(new Trace.Step(predictor, signature, lastInputs, outputs));
            return outputs;
        }

        @Override
        public LmSettings requestSettings(SignatureDescriptor signature, ModelCapabilities capabilities) {
            return delegate.requestSettings(hint == null ? signature : withHint(signature), capabilities);
        }

        @Override
        public Optional<Adapter> fallback() {
            return delegate.fallback().map(next -> new TracingAdapter(next, predictor, hint, trace));
        }

        private static SignatureDescriptor withHint(SignatureDescriptor signature) {
            if (signature.field(HINT.name()).isPresent()) {
                return signature;
            }
            return Modules.appendInputs(signature, List.of(HINT));
        }
    }
}
