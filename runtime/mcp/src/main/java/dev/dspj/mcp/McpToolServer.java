package dev.dspj.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dspj.execution.Workers;
import dev.dspj.module.Module;
import dev.dspj.module.ModuleTool;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.tool.Tool;
import dev.dspj.tool.ToolException;
import dev.dspj.tool.ToolResult;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * DSPJ tools published as an MCP server, over stdio or streamable HTTP: each {@link Tool} with its
 * name, description and {@code inputSchema} = {@link Tool#parameters()}; a call's result as text
 * content ({@link ToolResult#text()}), plus {@code structuredContent} when the result is a JSON
 * object; a failing call ({@link ToolException}: bad arguments, or the tool threw) as a result with
 * {@code isError: true} and the message, never a protocol error.
 *
 * <pre>{@code
 * try (McpToolServer server = McpToolServer.builder("calculator")
 *         .tools(CalculatorTools.of(calculator))
 *         .program("qa", qa, QASignature.DESCRIPTOR)
 *         .startHttp("127.0.0.1", 8080)) {       // http://127.0.0.1:8080/mcp
 *     ...
 * }
 * McpToolServer.builder("calculator").tools(CalculatorTools.of(calculator)).serveStdio();  // in main
 * }</pre>
 *
 * <p>Tools run on the server's own daemon threads ({@code dspj-mcp-tools}), so a slow tool holds no
 * transport thread; {@link #close()} interrupts calls still running. Tools may be added and removed
 * while it runs: connected clients get {@code notifications/tools/list_changed}.
 */
public final class McpToolServer implements AutoCloseable {

    /** Where the streamable HTTP endpoint is. */
    public static final String ENDPOINT = "/mcp";

    private final McpAsyncServer server;
    private final @Nullable JdkStreamableServerTransport http;
    private final @Nullable String host;
    private final ExecutorService workers;
    private final @Nullable ExecutorService connections;
    private final Map<String, Tool> tools;
    private final CountDownLatch inputClosed;
    private volatile boolean closed;

    private McpToolServer(
            McpAsyncServer server,
            @Nullable JdkStreamableServerTransport http,
            @Nullable String host,
            ExecutorService workers,
            @Nullable ExecutorService connections,
            Map<String, Tool> tools,
            CountDownLatch inputClosed) {
        this.server = server;
        this.http = http;
        this.host = host;
        this.workers = workers;
        this.connections = connections;
        this.tools = tools;
        this.inputClosed = inputClosed;
    }

    /**
     * Starts describing a server.
     *
     * @param name the server's name, sent to clients when they connect
     * @return a builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * The HTTP port, useful after starting on port 0.
     *
     * @return the port
     * @throws IllegalStateException for a stdio server
     */
    public int port() {
        if (http == null) {
            throw new IllegalStateException("an MCP server over stdio has no port");
        }
        return http.port();
    }

    /**
     * The streamable HTTP endpoint, for {@link McpTools#http(String)}.
     *
     * @return for example {@code http://127.0.0.1:8080/mcp}
     * @throws IllegalStateException for a stdio server
     */
    public String url() {
        String address = Objects.requireNonNull(host, "host");
        String shown = address.contains(":") ? "[" + address + "]" : address;
        return "http://" + shown + ":" + port() + ENDPOINT;
    }

    /**
     * The names of the tools published now.
     *
     * @return a copy, in order
     */
    public synchronized List<String> toolNames() {
        return List.copyOf(tools.keySet());
    }

    /**
     * Publishes another tool and tells connected clients the list changed.
     *
     * @param tool the tool
     * @throws IllegalArgumentException when a tool of that name is published already
     */
    public synchronized void addTool(Tool tool) {
        Objects.requireNonNull(tool, "tool");
        if (tools.containsKey(tool.name())) {
            throw new IllegalArgumentException("the MCP server already publishes a tool named " + tool.name());
        }
        server.addTool(specification(tool, workers)).block();
        tools.put(tool.name(), tool);
    }

    /**
     * Withdraws a tool and tells connected clients the list changed.
     *
     * @param name the tool's name
     * @return whether it was published
     */
    public synchronized boolean removeTool(String name) {
        if (tools.remove(name) == null) {
            return false;
        }
        server.removeTool(name).block();
        return true;
    }

    /**
     * Waits until the client closes the server's standard input (a stdio server's end of session),
     * then closes the server.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public void awaitInputClosed() throws InterruptedException {
        inputClosed.await();
        close();
    }

    /** Stops serving: ends the sessions, interrupts tool calls still running and frees the port. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.closeGracefully().block(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            server.close();
        } finally {
            workers.shutdownNow();
            if (connections != null) {
                connections.shutdownNow();
            }
        }
    }

    private static McpServerFeatures.AsyncToolSpecification specification(Tool tool, ExecutorService workers) {
        McpSchema.Tool.Builder described = McpSchema.Tool.builder(tool.name(), McpJson.map(tool.parameters()));
        tool.description().ifPresent(described::description);
        return McpServerFeatures.AsyncToolSpecification.builder()
                .tool(described.build())
                .callHandler((exchange, request) -> call(tool, request.arguments(), workers))
                .build();
    }

    private static Mono<McpSchema.CallToolResult> call(
            Tool tool, @Nullable Map<String, Object> arguments, ExecutorService workers) {
        JsonNode given = McpJson.tree(arguments);
        // a synchronous tool runs on the thread that subscribes: one of the workers, never a transport thread
        return Mono.defer(() -> Mono.fromFuture(tool.invoke(given)))
                .subscribeOn(Schedulers.fromExecutorService(workers))
                .map(McpToolServer::success)
                .onErrorResume(error -> {
                    Throwable cause =
                            error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    String message = cause instanceof ToolException
                            ? cause.getMessage()
                            : "Error executing tool " + tool.name() + ": "
                                    + cause.getClass().getSimpleName() + ": " + cause.getMessage();
                    return Mono.just(failure(String.valueOf(message)));
                });
    }

    private static McpSchema.CallToolResult success(ToolResult result) {
        McpSchema.CallToolResult.Builder built =
                McpSchema.CallToolResult.builder().addTextContent(result.text()).isError(false);
        if (result.json().isObject()) {
            built.structuredContent(McpJson.plain(result.json()));
        }
        return built.build();
    }

    private static McpSchema.CallToolResult failure(String message) {
        return McpSchema.CallToolResult.builder()
                .addTextContent(message)
                .isError(true)
                .build();
    }

    /** The tools to publish and how; {@link #startHttp} or {@link #startStdio} ends it. */
    public static final class Builder {
        private final String name;
        private String version = "1.0.0";
        private @Nullable String instructions;
        private final Map<String, Tool> tools = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * The version sent to clients with the name.
         *
         * @param value the version; {@code 1.0.0} when not set
         * @return this builder
         */
        public Builder version(String value) {
            this.version = Objects.requireNonNull(value, "version");
            return this;
        }

        /**
         * What the server is for, sent to clients when they connect.
         *
         * @param value the instructions
         * @return this builder
         */
        public Builder instructions(String value) {
            this.instructions = Objects.requireNonNull(value, "instructions");
            return this;
        }

        /**
         * Publishes a tool.
         *
         * @param tool the tool
         * @return this builder
         * @throws IllegalArgumentException when a tool of that name is published already
         */
        public Builder tool(Tool tool) {
            Objects.requireNonNull(tool, "tool");
            if (tools.putIfAbsent(tool.name(), tool) != null) {
                throw new IllegalArgumentException("the MCP server already publishes a tool named " + tool.name());
            }
            return this;
        }

        /**
         * Publishes tools, such as a processor-generated {@code CalculatorTools.of(calculator)}.
         *
         * @param values the tools
         * @return this builder
         */
        public Builder tools(Collection<Tool> values) {
            values.forEach(this::tool);
            return this;
        }

        /**
         * Publishes a program as a tool ({@link ModuleTool}): its inputs as arguments, its outputs as
         * a JSON object.
         *
         * @param toolName the tool's name
         * @param program the program, with its learned state loaded
         * @param signature its signature
         * @return this builder
         */
        public Builder program(String toolName, Module program, SignatureDescriptor signature) {
            return tool(ModuleTool.of(toolName, program, signature));
        }

        /**
         * Serves streamable HTTP at {@code http://host:port/mcp} on the JDK's HTTP server.
         *
         * @param host the address to listen on, such as {@code 127.0.0.1}
         * @param port the port; 0 picks a free one ({@link McpToolServer#port()})
         * @return the running server
         * @throws UncheckedIOException when the port cannot be bound
         */
        public McpToolServer startHttp(String host, int port) {
            Objects.requireNonNull(host, "host");
            ExecutorService workers = workers();
            ExecutorService connections = Executors.newCachedThreadPool(Workers.daemonThreads("mcp-http"));
            JdkStreamableServerTransport transport;
            try {
                transport = new JdkStreamableServerTransport(host, port, ENDPOINT, connections);
            } catch (IOException e) {
                workers.shutdownNow();
                connections.shutdownNow();
                throw new UncheckedIOException("could not serve MCP on " + host + ":" + port, e);
            }
            McpAsyncServer server = configure(McpServer.async(transport), workers);
            return new McpToolServer(server, transport, host, workers, connections, tools(), new CountDownLatch(1));
        }

        /**
         * Serves over this process's standard input and output (a client started it as a child
         * process). Nothing else may write to standard output; logs go to standard error.
         *
         * @return the running server; {@link McpToolServer#awaitInputClosed()} waits for the client to leave
         */
        public McpToolServer startStdio() {
            return startStdio(System.in, System.out);
        }

        /**
         * Serves MCP's stdio transport over given streams.
         *
         * @param in where the client's messages come from
         * @param out where the answers go
         * @return the running server
         */
        public McpToolServer startStdio(InputStream in, OutputStream out) {
            CountDownLatch inputClosed = new CountDownLatch(1);
            InputStream watched = new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    return ended(super.read());
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    return ended(super.read(buffer, offset, length));
                }

                private int ended(int read) {
                    if (read < 0) {
                        inputClosed.countDown();
                    }
                    return read;
                }
            };
            ExecutorService workers = workers();
            StdioServerTransportProvider transport = new StdioServerTransportProvider(McpJson.SDK_MAPPER, watched, out);
            McpAsyncServer server = configure(McpServer.async(transport), workers);
            return new McpToolServer(server, null, null, workers, null, tools(), inputClosed);
        }

        private Map<String, Tool> tools() {
            return new LinkedHashMap<>(tools);
        }

        private static ExecutorService workers() {
            return Executors.newCachedThreadPool(Workers.daemonThreads("mcp-tools"));
        }

        private McpAsyncServer configure(McpServer.AsyncSpecification<?> spec, ExecutorService workers) {
            List<McpServerFeatures.AsyncToolSpecification> specifications = new ArrayList<>();
            tools.values().forEach(tool -> specifications.add(specification(tool, workers)));
            spec.serverInfo(name, version)
                    .capabilities(
                            McpSchema.ServerCapabilities.builder().tools(true).build())
                    .jsonMapper(McpJson.SDK_MAPPER)
                    .jsonSchemaValidator(McpJson.ACCEPT_ALL)
                    .validateToolInputs(false)
                    .tools(specifications);
            if (instructions != null) {
                spec.instructions(instructions);
            }
            return spec.build();
        }
    }
}
