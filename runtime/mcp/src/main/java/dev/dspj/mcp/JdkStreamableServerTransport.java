package dev.dspj.mcp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * MCP's streamable HTTP transport on the JDK's HTTP server (no servlet container): the SDK's
 * {@code HttpServletStreamableServerTransportProvider}, request for request. One endpoint: POST
 * carries a JSON-RPC message ({@code initialize} answers with JSON and a new {@code
 * Mcp-Session-Id}; another request answers on a server-sent-event stream; a notification or a
 * response is accepted with 202), GET opens the session's stream for the server's notifications
 * ({@code notifications/tools/list_changed}), DELETE ends the session. A request from a browser page
 * whose {@code Origin} is not this machine is refused (403), as the MCP specification asks of local
 * servers against DNS rebinding.
 */
final class JdkStreamableServerTransport implements McpStreamableServerTransportProvider {

    private static final Logger LOG = LoggerFactory.getLogger(JdkStreamableServerTransport.class);
    private static final String JSON = "application/json";
    private static final String EVENT_STREAM = "text/event-stream";
    /** The largest request body read, as the SDK's servlet transport: 16 MiB. */
    private static final int MAX_REQUEST = 16 * 1024 * 1024;

    private final HttpServer server;
    private final String endpoint;
    private final Map<String, McpStreamableServerSession> sessions = new ConcurrentHashMap<>();
    private volatile McpStreamableServerSession.@Nullable Factory sessionFactory;
    private volatile boolean closing;

    JdkStreamableServerTransport(String host, int port, String endpoint, ExecutorService executor) throws IOException {
        this.endpoint = endpoint;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.setExecutor(executor);
        server.createContext(endpoint, this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String endpoint() {
        return endpoint;
    }

    @Override
    public void setSessionFactory(McpStreamableServerSession.Factory factory) {
        this.sessionFactory = factory;
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return Mono.fromRunnable(() -> sessions.values().forEach(session -> {
            try {
                session.sendNotification(method, params).block();
            } catch (RuntimeException e) {
                LOG.debug("could not notify MCP session {}: {}", session.getId(), e.toString());
            }
        }));
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        return Mono.defer(() -> {
            McpStreamableServerSession session = sessions.get(sessionId);
            return session == null ? Mono.empty() : session.sendNotification(method, params);
        });
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> {
            closing = true;
            sessions.values().forEach(session -> {
                try {
                    session.closeGracefully().block();
                } catch (RuntimeException e) {
                    LOG.debug("closing MCP session {}: {}", session.getId(), e.toString());
                }
            });
            sessions.clear();
            server.stop(0);
        });
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            if (closing) {
                status(exchange, 503);
                return;
            }
            if (!exchange.getRequestURI().getPath().equals(endpoint)) {
                status(exchange, 404);
                return;
            }
            if (!localOrigin(exchange.getRequestHeaders().getFirst("Origin"))) {
                // MCP's guard against DNS rebinding: a web page elsewhere must not reach a local server
                error(exchange, 403, McpSchema.ErrorCodes.INVALID_REQUEST, "Origin not allowed");
                return;
            }
            switch (exchange.getRequestMethod()) {
                case "POST":
                    post(exchange);
                    break;
                case "GET":
                    get(exchange);
                    break;
                case "DELETE":
                    delete(exchange);
                    break;
                default:
                    status(exchange, 405);
            }
        } catch (RuntimeException | IOException e) {
            LOG.debug("MCP HTTP request failed: {}", e.toString());
            try {
                error(
                        exchange,
                        500,
                        McpSchema.ErrorCodes.INTERNAL_ERROR,
                        "Error processing message: " + e.getMessage());
            } catch (IOException | RuntimeException ignored) {
                exchange.close();
            }
        }
    }

    /** No {@code Origin} (not a browser), or a page served from this machine. */
    static boolean localOrigin(@Nullable String origin) {
        if (origin == null || origin.isBlank()) {
            return true;
        }
        try {
            String host = java.net.URI.create(origin.strip()).getHost();
            return host != null
                    && (host.equals("localhost")
                            || host.equals("127.0.0.1")
                            || host.equals("[::1]")
                            || host.equals("::1"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void post(HttpExchange exchange) throws IOException {
        String accept = String.valueOf(exchange.getRequestHeaders().getFirst("Accept"));
        if (!accept.contains(EVENT_STREAM) || !accept.contains(JSON)) {
            error(
                    exchange,
                    400,
                    McpSchema.ErrorCodes.INVALID_REQUEST,
                    "application/json and text/event-stream required in Accept header");
            return;
        }
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_REQUEST + 1);
            if (bytes.length > MAX_REQUEST) {
                status(exchange, 413);
                return;
            }
            body = new String(bytes, StandardCharsets.UTF_8);
        }
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(McpJson.SDK_MAPPER, body);
        } catch (IOException | IllegalArgumentException e) {
            error(exchange, 400, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid message format: " + e.getMessage());
            return;
        }
        if (message instanceof McpSchema.JSONRPCRequest request
                && request.method().equals(McpSchema.METHOD_INITIALIZE)) {
            initialize(exchange, request);
            return;
        }
        McpStreamableServerSession session = session(exchange);
        if (session == null) {
            return;
        }
        if (message instanceof McpSchema.JSONRPCResponse response) {
            session.accept(response).block();
            status(exchange, 202);
        } else if (message instanceof McpSchema.JSONRPCNotification notification) {
            session.accept(notification).block();
            status(exchange, 202);
        } else if (message instanceof McpSchema.JSONRPCRequest request) {
            exchange.getResponseHeaders().set("Content-Type", EVENT_STREAM + "; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            EventStream stream = new EventStream(session.getId(), exchange);
            try {
                session.responseStream(stream).handle(request).block();
            } catch (RuntimeException e) {
                LOG.debug("MCP request {} failed: {}", request.method(), e.toString());
                stream.close();
            }
        } else {
            error(exchange, 400, McpSchema.ErrorCodes.INVALID_REQUEST, "Unknown message type");
        }
    }

    private void initialize(HttpExchange exchange, McpSchema.JSONRPCRequest request) throws IOException {
        McpStreamableServerSession.Factory factory = Objects.requireNonNull(sessionFactory, "session factory");
        McpSchema.InitializeRequest initialize =
                McpJson.SDK_MAPPER.convertValue(request.params(), new TypeRef<McpSchema.InitializeRequest>() {});
        McpStreamableServerSession.McpStreamableServerSessionInit init = factory.startSession(initialize);
        sessions.put(init.session().getId(), init.session());
        McpSchema.InitializeResult result;
        try {
            result = init.initResult().block();
        } catch (RuntimeException e) {
            error(
                    exchange,
                    500,
                    McpSchema.ErrorCodes.INTERNAL_ERROR,
                    "Failed to initialize session: " + e.getMessage());
            return;
        }
        exchange.getResponseHeaders()
                .set(HttpHeaders.MCP_SESSION_ID, init.session().getId());
        json(
                exchange,
                200,
                McpJson.SDK_MAPPER.writeValueAsBytes(McpSchema.JSONRPCResponse.result(request.id(), result)));
    }

    private void get(HttpExchange exchange) throws IOException {
        String accept = String.valueOf(exchange.getRequestHeaders().getFirst("Accept"));
        if (!accept.contains(EVENT_STREAM)) {
            error(exchange, 400, McpSchema.ErrorCodes.INVALID_REQUEST, "text/event-stream required in Accept header");
            return;
        }
        McpStreamableServerSession session = session(exchange);
        if (session == null) {
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", EVENT_STREAM + "; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        exchange.getResponseBody().flush();
        // the stream stays open after this handler returns, until the session or the client ends it
        session.listeningStream(new EventStream(session.getId(), exchange));
    }

    private void delete(HttpExchange exchange) throws IOException {
        McpStreamableServerSession session = session(exchange);
        if (session == null) {
            return;
        }
        session.delete().block();
        sessions.remove(session.getId());
        status(exchange, 200);
    }

    /** The session the request names; answers 400 or 404 and returns null when there is none. */
    private @Nullable McpStreamableServerSession session(HttpExchange exchange) throws IOException {
        String id = exchange.getRequestHeaders().getFirst(HttpHeaders.MCP_SESSION_ID);
        if (id == null || id.isBlank()) {
            error(exchange, 400, McpSchema.ErrorCodes.INVALID_REQUEST, "Session ID required in mcp-session-id header");
            return null;
        }
        McpStreamableServerSession session = sessions.get(id);
        if (session == null) {
            error(exchange, 404, McpSchema.ErrorCodes.INTERNAL_ERROR, "Session not found: " + id);
            return null;
        }
        return session;
    }

    private static void status(HttpExchange exchange, int code) throws IOException {
        exchange.sendResponseHeaders(code, -1);
        exchange.close();
    }

    private static void error(HttpExchange exchange, int status, int code, String message) throws IOException {
        json(
                exchange,
                status,
                McpJson.SDK_MAPPER.writeValueAsBytes(
                        new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(code, message)).getJsonRpcError()));
    }

    private static void json(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** One server-sent-event stream: a request's answer, or a session's notifications. */
    private static final class EventStream implements McpStreamableServerTransport {
        private final String sessionId;
        private final HttpExchange exchange;
        private final ReentrantLock lock = new ReentrantLock();
        private volatile boolean closed;

        EventStream(String sessionId, HttpExchange exchange) {
            this.sessionId = sessionId;
            this.exchange = exchange;
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return sendMessage(message, null);
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, @Nullable String messageId) {
            return Mono.fromRunnable(() -> {
                lock.lock();
                try {
                    if (closed) {
                        return;
                    }
                    String event = "id: " + (messageId != null ? messageId : sessionId) + "\nevent: message\ndata: "
                            + McpJson.SDK_MAPPER.writeValueAsString(message) + "\n\n";
                    OutputStream out = exchange.getResponseBody();
                    out.write(event.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException e) {
                    LOG.debug("MCP session {}: the client left: {}", sessionId, e.toString());
                    closeLocked();
                } finally {
                    lock.unlock();
                }
            });
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
            return McpJson.SDK_MAPPER.convertValue(data, type);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.fromRunnable(this::close);
        }

        @Override
        public void close() {
            lock.lock();
            try {
                closeLocked();
            } finally {
                lock.unlock();
            }
        }

        private void closeLocked() {
            if (!closed) {
                closed = true;
                exchange.close();
            }
        }
    }
}
