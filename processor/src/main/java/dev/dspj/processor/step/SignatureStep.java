package dev.dspj.processor.step;

import com.palantir.javapoet.JavaFile;
import dev.dspj.processor.Message;
import dev.dspj.processor.model.SignatureModel;
import dev.dspj.processor.validation.Annotations;
import dev.dspj.processor.validation.SignatureValidator;
import dev.dspj.processor.validation.ValidationReport;
import dev.dspj.processor.writing.Generated;
import dev.dspj.processor.writing.PredictorWriter;
import dev.dspj.processor.writing.RecordWriter;
import dev.dspj.processor.writing.SignatureWriter;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * {@code @Signature}: validates the interface (with the fields it inherits) and writes
 * {@code FooSignature}, {@code FooInput}, {@code FooOutput}, {@code FooExample} and
 * {@code FooPredictor}, each with the interface as its only originating element.
 */
public final class SignatureStep implements ProcessingStep {

    /** The suffixes of the generated types, in the order they are written. */
    public static final List<String> GENERATED_SUFFIXES =
            List.of("Signature", "Input", "Output", "Example", "Predictor");

    private final SignatureValidator validator;
    private final GeneratedNames names;
    private final Filer filer;
    private final Set<TypeElement> seen = new LinkedHashSet<>();

    /**
     * Creates the step.
     *
     * @param validator the validator
     * @param names the generated names, for clashes
     * @param filer where files go
     */
    public SignatureStep(SignatureValidator validator, GeneratedNames names, Filer filer) {
        this.validator = validator;
        this.names = names;
        this.filer = filer;
    }

    /**
     * Every type annotated with {@code @Signature} so far, for the stray field annotations check.
     *
     * @return the signatures
     */
    public Set<TypeElement> signatures() {
        return seen;
    }

    @Override
    public String annotation() {
        return Annotations.SIGNATURE;
    }

    @Override
    public Set<TypeElement> typesToProcess(Set<? extends Element> annotated) {
        Set<TypeElement> types = ProcessingStep.super.typesToProcess(annotated);
        seen.addAll(types);
        return types;
    }

    @Override
    public List<String> unresolvedTypes(TypeElement type) {
        return validator.unresolvedTypes(type);
    }

    @Override
    public Message unresolvedMessage() {
        return Message.UNRESOLVED_TYPES;
    }

    @Override
    public void process(TypeElement type, ValidationReport report) throws IOException {
        Optional<SignatureModel> validated = validator.validate(type, report);
        if (validated.isEmpty()) {
            return;
        }
        SignatureModel model = validated.get();
        for (String suffix : GENERATED_SUFFIXES) {
            // generated types too: A_B and the nested A.B both want A_BSignature
            if (names.isTaken(model.generated(suffix).canonicalName())) {
                report.error(
                        Message.NAME_CLASH.format(
                                model.name() + suffix,
                                model.packageName(),
                                model.element().getSimpleName()),
                        model.element());
            }
        }
        if (!report.isClean()) {
            return;
        }
        for (JavaFile file : List.of(
                SignatureWriter.write(model),
                RecordWriter.input(model),
                RecordWriter.output(model),
                RecordWriter.example(model),
                PredictorWriter.write(model))) {
            Generated.writeTo(file, filer);
        }
        for (String suffix : GENERATED_SUFFIXES) {
            names.generated(model.generated(suffix).canonicalName());
        }
    }
}
