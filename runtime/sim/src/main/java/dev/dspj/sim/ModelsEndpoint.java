package dev.dspj.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}, in OpenAI's shape; and OpenAI's 404 for any unknown path. */
final class ModelsEndpoint extends SimEndpoint {

    static final String PATH = "/v1/models";

    ModelsEndpoint(ServerCore core) {
        super(core);
    }

    @Override
    void serve(HttpExchange exchange, String body, long number, long receivedNanos) throws IOException {
        String path = exchange.getRequestURI().getPath();
        boolean list = path.equals(PATH) || path.equals(PATH + "/");
        boolean one = path.startsWith(PATH + "/") && !list;
        if (!list && !one) {
            sendError(
                    exchange,
                    ApiError.notFound("Invalid URL (" + exchange.getRequestMethod() + " " + path + ")", null));
            return;
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET");
            sendError(exchange, ApiError.methodNotAllowed(exchange.getRequestMethod(), path));
            return;
        }
        if (one) {
            String name = path.substring(PATH.length() + 1);
            Optional<SimModelProfile> profile = core.profile(name);
            if (profile.isEmpty()) {
                sendError(exchange, ApiError.notFound(ProviderMessages.modelNotFound(name), "model_not_found"));
            } else {
                HttpIo.sendJson(exchange, 200, OpenAiWire.model(profile.get()), Map.of());
            }
            return;
        }
        ObjectNode models = JsonNodeFactory.instance.objectNode().put("object", "list");
        ArrayNode data = models.putArray("data");
        core.profiles().values().forEach(profile -> data.add(OpenAiWire.model(profile)));
        HttpIo.sendJson(exchange, 200, models, Map.of());
    }

    @Override
    void sendError(HttpExchange exchange, ApiError error) throws IOException {
        HttpIo.sendJson(exchange, error.status(), OpenAiWire.error(error), Map.of());
    }
}
