package dev.dspj.processor.validation;

import dev.dspj.processor.model.VariableModel;
import dev.dspj.processor.model.VariableModel.Condition;
import dev.dspj.processor.model.VariableModel.FieldType;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import org.jspecify.annotations.Nullable;

/**
 * What is known of one {@code @Variable} field while its class is checked, filled in by the
 * checks of {@link VariableValidator}, {@link VariableRanges}, {@link VariableDefaults} and
 * {@link VariableConditions}; and the wording helpers their messages share.
 */
final class VariableDraft {
    final VariableElement field;
    final AnnotationMirror mirror;
    final String fieldName;
    /** The variable's name: the field's until {@code @Variable(name)} is read. */
    String name;

    boolean validName = true;
    String description = "";
    /** Null when the field's type is not supported (reported). */
    @Nullable
    FieldType type;

    double min;
    double max;
    long step;
    boolean logScale;
    List<String> choices = List.of();
    boolean rangeValid;
    /** Null until read, and when it cannot be (reported). */
    @Nullable
    Object defaultValue;

    String defaultOrigin = "its initializer";
    /** Null for a variable active always. */
    @Nullable
    Condition condition;

    VariableDraft(VariableElement field, AnnotationMirror mirror) {
        this.field = field;
        this.mirror = mirror;
        this.fieldName = field.getSimpleName().toString();
        this.name = this.fieldName;
    }

    VariableModel model() {
        TypeElement enumType =
                type == FieldType.ENUM ? (TypeElement) ((DeclaredType) field.asType()).asElement() : null;
        return new VariableModel(
                field,
                name,
                description,
                Objects.requireNonNull(type, "a variable with no error has a supported type"),
                min,
                max,
                step,
                logScale,
                choices,
                Objects.requireNonNull(defaultValue, "a variable with no error has a default"),
                enumType,
                Optional.ofNullable(condition));
    }

    /** On the {@code name} value when written, else on the field, whose name the variable then has. */
    static void errorAtName(ValidationReport report, String message, VariableDraft draft) {
        Optional<AnnotationValue> name = Annotations.explicitValue(draft.mirror, "name");
        if (name.isPresent()) {
            report.error(message, draft.field, draft.mirror, name.get());
        } else {
            report.error(message, draft.field);
        }
    }

    /** The first sentence of a doc comment, without inline tags; empty for none. */
    static String firstSentence(String docComment) {
        if (docComment == null) {
            return "";
        }
        String text = docComment.split("\\n\\s*(\\n|@)", 2)[0];
        text = text.replaceAll("\\{@(?:code|link|linkplain|literal)\\s+([^}]*)}", "$1")
                .replaceAll("<[^>]+>", "")
                .replaceAll("\\s+", " ")
                .trim();
        int end = text.indexOf(". ");
        text = end >= 0 ? text.substring(0, end) : text;
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    static boolean isWhole(double value) {
        return Double.isFinite(value) && value == Math.rint(value);
    }

    /** The field's type, once it is known to be supported. */
    FieldType knownType() {
        return Objects.requireNonNull(type, "read only once the field's type is supported");
    }

    static String typeName(VariableDraft draft) {
        return draft.field.asType().toString();
    }

    static String value(VariableDraft draft, double value) {
        return draft.type == FieldType.DOUBLE ? number(value) : Long.toString((long) value);
    }

    /** A bound as written: whole numbers without a decimal point. */
    static String number(double value) {
        return isWhole(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    static String quoted(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", ", "[", "]"));
    }

    static String literal(Object value) {
        return value instanceof String s
                ? "\"" + s + "\""
                : value instanceof Character c ? "'" + c + "'" : String.valueOf(value);
    }

    static String describeValue(Object value) {
        String kind = value instanceof String
                ? "String"
                : value instanceof Boolean
                        ? "boolean"
                        : value instanceof Character
                                ? "char"
                                : value.getClass()
                                        .getSimpleName()
                                        .toLowerCase(Locale.ROOT)
                                        .replace("integer", "int");
        return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
    }

    static String describe(TypeMirror type) {
        String text = type.getKind().isPrimitive()
                ? type.toString()
                : type instanceof DeclaredType declared
                        ? declared.asElement().getSimpleName().toString()
                        : type.toString();
        if (type instanceof DeclaredType declared && declared.asElement().getKind() == ElementKind.ENUM) {
            return "the enum " + text;
        }
        return ("aeiouAEIOU".indexOf(text.charAt(0)) >= 0 ? "an " : "a ") + text;
    }
}
