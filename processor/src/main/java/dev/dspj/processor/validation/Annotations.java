package dev.dspj.processor.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/** Reads annotations by qualified name, so the processor never loads DSPJ's annotation classes. */
public final class Annotations {

    /** {@code @Signature}. */
    public static final String SIGNATURE = "dev.dspj.annotations.Signature";
    /** {@code @InputField}. */
    public static final String INPUT_FIELD = "dev.dspj.annotations.InputField";
    /** {@code @OutputField}. */
    public static final String OUTPUT_FIELD = "dev.dspj.annotations.OutputField";
    /** {@code @Program}. */
    public static final String PROGRAM = "dev.dspj.annotations.Program";
    /** {@code @Variable}. */
    public static final String VARIABLE = "dev.dspj.annotations.Variable";
    /** {@code @Tool}. */
    public static final String TOOL = "dev.dspj.annotations.Tool";
    /** {@code @ToolParam}. */
    public static final String TOOL_PARAM = "dev.dspj.annotations.ToolParam";

    private Annotations() {}

    /**
     * Finds an annotation on an element.
     *
     * @param element the element
     * @param qualifiedName the annotation's qualified name
     * @return the annotation, if present
     */
    public static Optional<AnnotationMirror> find(Element element, String qualifiedName) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
            if (type.getQualifiedName().contentEquals(qualifiedName)) {
                return Optional.of(mirror);
            }
        }
        return Optional.empty();
    }

    /**
     * The value explicitly written for an attribute, for attaching messages to it.
     *
     * @param mirror the annotation
     * @param attribute the attribute's name
     * @return the value, if written
     */
    public static Optional<AnnotationValue> explicitValue(AnnotationMirror mirror, String attribute) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
                mirror.getElementValues().entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals(attribute)) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * A string attribute's value, or {@code ""} when not written (every DSPJ string attribute
     * defaults to empty).
     *
     * @param mirror the annotation
     * @param attribute the attribute's name
     * @return the value
     */
    public static String stringValue(AnnotationMirror mirror, String attribute) {
        return explicitValue(mirror, attribute)
                .map(v -> String.valueOf(v.getValue()))
                .orElse("");
    }

    /**
     * A numeric attribute's value, when written.
     *
     * @param mirror the annotation
     * @param attribute the attribute's name
     * @return the value, if written
     */
    public static Optional<Double> doubleValue(AnnotationMirror mirror, String attribute) {
        return explicitValue(mirror, attribute).map(v -> ((Number) v.getValue()).doubleValue());
    }

    /**
     * A boolean attribute's value, or {@code false} when not written (every DSPJ boolean attribute
     * defaults to false).
     *
     * @param mirror the annotation
     * @param attribute the attribute's name
     * @return the value
     */
    public static boolean booleanValue(AnnotationMirror mirror, String attribute) {
        return explicitValue(mirror, attribute).map(v -> (Boolean) v.getValue()).orElse(false);
    }

    /**
     * A string array attribute's values, in order; empty when not written.
     *
     * @param mirror the annotation
     * @param attribute the attribute's name
     * @return the values
     */
    public static List<String> stringValues(AnnotationMirror mirror, String attribute) {
        List<String> values = new ArrayList<>();
        explicitValue(mirror, attribute).ifPresent(value -> {
            if (value.getValue() instanceof List<?> elements) {
                for (Object element : elements) {
                    values.add(String.valueOf(((AnnotationValue) element).getValue()));
                }
            } else {
                values.add(String.valueOf(value.getValue()));
            }
        });
        return values;
    }
}
