package dev.dspj.processor.validation;

import dev.dspj.processor.Message;
import dev.dspj.processor.model.VariableModel.FieldType;
import dev.dspj.processor.validation.FieldInitializers.EnumConstant;
import dev.dspj.processor.validation.FieldInitializers.Initializer;
import dev.dspj.processor.validation.FieldInitializers.Missing;
import dev.dspj.processor.validation.FieldInitializers.Unreadable;
import dev.dspj.processor.validation.FieldInitializers.Unsupported;
import dev.dspj.processor.validation.FieldInitializers.Value;
import java.util.Objects;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.ElementFilter;
import org.jspecify.annotations.Nullable;

/**
 * The default of a {@code @Variable}: the field's initializer, read through
 * {@link FieldInitializers}, converted to the variable's kind and checked against its range.
 */
final class VariableDefaults {

    private final FieldInitializers initializers;

    VariableDefaults(FieldInitializers initializers) {
        this.initializers = initializers;
    }

    /** Reads the default of a field whose type is known. */
    void read(VariableDraft draft, ValidationReport report) {
        @Nullable
        TypeElement enumType =
                draft.type == FieldType.ENUM ? (TypeElement) ((DeclaredType) draft.field.asType()).asElement() : null;
        Initializer initializer = initializers.read(draft.field, enumType);
        if (initializer instanceof Unreadable unreadable) {
            report.error(
                    Message.VARIABLE_DEFAULT_UNREADABLE.format(draft.fieldName, unreadable.environment()), draft.field);
        } else if (initializer instanceof Missing) {
            draft.defaultOrigin = "Java's default, as it has no initializer";
            draft.defaultValue = switch (draft.knownType()) {
                case BOOLEAN -> false;
                case INT, LONG -> 0L;
                case DOUBLE -> 0.0;
                case STRING, ENUM -> {
                    report.error(
                            Message.VARIABLE_NEEDS_INITIALIZER.format(
                                    draft.fieldName,
                                    draft.type == FieldType.STRING ? "a String" : "an enum",
                                    example(draft, enumType)),
                            draft.field);
                    yield null;
                }
            };
        } else if (initializer instanceof Unsupported unsupported) {
            report.error(
                    Message.VARIABLE_UNSUPPORTED_INITIALIZER.format(
                            draft.fieldName, unsupported.source(), unsupported.reason()),
                    draft.field);
        } else if (initializer instanceof EnumConstant constant) {
            if (draft.type == FieldType.ENUM && constant.type().equals(enumType)) {
                draft.defaultValue = constant.name();
            } else {
                report.error(
                        Message.VARIABLE_UNSUPPORTED_INITIALIZER.format(
                                draft.fieldName,
                                constant.type().getSimpleName() + "." + constant.name(),
                                "it is a constant of the enum "
                                        + constant.type().getQualifiedName() + ", and the field is "
                                        + VariableDraft.describe(draft.field.asType())),
                        draft.field);
            }
        } else if (initializer instanceof Value value) {
            draft.defaultValue = convert(value.value(), draft.knownType());
            if (draft.defaultValue == null) {
                report.error(
                        Message.VARIABLE_UNSUPPORTED_INITIALIZER.format(
                                draft.fieldName,
                                VariableDraft.literal(value.value()),
                                "it is " + VariableDraft.describeValue(value.value()) + ", and the field is "
                                        + VariableDraft.describe(draft.field.asType())),
                        draft.field);
            }
        }
    }

    /** The value as the field's kind holds it; null when it cannot be converted. */
    private static @Nullable Object convert(Object value, FieldType type) {
        return switch (type) {
            case BOOLEAN -> value instanceof Boolean ? value : null;
            case INT, LONG ->
                value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                        ? (Object) ((Number) value).longValue()
                        : value instanceof Character c ? (Object) (long) c : null;
            case DOUBLE ->
                value instanceof Number number
                        ? (Object) number.doubleValue()
                        : value instanceof Character c ? (Object) (double) c : null;
            case STRING -> value instanceof String ? value : null;
            case ENUM -> null;
        };
    }

    /** Checks a default against a valid range. */
    void check(VariableDraft draft, ValidationReport report) {
        Object defaultValue = Objects.requireNonNull(draft.defaultValue, "checked only once read");
        switch (draft.knownType()) {
            case INT, LONG -> {
                long value = (Long) defaultValue;
                long min = (long) draft.min;
                long max = (long) draft.max;
                if (value < min || value > max) {
                    report.error(
                            Message.VARIABLE_DEFAULT_OUT_OF_RANGE.format(
                                    draft.fieldName, value, draft.defaultOrigin, min, max),
                            draft.field);
                } else if ((value - min) % draft.step != 0) {
                    long below = min + (value - min) / draft.step * draft.step;
                    report.error(
                            Message.VARIABLE_DEFAULT_OFF_STEP.format(
                                    draft.fieldName,
                                    value,
                                    draft.defaultOrigin,
                                    min,
                                    draft.step,
                                    below,
                                    below + draft.step),
                            draft.field);
                }
            }
            case DOUBLE -> {
                double value = (Double) defaultValue;
                if (!(value >= draft.min && value <= draft.max)) {
                    report.error(
                            Message.VARIABLE_DEFAULT_OUT_OF_RANGE.format(
                                    draft.fieldName,
                                    VariableDraft.number(value),
                                    draft.defaultOrigin,
                                    VariableDraft.number(draft.min),
                                    VariableDraft.number(draft.max)),
                            draft.field);
                }
            }
            case STRING -> {
                if (!draft.choices.contains((String) defaultValue)) {
                    report.error(
                            Message.VARIABLE_DEFAULT_NOT_A_CHOICE.format(
                                    draft.fieldName, defaultValue, VariableDraft.quoted(draft.choices)),
                            draft.field);
                }
            }
            default -> {
                // a boolean or an enum constant is always a value of its variable
            }
        }
    }

    private String example(VariableDraft draft, @Nullable TypeElement enumType) {
        if (draft.type == FieldType.STRING) {
            String choice = draft.choices.isEmpty() ? "short" : draft.choices.get(0);
            return "String " + draft.fieldName + " = \"" + choice + "\";";
        }
        TypeElement type = Objects.requireNonNull(enumType, "an enum field has its enum type");
        String constant = ElementFilter.fieldsIn(type.getEnclosedElements()).stream()
                .filter(f -> f.getKind() == ElementKind.ENUM_CONSTANT)
                .map(f -> f.getSimpleName().toString())
                .findFirst()
                .orElse("VALUE");
        return type.getSimpleName() + " " + draft.fieldName + " = " + type.getSimpleName() + "." + constant + ";";
    }
}
