package dev.dspj.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps every endpoint of the simulated server shares: read and record the request, serve it,
 * answer an unexpected failure with a 500 in the provider's error shape, and always close the exchange.
 */
abstract class SimEndpoint implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SimEndpoint.class);
    static final JsonMapper JSON = JsonMapper.builder().build();

    final ServerCore core;

    SimEndpoint(ServerCore core) {
        this.core = core;
    }

    @Override
    public final void handle(HttpExchange exchange) {
        long receivedNanos = System.nanoTime();
        try {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            long number = core.record(exchange, body);
            serve(exchange, body, number, receivedNanos);
        } catch (IOException clientGone) {
            LOG.debug("simulated model: client went away: {}", clientGone.toString());
        } catch (RuntimeException bug) {
            LOG.warn(
                    "simulated model: failed to serve {} {}",
                    exchange.getRequestMethod(),
                    exchange.getRequestURI(),
                    bug);
            try {
                sendError(
                        exchange,
                        new ApiError(
                                500,
                                ApiError.Kind.SERVER_ERROR,
                                "The simulated model failed: " + bug,
                                null,
                                null,
                                null));
            } catch (IOException | RuntimeException alreadyAnswering) {
                LOG.debug("simulated model: could not report the failure", alreadyAnswering);
            }
        } finally {
            exchange.close();
        }
    }

    /**
     * Serves a recorded request. A simulated latency runs from {@code receivedNanos} (the
     * {@link System#nanoTime()} when the request reached the server), so the server's own parsing
     * and answering is part of it rather than added to it, as with a provider's measured latency.
     */
    abstract void serve(HttpExchange exchange, String body, long number, long receivedNanos) throws IOException;

    /** Writes an error in this endpoint's provider shape. */
    abstract void sendError(HttpExchange exchange, ApiError error) throws IOException;

    /** Parses a JSON body, or throws a 400 naming the problem. */
    static JsonNode parseBody(String body, String message) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new BadRequest(message + " (the body is empty)", null, null);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequest(message + " (" + e.getOriginalMessage() + ")", null, null);
        }
    }

    /** The rollout id sent in the {@value SimulatedModelServer#ROLLOUT_HEADER} header, or null. */
    static @Nullable Integer rolloutId(HttpExchange exchange) {
        String value = exchange.getRequestHeaders().getFirst(SimulatedModelServer.ROLLOUT_HEADER);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new BadRequest(
                    "Invalid " + SimulatedModelServer.ROLLOUT_HEADER + " header: expected an integer, got '" + value
                            + "'",
                    null,
                    "invalid_value");
        }
    }

    /** A request id for the response headers. */
    static String requestId(String prefix, long number) {
        return prefix + String.format("%016x", number);
    }
}
