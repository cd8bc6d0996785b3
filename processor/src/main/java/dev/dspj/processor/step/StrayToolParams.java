package dev.dspj.processor.step;

import dev.dspj.processor.Message;
import dev.dspj.processor.validation.Annotations;
import javax.annotation.processing.Messager;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;

/**
 * {@code @ToolParam} on a parameter of a method without {@code @Tool}: nothing reads it, so it is
 * reported, as a warning (an error with {@code -Adspj.strict=true}) on the parameter's annotation,
 * as stray field annotations are.
 */
public final class StrayToolParams {

    private final Elements elements;
    private final Messager messager;
    private final boolean strict;

    /**
     * Creates the check.
     *
     * @param elements the compiler's element utilities
     * @param messager where diagnostics go
     * @param strict whether a stray annotation is an error
     */
    public StrayToolParams(Elements elements, Messager messager, boolean strict) {
        this.elements = elements;
        this.messager = messager;
        this.strict = strict;
    }

    /**
     * Checks a round's {@code @ToolParam} annotations.
     *
     * @param round the round
     * @return whether an error was reported
     */
    public boolean check(RoundEnvironment round) {
        TypeElement annotation = elements.getTypeElement(Annotations.TOOL_PARAM);
        if (annotation == null) {
            return false;
        }
        boolean error = false;
        for (Element parameter : round.getElementsAnnotatedWith(annotation)) {
            if (parameter.getEnclosingElement() instanceof ExecutableElement method
                    && Annotations.find(method, Annotations.TOOL).isEmpty()) {
                AnnotationMirror mirror =
                        Annotations.find(parameter, Annotations.TOOL_PARAM).orElse(null);
                Element owner = method.getEnclosingElement();
                String ownerName = owner == null ? "" : owner.getSimpleName().toString();
                messager.printMessage(
                        strict ? Diagnostic.Kind.ERROR : Diagnostic.Kind.WARNING,
                        Message.STRAY_TOOL_PARAM.format(
                                parameter.getSimpleName(),
                                ownerName,
                                // a constructor's name is <init>; show it as Java writes it
                                method.getKind() == ElementKind.CONSTRUCTOR ? ownerName : method.getSimpleName()),
                        parameter,
                        mirror);
                error |= strict;
            }
        }
        return error;
    }
}
