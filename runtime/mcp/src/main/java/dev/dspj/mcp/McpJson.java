package dev.dspj.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The one JSON mapper the client and the server share, and the conversions between the SDK's maps and trees. */
final class McpJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static final McpJsonMapper SDK_MAPPER = new JacksonMcpJsonMapper(MAPPER);

    /**
     * Accepts every value: a DSPJ tool checks its own arguments with its codecs (with DSPy's
     * messages, which the model reads), and a client passes structured results on as given, as
     * DSPy does. It also keeps the SDK from loading a JSON-schema library DSPJ does not ship.
     */
    static final JsonSchemaValidator ACCEPT_ALL = new JsonSchemaValidator() {
        @Override
        public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
            return ValidationResponse.asValid(null);
        }
    };

    private McpJson() {}

    static JsonNode tree(@Nullable Object value) {
        return MAPPER.valueToTree(value);
    }

    @SuppressWarnings("unchecked") // a JSON object converts to a map with string keys
    static Map<String, Object> map(JsonNode object) {
        return MAPPER.convertValue(object, Map.class);
    }

    static @Nullable Object plain(JsonNode value) {
        return MAPPER.convertValue(value, Object.class);
    }
}
