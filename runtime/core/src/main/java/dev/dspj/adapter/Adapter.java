package dev.dspj.adapter;

import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ModelCapabilities;
import dev.dspj.primitives.Example;
import dev.dspj.signature.SignatureDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a signature, demos and inputs into chat messages, and a model's answer back into typed
 * output values. Adapters are stateless and safe to share between threads.
 */
public interface Adapter {

    /**
     * The adapter's name, for messages and saved state.
     *
     * @return for example {@code ChatAdapter}
     */
    String name();

    /**
     * Formats the prompt: a system message, the demos as user/assistant turns, then the inputs.
     *
     * @param signature the signature
     * @param demos worked examples to show, possibly incomplete
     * @param inputs the input values by field name
     * @return the messages
     */
    List<ChatMessage> format(SignatureDescriptor signature, List<Example> demos, Map<String, Object> inputs);

    /**
     * Parses a completion into typed values for every output field.
     *
     * @param signature the signature
     * @param completion the model's text
     * @return field name to typed value, in output-field order
     * @throws AdapterParseException naming every missing or malformed field
     */
    Map<String, Object> parse(SignatureDescriptor signature, String completion);

    /**
     * Settings this adapter adds to every request, such as a JSON response format, given what the
     * model supports. The default adds nothing.
     *
     * @param signature the signature
     * @param capabilities what the model's API supports
     * @return settings merged under the caller's
     */
    default LmSettings requestSettings(SignatureDescriptor signature, ModelCapabilities capabilities) {
        return LmSettings.DEFAULTS;
    }

    /**
     * The adapter to retry the whole call with when this one cannot parse the answer (DSPy's
     * Chat adapter falls back to the JSON adapter). The default has none.
     *
     * @return the fallback adapter
     */
    default Optional<Adapter> fallback() {
        return Optional.empty();
    }
}
