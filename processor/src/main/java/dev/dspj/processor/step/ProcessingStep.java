package dev.dspj.processor.step;

import dev.dspj.processor.Message;
import dev.dspj.processor.validation.ValidationReport;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * The work for one root annotation, in the manner of auto-common's
 * {@code BasicAnnotationProcessor.Step}: which types the annotation asks to process, which of
 * their types are not generated yet, and how one type is validated and written. Everything common
 * to all annotations (deferring to a later round, turning an exception into one diagnostic,
 * reporting what never resolved) lives once in {@link StepDriver}; a new annotation is a new
 * step ({@link ToolStep} was the fourth), not a new copy of the loop.
 */
public interface ProcessingStep {

    /**
     * The annotation this step handles, by qualified name (the processor never loads annotation
     * classes).
     *
     * @return the qualified name
     */
    String annotation();

    /**
     * The types to process for the elements a round lists with the annotation: by default the
     * annotated types themselves (a {@code @Variable} field instead asks for its class).
     *
     * @param annotated the elements annotated in this round
     * @return the types, in order
     */
    default Set<TypeElement> typesToProcess(Set<? extends Element> annotated) {
        Set<TypeElement> types = new LinkedHashSet<>();
        for (Element element : annotated) {
            if (element instanceof TypeElement type) {
                types.add(type);
            }
        }
        return types;
    }

    /**
     * The types a type refers to that do not exist yet; while there are some, the type is retried
     * in the next round, as another processor may generate them.
     *
     * @param type the type
     * @return the unresolved types as written; empty when the type can be processed
     */
    List<String> unresolvedTypes(TypeElement type);

    /**
     * The message for a type whose types never resolved, given the type's name and the unresolved
     * types.
     *
     * @return the message
     */
    Message unresolvedMessage();

    /**
     * Validates a type, recording every problem in the report, and writes its files when the
     * report has no error.
     *
     * @param type the type, with every type it refers to resolved
     * @param report where problems go; printed by the driver
     * @throws IOException when a file cannot be written
     */
    void process(TypeElement type, ValidationReport report) throws IOException;
}
