package dev.dspj.processor.step;

import dev.dspj.processor.Message;
import dev.dspj.processor.model.ProgramModel;
import dev.dspj.processor.model.VariablesModel;
import dev.dspj.processor.validation.Annotations;
import dev.dspj.processor.validation.ProgramValidator;
import dev.dspj.processor.validation.ValidationReport;
import dev.dspj.processor.validation.VariableValidator;
import dev.dspj.processor.writing.Generated;
import dev.dspj.processor.writing.ProgramWriter;
import dev.dspj.processor.writing.VariablesWriter;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import javax.annotation.processing.Filer;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;

/**
 * {@code @Program}: validates the class, its module fields and its {@code @Variable} fields, and
 * writes its descriptor {@code FooProgram} and its variables {@code FooVariables}.
 */
public final class ProgramStep implements ProcessingStep {

    private final ProgramValidator validator;
    private final VariableValidator variables;
    private final GeneratedNames names;
    private final Filer filer;

    /**
     * Creates the step.
     *
     * @param validator the program validator
     * @param variables the variable validator
     * @param names the generated names, for clashes
     * @param filer where files go
     */
    public ProgramStep(ProgramValidator validator, VariableValidator variables, GeneratedNames names, Filer filer) {
        this.validator = validator;
        this.variables = variables;
        this.names = names;
        this.filer = filer;
    }

    @Override
    public String annotation() {
        return Annotations.PROGRAM;
    }

    @Override
    public List<String> unresolvedTypes(TypeElement type) {
        return validator.unresolvedTypes(type);
    }

    @Override
    public Message unresolvedMessage() {
        return Message.UNRESOLVED_PROGRAM_TYPES;
    }

    @Override
    public void process(TypeElement type, ValidationReport report) throws IOException {
        Optional<ProgramModel> model = validator.validate(type, report);
        Optional<VariablesModel> variablesModel =
                type.getKind() == ElementKind.CLASS ? variables.validate(type, true, report) : Optional.empty();
        if (model.isPresent() && names.isTaken(model.get().descriptorName().canonicalName())) {
            report.error(
                    Message.PROGRAM_NAME_CLASH.format(
                            model.get().descriptorName().simpleName(),
                            model.get().packageName(),
                            model.get().element().getSimpleName()),
                    model.get().element());
        }
        variablesModel.ifPresent(v -> VariablesStep.checkNameClash(v, names, report));
        if (model.isEmpty() || variablesModel.isEmpty() || !report.isClean()) {
            return;
        }
        Generated.writeTo(ProgramWriter.write(model.get(), variablesModel.get()), filer);
        Generated.writeTo(VariablesWriter.write(variablesModel.get()), filer);
        names.generated(model.get().descriptorName().canonicalName());
        names.generated(variablesModel.get().generatedName().canonicalName());
    }
}
