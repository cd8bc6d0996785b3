package dev.dspj.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dspj.codec.PythonJson;
import dev.dspj.codec.SchemaDefinitions;
import dev.dspj.codec.ValueCodec;
import dev.dspj.codec.ValueParseException;
import dev.dspj.observe.ActiveCall;
import dev.dspj.observe.Callbacks;
import dev.dspj.observe.EventKind;
import dev.dspj.observe.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A function a model may call, as DSPy's {@code dspy.Tool}: a name, a description, typed
 * arguments with JSON schemas, and the function itself, called directly with checked arguments.
 *
 * <p>The processor writes these for the {@code @Tool} methods of a class ({@code
 * CalculatorTools.of(calculator)}); by hand:
 *
 * <pre>{@code
 * ToolArgument<String> city = ToolArgument.of("city", Codecs.STRING, "the city's name");
 * Tool weather = Tool.builder("weather")
 *         .description("Today's weather in a city.")
 *         .arguments(city)
 *         .function(Codecs.STRING, args -> forecasts.today(args.get(city)));
 * }</pre>
 *
 * <p>A tool shows itself to a model as DSPy does: in text ({@link #toString()}), or as an
 * OpenAI-style function ({@link #toFunctionCall()}). Tools are immutable; {@link
 * #withDescription} returns a changed copy (an optimizer may rewrite descriptions).
 */
public final class Tool {

    /** What a tool's name may be: what OpenAI and Anthropic accept for a function's name. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * Tools as a signature's input field ({@code List<Tool>} is {@code Codecs.list(Tool.CODEC)}):
     * each is shown in DSPy's text form; a list of them is a JSON array of those texts.
     */
    public static final ValueCodec<Tool> CODEC = new ToolCodec();

    private final String name;
    private final @Nullable String description;
    private final List<ToolArgument<?>> arguments;
    private final @Nullable ValueCodec<?> result;
    private final Invoker invoker;
    private final @Nullable Duration timeout;
    private final boolean blocking;

    /** Runs the function with checked arguments; a sync function runs on the caller's thread. */
    @FunctionalInterface
    private interface Invoker {
        CompletableFuture<@Nullable Object> invoke(ToolArguments arguments) throws Exception;
    }

    private Tool(
            String name,
            @Nullable String description,
            List<ToolArgument<?>> arguments,
            @Nullable ValueCodec<?> result,
            Invoker invoker,
            @Nullable Duration timeout,
            boolean blocking) {
        this.name = name;
        this.description = description;
        this.arguments = arguments;
        this.result = result;
        this.invoker = invoker;
        this.timeout = timeout;
        this.blocking = blocking;
    }

    /**
     * Starts a tool.
     *
     * @param name its name: letters, digits, {@code _} and {@code -}, at most 64 characters
     * @return a builder
     * @throws IllegalArgumentException naming the name when it is not one
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * The tool's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * What the tool does.
     *
     * @return the description, or empty
     */
    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /**
     * The arguments, in order.
     *
     * @return an unmodifiable list
     */
    public List<ToolArgument<?>> arguments() {
        return arguments;
    }

    /**
     * The type of what the tool returns.
     *
     * @return its codec, or empty for a tool that returns nothing
     */
    public Optional<ValueCodec<?>> resultCodec() {
        return Optional.ofNullable(result);
    }

    /**
     * How long a call may take before an agent gives up on it.
     *
     * @return the timeout, or empty for the agent's default
     */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /**
     * Whether a call may block its thread (input and output, sleeps, locks): an agent runs a
     * blocking tool on a thread of its own, so that it can give up on it at the timeout, and a
     * non-blocking one on its own thread, without that hop. A synchronous function blocks unless its
     * builder says otherwise ({@link Builder#blocking}); an asynchronous one does not (an agent
     * waits for its future within the timeout).
     *
     * @return whether it may block
     */
    public boolean blocking() {
        return blocking;
    }

    /**
     * This tool with another description.
     *
     * @param value the description
     * @return a copy
     */
    public Tool withDescription(String value) {
        return new Tool(
                name, Objects.requireNonNull(value, "description"), arguments, result, invoker, timeout, blocking);
    }

    /**
     * This tool with a timeout for each call.
     *
     * @param value a positive duration
     * @return a copy
     * @throws IllegalArgumentException when it is not positive
     */
    public Tool withTimeout(Duration value) {
        return new Tool(name, description, arguments, result, invoker, Builder.positive(name, value), blocking);
    }

    /**
     * DSPy's {@code args}: each argument's JSON schema by name, in order.
     *
     * @return a new object
     */
    public ObjectNode args() {
        ObjectNode args = NODES.objectNode();
        for (ToolArgument<?> argument : arguments) {
            args.set(argument.name(), argument.schema());
        }
        return args;
    }

    /**
     * The arguments as one JSON schema object, as function calling sends it:
     * {@code {"type": "object", "properties": ..., "required": [...]}}.
     *
     * @return a new object
     */
    public ObjectNode parameters() {
        ObjectNode parameters = NODES.objectNode();
        parameters.put("type", "object");
        parameters.set("properties", args());
        ArrayNode required = parameters.putArray("required");
        for (ToolArgument<?> argument : arguments) {
            if (argument.required()) {
                required.add(argument.name());
            }
        }
        return parameters;
    }

    /**
     * The tool as an OpenAI function:
     * {@code {"type": "function", "function": {"name", "description", "parameters"}}}.
     *
     * @return a new object
     */
    public ObjectNode toFunctionCall() {
        ObjectNode call = NODES.objectNode();
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", name);
        if (description != null) {
            function.put("description", description);
        } else {
            function.putNull("description");
        }
        function.set("parameters", parameters());
        return call;
    }

    /**
     * Calls the tool with a model's arguments: checks them against the arguments' types (an
     * unknown, missing or ill-typed argument fails with a {@link ToolException} and the function
     * does not run), then runs the function. A synchronous function runs on the caller's thread.
     *
     * @param arguments the arguments as a JSON object (null or an empty object for none)
     * @return the result; a failure completes it with a {@link ToolException}
     */
    public CompletableFuture<ToolResult> invoke(@Nullable JsonNode arguments) {
        ActiveCall call = Callbacks.start(
                EventKind.TOOL,
                name,
                this,
                Collections.singletonMap("arguments", arguments == null ? NullNode.getInstance() : arguments));
        CompletableFuture<ToolResult> result;
        try (Scope body = call.enter()) {
            result = run(arguments);
        }
        if (!call.observed()) {
            return result;
        }
        return result.whenComplete((value, error) -> {
            if (error == null) {
                call.end(value);
            } else {
                call.fail(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            }
        });
    }

    private CompletableFuture<ToolResult> run(@Nullable JsonNode arguments) {
        ToolArguments checked;
        try {
            checked = check(arguments);
        } catch (ToolException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<@Nullable Object> running;
        try {
            running = invoker.invoke(checked);
        } catch (Exception | StackOverflowError e) {
            return CompletableFuture.failedFuture(failed(e));
        }
        return running.handle((value, error) -> {
            if (error != null) {
                Throwable cause =
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                throw cause instanceof ToolException known ? known : failed(cause);
            }
            return new ToolResult(value, encode(value));
        });
    }

    private ToolException failed(Throwable error) {
        return new ToolException(name, error.getClass().getSimpleName() + ": " + error.getMessage(), false, error);
    }

    @SuppressWarnings("unchecked") // the value came from the function declared to return the codec's type
    private JsonNode encode(@Nullable Object value) {
        if (value == null || result == null) {
            return NullNode.getInstance();
        }
        try {
            return ((ValueCodec<Object>) result).toJson(value);
        } catch (ClassCastException e) {
            return TextNode.valueOf(String.valueOf(value));
        }
    }

    private boolean hasArgument(String key) {
        for (ToolArgument<?> argument : arguments) {
            if (argument.name().equals(key)) {
                return true;
            }
        }
        return false;
    }

    private ToolArguments check(@Nullable JsonNode given) {
        JsonNode object = given == null || given.isNull() || given.isMissingNode() ? NODES.objectNode() : given;
        if (!object.isObject()) {
            throw new ToolException(
                    name,
                    "Arguments of " + name + " must be a JSON object, got: " + PythonJson.dumps(object),
                    true,
                    null);
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!hasArgument(key)) {
                throw new ToolException(name, "Arg " + key + " is not in the tool's args.", true, null);
            }
        }
        Map<String, @Nullable Object> values = new LinkedHashMap<>(2 * arguments.size() + 1);
        for (ToolArgument<?> argument : arguments) {
            JsonNode value = object.get(argument.name());
            if (value == null || value.isNull()) {
                if (argument.required()) {
                    throw new ToolException(
                            name, "Arg " + argument.name() + " is required but was not given.", true, null);
                }
                values.put(argument.name(), argument.codec().absentValue());
                continue;
            }
            try {
                values.put(argument.name(), argument.codec().fromJson(value));
            } catch (ValueParseException e) {
                throw new ToolException(
                        name,
                        "Arg " + argument.name() + " is invalid: " + e.getMessage() + " (expected "
                                + argument.codec().typeName() + ", got " + PythonJson.dumps(value) + ")",
                        true,
                        e);
            }
        }
        return new ToolArguments(values);
    }

    /**
     * The tool as DSPy shows it in a prompt: {@code NAME, whose description is <desc>DESC</desc>.
     * It takes arguments ARGS.}, the description's line breaks as two spaces and ARGS as a Python
     * dict; {@code NAME. It takes arguments ARGS.} without a description.
     *
     * @return the text
     */
    @Override
    public String toString() {
        String args = PythonJson.repr(args());
        if (description == null) {
            return name + ". It takes arguments " + args + ".";
        }
        return name + ", whose description is <desc>" + description.replace("\n", "  ") + "</desc>. It takes arguments "
                + args + ".";
    }

    /** Builds a {@link Tool}: a description and arguments, then the function, which ends the build. */
    public static final class Builder {
        private final String name;
        private @Nullable String description;
        private final List<ToolArgument<?>> arguments = new ArrayList<>();
        private @Nullable Duration timeout;
        private @Nullable Boolean blocking;

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "tool name \"" + name
                                + "\" is not valid: use 1 to 64 letters, digits, '_' or '-' (what function-calling APIs accept)");
            }
            this.name = name;
        }

        /**
         * What the tool does, for the model.
         *
         * @param value the description
         * @return this builder
         */
        public Builder description(String value) {
            this.description = Objects.requireNonNull(value, "description");
            return this;
        }

        /**
         * Adds arguments, in order.
         *
         * @param values the arguments
         * @return this builder
         * @throws IllegalArgumentException naming an argument given twice
         */
        public Builder arguments(ToolArgument<?>... values) {
            for (ToolArgument<?> value : values) {
                Objects.requireNonNull(value, "argument");
                if (arguments.stream().anyMatch(argument -> argument.name().equals(value.name()))) {
                    throw new IllegalArgumentException(
                            "tool " + name + " already has an argument named \"" + value.name() + "\"");
                }
                arguments.add(value);
            }
            return this;
        }

        /**
         * A timeout for each call, which an agent enforces.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder timeout(Duration value) {
            this.timeout = positive(name, value);
            return this;
        }

        /**
         * Whether the function may block its thread ({@link Tool#blocking()}). Say {@code false}
         * only for a function that returns promptly without waiting on anything (a computation, a
         * lookup in memory): an agent then calls it on its own thread, which saves a hop to a tool
         * thread and back on every call, and no timeout can cut such a call short. By default a
         * synchronous function ({@link #function}, {@link #action}) may block and an asynchronous one
         * ({@link #asyncFunction}) does not.
         *
         * @param value whether it may block
         * @return this builder
         */
        public Builder blocking(boolean value) {
            this.blocking = value;
            return this;
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, "timeout");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("tool " + name + ": the timeout must be positive, got " + value);
            }
            return value;
        }

        /**
         * The function, run on the caller's thread; ends the build.
         *
         * @param result the type of what it returns
         * @param function the function
         * @param <R> that type
         * @return the tool
         */
        public <R> Tool function(ValueCodec<R> result, ToolFunction<R> function) {
            Objects.requireNonNull(function, "function");
            return build(Objects.requireNonNull(result, "result codec"), true, args -> {
                return CompletableFuture.completedFuture(function.apply(args));
            });
        }

        /**
         * A function that completes later; ends the build. It should start its work and return the
         * future without waiting: unless {@link #blocking} says otherwise, an agent calls it on its
         * own thread and waits for the future within the timeout.
         *
         * @param result the type of what it completes with
         * @param function the function
         * @param <R> that type
         * @return the tool
         */
        public <R> Tool asyncFunction(ValueCodec<R> result, ToolFunction.Async<R> function) {
            Objects.requireNonNull(function, "function");
            return build(Objects.requireNonNull(result, "result codec"), false, args -> {
                return function.apply(args).toCompletableFuture().thenApply(value -> (Object) value);
            });
        }

        /**
         * A function that returns nothing (its observation is {@code None}); ends the build.
         *
         * @param function the function; what it returns is ignored
         * @return the tool
         */
        public Tool action(ToolFunction<?> function) {
            Objects.requireNonNull(function, "function");
            return build(null, true, args -> {
                function.apply(args);
                return CompletableFuture.completedFuture(null);
            });
        }

        private Tool build(@Nullable ValueCodec<?> result, boolean blocksByDefault, Invoker invoker) {
            return new Tool(
                    name,
                    description,
                    List.copyOf(arguments),
                    result,
                    invoker,
                    timeout,
                    blocking != null ? blocking : blocksByDefault);
        }
    }

    /** Tools in prompts: DSPy's text form; never read back from an answer. */
    private static final class ToolCodec implements ValueCodec<Tool> {
        @Override
        public String typeName() {
            return "Tool";
        }

        @Override
        public ObjectNode schema(SchemaDefinitions definitions) {
            ObjectNode schema = NODES.objectNode();
            schema.put("type", "string");
            schema.put("description", "a tool: its name, description and arguments");
            return schema;
        }

        @Override
        public Tool parseText(String text) {
            throw new ValueParseException("a Tool is given to a model, never read from its answer");
        }

        @Override
        public Tool fromJson(JsonNode node) {
            throw new ValueParseException("a Tool is given to a model, never read from its answer");
        }

        @Override
        public JsonNode toJson(Tool value) {
            return TextNode.valueOf(value.toString());
        }

        @Override
        public String format(Tool value) {
            return value.toString();
        }
    }
}
