package dev.dspj.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.dspj.adapter.AdapterParseException;
import dev.dspj.codec.Codecs;
import dev.dspj.codec.PythonJson;
import dev.dspj.lm.RejectedRequestException;
import dev.dspj.module.AsyncModule;
import dev.dspj.module.CallOptions;
import dev.dspj.module.ChainOfThought;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.module.Trace;
import dev.dspj.observe.CallContext;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.signature.TypedSignature;
import dev.dspj.tool.Tool;
import dev.dspj.tool.ToolException;
import dev.dspj.tool.ToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DSPy's {@code dspy.ReAct}: an agent that, turn after turn, thinks, picks a tool and its arguments,
 * and reads the tool's result, until it calls {@code finish} or runs out of turns; then a chain of
 * thought extracts the signature's outputs from the trajectory.
 *
 * <p>Two predictors, named as DSPy names them so that every optimizer and saved state reach them:
 * {@code react} (a {@link Predict} over the inputs and {@code trajectory}, answering {@code
 * next_thought}, {@code next_tool_name} and {@code next_tool_args}) and {@code extract.predict}
 * (a {@link ChainOfThought} over the inputs and {@code trajectory}, answering the outputs).
 *
 * <p>Nothing a model or a tool does wrong ends a run: an unknown tool name, arguments that are not
 * a JSON object or fail the tool's argument types, a tool's exception, a timeout and a {@code null}
 * result all become the observation the model reads next ({@code Execution error in NAME: ...}).
 * An answer that cannot be parsed at all, or a trajectory that no longer fits the context window
 * even with its oldest steps dropped (three tries, four entries at a time, as DSPy), ends the loop
 * and the outputs are extracted from what there is. Errors of the model's endpoint (a refused key,
 * an unreachable server) propagate.
 *
 * <p>A tool that may block ({@link Tool#blocking()}) runs on the {@code dspj-tool-<n>} daemon
 * threads, one call at a time, within its timeout ({@link Tool#timeout()}, else {@link
 * Builder#toolTimeout}). One that cannot block (an asynchronous tool, or one built with {@code
 * blocking(false)}) is called on the agent's thread, and a future it returns is awaited within the
 * same timeout. Observations longer than {@link Builder#maxObservationChars} are cut.
 */
public final class ReAct implements AsyncModule, ToolUsing {

    private static final Logger LOG = LoggerFactory.getLogger(ReAct.class);

    /** Turns before the loop stops, as DSPy's default. */
    public static final int DEFAULT_MAX_ITERS = 20;

    /** How long one tool call may take unless the tool says otherwise. */
    public static final Duration DEFAULT_TOOL_TIMEOUT = Duration.ofSeconds(60);

    /** The longest observation shown to the model, in characters, by default. */
    public static final int DEFAULT_MAX_OBSERVATION_CHARS = 20_000;

    /** The input ReAct adds. */
    public static final FieldDescriptor<String> TRAJECTORY =
            FieldDescriptor.input("trajectory", Codecs.STRING, "", "java.lang.String");

    /** The tool that ends the loop. */
    public static final String FINISH = "finish";

    /** {@code next_tool_args}'s type, which also writes a step's arguments into the trajectory. */
    private static final ReActCodecs.ToolArgs TOOL_ARGS = new ReActCodecs.ToolArgs();

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService TOOL_THREADS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "dspj-tool-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private final SignatureDescriptor signature;
    // replaced, never changed in place, when a tool is described anew: copies share the map they were made with
    private volatile Map<String, Tool> tools;
    private final Predict react;
    private final ChainOfThought extract;
    private final int maxIters;
    private final Duration toolTimeout;
    private final int maxObservationChars;

    /**
     * A ReAct agent with the default turns, timeout and observation length.
     *
     * @param signature what the agent answers
     * @param tools what it may call ({@code finish} is added last)
     */
    public ReAct(SignatureDescriptor signature, List<Tool> tools) {
        this(builder(signature, tools));
    }

    private ReAct(Builder builder) {
        this(
                builder.signature,
                withFinish(builder.signature, builder.tools),
                null,
                null,
                builder.maxIters,
                builder.toolTimeout,
                builder.maxObservationChars);
    }

    private ReAct(
            SignatureDescriptor signature,
            Map<String, Tool> tools,
            @Nullable Predict react,
            @Nullable ChainOfThought extract,
            int maxIters,
            Duration toolTimeout,
            int maxObservationChars) {
        this.signature = signature;
        this.tools = tools;
        this.react = react != null ? react : new Predict(reactSignature(signature, tools.values()));
        this.extract = extract != null ? extract : new ChainOfThought(extractSignature(signature));
        this.maxIters = maxIters;
        this.toolTimeout = toolTimeout;
        this.maxObservationChars = maxObservationChars;
    }

    /**
     * Starts configuring an agent.
     *
     * @param signature what the agent answers
     * @param tools what it may call
     * @return a builder
     */
    public static Builder builder(SignatureDescriptor signature, List<Tool> tools) {
        return new Builder(signature, tools);
    }

    /**
     * A typed agent over a generated signature: {@code ReAct.typed(QaSignature.INSTANCE, tools)}.
     *
     * @param signature the generated signature
     * @param tools what it may call
     * @param <I> the generated input type
     * @param <O> the generated output type
     * @return the agent
     */
    public static <I, O> TypedReAct<I, O> typed(TypedSignature<I, O, ?> signature, List<Tool> tools) {
        return new TypedReAct<>(signature, new ReAct(signature.descriptor(), tools));
    }

    /**
     * A typed agent over a generated signature, configured by a builder's settings.
     *
     * @param signature the generated signature
     * @param configured a builder over the same signature's descriptor, for turns, timeouts and tools
     * @param <I> the generated input type
     * @param <O> the generated output type
     * @return the agent
     */
    public static <I, O> TypedReAct<I, O> typed(TypedSignature<I, O, ?> signature, Builder configured) {
        return new TypedReAct<>(signature, configured.build());
    }

    private static Map<String, Tool> withFinish(SignatureDescriptor signature, List<Tool> given) {
        Map<String, Tool> tools = new LinkedHashMap<>();
        for (Tool tool : given) {
            Objects.requireNonNull(tool, "tool");
            if (tools.put(tool.name(), tool) != null) {
                throw new IllegalArgumentException("two tools are named \"" + tool.name() + "\"; names must differ");
            }
        }
        tools.remove(FINISH);
        tools.put(
                FINISH,
                Tool.builder(FINISH)
                        .description("Marks the task as complete. That is, signals that all information for producing "
                                + "the outputs, i.e. " + names(signature.outputFields())
                                + ", are now available to be extracted.")
                        .blocking(false)
                        .function(Codecs.STRING, args -> "Completed."));
        return java.util.Collections.unmodifiableMap(tools);
    }

    private static String names(List<FieldDescriptor<?>> fields) {
        return fields.stream().map(field -> "`" + field.name() + "`").collect(Collectors.joining(", "));
    }

    /**
     * The step signature DSPy's ReAct builds: the inputs and {@code trajectory}; {@code
     * next_thought}, {@code next_tool_name}, {@code next_tool_args}; instructions that list the
     * tools.
     *
     * @param signature the agent's signature
     * @param tools the tools, {@code finish} last
     * @return the step signature
     */
    static SignatureDescriptor reactSignature(SignatureDescriptor signature, java.util.Collection<Tool> tools) {
        List<String> lines = new ArrayList<>();
        if (!signature.instructions().isEmpty()) {
            lines.add(signature.instructions() + "\n");
        }
        lines.add("You are an Agent. In each episode, you will be given the fields " + names(signature.inputFields())
                + " as input. And you can see your past trajectory so far.");
        lines.add("Your goal is to use one or more of the supplied tools to collect any necessary information for "
                + "producing " + names(signature.outputFields()) + ".\n");
        lines.add("To do this, you will interleave next_thought, next_tool_name, and next_tool_args in each turn, and "
                + "also when finishing the task.");
        lines.add(
                "After each tool call, you receive a resulting observation, which gets appended to your trajectory.\n");
        lines.add("When writing next_thought, you may reason about the current situation and plan for future steps.");
        lines.add("When selecting the next_tool_name and its next_tool_args, the tool must be one of:\n");
        int index = 1;
        for (Tool tool : tools) {
            lines.add("(" + index++ + ") " + tool);
        }
        lines.add("When providing `next_tool_args`, the value inside the field must be in JSON format");
        SignatureDescriptor.Builder step =
                SignatureDescriptor.builder(signature.name()).instructions(String.join("\n", lines));
        signature.inputFields().forEach(step::field);
        step.field(TRAJECTORY);
        step.field(FieldDescriptor.output("next_thought", Codecs.STRING, "", "java.lang.String"));
        step.field(FieldDescriptor.output(
                "next_tool_name",
                new ReActCodecs.ToolName(tools.stream().map(Tool::name).toList()),
                "",
                "java.lang.String"));
        step.field(FieldDescriptor.output("next_tool_args", TOOL_ARGS, "", "com.fasterxml.jackson.databind.JsonNode"));
        return step.build();
    }

    /**
     * The extraction's signature: the inputs, the outputs and {@code trajectory} as the last input,
     * with the original instructions (chain of thought adds {@code reasoning}).
     *
     * @param signature the agent's signature
     * @return the signature
     */
    static SignatureDescriptor extractSignature(SignatureDescriptor signature) {
        SignatureDescriptor.Builder extract =
                SignatureDescriptor.builder(signature.name()).instructions(signature.instructions());
        signature.inputFields().forEach(extract::field);
        extract.field(TRAJECTORY);
        signature.outputFields().forEach(extract::field);
        return extract.build();
    }

    /**
     * The agent's signature.
     *
     * @return the signature
     */
    public SignatureDescriptor signature() {
        return signature;
    }

    /**
     * The tools, {@code finish} last.
     *
     * @return an unmodifiable list
     */
    public List<Tool> tools() {
        return List.copyOf(tools.values());
    }

    @Override
    public List<Tool> describableTools() {
        return tools.values().stream()
                .filter(tool -> !tool.name().equals(FINISH))
                .toList();
    }

    @Override
    public String toolChoosingPredictor() {
        return "react";
    }

    /**
     * Gives one tool a new description: the tool is replaced by {@link Tool#withDescription} here,
     * and its line in the {@code react} predictor's instructions ({@code (n) NAME, whose description
     * is <desc>...</desc>. ...}) is written again, wherever in the instructions an optimizer left it.
     *
     * @param toolName the tool's name
     * @param description the new description
     * @throws IllegalArgumentException when there is no such tool (or it is {@code finish}), or the
     *     description is blank
     */
    @Override
    public void describeTool(String toolName, String description) {
        Tool old = tools.get(toolName);
        if (old == null || toolName.equals(FINISH)) {
            throw new IllegalArgumentException("ReAct has no tool named \"" + toolName + "\" to describe; its tools: "
                    + describableTools().stream().map(Tool::name).toList());
        }
        if (description.isBlank()) {
            throw new IllegalArgumentException("the new description of tool \"" + toolName + "\" is blank");
        }
        Tool described = old.withDescription(description);
        Map<String, Tool> updated = new LinkedHashMap<>(tools);
        updated.put(toolName, described);
        tools = java.util.Collections.unmodifiableMap(updated);
        react.setInstructions(relisted(react.instructions(), old, described));
    }

    /**
     * Instructions with a tool's line written for its new description: the line as the tool renders
     * it, else (an optimizer rewrote the instructions around an older description) the line's
     * {@code <desc>} part, else the line of a tool that had no description.
     */
    static String relisted(String instructions, Tool old, Tool described) {
        String oldLine = old.toString();
        int at = instructions.indexOf(oldLine);
        if (at >= 0) {
            return instructions.substring(0, at) + described + instructions.substring(at + oldLine.length());
        }
        String name = Pattern.quote(old.name());
        String text = described.description().orElse("").replace("\n", "  ");
        Matcher withDescription = Pattern.compile(
                        "(\\(\\d+\\) " + name + ", whose description is <desc>)(.*?)(</desc>)", Pattern.DOTALL)
                .matcher(instructions);
        if (withDescription.find()) {
            return instructions.substring(0, withDescription.start(2))
                    + text
                    + instructions.substring(withDescription.end(2));
        }
        Matcher bare = Pattern.compile("(\\(\\d+\\) " + name + ")(\\. It takes arguments)")
                .matcher(instructions);
        if (bare.find()) {
            return instructions.substring(0, bare.end(1)) + ", whose description is <desc>" + text + "</desc>"
                    + instructions.substring(bare.end(1));
        }
        return instructions;
    }

    /**
     * The step predictor ({@code react}).
     *
     * @return the predictor
     */
    public Predict react() {
        return react;
    }

    /**
     * The extraction ({@code extract}).
     *
     * @return the chain of thought
     */
    public ChainOfThought extract() {
        return extract;
    }

    /**
     * The most turns a run takes.
     *
     * @return the turns
     */
    public int maxIters() {
        return maxIters;
    }

    /**
     * A copy of this agent whose two predictors call a model (the process-wide default and a call's
     * {@code CallOptions} still apply as for any predictor).
     *
     * @param model the model
     * @return the copy
     */
    public ReAct withModel(dev.dspj.lm.LanguageModel model) {
        ReAct copy = deepCopy();
        copy.react.setModel(Objects.requireNonNull(model, "model"));
        copy.extract.predict().setModel(model);
        return copy;
    }

    @Override
    public Prediction forward(Map<String, Object> inputs) {
        return forward(inputs, CallOptions.NONE);
    }

    /**
     * Runs the agent on the caller's thread (tools that may block on their own threads, within their
     * timeouts).
     *
     * @param inputs the signature's inputs by name
     * @param options a model and settings for this run's calls
     * @return {@code trajectory} (a {@link Trajectory}), {@code reasoning} and the outputs
     */
    @Override
    public Prediction forward(Map<String, Object> inputs, CallOptions options) {
        Trajectory trajectory = new Trajectory();
        for (int index = 0; index < maxIters; index++) {
            Prediction step;
            try {
                step = callStep(react, inputs, trajectory, options, true);
            } catch (EndOfTrajectory end) {
                LOG.warn("Ending the trajectory: {}", end.getMessage());
                break;
            }
            String tool = step.getString("next_tool_name");
            JsonNode args = arguments(step);
            String observation;
            boolean failed;
            try {
                observation = observe(tool, args).join();
                failed = false;
            } catch (CompletionException e) {
                observation = message(e);
                failed = true;
            }
            trajectory.add(
                    index,
                    new ReActStep(step.getString("next_thought"), tool, args, observation, failed),
                    TOOL_ARGS.format(args));
            if (FINISH.equals(tool)) {
                break;
            }
        }
        Prediction extracted = callStep(extract, inputs, trajectory, options, false);
        return result(trajectory, extracted);
    }

    /**
     * Runs the agent without blocking the caller; each step's calls are recorded in the trace the
     * caller had open.
     *
     * @param inputs the signature's inputs by name
     * @param options a model and settings for this run's calls
     * @return the prediction, later
     */
    @Override
    public CompletableFuture<Prediction> forwardAsync(Map<String, Object> inputs, CallOptions options) {
        Trace trace = Trace.current();
        Trajectory trajectory = new Trajectory();
        return turn(0, inputs, trajectory, options, trace)
                .thenCompose(ignored ->
                        trace.recordInto(() -> extract.forwardAsync(withTrajectory(inputs, trajectory), options)))
                .thenApply(extracted -> result(trajectory, extracted));
    }

    private CompletableFuture<Void> turn(
            int index, Map<String, Object> inputs, Trajectory trajectory, CallOptions options, Trace trace) {
        if (index >= maxIters) {
            return CompletableFuture.completedFuture(null);
        }
        return stepAsync(inputs, trajectory, options, trace, 0).thenCompose(step -> {
            if (step == null) {
                return CompletableFuture.completedFuture(null);
            }
            String tool = step.getString("next_tool_name");
            JsonNode args = arguments(step);
            return observe(tool, args)
                    .handle((observation, error) -> {
                        boolean failed = error != null;
                        String text = error != null ? message(error) : String.valueOf(observation);
                        trajectory.add(
                                index,
                                new ReActStep(step.getString("next_thought"), tool, args, text, failed),
                                TOOL_ARGS.format(args));
                        return tool;
                    })
                    .thenCompose(name -> FINISH.equals(name)
                            ? CompletableFuture.completedFuture(null)
                            : turn(index + 1, inputs, trajectory, options, trace));
        });
    }

    /** One react step, asynchronously, with DSPy's truncation; null ends the loop. */
    private CompletableFuture<@Nullable Prediction> stepAsync(
            Map<String, Object> inputs, Trajectory trajectory, CallOptions options, Trace trace, int attempt) {
        CompletableFuture<Prediction> call;
        try {
            call = trace.recordInto(() -> react.forwardAsync(withTrajectory(inputs, trajectory), options));
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.<@Nullable Prediction>thenApply(prediction -> prediction).exceptionallyCompose(error -> {
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof AdapterParseException) {
                LOG.warn("Ending the trajectory: the agent's answer could not be read: {}", cause.getMessage());
                return CompletableFuture.<@Nullable Prediction>completedFuture(null);
            }
            if (cause instanceof RejectedRequestException.ContextWindowExceeded) {
                if (attempt + 1 >= 3 || !trajectory.dropOldestStep()) {
                    LOG.warn(
                            "Ending the trajectory: the prompt exceeds the context window even after " + "{} attempts",
                            attempt + 1);
                    return CompletableFuture.<@Nullable Prediction>completedFuture(null);
                }
                LOG.warn("Trajectory exceeded the context window, truncating the oldest tool call information.");
                return stepAsync(inputs, trajectory, options, trace, attempt + 1);
            }
            return CompletableFuture.<@Nullable Prediction>failedFuture(cause);
        });
    }

    /** A predictor's call with the trajectory; the context window's overflow drops the oldest steps. */
    private Prediction callStep(
            dev.dspj.module.Module module,
            Map<String, Object> inputs,
            Trajectory trajectory,
            CallOptions options,
            boolean step) {
        RejectedRequestException.ContextWindowExceeded last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return module.forward(withTrajectory(inputs, trajectory), options);
            } catch (AdapterParseException e) {
                if (step) {
                    throw new EndOfTrajectory("the agent's answer could not be read: " + e.getMessage());
                }
                throw e;
            } catch (RejectedRequestException.ContextWindowExceeded e) {
                last = e;
                if (!trajectory.dropOldestStep()) {
                    break;
                }
                LOG.warn("Trajectory exceeded the context window, truncating the oldest tool call information.");
            }
        }
        Objects.requireNonNull(last, "a context-window failure");
        String message = "the prompt exceeds the context window even after 3 attempts and dropping the oldest steps: "
                + last.getMessage();
        if (step) {
            throw new EndOfTrajectory(message);
        }
        throw last;
    }

    /** Ends the loop; the outputs are then extracted from the trajectory so far. */
    private static final class EndOfTrajectory extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EndOfTrajectory(String message) {
            super(message, null, false, false);
        }
    }

    private static Map<String, Object> withTrajectory(Map<String, Object> inputs, Trajectory trajectory) {
        Map<String, Object> all = new LinkedHashMap<>(inputs);
        all.put(TRAJECTORY.name(), trajectory.toString());
        return all;
    }

    private static JsonNode arguments(Prediction step) {
        return step.get("next_tool_args")
                .map(value -> (JsonNode) value)
                .orElseGet(JsonNodeFactory.instance::objectNode);
    }

    private static Prediction result(Trajectory trajectory, Prediction extracted) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("trajectory", trajectory);
        values.putAll(extracted.values());
        return new Prediction(values, extracted.completion());
    }

    /**
     * Runs one tool call and gives its observation: the result as the prompt shows values, or an
     * error (the future then fails with the observation as its cause's message).
     */
    private CompletableFuture<String> observe(String name, JsonNode args) {
        Tool tool = tools.get(name);
        if (tool == null) {
            return failed(
                    name,
                    "Tool '" + name + "' is not one of the available tools: " + String.join(", ", tools.keySet())
                            + ".");
        }
        Duration timeout = tool.timeout().orElse(toolTimeout);
        CompletableFuture<ToolResult> result;
        Future<?> running;
        if (tool.blocking()) {
            CompletableFuture<ToolResult> called = new CompletableFuture<>();
            running = TOOL_THREADS.submit(CallContext.current().wrap(() -> {
                try {
                    var unused = tool.invoke(args).whenComplete((value, error) -> {
                        if (error != null) {
                            called.completeExceptionally(error);
                        } else {
                            called.complete(value);
                        }
                    });
                } catch (RuntimeException | Error e) {
                    called.completeExceptionally(e);
                }
            }));
            result = called.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            // a tool that cannot block runs here: no hop to a tool thread and back, and no timer
            // unless its future is still running
            running = null;
            try {
                result = tool.invoke(args);
            } catch (RuntimeException | Error e) {
                result = CompletableFuture.failedFuture(e);
            }
            if (!result.isDone()) {
                result = result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        return result.thenApply(value -> cut(observation(value))).exceptionallyCompose(error -> {
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof TimeoutException) {
                if (running != null) {
                    running.cancel(true);
                }
                return failed(name, "Timed out after " + timeout.toMillis() + " ms.");
            }
            if (cause instanceof ExecutionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            String message = cause instanceof ToolException known
                    ? known.getMessage()
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            return failed(name, cut(String.valueOf(message)));
        });
    }

    /** A failed call's observation: the message of what failed, unwrapped from the future's wrapper. */
    private static String message(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String message = cause.getMessage();
        return message == null ? cause.toString() : message;
    }

    private static CompletableFuture<String> failed(String tool, String message) {
        return CompletableFuture.failedFuture(new ToolCallFailed("Execution error in " + tool + ": \n" + message));
    }

    /** A tool call's failure, whose message is the observation. */
    private static final class ToolCallFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ToolCallFailed(String observation) {
            super(observation, null, false, false);
        }
    }

    private String cut(String text) {
        if (text.length() <= maxObservationChars) {
            return text;
        }
        return text.substring(0, maxObservationChars) + "\n[... " + (text.length() - maxObservationChars)
                + " more characters cut]";
    }

    /**
     * A tool's result as DSPy's trajectory shows values: text as it is, containers as JSON, {@code
     * None} for nothing; a list as {@code [1] «item»} lines ({@code «item»} alone for one item,
     * {@code N/A} for none).
     */
    static String observation(ToolResult result) {
        JsonNode json = result.json();
        if (!json.isArray()) {
            return result.text();
        }
        if (json.isEmpty()) {
            return "N/A";
        }
        if (json.size() == 1) {
            return "«" + item(json.get(0)) + "»";
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < json.size(); i++) {
            text.append(i == 0 ? "" : "\n")
                    .append('[')
                    .append(i + 1)
                    .append("] «")
                    .append(item(json.get(i)))
                    .append('»');
        }
        return text.toString();
    }

    private static String item(JsonNode node) {
        return node.isContainerNode() ? PythonJson.repr(node) : PythonJson.formatForPrompt(node);
    }

    @Override
    public List<NamedPredictor> namedPredictors() {
        return List.of(new NamedPredictor("react", react), new NamedPredictor("extract.predict", extract.predict()));
    }

    @Override
    public ReAct deepCopy() {
        return new ReAct(
                signature, tools, react.deepCopy(), extract.deepCopy(), maxIters, toolTimeout, maxObservationChars);
    }

    @Override
    public String toString() {
        return "ReAct(" + signature.name() + ", tools=" + tools.keySet() + ", maxIters=" + maxIters + ")";
    }

    /** Configures a {@link ReAct}. */
    public static final class Builder {
        private final SignatureDescriptor signature;
        private final List<Tool> tools;
        private int maxIters = DEFAULT_MAX_ITERS;
        private Duration toolTimeout = DEFAULT_TOOL_TIMEOUT;
        private int maxObservationChars = DEFAULT_MAX_OBSERVATION_CHARS;

        private Builder(SignatureDescriptor signature, List<Tool> tools) {
            this.signature = Objects.requireNonNull(signature, "signature");
            this.tools = List.copyOf(Objects.requireNonNull(tools, "tools"));
            if (signature.field(TRAJECTORY.name()).isPresent()) {
                throw new IllegalArgumentException("signature " + signature.name()
                        + " already has a field named \"trajectory\", which ReAct adds");
            }
        }

        /**
         * The most turns a run takes (DSPy's {@code max_iters}).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxIters(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxIters must be at least 1, got " + value);
            }
            this.maxIters = value;
            return this;
        }

        /**
         * How long a tool call may take when the tool sets no timeout of its own.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder toolTimeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("toolTimeout must be positive, got " + value);
            }
            this.toolTimeout = value;
            return this;
        }

        /**
         * The longest observation shown to the model; longer ones are cut, saying how much.
         *
         * @param value at least 100
         * @return this builder
         */
        public Builder maxObservationChars(int value) {
            if (value < 100) {
                throw new IllegalArgumentException("maxObservationChars must be at least 100, got " + value);
            }
            this.maxObservationChars = value;
            return this;
        }

        /**
         * The agent.
         *
         * @return the agent
         */
        public ReAct build() {
            return new ReAct(this);
        }
    }
}
