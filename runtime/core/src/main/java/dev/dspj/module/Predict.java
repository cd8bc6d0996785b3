package dev.dspj.module;

import dev.dspj.Dspj;
import dev.dspj.adapter.Adapter;
import dev.dspj.adapter.AdapterParseException;
import dev.dspj.adapter.ChatAdapter;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ModelRefusedException;
import dev.dspj.lm.usage.PricedModel;
import dev.dspj.observe.ActiveCall;
import dev.dspj.observe.CallContext;
import dev.dspj.observe.Callbacks;
import dev.dspj.observe.EventKind;
import dev.dspj.observe.Scope;
import dev.dspj.primitives.Completion;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.LmUsage;
import dev.dspj.primitives.Prediction;
import dev.dspj.primitives.Usage;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The basic module: formats a signature's prompt with an adapter, calls a model and parses the
 * answer. Holds what optimizers tune: demos and instructions, plus the model, its settings and
 * the adapter.
 *
 * <p>Thread-safe: the state is one immutable snapshot swapped atomically, so calls in flight keep
 * the state they started with while an optimizer changes it.
 */
public final class Predict implements AsyncModule {

    private static final Logger LOG = LoggerFactory.getLogger(Predict.class);

    private volatile State state;

    /**
     * Creates a predictor for a signature, with no demos, the default model and the Chat adapter.
     *
     * @param signature the signature
     */
    public Predict(SignatureDescriptor signature) {
        this(new State(
                Objects.requireNonNull(signature, "signature"),
                List.of(),
                null,
                LmSettings.DEFAULTS,
                ChatAdapter.INSTANCE));
    }

    private Predict(State state) {
        this.state = state;
    }

    private record State(
            SignatureDescriptor signature,
            List<Example> demos,
            @Nullable LanguageModel model,
            LmSettings settings,
            Adapter adapter) {
        State withSignature(SignatureDescriptor value) {
            return new State(value, demos, model, settings, adapter);
        }

        State withDemos(List<Example> value) {
            return new State(signature, List.copyOf(value), model, settings, adapter);
        }

        State withModel(@Nullable LanguageModel value) {
            return new State(signature, demos, value, settings, adapter);
        }

        State withSettings(LmSettings value) {
            return new State(signature, demos, model, Objects.requireNonNull(value, "settings"), adapter);
        }

        State withAdapter(Adapter value) {
            return new State(signature, demos, model, settings, Objects.requireNonNull(value, "adapter"));
        }
    }

    /**
     * The signature, with the current instructions.
     *
     * @return the signature
     */
    public SignatureDescriptor signature() {
        return state.signature();
    }

    /**
     * Replaces the signature (optimizers change instructions and field descriptions this way).
     * The new signature must have the same fields.
     *
     * @param signature the new signature
     */
    public synchronized void setSignature(SignatureDescriptor signature) {
        state = state.withSignature(Objects.requireNonNull(signature, "signature"));
    }

    /**
     * The instructions.
     *
     * @return the instructions
     */
    public String instructions() {
        return state.signature().instructions();
    }

    /**
     * Replaces the instructions.
     *
     * @param instructions the new instructions; blank for DSPy's default
     */
    public synchronized void setInstructions(String instructions) {
        state = state.withSignature(state.signature().withInstructions(instructions));
    }

    /**
     * The demos shown before each request.
     *
     * @return the demos
     */
    public List<Example> demos() {
        return state.demos();
    }

    /**
     * Replaces the demos.
     *
     * @param demos the new demos
     */
    public synchronized void setDemos(List<Example> demos) {
        state = state.withDemos(demos);
    }

    /**
     * The model set on this predictor, if any (otherwise the default model is used).
     *
     * @return the model
     */
    public Optional<LanguageModel> model() {
        return Optional.ofNullable(state.model());
    }

    /**
     * Sets the model; {@code null} to use the process-wide default.
     *
     * @param model the model
     */
    public synchronized void setModel(@Nullable LanguageModel model) {
        state = state.withModel(model);
    }

    /**
     * The sampling settings sent with every call.
     *
     * @return the settings
     */
    public LmSettings settings() {
        return state.settings();
    }

    /**
     * Replaces the sampling settings.
     *
     * @param settings the settings
     */
    public synchronized void setSettings(LmSettings settings) {
        state = state.withSettings(settings);
    }

    /**
     * The adapter that formats prompts and parses answers.
     *
     * @return the adapter
     */
    public Adapter adapter() {
        return state.adapter();
    }

    /**
     * Replaces the adapter.
     *
     * @param adapter the adapter
     */
    public synchronized void setAdapter(Adapter adapter) {
        state = state.withAdapter(adapter);
    }

    @Override
    public Prediction forward(Map<String, Object> inputs) {
        return forward(inputs, CallOptions.NONE);
    }

    /**
     * Runs the predictor with per-call overrides.
     *
     * @param inputs input field name to value
     * @param options a model and settings that win for this call
     * @return the outputs
     * @throws IllegalArgumentException when an input field is missing
     * @throws IllegalStateException when no model is set anywhere
     * @throws dev.dspj.adapter.AdapterParseException when the answer does not parse
     */
    @Override
    public Prediction forward(Map<String, Object> inputs, CallOptions options) {
        Trace trace = Trace.current();
        ActiveCall observed =
                Callbacks.start(EventKind.MODULE, state.signature().name(), this, inputs);
        Prediction prediction;
        if (observed.observed()) {
            try (Scope body = observed.enter()) {
                prediction = call(inputs, options);
            } catch (RuntimeException | Error e) {
                observed.fail(e);
                throw e;
            }
            observed.end(prediction);
        } else {
            prediction = call(inputs, options);
        }
        RunUsage.record(CallContext.current(), prediction.lmUsage());
        if (trace.recording()) {
            trace.record(new TraceEntry(this, inputs, prediction));
        }
        return prediction;
    }

    private Prediction call(Map<String, Object> inputs, CallOptions options) {
        State current = state;
        LanguageModel model = resolveModel(current, options);
        checkInputs(current.signature(), inputs);
        Adapter adapter = current.adapter();
        LmResponse response =
                ModelCalls.complete(this, model, request(current, adapter, model, inputs, options), adapter);
        try {
            return toPrediction(current, adapter, model, response, null);
        } catch (AdapterParseException failure) {
            Optional<Adapter> fallback = adapter.fallback();
            if (fallback.isEmpty()) {
                throw failure;
            }
            LOG.debug(
                    "{} could not parse the answer for {}; retrying with {}",
                    adapter.name(),
                    current.signature().name(),
                    fallback.get().name());
            LmResponse retried = ModelCalls.complete(
                    this, model, request(current, fallback.get(), model, inputs, options), fallback.get());
            return toPrediction(current, fallback.get(), model, retried, response);
        }
    }

    /**
     * Runs the predictor without blocking the caller.
     *
     * @param inputs input field name to value
     * @param options a model and settings that win for this call
     * @return the outputs, later; failures complete the future exceptionally
     */
    @Override
    public CompletableFuture<Prediction> forwardAsync(Map<String, Object> inputs, CallOptions options) {
        State current = state;
        CallContext outer = CallContext.current();
        ActiveCall observed =
                Callbacks.start(EventKind.MODULE, current.signature().name(), this, inputs);
        LanguageModel model;
        LmRequest first;
        try (Scope body = observed.enter()) {
            model = resolveModel(current, options);
            checkInputs(current.signature(), inputs);
            first = request(current, current.adapter(), model, inputs, options);
        } catch (RuntimeException e) {
            observed.fail(e);
            return CompletableFuture.failedFuture(e);
        }
        Adapter adapter = current.adapter();
        Trace trace = Trace.current();
        CallContext context = observed.context();
        return ModelCalls.completeAsync(this, model, first, adapter)
                .thenCompose(response -> {
                    try (Scope body = context.makeCurrent()) {
                        return CompletableFuture.completedFuture(toPrediction(current, adapter, model, response, null));
                    } catch (AdapterParseException failure) {
                        Optional<Adapter> fallback = adapter.fallback();
                        if (fallback.isEmpty()) {
                            return CompletableFuture.failedFuture(failure);
                        }
                        LmRequest retry = request(current, fallback.get(), model, inputs, options);
                        return ModelCalls.completeAsync(this, model, retry, fallback.get())
                                .thenApply(retried -> {
                                    try (Scope body = context.makeCurrent()) {
                                        return toPrediction(current, fallback.get(), model, retried, response);
                                    }
                                });
                    }
                })
                .whenComplete((prediction, error) -> {
                    if (error != null) {
                        observed.fail(
                                error instanceof CompletionException && error.getCause() != null
                                        ? error.getCause()
                                        : error);
                    } else {
                        observed.end(prediction);
                    }
                })
                .thenApply(prediction -> {
                    RunUsage.record(outer, prediction.lmUsage());
                    if (trace.recording()) {
                        trace.record(new TraceEntry(this, inputs, prediction));
                    }
                    return prediction;
                });
    }

    /**
     * The messages this predictor would send for the inputs, without calling a model.
     *
     * @param inputs input field name to value
     * @return the prompt
     */
    public List<ChatMessage> formatPrompt(Map<String, Object> inputs) {
        State current = state;
        checkInputs(current.signature(), inputs);
        return current.adapter().format(current.signature(), current.demos(), inputs);
    }

    private static LmRequest request(
            State current, Adapter adapter, LanguageModel model, Map<String, Object> inputs, CallOptions options) {
        List<ChatMessage> messages = ModelCalls.format(adapter, current.signature(), current.demos(), inputs);
        LmSettings settings = adapter.requestSettings(current.signature(), model.capabilities(), inputs)
                .merge(current.settings())
                .merge(options.settings());
        return new LmRequest(messages, settings);
    }

    private static LanguageModel resolveModel(State current, CallOptions options) {
        Optional<LanguageModel> forTheCall = options.model();
        if (forTheCall.isPresent()) {
            return forTheCall.get();
        }
        LanguageModel own = current.model();
        if (own != null) {
            return own;
        }
        return Dspj.defaultModel()
                .orElseThrow(() -> new IllegalStateException("No language model for signature "
                        + current.signature().name() + ": set one with Dspj.configure(model) for the whole process, "
                        + "withModel(model) on the predictor, CallOptions.model(model) for one call, or the DSPJ_LM "
                        + "environment variable (for example DSPJ_LM=openai/gpt-4o-mini)"));
    }

    private static void checkInputs(SignatureDescriptor signature, Map<String, Object> inputs) {
        for (FieldDescriptor<?> field : signature.inputFields()) {
            if (inputs.get(field.name()) == null && !field.codec().isOptional()) {
                throw new IllegalArgumentException(signature.name() + ": input field '" + field.name()
                        + "' is missing; the inputs given were " + inputs.keySet());
            }
        }
    }

    private static Prediction toPrediction(
            State current, Adapter adapter, LanguageModel model, LmResponse response, @Nullable LmResponse firstTry) {
        boolean fallbackUsed = firstTry != null;
        Usage earlierUsage = firstTry == null ? Usage.NONE : firstTry.usage();
        LmUsage usage = usageOf(model, response);
        if (firstTry != null) {
            usage = usageOf(model, firstTry).plus(usage);
        }
        String text = response.text();
        if (text.isBlank() && response.refusalMessage().isPresent()) {
            throw new ModelRefusedException(
                    response.model(), response.refusalMessage().get());
        }
        Map<String, Object> values = ModelCalls.parse(adapter, current.signature(), response);
        Object reasoning = values.get("reasoning");
        return new Prediction(
                values,
                new Completion(
                        text,
                        reasoning instanceof String r ? r : null,
                        response.model(),
                        earlierUsage.plus(response.usage()),
                        adapter.name(),
                        fallbackUsed,
                        response.cached()),
                usage);
    }

    private static LmUsage usageOf(LanguageModel model, LmResponse response) {
        String name = model.modelName();
        return LmUsage.ofCall(name, response.usage(), PricedModel.costOf(name, model, response), response.cached());
    }

    @Override
    public List<NamedPredictor> namedPredictors() {
        return List.of(new NamedPredictor("self", this));
    }

    @Override
    public Predict deepCopy() {
        return new Predict(state);
    }

    /**
     * What this predictor currently does: {@link PredictorKind#CHAIN_OF_THOUGHT} when its signature
     * has the {@code reasoning} output that {@link ChainOfThought} adds (also after the built-in
     * {@code module} variable added it), else {@link PredictorKind#PREDICT}.
     *
     * @return the kind, following the current signature
     */
    public PredictorKind kind() {
        return state.signature().field(ChainOfThought.REASONING.name()).isPresent()
                ? PredictorKind.CHAIN_OF_THOUGHT
                : PredictorKind.PREDICT;
    }

    @Override
    public String toString() {
        State current = state;
        return "Predict(" + current.signature() + ", demos=" + current.demos().size() + ")";
    }
}
