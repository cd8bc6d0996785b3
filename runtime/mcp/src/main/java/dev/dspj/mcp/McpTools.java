package dev.dspj.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.codec.PythonJson;
import dev.dspj.codec.Schemas;
import dev.dspj.tool.Tool;
import dev.dspj.tool.ToolArgument;
import dev.dspj.tool.ToolArguments;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * An MCP server's tools as DSPJ {@link Tool}s, as DSPy's {@code Tool.from_mcp_tool} makes them: a
 * session with one server, over stdio (a child process), streamable HTTP, or streams the caller
 * already has ({@link #streams}).
 *
 * <pre>{@code
 * try (McpTools server = McpTools.stdio("npx", "-y", "@modelcontextprotocol/server-everything").connect()) {
 *     List<Tool> tools = server.tools();  // give them to an agent
 * }
 * try (McpTools server = McpTools.http("http://127.0.0.1:8080/mcp").timeout(Duration.ofSeconds(10)).connect()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Each tool keeps the server's name and description; its arguments are the properties of its
 * {@code inputSchema}, each typed from its JSON {@code type} ({@code string}, {@code integer},
 * {@code number}, {@code boolean} as {@code str}, {@code int}, {@code float}, {@code bool};
 * {@code array}, {@code object} and untyped ones passed through as JSON), its schema kept as given
 * ({@code $ref}s inlined), described by its {@code description} (or {@code No description
 * provided.}) followed by {@code  (Required)} when the server requires it. Calling one sends
 * {@code tools/call} with the arguments given (an optional one left out is not sent) and returns,
 * in {@link ResultMode#TEXT text mode}, the text of its text parts (one part: a {@code String};
 * several: a {@code List<String>}; none: the other parts as JSON); in {@link ResultMode#STRUCTURED
 * structured mode}, the {@code structuredContent} when the server sends one. A result the server
 * marks {@code isError}, a transport failure and a call that outlasts the {@linkplain
 * Builder#timeout timeout} fail the call with {@code Failed to call a MCP tool: ...}, which an agent
 * shows the model as the observation.
 *
 * <p>When the server announces {@code notifications/tools/list_changed}, the list is fetched again:
 * {@link #tools()} returns the current one and {@link #onToolsChanged} listeners are told. {@link
 * #close()} ends the session and, over stdio, the child process. Thread-safe.
 */
public final class McpTools implements AutoCloseable {

    /** How long a tool call may take by default: DSPJ's model-call read timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** How long connecting (starting the server and the {@code initialize} handshake) may take by default. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(20);

    private static final Logger LOG = LoggerFactory.getLogger(McpTools.class);
    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What a tool call returns. */
    public enum ResultMode {
        /** The texts of the result's text parts: one as a string, several as a list (DSPy's default). */
        TEXT,
        /** The result's {@code structuredContent} when it has one, else as {@link #TEXT}. */
        STRUCTURED;

        /**
         * A mode by DSPy's name.
         *
         * @param name {@code text} or {@code structured}
         * @return the mode
         * @throws IllegalArgumentException naming any other value: {@code Unsupported MCP result mode: 'x'}
         */
        public static ResultMode of(String name) {
            Objects.requireNonNull(name, "result mode");
            switch (name) {
                case "text":
                    return TEXT;
                case "structured":
                    return STRUCTURED;
                default:
                    throw new IllegalArgumentException(
                            "Unsupported MCP result mode: '" + name + "' (use 'text' or 'structured')");
            }
        }
    }

    private final String server;
    private final McpAsyncClient client;
    private final Duration timeout;
    private final ResultMode resultMode;
    private final List<Consumer<List<Tool>>> listeners = new CopyOnWriteArrayList<>();
    private volatile List<Tool> tools = List.of();
    private volatile boolean closed;

    private McpTools(String server, McpAsyncClient client, Duration timeout, ResultMode resultMode) {
        this.server = server;
        this.client = client;
        this.timeout = timeout;
        this.resultMode = resultMode;
    }

    /**
     * A server run as a child process, spoken to over its standard input and output.
     *
     * @param command the program, found on the {@code PATH} as a shell would
     * @param args its arguments
     * @return a builder; {@link Builder#connect()} starts it
     */
    public static Builder stdio(String command, String... args) {
        Objects.requireNonNull(command, "command");
        return new Builder(command, List.of(args), null);
    }

    /**
     * A server over streamable HTTP.
     *
     * @param url its MCP endpoint, such as {@code http://127.0.0.1:8080/mcp} ({@code /mcp} when the
     *     URL has no path)
     * @return a builder; {@link Builder#connect()} connects
     * @throws IllegalArgumentException when it is not an http or https URL
     */
    public static Builder http(String url) {
        Objects.requireNonNull(url, "url");
        URI uri = URI.create(url);
        if (uri.getScheme() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "an MCP server's URL must be http:// or https:// with a host, got " + url);
        }
        return new Builder(null, List.of(), uri);
    }

    /**
     * A server reached over streams the caller already has, in MCP's stdio framing (one JSON-RPC
     * message a line): a server in this process ({@link McpToolServer.Builder#startStdio(InputStream,
     * OutputStream)} over a pipe), or a process or socket started elsewhere. {@link #close()} closes
     * both streams.
     *
     * @param name the server's name in messages
     * @param fromServer what the server writes
     * @param toServer where the client writes
     * @return a builder; {@link Builder#connect()} connects
     */
    public static Builder streams(String name, InputStream fromServer, OutputStream toServer) {
        Builder builder = new Builder(null, List.of(), null);
        builder.streams = new StreamClientTransport(
                Objects.requireNonNull(name, "name"),
                Objects.requireNonNull(fromServer, "fromServer"),
                Objects.requireNonNull(toServer, "toServer"));
        builder.streamsName = name;
        return builder;
    }

    /**
     * The server's tools, as last listed.
     *
     * @return an unmodifiable list, in the server's order
     */
    public List<Tool> tools() {
        return tools;
    }

    /**
     * One of the server's tools.
     *
     * @param name its name
     * @return the tool, or empty when the server has none of that name
     */
    public Optional<Tool> tool(String name) {
        return tools.stream().filter(tool -> tool.name().equals(name)).findFirst();
    }

    /**
     * Tells a listener the new list each time the server changes its tools (after {@link #tools()}
     * returns it). Listeners run on the client's thread and must not block.
     *
     * @param listener called with the new list
     */
    public void onToolsChanged(Consumer<List<Tool>> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Lists the server's tools again now.
     *
     * @return the new list
     * @throws McpException when the server does not answer
     */
    public List<Tool> refresh() {
        McpSchema.ListToolsResult listed;
        try {
            listed = client.listTools().block(timeout);
        } catch (RuntimeException e) {
            throw new McpException("could not list the tools of MCP server " + server + ": " + describe(e), e);
        }
        return replace(listed == null ? List.of() : listed.tools());
    }

    /**
     * The server, as this client names it in messages: its command line or its URL.
     *
     * @return the name
     */
    public String server() {
        return server;
    }

    /**
     * The name and version the server gave when connecting.
     *
     * @return for example {@code everything 1.0.0}
     */
    public String serverInfo() {
        McpSchema.Implementation info = client.getServerInfo();
        return info == null ? "" : info.name() + " " + info.version();
    }

    /** Ends the session; over stdio, the child process ends with it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            client.closeGracefully().block(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.debug("closing the session with MCP server {}: {}", server, e.toString());
        } finally {
            client.close();
        }
    }

    private List<Tool> replace(@Nullable List<McpSchema.Tool> listed) {
        List<Tool> converted = new ArrayList<>();
        if (listed != null) {
            for (McpSchema.Tool tool : listed) {
                Tool one = convert(tool);
                if (one != null) {
                    converted.add(one);
                }
            }
        }
        List<Tool> current = List.copyOf(converted);
        this.tools = current;
        return current;
    }

    private Mono<Void> changed(List<McpSchema.Tool> listed) {
        List<Tool> current = replace(listed);
        for (Consumer<List<Tool>> listener : listeners) {
            try {
                listener.accept(current);
            } catch (RuntimeException e) {
                LOG.warn("a tools-changed listener of MCP server {} failed", server, e);
            }
        }
        return Mono.empty();
    }

    private @Nullable Tool convert(McpSchema.Tool tool) {
        if (tool.name() == null || !TOOL_NAME.matcher(tool.name()).matches()) {
            LOG.warn(
                    "MCP server {}: tool \"{}\" is left out: a tool's name must be 1 to 64 letters, digits, '_' or '-'"
                            + " for function-calling APIs",
                    server,
                    tool.name());
            return null;
        }
        Tool.Builder builder = Tool.builder(tool.name()).timeout(timeout);
        if (tool.description() != null) {
            builder.description(tool.description());
        }
        List<ToolArgument<?>> arguments = arguments(tool.inputSchema());
        builder.arguments(arguments.toArray(ToolArgument<?>[]::new));
        String name = tool.name();
        McpArgumentCodec result = new McpArgumentCodec(NODES.objectNode(), false);
        return builder.asyncFunction(result, args -> call(name, arguments, args));
    }

    /** DSPy's {@code convert_input_schema_to_tool_args}: properties, their types, their descriptions. */
    static List<ToolArgument<?>> arguments(@Nullable Map<String, Object> inputSchema) {
        List<ToolArgument<?>> arguments = new ArrayList<>();
        if (inputSchema == null) {
            return arguments;
        }
        JsonNode schema = McpJson.tree(inputSchema);
        JsonNode properties = schema.path("properties");
        if (!properties.isObject()) {
            return arguments;
        }
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        Map<String, JsonNode> definitions = new HashMap<>();
        for (String key : List.of("$defs", "definitions")) {
            schema.path(key)
                    .properties()
                    .forEach(entry -> definitions.put("#/" + key + "/" + entry.getKey(), entry.getValue()));
        }
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            JsonNode inlined = Schemas.inlineReferences(property.getValue(), definitions);
            ObjectNode argumentSchema = inlined.isObject() ? (ObjectNode) inlined : NODES.objectNode();
            boolean isRequired = required.contains(property.getKey());
            JsonNode described = argumentSchema.get("description");
            String description =
                    described != null && described.isTextual() ? described.textValue() : "No description provided.";
            if (isRequired) {
                description += " (Required)";
            }
            arguments.add(
                    ToolArgument.of(property.getKey(), new McpArgumentCodec(argumentSchema, !isRequired), description));
        }
        return arguments;
    }

    private CompletableFuture<Object> call(String name, List<ToolArgument<?>> arguments, ToolArguments given) {
        Map<String, Object> sent = new LinkedHashMap<>();
        for (ToolArgument<?> argument : arguments) {
            Object value = given.asMap().get(argument.name());
            if (value == null || value == McpArgumentCodec.ABSENT) {
                continue;
            }
            JsonNode json = ((McpArgumentCodec) argument.codec()).toJson(value);
            sent.put(argument.name(), McpJson.plain(json));
        }
        McpSchema.CallToolRequest request =
                McpSchema.CallToolRequest.builder(name).arguments(sent).build();
        return client.callTool(request).timeout(timeout).toFuture().handle((result, error) -> {
            if (error != null) {
                throw new McpException("Failed to call a MCP tool: " + describeCall(name, error), error);
            }
            if (result == null) {
                throw new McpException("Failed to call a MCP tool: " + name + " returned no result", null);
            }
            return result(result);
        });
    }

    private String describeCall(String name, Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof TimeoutException) {
            return name + " did not answer within " + seconds(timeout) + " (MCP server " + server + ")";
        }
        return describe(cause) + " (tool " + name + ", MCP server " + server + ")";
    }

    /** DSPy's {@code _convert_mcp_tool_result}, the error checked first. */
    private Object result(McpSchema.CallToolResult result) {
        List<String> texts = new ArrayList<>();
        List<McpSchema.Content> others = new ArrayList<>();
        if (result.content() != null) {
            for (McpSchema.Content content : result.content()) {
                if (content instanceof McpSchema.TextContent text) {
                    texts.add(text.text() == null ? "" : text.text());
                } else {
                    others.add(content);
                }
            }
        }
        if (Boolean.TRUE.equals(result.isError())) {
            throw new McpException("Failed to call a MCP tool: " + pythonText(texts), null);
        }
        if (resultMode == ResultMode.STRUCTURED && result.structuredContent() != null) {
            return McpJson.tree(result.structuredContent());
        }
        if (texts.size() == 1) {
            return texts.get(0);
        }
        if (!texts.isEmpty()) {
            return List.copyOf(texts);
        }
        return others.isEmpty() ? List.of() : McpJson.tree(others);
    }

    /** How Python's f-string shows DSPy's {@code tool_content}: one text as it is, several as a list. */
    private static String pythonText(List<String> texts) {
        if (texts.size() == 1) {
            return texts.get(0);
        }
        ArrayNode list = NODES.arrayNode();
        texts.forEach(list::add);
        return PythonJson.repr(list);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof java.util.concurrent.CompletionException
                        || cause instanceof java.util.concurrent.ExecutionException
                        || (cause.getClass() == RuntimeException.class && cause.getCause() != null))
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String describe(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof McpError mcp && mcp.getJsonRpcError() != null) {
            McpSchema.JSONRPCResponse.JSONRPCError rpc = mcp.getJsonRpcError();
            return rpc.message() + (rpc.data() == null ? "" : " (" + rpc.data() + ")");
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0
                ? duration.toSeconds() + " s"
                : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** Where the server is and how to talk to it; {@link #connect()} ends it. */
    public static final class Builder {
        private final @Nullable String command;
        private final List<String> args;
        private final @Nullable URI url;
        private final Map<String, String> env = new LinkedHashMap<>();
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private ResultMode resultMode = ResultMode.TEXT;
        private @Nullable StreamClientTransport streams;
        private @Nullable String streamsName;

        private Builder(@Nullable String command, List<String> args, @Nullable URI url) {
            this.command = command;
            this.args = args;
            this.url = url;
        }

        /**
         * Adds variables to the child process's environment (stdio only), over the environment it
         * inherits from this process.
         *
         * @param variables names and values
         * @return this builder
         */
        public Builder env(Map<String, String> variables) {
            env.putAll(Objects.requireNonNull(variables, "variables"));
            return this;
        }

        /**
         * Adds one variable to the child process's environment (stdio only).
         *
         * @param name its name
         * @param value its value
         * @return this builder
         */
        public Builder env(String name, String value) {
            env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * How long one request (a tool call, a listing) may take; also each tool's {@link Tool#timeout()}.
         *
         * @param value a positive duration; {@link #DEFAULT_TIMEOUT} when not set
         * @return this builder
         */
        public Builder timeout(Duration value) {
            this.timeout = positive(value, "timeout");
            return this;
        }

        /**
         * How long connecting may take: starting the server and its {@code initialize} answer.
         *
         * @param value a positive duration; {@link #DEFAULT_CONNECT_TIMEOUT} when not set
         * @return this builder
         */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = positive(value, "connect timeout");
            return this;
        }

        /**
         * What tool calls return.
         *
         * @param value the mode; {@link ResultMode#TEXT} when not set
         * @return this builder
         */
        public Builder resultMode(ResultMode value) {
            this.resultMode = Objects.requireNonNull(value, "result mode");
            return this;
        }

        /**
         * What tool calls return, by DSPy's name.
         *
         * @param value {@code text} or {@code structured}
         * @return this builder
         * @throws IllegalArgumentException naming any other value
         */
        public Builder resultMode(String value) {
            this.resultMode = ResultMode.of(value);
            return this;
        }

        private static Duration positive(Duration value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("the MCP " + what + " must be positive, got " + value);
            }
            return value;
        }

        /**
         * Starts or reaches the server, agrees on the protocol and lists its tools.
         *
         * @return the connected session
         * @throws McpException naming the server when the command is not found, the server does not
         *     answer within the connect timeout, refuses the protocol version or fails otherwise
         */
        public McpTools connect() {
            String name = name();
            if (command != null && !onPath(command)) {
                throw new McpException(
                        "could not start MCP server " + name + ": command not found or not executable: " + command,
                        null);
            }
            McpClientTransport transport = transport();
            McpTools[] self = new McpTools[1];
            McpAsyncClient client = McpClient.async(transport)
                    .requestTimeout(timeout)
                    .initializationTimeout(connectTimeout)
                    .clientInfo(McpSchema.Implementation.builder("dspj", version())
                            .title("DSPJ")
                            .build())
                    .jsonSchemaValidator(McpJson.ACCEPT_ALL)
                    .toolsChangeConsumer(listed -> self[0] == null ? Mono.empty() : self[0].changed(listed))
                    .build();
            McpTools tools = new McpTools(name, client, timeout, resultMode);
            self[0] = tools;
            try {
                client.initialize().block(connectTimeout.plusSeconds(1));
                tools.refresh();
            } catch (RuntimeException e) {
                tools.close();
                throw new McpException(connectFailure(name, e), e);
            }
            return tools;
        }

        private String connectFailure(String name, Throwable error) {
            Throwable cause = unwrap(error);
            for (Throwable t = error; t != null; t = t.getCause()) {
                if (t instanceof IOException
                        && command != null
                        && t.getMessage() != null
                        && t.getMessage().contains("Cannot run program")) {
                    return "could not start MCP server " + name + ": command not found or not executable: " + command;
                }
                if (t instanceof TimeoutException
                        || (t instanceof IllegalStateException
                                && t.getMessage() != null
                                && t.getMessage().startsWith("Timeout on blocking read"))) {
                    return "MCP server " + name + " did not answer within " + seconds(connectTimeout)
                            + " (connect timeout)";
                }
                if (t instanceof McpError mcp
                        && mcp.getJsonRpcError() != null
                        && String.valueOf(mcp.getJsonRpcError().message()).contains("protocol version")) {
                    return "MCP server " + name + " refused the protocol: " + describe(mcp);
                }
                if (t.getCause() == t) {
                    break;
                }
            }
            return "could not connect to MCP server " + name + ": " + describe(cause);
        }

        /** Whether the command can be run: an executable file, or one found on the {@code PATH}. */
        private static boolean onPath(String command) {
            if (command.contains("/") || command.contains(java.io.File.separator)) {
                return java.nio.file.Files.isExecutable(java.nio.file.Path.of(command));
            }
            String path = System.getenv("PATH");
            if (path == null) {
                return true;
            }
            List<String> suffixes = System.getProperty("os.name", "").startsWith("Windows")
                    ? List.of("", ".exe", ".cmd", ".bat")
                    : List.of("");
            for (String directory : path.split(java.io.File.pathSeparator)) {
                for (String suffix : suffixes) {
                    if (!directory.isEmpty()
                            && java.nio.file.Files.isExecutable(java.nio.file.Path.of(directory, command + suffix))) {
                        return true;
                    }
                }
            }
            return false;
        }

        private String name() {
            if (streamsName != null) {
                return streamsName;
            }
            if (url != null) {
                return url.toString();
            }
            List<String> line = new ArrayList<>();
            line.add(Objects.requireNonNull(command));
            line.addAll(args);
            return String.join(" ", line);
        }

        private McpClientTransport transport() {
            if (streams != null) {
                return streams;
            }
            if (url != null) {
                String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/mcp" : url.getRawPath();
                String base = url.getScheme() + "://" + url.getRawAuthority();
                return HttpClientStreamableHttpTransport.builder(base)
                        .endpoint(path + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()))
                        .jsonMapper(McpJson.SDK_MAPPER)
                        .connectTimeout(connectTimeout)
                        .build();
            }
            ServerParameters parameters = ServerParameters.builder(Objects.requireNonNull(command))
                    .args(args)
                    .env(env)
                    .build();
            return new StdioClientTransport(parameters, McpJson.SDK_MAPPER);
        }

        private static String version() {
            String version = McpTools.class.getPackage().getImplementationVersion();
            return version == null ? "dev" : version;
        }
    }
}
