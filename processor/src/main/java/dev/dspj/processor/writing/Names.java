package dev.dspj.processor.writing;

import com.palantir.javapoet.ClassName;
import java.util.Locale;

/** Runtime types the generated code refers to, and naming helpers. */
final class Names {

    static final String PROCESSOR = "dev.dspj.processor.SignatureProcessor";

    static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
    static final ClassName CODECS = ClassName.get("dev.dspj.codec", "Codecs");
    static final ClassName VALUE_CODEC = ClassName.get("dev.dspj.codec", "ValueCodec");
    static final ClassName RECORD_CODEC = ClassName.get("dev.dspj.codec", "RecordCodec");
    static final ClassName FIELD_DESCRIPTOR = ClassName.get("dev.dspj.signature", "FieldDescriptor");
    static final ClassName SIGNATURE_DESCRIPTOR = ClassName.get("dev.dspj.signature", "SignatureDescriptor");
    static final ClassName TYPED_SIGNATURE = ClassName.get("dev.dspj.signature", "TypedSignature");
    static final ClassName EXAMPLE = ClassName.get("dev.dspj.data", "Example");
    static final ClassName COMPLETION = ClassName.get("dev.dspj.module", "Completion");
    static final ClassName TYPED_PREDICTOR = ClassName.get("dev.dspj.module", "TypedPredictor");
    static final ClassName PREDICT = ClassName.get("dev.dspj.module", "Predict");
    static final ClassName PREDICTOR_KIND = ClassName.get("dev.dspj.module", "PredictorKind");
    static final ClassName CALL_OPTIONS = ClassName.get("dev.dspj.module", "CallOptions");

    private Names() {
    }

    /** {@code zipCode} → {@code ZIP_CODE}. */
    static String constantName(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(name.charAt(i - 1))
                    && name.charAt(i - 1) != '_') {
                out.append('_');
            }
            out.append(Character.toUpperCase(c));
        }
        return out.toString().toUpperCase(Locale.ROOT);
    }
}
