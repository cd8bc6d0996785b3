package dev.dspj.processor.step;

import dev.dspj.processor.Message;
import dev.dspj.processor.validation.Annotations;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;

/**
 * {@code @InputField} and {@code @OutputField} on a method of a type that is neither a
 * {@code @Signature} nor a parent of one in this compilation: nothing reads them, so they are
 * reported, as a warning (an error with {@code -Adspj.strict=true}) on the method's annotation.
 * A type is a parent when a signature seen so far (this round or an earlier one) extends it,
 * directly or through other interfaces; an incremental build recompiles a parent with the
 * signatures that extend it, since they depend on it.
 */
public final class StrayFieldAnnotations {

    private final Elements elements;
    private final Types types;
    private final Messager messager;
    private final boolean strict;
    /** Signatures and their parents, by qualified name. */
    private final Set<String> readTypes = new HashSet<>();

    /**
     * Creates the check.
     *
     * @param elements the compiler's element utilities
     * @param types the compiler's type utilities
     * @param messager where diagnostics go
     * @param strict whether a stray annotation is an error
     */
    public StrayFieldAnnotations(Elements elements, Types types, Messager messager, boolean strict) {
        this.elements = elements;
        this.types = types;
        this.messager = messager;
        this.strict = strict;
    }

    /**
     * Checks a round's field annotations.
     *
     * @param round the round
     * @param signatures every signature seen so far
     * @return whether an error was reported
     */
    public boolean check(RoundEnvironment round, Set<TypeElement> signatures) {
        for (TypeElement signature : signatures) {
            addWithParents(signature);
        }
        boolean error = false;
        for (String annotationName : new String[] {Annotations.INPUT_FIELD, Annotations.OUTPUT_FIELD}) {
            TypeElement annotation = elements.getTypeElement(annotationName);
            if (annotation == null) {
                continue;
            }
            Set<Element> annotated = new LinkedHashSet<>(round.getElementsAnnotatedWith(annotation));
            for (Element element : annotated) {
                if (element instanceof ExecutableElement method
                        && method.getEnclosingElement() instanceof TypeElement owner
                        && !readTypes.contains(owner.getQualifiedName().toString())) {
                    AnnotationMirror mirror =
                            Annotations.find(method, annotationName).orElse(null);
                    String simple = annotation.getSimpleName().toString();
                    String ownerName = owner.getSimpleName().toString();
                    messager.printMessage(
                            strict ? Diagnostic.Kind.ERROR : Diagnostic.Kind.WARNING,
                            Message.STRAY_FIELD_ANNOTATION.format(
                                    simple, ownerName, method.getSimpleName(), ownerName, ownerName, simple),
                            method,
                            mirror);
                    error |= strict;
                }
            }
        }
        return error;
    }

    private void addWithParents(TypeElement type) {
        if (!readTypes.add(type.getQualifiedName().toString())) {
            return;
        }
        for (TypeMirror parent : type.getInterfaces()) {
            if (types.asElement(parent) instanceof TypeElement parentType) {
                addWithParents(parentType);
            }
        }
    }
}
