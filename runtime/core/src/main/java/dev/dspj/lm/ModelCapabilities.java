package dev.dspj.lm;

/**
 * What a model's API supports, so adapters ask only for what it can do.
 *
 * @param structuredOutputs answers can be constrained to a JSON schema ({@code json_schema})
 * @param jsonMode answers can be constrained to any JSON object ({@code json_object})
 * @param streaming answers can be streamed
 */
public record ModelCapabilities(boolean structuredOutputs, boolean jsonMode, boolean streaming) {

    /** A model that supports none of these (the default for custom models). */
    public static final ModelCapabilities TEXT_ONLY = new ModelCapabilities(false, false, false);
    /** A model that supports all of these (OpenAI's current models). */
    public static final ModelCapabilities FULL = new ModelCapabilities(true, true, true);
}
