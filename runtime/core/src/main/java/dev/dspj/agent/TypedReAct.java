package dev.dspj.agent;

import dev.dspj.module.AsyncModule;
import dev.dspj.module.CallOptions;
import dev.dspj.module.NamedPredictor;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.TypedSignature;
import dev.dspj.tool.Tool;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link ReAct} agent over a generated signature: generated inputs in, generated outputs out.
 * It is also the untyped module optimizers and saved state see (predictors {@code react} and
 * {@code extract.predict}).
 *
 * @param <I> the generated input type
 * @param <O> the generated output type
 */
public final class TypedReAct<I, O> implements AsyncModule, ToolUsing {

    private final TypedSignature<I, O, ?> signature;
    private final ReAct agent;

    TypedReAct(TypedSignature<I, O, ?> signature, ReAct agent) {
        this.signature = signature;
        this.agent = agent;
    }

    /**
     * Runs the agent.
     *
     * @param input the inputs
     * @return the outputs
     */
    public O call(I input) {
        return run(input).output();
    }

    /**
     * Runs the agent and keeps its trajectory and reasoning.
     *
     * @param input the inputs
     * @return the outputs, reasoning and steps
     */
    public ReActResult<O> run(I input) {
        return result(agent.forward(signature.inputValues(input)));
    }

    /**
     * Runs the agent without blocking the caller.
     *
     * @param input the inputs
     * @return the outputs, reasoning and steps, later
     */
    public CompletableFuture<ReActResult<O>> runAsync(I input) {
        return agent.forwardAsync(signature.inputValues(input), CallOptions.NONE)
                .thenApply(this::result);
    }

    private ReActResult<O> result(Prediction prediction) {
        O output = signature.output(prediction.values(), prediction.completion());
        Trajectory trajectory = (Trajectory) java.util.Objects.requireNonNull(
                prediction.values().get("trajectory"), "a ReAct prediction holds its trajectory");
        return new ReActResult<>(output, prediction.getString("reasoning"), trajectory);
    }

    /**
     * A copy whose predictors call a model.
     *
     * @param model the model
     * @return the copy
     */
    public TypedReAct<I, O> withModel(dev.dspj.lm.LanguageModel model) {
        return new TypedReAct<>(signature, agent.withModel(model));
    }

    /**
     * The untyped agent inside.
     *
     * @return the agent
     */
    public ReAct agent() {
        return agent;
    }

    @Override
    public Prediction forward(Map<String, Object> inputs) {
        return agent.forward(inputs);
    }

    @Override
    public Prediction forward(Map<String, Object> inputs, CallOptions options) {
        return agent.forward(inputs, options);
    }

    @Override
    public CompletableFuture<Prediction> forwardAsync(Map<String, Object> inputs, CallOptions options) {
        return agent.forwardAsync(inputs, options);
    }

    @Override
    public List<NamedPredictor> namedPredictors() {
        return agent.namedPredictors();
    }

    @Override
    public List<Tool> describableTools() {
        return agent.describableTools();
    }

    @Override
    public String toolChoosingPredictor() {
        return agent.toolChoosingPredictor();
    }

    @Override
    public void describeTool(String toolName, String description) {
        agent.describeTool(toolName, description);
    }

    @Override
    public TypedReAct<I, O> deepCopy() {
        return new TypedReAct<>(signature, agent.deepCopy());
    }

    @Override
    public String toString() {
        return "Typed" + agent;
    }
}
