package dev.dspj.processor.validation;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;
import org.jspecify.annotations.Nullable;

/**
 * Every problem found in one signature, each attached to the most precise place (element,
 * annotation, annotation value). Generation runs only when the report has no error.
 */
public final class ValidationReport {

    private final List<Item> items = new ArrayList<>();

    /**
     * Records an error.
     *
     * @param message the message, with its tag
     * @param element where
     * @param mirror the annotation, or null
     * @param value the annotation value, or null
     */
    public void error(
            String message, Element element, @Nullable AnnotationMirror mirror, @Nullable AnnotationValue value) {
        items.add(new Item(Diagnostic.Kind.ERROR, message, element, mirror, value));
    }

    /**
     * Records an error on an element.
     *
     * @param message the message, with its tag
     * @param element where
     */
    public void error(String message, Element element) {
        error(message, element, null, null);
    }

    /**
     * Records a warning on an element.
     *
     * @param message the message, with its tag
     * @param element where
     * @param mirror the annotation, or null
     */
    public void warning(String message, Element element, @Nullable AnnotationMirror mirror) {
        items.add(new Item(Diagnostic.Kind.WARNING, message, element, mirror, null));
    }

    /**
     * Whether no error was recorded (warnings allowed).
     *
     * @return true when clean
     */
    public boolean isClean() {
        return items.stream().noneMatch(item -> item.kind == Diagnostic.Kind.ERROR);
    }

    /**
     * Prints every item.
     *
     * @param messager the compiler's messager
     */
    public void printTo(Messager messager) {
        for (Item item : items) {
            if (item.value != null) {
                messager.printMessage(item.kind, item.message, item.element, item.mirror, item.value);
            } else if (item.mirror != null) {
                messager.printMessage(item.kind, item.message, item.element, item.mirror);
            } else {
                messager.printMessage(item.kind, item.message, item.element);
            }
        }
    }

    private record Item(
            Diagnostic.Kind kind,
            String message,
            Element element,
            @Nullable AnnotationMirror mirror,
            @Nullable AnnotationValue value) {}
}
