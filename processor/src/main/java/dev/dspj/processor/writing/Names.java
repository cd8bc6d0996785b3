package dev.dspj.processor.writing;

import com.palantir.javapoet.ClassName;
import dev.dspj.processor.model.ConstantNames;

/** Runtime types the generated code refers to, and naming helpers. */
final class Names {

    static final String PROCESSOR = "dev.dspj.processor.SignatureProcessor";

    static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
    static final ClassName NULL_MARKED = ClassName.get("org.jspecify.annotations", "NullMarked");
    static final ClassName NULLABLE = ClassName.get("org.jspecify.annotations", "Nullable");
    static final ClassName CODECS = ClassName.get("dev.dspj.codec", "Codecs");
    static final ClassName VALUE_CODEC = ClassName.get("dev.dspj.codec", "ValueCodec");
    static final ClassName RECORD_CODEC = ClassName.get("dev.dspj.codec", "RecordCodec");
    static final ClassName FIELD_DESCRIPTOR = ClassName.get("dev.dspj.signature", "FieldDescriptor");
    static final ClassName SIGNATURE_DESCRIPTOR = ClassName.get("dev.dspj.signature", "SignatureDescriptor");
    static final ClassName GENERATED_SIGNATURE = ClassName.get("dev.dspj.internal", "GeneratedSignature");
    static final ClassName FIELD_VALUES = ClassName.get("dev.dspj.internal", "FieldValues");
    static final ClassName EXAMPLE = ClassName.get("dev.dspj.primitives", "Example");
    static final ClassName COMPLETION = ClassName.get("dev.dspj.primitives", "Completion");
    static final ClassName TYPED_PREDICTOR = ClassName.get("dev.dspj.module", "TypedPredictor");
    static final ClassName PREDICT = ClassName.get("dev.dspj.module", "Predict");
    static final ClassName PREDICTOR_KIND = ClassName.get("dev.dspj.module", "PredictorKind");
    static final ClassName CALL_OPTIONS = ClassName.get("dev.dspj.module", "CallOptions");

    private Names() {}

    /** {@code zipCode} → {@code ZIP_CODE}. */
    static String constantName(String name) {
        return ConstantNames.of(name);
    }
}
