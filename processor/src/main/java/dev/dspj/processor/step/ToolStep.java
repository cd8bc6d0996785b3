package dev.dspj.processor.step;

import dev.dspj.processor.Message;
import dev.dspj.processor.model.ToolsModel;
import dev.dspj.processor.validation.Annotations;
import dev.dspj.processor.validation.ToolValidator;
import dev.dspj.processor.validation.ValidationReport;
import dev.dspj.processor.writing.Generated;
import dev.dspj.processor.writing.ToolsWriter;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * {@code @Tool} on methods of a class: validates the class's tools and writes {@code FooTools},
 * with the class as its only originating element.
 */
public final class ToolStep implements ProcessingStep {

    private final ToolValidator validator;
    private final GeneratedNames names;
    private final Filer filer;

    /**
     * Creates the step.
     *
     * @param validator the tool validator
     * @param names the generated names, for clashes
     * @param filer where files go
     */
    public ToolStep(ToolValidator validator, GeneratedNames names, Filer filer) {
        this.validator = validator;
        this.names = names;
        this.filer = filer;
    }

    @Override
    public String annotation() {
        return Annotations.TOOL;
    }

    @Override
    public Set<TypeElement> typesToProcess(Set<? extends Element> annotated) {
        Set<TypeElement> owners = new LinkedHashSet<>();
        for (Element method : annotated) {
            if (method.getEnclosingElement() instanceof TypeElement owner) {
                owners.add(owner);
            }
        }
        return owners;
    }

    @Override
    public List<String> unresolvedTypes(TypeElement type) {
        return validator.unresolvedTypes(type);
    }

    @Override
    public Message unresolvedMessage() {
        return Message.UNRESOLVED_TOOLS_TYPES;
    }

    @Override
    public void process(TypeElement type, ValidationReport report) throws IOException {
        Optional<ToolsModel> model = validator.validate(type, report);
        if (model.isPresent() && names.isTaken(model.get().generatedName().canonicalName())) {
            report.error(
                    Message.TOOLS_NAME_CLASH.format(
                            model.get().generatedName().simpleName(),
                            model.get().packageName(),
                            type.getSimpleName()),
                    type);
        }
        if (model.isEmpty() || !report.isClean()) {
            return;
        }
        Generated.writeTo(ToolsWriter.write(model.get()), filer);
        names.generated(model.get().generatedName().canonicalName());
    }
}
