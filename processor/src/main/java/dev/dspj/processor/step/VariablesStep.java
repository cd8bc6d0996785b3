package dev.dspj.processor.step;

import dev.dspj.processor.Message;
import dev.dspj.processor.model.VariablesModel;
import dev.dspj.processor.validation.Annotations;
import dev.dspj.processor.validation.ProgramValidator;
import dev.dspj.processor.validation.ValidationReport;
import dev.dspj.processor.validation.VariableValidator;
import dev.dspj.processor.writing.Generated;
import dev.dspj.processor.writing.VariablesWriter;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * {@code @Variable} on fields of a class that is not a {@code @Program} (programs get their
 * variables with their descriptor): validates the class's variables and writes
 * {@code FooVariables}.
 */
public final class VariablesStep implements ProcessingStep {

    private final ProgramValidator programs;
    private final VariableValidator validator;
    private final GeneratedNames names;
    private final Filer filer;

    /**
     * Creates the step.
     *
     * @param programs the program validator, which finds the module fields' unresolved types
     * @param validator the variable validator
     * @param names the generated names, for clashes
     * @param filer where files go
     */
    public VariablesStep(ProgramValidator programs, VariableValidator validator, GeneratedNames names, Filer filer) {
        this.programs = programs;
        this.validator = validator;
        this.names = names;
        this.filer = filer;
    }

    @Override
    public String annotation() {
        return Annotations.VARIABLE;
    }

    @Override
    public Set<TypeElement> typesToProcess(Set<? extends Element> annotated) {
        Set<TypeElement> owners = new LinkedHashSet<>();
        for (Element field : annotated) {
            if (field.getEnclosingElement() instanceof TypeElement owner
                    && Annotations.find(owner, Annotations.PROGRAM).isEmpty()) {
                owners.add(owner);
            }
        }
        return owners;
    }

    @Override
    public List<String> unresolvedTypes(TypeElement type) {
        // the module fields whose predictors predictors() lists may be generated in this compilation
        return programs.unresolvedTypes(type);
    }

    @Override
    public Message unresolvedMessage() {
        return Message.UNRESOLVED_VARIABLES_TYPES;
    }

    @Override
    public void process(TypeElement type, ValidationReport report) throws IOException {
        Optional<VariablesModel> model = validator.validate(type, false, report);
        model.ifPresent(v -> checkNameClash(v, names, report));
        if (model.isEmpty() || !report.isClean()) {
            return;
        }
        Generated.writeTo(VariablesWriter.write(model.get()), filer);
        names.generated(model.get().generatedName().canonicalName());
    }

    static void checkNameClash(VariablesModel model, GeneratedNames names, ValidationReport report) {
        if (names.isTaken(model.generatedName().canonicalName())) {
            report.error(
                    Message.VARIABLES_NAME_CLASH.format(
                            model.generatedName().simpleName(),
                            model.packageName(),
                            model.element().getSimpleName()),
                    model.element());
        }
    }
}
