package dev.dspj.lm.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.StreamEvent;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One provider's wire protocol: request JSON, authentication headers, response and stream parsing. */
interface ProviderProtocol {

    /** The one mapper the protocols and the model client read and write bodies with. */
    com.fasterxml.jackson.databind.json.JsonMapper JSON =
            com.fasterxml.jackson.databind.json.JsonMapper.builder().build();

    /** The provider's name in messages and cache keys. */
    String name();

    /** The endpoint path, appended to the base URL. */
    String path();

    /** The headers that authenticate a request (empty when there is no key). */
    Map<String, String> authHeaders(Secret key);

    /** Other headers every request carries. */
    Map<String, String> fixedHeaders();

    /** The request body. */
    ObjectNode requestBody(String model, LmRequest request, boolean stream);

    /** Parses a successful response body. */
    LmResponse parseResponse(JsonNode body, String requestedModel);

    /** The request body's bytes; by default {@link #requestBody} written out. */
    default byte[] requestBytes(String model, LmRequest request, boolean stream) {
        try {
            return JSON.writeValueAsBytes(requestBody(model, request, stream));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write a request body", e);
        }
    }

    /**
     * A successful response read from its bytes; by default through a tree and
     * {@link #parseResponse(JsonNode, String)}. Any exception sends the caller down its slower path,
     * which names what is wrong.
     */
    default LmResponse parseResponse(byte[] body, String requestedModel) throws java.io.IOException {
        return parseResponse(JSON.readTree(body), requestedModel);
    }

    /** A parser for one streamed response. */
    StreamParser streamParser(String requestedModel);

    /** The provider's error code and message from an error body (either may be null). */
    ErrorDetails errorDetails(JsonNode body);

    /** Parses the events of one streamed response. */
    interface StreamParser {
        /** Handles one server-sent event; returns the deltas it carries. */
        List<StreamEvent.Delta> onEvent(String event, String data);

        /** Whether the stream said it is finished. */
        boolean finished();

        /** The whole response, once the stream has ended. */
        LmResponse response();
    }

    /**
     * A provider's description of an error.
     *
     * @param code the error code or type, or null
     * @param message the message, or null
     */
    record ErrorDetails(@Nullable String code, @Nullable String message) {}
}
