package dev.dspj.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.dspj.lm.HashingEmbedder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/embeddings} in OpenAI's shape, for model {@value #MODEL}: deterministic
 * {@link HashingEmbedder} vectors ({@code dimensions} as asked, {@value HashingEmbedder#DEFAULT_DIMENSIONS}
 * by default), with usage counted as the simulated model counts tokens.
 */
final class EmbeddingsEndpoint extends SimEndpoint {

    static final String PATH = "/v1/embeddings";
    static final String MODEL = "sim-embed";
    private static final int MAX_INPUTS = 2048;

    EmbeddingsEndpoint(ServerCore core) {
        super(core);
    }

    @Override
    void serve(HttpExchange exchange, String body, long number, long receivedNanos) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(PATH)) {
            sendError(
                    exchange,
                    ApiError.notFound(
                            "Invalid URL (" + exchange.getRequestMethod() + " "
                                    + exchange.getRequestURI().getPath() + ")",
                            null));
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            sendError(exchange, ApiError.methodNotAllowed(exchange.getRequestMethod(), PATH));
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String key = authorization != null && authorization.strip().regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.strip().substring(7).strip()
                : authorization;
        if (!core.accepts(key)) {
            sendError(exchange, ServerCore.unauthorized(ServerCore.Protocol.OPENAI));
            return;
        }
        ObjectNode response;
        try {
            JsonNode request = parseBody(body, "We could not parse the JSON body of your request.");
            String model = request.path("model").asText("");
            if (!model.isBlank() && !model.equals(MODEL)) {
                sendError(
                        exchange,
                        ApiError.notFound(
                                ProviderMessages.modelNotFound(model) + " (the simulated server " + "embeds with model "
                                        + MODEL + ")",
                                "model_not_found"));
                return;
            }
            response = answer(request);
        } catch (BadRequest bad) {
            sendError(exchange, bad.error());
            return;
        }
        HttpIo.sendJson(exchange, 200, response, Map.of("x-request-id", requestId("req_sim", number)));
    }

    private ObjectNode answer(JsonNode request) {
        String model = request.path("model").asText("");
        if (model.isBlank()) {
            throw new BadRequest("you must provide a model parameter", "model", null);
        }
        List<String> inputs = new ArrayList<>();
        JsonNode input = request.path("input");
        if (input.isTextual()) {
            inputs.add(input.asText());
        } else if (input.isArray() && !input.isEmpty()) {
            for (JsonNode item : input) {
                if (!item.isTextual()) {
                    throw new BadRequest("'input' must be a string or an array of strings", "input", "invalid_value");
                }
                inputs.add(item.asText());
            }
        } else {
            throw new BadRequest("'input' must be a non-empty string or array of strings", "input", "invalid_value");
        }
        if (inputs.size() > MAX_INPUTS) {
            throw new BadRequest(
                    "'input' has " + inputs.size() + " items; at most " + MAX_INPUTS + " are allowed",
                    "input",
                    "invalid_value");
        }
        int dimensions = HashingEmbedder.DEFAULT_DIMENSIONS;
        if (request.has("dimensions")) {
            JsonNode value = request.get("dimensions");
            if (!value.canConvertToInt() || value.asInt() < 1 || value.asInt() > 4096) {
                throw new BadRequest(
                        "'dimensions' must be an integer between 1 and 4096", "dimensions", "invalid_value");
            }
            dimensions = value.asInt();
        }
        HashingEmbedder embedder = new HashingEmbedder(dimensions);
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode response = nodes.objectNode().put("object", "list");
        ArrayNode data = response.putArray("data");
        long tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            ArrayNode vector = item.putArray("embedding");
            for (float value : embedder.embed(inputs.get(i))) {
                vector.add(value);
            }
            tokens += SimTokens.ofText(inputs.get(i));
        }
        response.put("model", MODEL);
        response.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return response;
    }

    @Override
    void sendError(HttpExchange exchange, ApiError error) throws IOException {
        HttpIo.sendJson(exchange, error.status(), OpenAiWire.error(error), Map.of());
    }
}
