package dev.dspj.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A predictor's model and sampling settings in saved state.
 *
 * <p>DSPy's {@code "lm"} entry is {@code null} or the state of a {@code dspy.LM}:
 * {@code _dspy_lm_class}, {@code model}, {@code model_type}, {@code cache}, {@code num_retries},
 * the LM's keyword arguments ({@code temperature} and {@code max_tokens} always, then any other:
 * {@code top_p}, {@code stop}, {@code n}, {@code seed}, {@code rollout_id}...),
 * {@code finetuning_model}, {@code launch_kwargs} and {@code train_kwargs}. DSPy strips the API key
 * when saving, and ignores {@code api_base}, {@code base_url} and {@code model_list} when loading
 * untrusted files; DSPJ never writes a key or an endpoint and always ignores them.
 */
final class LmState {

    /** DSPy's class marker for its built-in LM. */
    static final String DSPY_LM_CLASS = "dspy.clients.lm.LM";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Keys that say where calls go or how they authenticate: never written, ignored when read. */
    private static final Set<String> ENDPOINT_KEYS = Set.of("api_key", "api_base", "base_url", "model_list");

    private LmState() {}

    /**
     * DSPy's {@code "lm"} entry for a predictor with a model: the model's name and the settings
     * its calls use (the client's defaults under the predictor's own).
     */
    static ObjectNode lmToJson(LanguageModel model, LmSettings predictorSettings) {
        LmSettings effective = model.defaults().merge(predictorSettings);
        int numRetries = Math.max(0, model.maxAttempts() - 1);
        ObjectNode lm = NODES.objectNode();
        lm.put("_dspy_lm_class", DSPY_LM_CLASS);
        lm.put("model", model.modelName());
        lm.put("model_type", "chat");
        lm.put("cache", effective.cacheEnabled());
        lm.put("num_retries", numRetries);
        ObjectNode kwargs = settingsToJson(effective);
        kwargs.remove("cache");
        // dspy.LM always has these two keyword arguments, null when unset
        lm.set("temperature", kwargs.has("temperature") ? kwargs.remove("temperature") : NODES.nullNode());
        lm.set("max_tokens", kwargs.has("max_tokens") ? kwargs.remove("max_tokens") : NODES.nullNode());
        lm.setAll(kwargs);
        lm.putNull("finetuning_model");
        lm.putObject("launch_kwargs");
        lm.putObject("train_kwargs");
        return lm;
    }

    /** Settings as JSON with the OpenAI/DSPy names; only the values that are set. */
    static ObjectNode settingsToJson(LmSettings settings) {
        ObjectNode json = NODES.objectNode();
        settings.temperature().ifPresent(value -> json.put("temperature", value));
        settings.maxTokens().ifPresent(value -> json.put("max_tokens", value));
        settings.topP().ifPresent(value -> json.put("top_p", value));
        if (!settings.stop().isEmpty()) {
            settings.stop().forEach(json.putArray("stop")::add);
        }
        settings.n().ifPresent(value -> json.put("n", value));
        settings.seed().ifPresent(value -> json.put("seed", value));
        settings.rolloutId().ifPresent(value -> json.put("rollout_id", value));
        if (!settings.cacheEnabled()) {
            json.put("cache", false);
        } else if (settings.withCache(true).equals(settings)) {
            json.put("cache", true); // set explicitly, not merely the default
        }
        return json;
    }

    /**
     * Reads settings: DSPJ's own, or the keyword arguments of a DSPy LM entry. Keys DSPJ does not
     * know (DSPy's {@code model_type}, {@code num_retries}, {@code finetuning_model}, provider
     * options...) are skipped; endpoints and keys are ignored.
     *
     * @param json the object
     * @param predictor the predictor's path, for messages
     * @param where {@code lm} or {@code metadata.dspj.predictors.<path>.settings}, for messages
     * @param unknown collects the keys that were skipped
     */
    static LmSettings settingsFromJson(JsonNode json, String predictor, String where, List<String> unknown) {
        LmSettings settings = LmSettings.DEFAULTS;
        for (Map.Entry<String, JsonNode> entry : json.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                continue;
            }
            try {
                settings = switch (key) {
                    case "temperature" -> settings.withTemperature(number(value));
                    case "max_tokens", "max_completion_tokens" -> settings.withMaxTokens(integer(value));
                    case "top_p" -> settings.withTopP(number(value));
                    case "stop" -> settings.withStop(strings(value));
                    case "n" -> settings.withN(integer(value));
                    case "seed" ->
                        settings.withSeed(
                                value.canConvertToLong() && value.isIntegralNumber()
                                        ? value.longValue()
                                        : fail("an integer"));
                    case "rollout_id" -> settings.withRolloutId(integer(value));
                    case "cache" ->
                        settings.withCache(value.isBoolean() ? value.booleanValue() : fail("true or false"));
                    default -> {
                        unknown.add(key);
                        yield settings;
                    }
                };
            } catch (IllegalArgumentException bad) {
                throw new ProgramStateException(
                        "predictor '" + predictor + "': " + where + "." + key + " is " + value
                                + ", which is not a valid setting: " + bad.getMessage(),
                        predictor,
                        where + "." + key,
                        bad);
            }
        }
        return settings;
    }

    /** Whether a key of a DSPy LM entry is an endpoint or a key, which DSPJ ignores. */
    static boolean isEndpointKey(String key) {
        return ENDPOINT_KEYS.contains(key);
    }

    private static double number(JsonNode value) {
        return value.isNumber() ? value.doubleValue() : fail("a number");
    }

    private static int integer(JsonNode value) {
        return value.isIntegralNumber() && value.canConvertToInt() ? value.intValue() : fail("an integer");
    }

    private static List<String> strings(JsonNode value) {
        if (value.isTextual()) {
            return List.of(value.textValue());
        }
        if (!value.isArray()) {
            return fail("a string or a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            out.add(item.isTextual() ? item.textValue() : fail("a string or a list of strings"));
        }
        return out;
    }

    @SuppressWarnings("TypeParameterUnusedInFormals") // never returns: throws, typed to fit any expression
    private static <T> T fail(String expected) {
        throw new IllegalArgumentException("expected " + expected);
    }
}
