package dev.dspj.lm.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmSettings;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The stable key of a request: SHA-256 over a canonical JSON of everything that shapes the answer
 * (endpoint, model, messages, sampling settings, response format, rollout id) and nothing secret
 * (no API key, no headers).
 */
public final class CacheKey {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private CacheKey() {}

    /**
     * Computes the key.
     *
     * @param endpoint the provider and base URL, e.g. {@code openai|https://api.openai.com/v1}
     * @param model the model name
     * @param request the request
     * @return 64 hex characters
     */
    public static String of(String endpoint, String model, LmRequest request) {
        ObjectNode canonical = MAPPER.createObjectNode();
        canonical.put("endpoint", endpoint);
        canonical.put("model", model);
        ArrayNode messages = canonical.putArray("messages");
        for (ChatMessage message : request.messages()) {
            messages.addObject().put("role", message.role().wireName()).put("content", message.content());
        }
        LmSettings settings = request.settings();
        ObjectNode s = canonical.putObject("settings");
        settings.temperature().ifPresent(v -> s.put("temperature", v));
        settings.maxTokens().ifPresent(v -> s.put("max_tokens", v));
        settings.topP().ifPresent(v -> s.put("top_p", v));
        if (!settings.stop().isEmpty()) {
            ArrayNode stop = s.putArray("stop");
            settings.stop().forEach(stop::add);
        }
        settings.n().ifPresent(v -> s.put("n", v));
        settings.seed().ifPresent(v -> s.put("seed", v));
        settings.responseFormat().ifPresent(format -> {
            ObjectNode f = s.putObject("response_format");
            f.put("kind", format.kind().name());
            format.name().ifPresent(name -> f.put("name", name));
            format.schema().ifPresent(schema -> f.set("schema", schema));
            f.put("strict", format.strict());
        });
        settings.rolloutId().ifPresent(v -> s.put("rollout_id", v));
        settings.tools().ifPresent(tools -> {
            ObjectNode t = s.putObject("tools");
            t.put("functions", tools.functionsJson());
            tools.choice().ifPresent(choice -> t.put("choice", choice));
            tools.parallelToolCalls().ifPresent(parallel -> t.put("parallel", parallel));
        });
        return sha256(canonical);
    }

    private static String sha256(JsonNode node) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(MAPPER.writeValueAsBytes(node)));
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot compute a cache key", e);
        }
    }
}
