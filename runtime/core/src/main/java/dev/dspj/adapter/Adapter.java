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
     * The settings a request needs for these inputs; by default those of {@link
     * #requestSettings(SignatureDescriptor, ModelCapabilities)}. Native function calling reads the
     * tools from the inputs here.
     *
     * @param signature the signature
     * @param capabilities what the model supports
     * @param inputs the call's inputs
     * @return the settings
     */
    default LmSettings requestSettings(
            SignatureDescriptor signature, ModelCapabilities capabilities, Map<String, Object> inputs) {
        return requestSettings(signature, capabilities);
    }

    /**
     * Reads the outputs from a whole response; by default from its text with {@link
     * #parse(SignatureDescriptor, String)}. Native function calling reads the tool calls here.
     *
     * @param signature the signature
     * @param response the model's response
     * @return output field name to value
     * @throws AdapterParseException naming every field that is missing or malformed
     */
    default Map<String, Object> parse(SignatureDescriptor signature, dev.dspj.lm.LmResponse response) {
        return parse(signature, response.text());
    }

    /**
     * This adapter sending a signature's tools through the provider's native function calling
     * (DSPy's {@code use_native_function_calling=True}): the first {@code Tool} or {@code
     * List<Tool>} input becomes the request's {@code tools} and the first {@code ToolCalls} output
     * is read from the response's tool calls; both leave the prompt (the calls stay in it when they
     * are the signature's only output, since a prompt asks for at least one field). Signatures
     * without such fields are formatted as before.
     *
     * @return the adapter
     */
    default Adapter withNativeFunctionCalling() {
        return this instanceof NativeFunctionCalling ? this : new NativeFunctionCalling(this);
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
