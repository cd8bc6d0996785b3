package dev.dspj.lm.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.lm.LmResponse;
import dev.dspj.primitives.Usage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Stores a response as JSON text in a cache and reads it back. */
public final class ResponseJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ResponseJson() {}

    /**
     * The response as JSON text: its choices, token counts, model and finish reason.
     *
     * @param response the response
     * @return the text
     */
    public static String write(LmResponse response) {
        ObjectNode node = MAPPER.createObjectNode();
        ArrayNode choices = node.putArray("choices");
        response.choices().forEach(choices::add);
        node.put("prompt_tokens", response.usage().promptTokens());
        node.put("completion_tokens", response.usage().completionTokens());
        node.put("model", response.model());
        node.put("finish_reason", response.finishReason());
        return node.toString();
    }

    /**
     * Reads what {@link #write} wrote.
     *
     * @param text the JSON text
     * @return the response
     * @throws IOException when the text is not a stored response
     */
    public static LmResponse read(String text) throws IOException {
        JsonNode node = MAPPER.readTree(text);
        List<String> choices = new ArrayList<>();
        for (JsonNode choice : node.path("choices")) {
            choices.add(choice.asText());
        }
        if (choices.isEmpty()) {
            throw new IOException("cached response has no choices");
        }
        return new LmResponse(
                choices,
                new Usage(
                        node.path("prompt_tokens").asLong(),
                        node.path("completion_tokens").asLong()),
                node.path("model").asText(),
                node.path("finish_reason").asText(),
                true);
    }
}
