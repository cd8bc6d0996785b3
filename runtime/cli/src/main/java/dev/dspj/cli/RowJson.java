package dev.dspj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.codec.ValueCodec;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes a row's values as JSON: a value of a signature's field through the field's codec (records
 * as objects, enums by name, as the model was shown them), anything else as plain JSON.
 */
final class RowJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private final @Nullable SignatureDescriptor signature;

    RowJson(@Nullable SignatureDescriptor signature) {
        this.signature = signature;
    }

    /** Puts every value into {@code target}, in the map's order. */
    void putAll(ObjectNode target, Map<String, ?> values) {
        for (Map.Entry<String, ?> entry : values.entrySet()) {
            target.set(entry.getKey(), value(entry.getKey(), entry.getValue()));
        }
    }

    /** One value as JSON. */
    JsonNode value(String field, @Nullable Object value) {
        if (value == null) {
            return JSON.nullNode();
        }
        if (signature != null) {
            FieldDescriptor<?> descriptor = signature.field(field).orElse(null);
            if (descriptor != null) {
                JsonNode typed = typed(descriptor.codec(), value);
                if (typed != null) {
                    return typed;
                }
            }
        }
        return JSON.valueToTree(value);
    }

    /** The value through the codec, or null when it is not of the codec's type. */
    @SuppressWarnings("unchecked") // a value of another type fails inside the codec with ClassCastException
    private static @Nullable JsonNode typed(ValueCodec<?> codec, Object value) {
        try {
            return ((ValueCodec<Object>) codec).toJson(value);
        } catch (ClassCastException e) {
            return null;
        }
    }
}
