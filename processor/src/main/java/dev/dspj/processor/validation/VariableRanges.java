package dev.dspj.processor.validation;

import dev.dspj.processor.Message;
import dev.dspj.processor.model.VariableModel.FieldType;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationValue;

/**
 * The range of a {@code @Variable}: which attributes apply to the field's type, and whether its
 * bounds, step, scale or choices describe a non-empty set of values.
 */
final class VariableRanges {

    private static final double TWO_TO_63 = 0x1p63;

    private VariableRanges() {}

    /**
     * Checks the attributes and the range of a field whose type is known.
     *
     * @param draft the field
     * @param report where problems go
     */
    static void check(VariableDraft draft, ValidationReport report) {
        checkAttributes(draft, report);
        switch (draft.knownType()) {
            case INT, LONG -> checkIntegerBounds(draft, report);
            case DOUBLE -> checkRealBounds(draft, report);
            case STRING -> checkChoices(draft, report);
            default -> draft.rangeValid = true;
        }
    }

    static void checkAttributes(VariableDraft draft, ValidationReport report) {
        boolean numeric = draft.type == FieldType.INT || draft.type == FieldType.LONG || draft.type == FieldType.DOUBLE;
        if (!numeric) {
            inapplicable(draft, "min", "int, long and double", report);
            inapplicable(draft, "max", "int, long and double", report);
        }
        if (draft.type != FieldType.INT && draft.type != FieldType.LONG) {
            inapplicable(draft, "step", "int and long", report);
        }
        if (draft.type != FieldType.DOUBLE) {
            inapplicable(draft, "logScale", "double", report);
        }
        if (draft.type != FieldType.STRING) {
            inapplicable(draft, "choices", "String", report);
        }
    }

    static void inapplicable(VariableDraft draft, String attribute, String kinds, ValidationReport report) {
        Optional<AnnotationValue> value = Annotations.explicitValue(draft.mirror, attribute);
        if (value.isPresent()) {
            report.error(
                    Message.VARIABLE_INAPPLICABLE_ATTRIBUTE.format(
                            attribute, kinds, draft.fieldName, VariableDraft.describe(draft.field.asType()), attribute),
                    draft.field,
                    draft.mirror,
                    value.get());
        }
    }

    static void checkIntegerBounds(VariableDraft draft, ValidationReport report) {
        boolean valid = checkBoundsPresent(draft, report);
        double limitLow = draft.type == FieldType.INT ? Integer.MIN_VALUE : -TWO_TO_63;
        double limitHigh = draft.type == FieldType.INT ? Integer.MAX_VALUE : TWO_TO_63 - 1024;
        String expected = "a whole number in the " + VariableDraft.typeName(draft) + " range";
        for (String attribute : List.of("min", "max")) {
            Optional<Double> bound = Annotations.doubleValue(draft.mirror, attribute);
            if (bound.isPresent()
                    && !(VariableDraft.isWhole(bound.get()) && bound.get() >= limitLow && bound.get() <= limitHigh)) {
                report.error(
                        Message.VARIABLE_INVALID_BOUND.format(
                                attribute,
                                VariableDraft.number(bound.get()),
                                VariableDraft.typeName(draft),
                                draft.fieldName,
                                expected),
                        draft.field,
                        draft.mirror,
                        Annotations.explicitValue(draft.mirror, attribute).orElseThrow());
                valid = false;
            }
        }
        if (!valid) {
            return;
        }
        draft.min = Annotations.doubleValue(draft.mirror, "min").orElseThrow();
        draft.max = Annotations.doubleValue(draft.mirror, "max").orElseThrow();
        if (!checkOrder(draft, report)) {
            return;
        }
        Optional<AnnotationValue> stepValue = Annotations.explicitValue(draft.mirror, "step");
        double step = Annotations.doubleValue(draft.mirror, "step").orElse(1.0);
        long range = (long) draft.max - (long) draft.min;
        if (stepValue.isPresent() && !(VariableDraft.isWhole(step) && step >= 1 && step <= limitHigh)) {
            report.error(
                    Message.VARIABLE_INVALID_STEP.format(
                            VariableDraft.number(step),
                            draft.fieldName,
                            "must be a whole number of at least 1, for example step = 2"),
                    draft.field,
                    draft.mirror,
                    stepValue.get());
            return;
        }
        draft.step = (long) step;
        if (range % draft.step != 0) {
            report.error(
                    Message.VARIABLE_INVALID_STEP.format(
                            VariableDraft.number(step),
                            draft.fieldName,
                            "does not divide its range ["
                                    + (long) draft.min + ", " + (long) draft.max + "]: max - min = " + range
                                    + " is not a multiple of "
                                    + draft.step + "; change step, min or max so that it is"),
                    draft.field,
                    draft.mirror,
                    stepValue.orElseThrow());
            return;
        }
        draft.rangeValid = true;
    }

    static void checkRealBounds(VariableDraft draft, ValidationReport report) {
        boolean valid = checkBoundsPresent(draft, report);
        for (String attribute : List.of("min", "max")) {
            Optional<Double> bound = Annotations.doubleValue(draft.mirror, attribute);
            if (bound.isPresent() && !Double.isFinite(bound.get())) {
                report.error(
                        Message.VARIABLE_INVALID_BOUND.format(
                                attribute,
                                VariableDraft.number(bound.get()),
                                "double",
                                draft.fieldName,
                                "a finite number"),
                        draft.field,
                        draft.mirror,
                        Annotations.explicitValue(draft.mirror, attribute).orElseThrow());
                valid = false;
            }
        }
        if (!valid) {
            return;
        }
        draft.min = Annotations.doubleValue(draft.mirror, "min").orElseThrow();
        draft.max = Annotations.doubleValue(draft.mirror, "max").orElseThrow();
        if (!checkOrder(draft, report)) {
            return;
        }
        draft.logScale = Annotations.booleanValue(draft.mirror, "logScale");
        if (draft.logScale && draft.min <= 0) {
            report.error(
                    Message.VARIABLE_INVALID_LOG_SCALE.format(draft.fieldName, VariableDraft.number(draft.min)),
                    draft.field,
                    draft.mirror,
                    Annotations.explicitValue(draft.mirror, "logScale").orElseThrow());
            return;
        }
        draft.rangeValid = true;
    }

    static boolean checkBoundsPresent(VariableDraft draft, ValidationReport report) {
        boolean hasMin = Annotations.explicitValue(draft.mirror, "min").isPresent();
        boolean hasMax = Annotations.explicitValue(draft.mirror, "max").isPresent();
        if (hasMin && hasMax) {
            return true;
        }
        String found = !hasMin && !hasMax ? "it has neither" : hasMin ? "it has no max" : "it has no min";
        boolean real = draft.type == FieldType.DOUBLE;
        report.error(
                Message.VARIABLE_MISSING_BOUND.format(
                        draft.fieldName, VariableDraft.typeName(draft), found, real ? "0.0" : "1", real ? "1.0" : "10"),
                draft.field,
                draft.mirror,
                null);
        return false;
    }

    static boolean checkOrder(VariableDraft draft, ValidationReport report) {
        if (draft.min > draft.max) {
            report.error(
                    Message.VARIABLE_EMPTY_RANGE.format(
                            draft.fieldName,
                            VariableDraft.value(draft, draft.min),
                            VariableDraft.value(draft, draft.max)),
                    draft.field,
                    draft.mirror,
                    Annotations.explicitValue(draft.mirror, "min").orElseThrow());
            return false;
        }
        return true;
    }

    static void checkChoices(VariableDraft draft, ValidationReport report) {
        List<String> choices = Annotations.stringValues(draft.mirror, "choices");
        if (choices.isEmpty()) {
            report.error(
                    Message.VARIABLE_NO_CHOICES.format(draft.fieldName),
                    draft.field,
                    draft.mirror,
                    Annotations.explicitValue(draft.mirror, "choices").orElse(null));
            return;
        }
        Set<String> seen = new HashSet<>();
        boolean valid = true;
        for (String choice : choices) {
            if (!seen.add(choice)) {
                report.error(
                        Message.VARIABLE_DUPLICATE_CHOICE.format(draft.fieldName, choice),
                        draft.field,
                        draft.mirror,
                        Annotations.explicitValue(draft.mirror, "choices").orElseThrow());
                valid = false;
            }
        }
        draft.choices = List.copyOf(choices);
        draft.rangeValid = valid;
    }
}
