package dev.dspj.optimize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmSettings;
import dev.dspj.module.CallOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Writes {@link OptimizerOptions} records as JSON, and turns option objects into their data. */
final class OptionsJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OptionsJson() {}

    static String write(Object options) {
        try {
            return JSON.writeValueAsString(options);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("options not writable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A model's name (never its key), or null for none. */
    static @Nullable String modelName(@Nullable LanguageModel model) {
        return model == null ? null : model.modelName();
    }

    /** The settings a {@link CallOptions} overrides, by DSPy's names; its model as {@code model}. */
    static Map<String, Object> callOptions(CallOptions options) {
        Map<String, Object> values = new LinkedHashMap<>();
        options.model().ifPresent(m -> values.put("model", m.modelName()));
        values.putAll(settings(options.settings()));
        return values;
    }

    /** The settings that are set, by DSPy's names. */
    static Map<String, Object> settings(LmSettings settings) {
        Map<String, Object> values = new LinkedHashMap<>();
        settings.temperature().ifPresent(v -> values.put("temperature", v));
        settings.maxTokens().ifPresent(v -> values.put("max_tokens", v));
        settings.topP().ifPresent(v -> values.put("top_p", v));
        if (!settings.stop().isEmpty()) {
            values.put("stop", settings.stop());
        }
        settings.n().ifPresent(v -> values.put("n", v));
        settings.seed().ifPresent(v -> values.put("seed", v));
        settings.rolloutId().ifPresent(v -> values.put("rollout_id", v));
        settings.responseFormat().ifPresent(v -> values.put("response_format", String.valueOf(v)));
        if (!settings.cacheEnabled()) {
            values.put("cache", false);
        }
        return values;
    }
}
