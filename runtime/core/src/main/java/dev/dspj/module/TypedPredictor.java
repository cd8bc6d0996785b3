package dev.dspj.module;

import dev.dspj.adapter.Adapter;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmSettings;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.TypedSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * The base of every generated {@code FooPredictor}: typed calls on generated records, and
 * immutable configuration ({@code withModel}, {@code withDemos}, ... return new predictors). It
 * is also a {@link Module}, so evaluators and optimizers can run and tune it.
 *
 * @param <S> the generated predictor type itself
 * @param <I> the generated input record
 * @param <O> the generated output record
 * @param <E> the generated example record
 */
public abstract class TypedPredictor<S extends TypedPredictor<S, I, O, E>, I, O, E> implements AsyncModule {

    private final TypedSignature<I, O, E> signature;
    /** The kind it was made with: fixes the inner predictor's path ({@code self} or {@code predict}). */
    private final PredictorKind kind;

    private final Predict predict;
    private final @Nullable BiFunction<PredictorKind, Predict, S> factory;

    /**
     * Creates a typed predictor around an untyped one.
     *
     * @param signature the generated signature
     * @param kind predict or chain of thought
     * @param predict the untyped predictor, whose signature includes {@code reasoning} for a chain
     *     of thought
     */
    protected TypedPredictor(TypedSignature<I, O, E> signature, PredictorKind kind, Predict predict) {
        this.signature = Objects.requireNonNull(signature, "signature");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.predict = Objects.requireNonNull(predict, "predict");
        this.factory = null;
    }

    /**
     * Creates a typed predictor around an untyped one, with the constructor that configuration
     * methods ({@code withModel}, ...) call to make new predictors, so that a subclass need not
     * override {@link #create}.
     *
     * @param signature the generated signature
     * @param kind predict or chain of thought
     * @param predict the untyped predictor, whose signature includes {@code reasoning} for a chain
     *     of thought
     * @param factory the subclass's constructor, for example {@code FooPredictor::new}
     */
    protected TypedPredictor(
            TypedSignature<I, O, E> signature,
            PredictorKind kind,
            Predict predict,
            BiFunction<PredictorKind, Predict, S> factory) {
        this.signature = Objects.requireNonNull(signature, "signature");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.predict = Objects.requireNonNull(predict, "predict");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * Creates the untyped predictor for a new typed predictor.
     *
     * @param signature the generated signature
     * @param kind predict or chain of thought
     * @return the untyped predictor
     */
    protected static Predict newPredict(TypedSignature<?, ?, ?> signature, PredictorKind kind) {
        return kind == PredictorKind.CHAIN_OF_THOUGHT
                ? new Predict(ChainOfThought.extend(signature.descriptor()))
                : new Predict(signature.descriptor());
    }

    /**
     * Wraps an untyped predictor in a new instance of the generated type: by default with the
     * factory given to the constructor.
     *
     * @param kind predict or chain of thought
     * @param predict the untyped predictor
     * @return the typed predictor
     * @throws IllegalStateException when no factory was given and this method is not overridden
     */
    protected S create(PredictorKind kind, Predict predict) {
        if (factory == null) {
            throw new IllegalStateException(getClass().getName() + " gives TypedPredictor no factory and does not "
                    + "override create(kind, predict)");
        }
        return factory.apply(kind, predict);
    }

    /**
     * Calls the model.
     *
     * @param input the inputs
     * @return the typed outputs, with the raw completion
     * @throws dev.dspj.adapter.AdapterParseException when the answer does not parse
     */
    public O call(I input) {
        return call(input, CallOptions.NONE);
    }

    /**
     * Calls the model with per-call overrides.
     *
     * @param input the inputs
     * @param options a model and settings that win for this call
     * @return the typed outputs, with the raw completion
     */
    public O call(I input, CallOptions options) {
        Prediction prediction = predict.forward(signature.inputValues(input), options);
        return signature.output(prediction.values(), prediction.completion());
    }

    /**
     * Calls the model without blocking the caller.
     *
     * @param input the inputs
     * @return the typed outputs, later
     */
    public CompletableFuture<O> callAsync(I input) {
        return callAsync(input, CallOptions.NONE);
    }

    /**
     * Calls the model without blocking the caller, with per-call overrides.
     *
     * @param input the inputs
     * @param options a model and settings that win for this call
     * @return the typed outputs, later
     */
    public CompletableFuture<O> callAsync(I input, CallOptions options) {
        return predict.forwardAsync(signature.inputValues(input), options)
                .thenApply(prediction -> signature.output(prediction.values(), prediction.completion()));
    }

    /**
     * Returns a predictor that calls this model.
     *
     * @param model the model
     * @return the new predictor
     */
    public S withModel(LanguageModel model) {
        Predict copy = predict.deepCopy();
        copy.setModel(Objects.requireNonNull(model, "model"));
        return create(kind, copy);
    }

    /**
     * Returns a predictor that shows these demos.
     *
     * @param demos the demos, possibly with some fields missing
     * @return the new predictor
     */
    public S withDemos(List<E> demos) {
        List<Example> untyped = new ArrayList<>(demos.size());
        for (E demo : demos) {
            untyped.add(signature.toExample(demo));
        }
        Predict copy = predict.deepCopy();
        copy.setDemos(untyped);
        return create(kind, copy);
    }

    /**
     * Returns a predictor with other instructions.
     *
     * @param instructions the instructions
     * @return the new predictor
     */
    public S withInstructions(String instructions) {
        Predict copy = predict.deepCopy();
        copy.setInstructions(instructions);
        return create(kind, copy);
    }

    /**
     * Returns a predictor with these sampling settings merged over its current ones.
     *
     * @param settings the settings that win
     * @return the new predictor
     */
    public S withSettings(LmSettings settings) {
        Predict copy = predict.deepCopy();
        copy.setSettings(predict.settings().merge(settings));
        return create(kind, copy);
    }

    /**
     * Returns a predictor that samples at this temperature.
     *
     * @param temperature between 0 and 2
     * @return the new predictor
     */
    public S withTemperature(double temperature) {
        return withSettings(LmSettings.DEFAULTS.withTemperature(temperature));
    }

    /**
     * Returns a predictor that generates at most this many tokens.
     *
     * @param maxTokens at least 1
     * @return the new predictor
     */
    public S withMaxTokens(int maxTokens) {
        return withSettings(LmSettings.DEFAULTS.withMaxTokens(maxTokens));
    }

    /**
     * Returns a predictor that formats and parses with another adapter.
     *
     * @param adapter the adapter
     * @return the new predictor
     */
    public S withAdapter(Adapter adapter) {
        Predict copy = predict.deepCopy();
        copy.setAdapter(adapter);
        return create(kind, copy);
    }

    /**
     * The demos, typed.
     *
     * @return the demos
     */
    public List<E> demos() {
        List<E> typed = new ArrayList<>();
        for (Example demo : predict.demos()) {
            typed.add(signature.fromExample(demo));
        }
        return typed;
    }

    /**
     * The instructions.
     *
     * @return the instructions
     */
    public String instructions() {
        return predict.instructions();
    }

    /**
     * The model set on this predictor, if any.
     *
     * @return the model
     */
    public Optional<LanguageModel> model() {
        return predict.model();
    }

    /**
     * Predict or chain of thought, as the predictor inside currently is: the kind it was made with
     * until a configuration's {@code module} variable (see
     * {@code dev.dspj.variable.tune.BuiltInVariables}) adds or removes the reasoning field.
     *
     * @return the current kind
     */
    public PredictorKind kind() {
        return predict.kind();
    }

    /**
     * The generated signature.
     *
     * @return the signature
     */
    public TypedSignature<I, O, E> typedSignature() {
        return signature;
    }

    /**
     * The untyped predictor inside, which optimizers tune in place.
     *
     * @return the predictor
     */
    public Predict predictor() {
        return predict;
    }

    @Override
    public Prediction forward(Map<String, Object> inputs) {
        return predict.forward(inputs);
    }

    /**
     * Runs the untyped predictor inside with per-call overrides.
     *
     * @param inputs input field name to value
     * @param options a model and settings that win for this call
     * @return the untyped outputs
     */
    @Override
    public Prediction forward(Map<String, Object> inputs, CallOptions options) {
        return predict.forward(inputs, options);
    }

    /**
     * Runs the untyped predictor inside without blocking the caller.
     *
     * @param inputs input field name to value
     * @param options a model and settings that win for this call
     * @return the untyped outputs, later; failures complete the future exceptionally
     */
    @Override
    public CompletableFuture<Prediction> forwardAsync(Map<String, Object> inputs, CallOptions options) {
        return predict.forwardAsync(inputs, options);
    }

    @Override
    public List<NamedPredictor> namedPredictors() {
        return List.of(new NamedPredictor(kind == PredictorKind.CHAIN_OF_THOUGHT ? "predict" : "self", predict));
    }

    @Override
    public S deepCopy() {
        return create(kind, predict.deepCopy());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + kind() + ", " + predict + ")";
    }
}
