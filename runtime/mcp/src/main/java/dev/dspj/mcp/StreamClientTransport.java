package dev.dspj.mcp;

import dev.dspj.execution.Workers;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * MCP's stdio framing (one JSON-RPC message a line) over streams the caller already has: a server
 * in the same process ({@link McpToolServer.Builder#startStdio(InputStream, OutputStream)}), or a
 * process or socket started elsewhere. Messages are read on one daemon thread.
 */
final class StreamClientTransport implements McpClientTransport {

    private static final Logger LOG = LoggerFactory.getLogger(StreamClientTransport.class);

    private final String name;
    private final InputStream in;
    private final OutputStream out;
    private volatile boolean closed;

    StreamClientTransport(String name, InputStream in, OutputStream out) {
        this.name = name;
        this.in = in;
        this.out = out;
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return Mono.fromRunnable(() -> Workers.daemonThreads("mcp-client-" + name)
                .newThread(() -> read(handler))
                .start());
    }

    private void read(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while (!closed && (line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                McpSchema.JSONRPCMessage message;
                try {
                    message = McpSchema.deserializeJsonRpcMessage(McpJson.SDK_MAPPER, line);
                } catch (IOException | IllegalArgumentException e) {
                    LOG.warn("MCP server {} sent a line that is not a JSON-RPC message: {}", name, e.toString());
                    continue;
                }
                handler.apply(Mono.just(message))
                        .subscribe(
                                reply -> {},
                                error -> LOG.debug(
                                        "MCP server {}: handling a message failed: {}", name, error.toString()));
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.debug("MCP server {}: reading stopped: {}", name, e.toString());
            }
        }
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return Mono.fromRunnable(() -> {
            try {
                byte[] line = (McpJson.SDK_MAPPER.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
                synchronized (out) {
                    out.write(line);
                    out.flush();
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("could not write to MCP server " + name, e);
            }
        });
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
        return McpJson.SDK_MAPPER.convertValue(data, type);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> {
            closed = true;
            try {
                out.close();
            } catch (IOException e) {
                LOG.debug("closing the stream to MCP server {}: {}", name, e.toString());
            }
            try {
                in.close();
            } catch (IOException e) {
                LOG.debug("closing the stream from MCP server {}: {}", name, e.toString());
            }
        });
    }
}
