package dev.dspj.processor.validation;

import dev.dspj.processor.Message;
import dev.dspj.processor.model.VariableModel.Condition;
import dev.dspj.processor.model.VariableModel.FieldType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.ElementFilter;

/**
 * The conditions of a class's variables ({@code @Variable(when = "other=value")}): each parses,
 * names another variable of the class whose values can be listed and which takes the values named,
 * and no condition depends on itself through others.
 */
final class VariableConditions {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private VariableConditions() {}

    /** Checks every condition of a class; sets each draft's condition when it names a variable. */
    static void check(List<VariableDraft> drafts, TypeElement type, ValidationReport report) {
        Map<String, VariableDraft> byName = new LinkedHashMap<>();
        for (VariableDraft draft : drafts) {
            byName.putIfAbsent(draft.name, draft);
        }
        String className = type.getSimpleName().toString();
        for (VariableDraft draft : drafts) {
            String when = Annotations.stringValue(draft.mirror, "when");
            if (when.isEmpty()) {
                continue;
            }
            AnnotationValue at = Annotations.explicitValue(draft.mirror, "when").orElseThrow();
            Optional<Condition> parsed = parseCondition(when);
            if (parsed.isEmpty()) {
                report.error(
                        Message.VARIABLE_INVALID_CONDITION.format(when, draft.fieldName, className),
                        draft.field,
                        draft.mirror,
                        at);
                continue;
            }
            Condition condition = parsed.get();
            if (condition.variable().equals(draft.name)) {
                report.error(
                        Message.VARIABLE_SELF_CONDITION.format(when, draft.fieldName, className),
                        draft.field,
                        draft.mirror,
                        at);
                continue;
            }
            VariableDraft parent = byName.get(condition.variable());
            if (parent == null) {
                String hint = drafts.stream()
                        .filter(d -> d.fieldName.equals(condition.variable()))
                        .findFirst()
                        .map(d -> " (did you mean \"" + d.name + "\", the variable of field " + d.fieldName + "?)")
                        .orElse("");
                report.error(
                        Message.VARIABLE_UNKNOWN_CONDITION_VARIABLE.format(
                                when,
                                draft.fieldName,
                                condition.variable(),
                                className,
                                hint,
                                VariableDraft.quoted(new ArrayList<>(byName.keySet()))),
                        draft.field,
                        draft.mirror,
                        at);
                continue;
            }
            draft.condition = condition;
            if (parent.type == null) {
                continue; // its own type is reported
            }
            if (parent.type == FieldType.DOUBLE) {
                report.error(
                        Message.VARIABLE_CONTINUOUS_CONDITION.format(when, draft.fieldName, parent.name),
                        draft.field,
                        draft.mirror,
                        at);
                continue;
            }
            for (String value : condition.values()) {
                Optional<String> allowed = parent.rangeValid ? unknownValue(parent, value) : Optional.empty();
                if (allowed.isPresent()) {
                    report.error(
                            Message.VARIABLE_UNKNOWN_CONDITION_VALUE.format(
                                    when, draft.fieldName, value, parent.name, allowed.get()),
                            draft.field,
                            draft.mirror,
                            at);
                }
            }
        }
        checkCycles(drafts, byName, type, report);
    }

    /** Parses {@code other=v1|v2}; empty when malformed. */
    private static Optional<Condition> parseCondition(String when) {
        int equals = when.indexOf('=');
        if (equals < 0 || when.indexOf('=', equals + 1) >= 0) {
            return Optional.empty();
        }
        String variable = when.substring(0, equals).trim();
        if (!NAME.matcher(variable).matches()) {
            return Optional.empty();
        }
        Set<String> values = new LinkedHashSet<>();
        for (String value : when.substring(equals + 1).split("\\|", -1)) {
            if (value.trim().isEmpty()) {
                return Optional.empty();
            }
            values.add(value.trim());
        }
        return Optional.of(new Condition(variable, List.copyOf(values)));
    }

    /** The parent's values, when {@code value} is not one of them. */
    private static Optional<String> unknownValue(VariableDraft parent, String value) {
        switch (parent.knownType()) {
            case BOOLEAN:
                return value.equals("true") || value.equals("false") ? Optional.empty() : Optional.of("true and false");
            case STRING:
                return parent.choices.contains(value)
                        ? Optional.empty()
                        : Optional.of(VariableDraft.quoted(parent.choices));
            case ENUM:
                TypeElement enumType = (TypeElement) ((DeclaredType) parent.field.asType()).asElement();
                List<String> constants = ElementFilter.fieldsIn(enumType.getEnclosedElements()).stream()
                        .filter(f -> f.getKind() == ElementKind.ENUM_CONSTANT)
                        .map(f -> f.getSimpleName().toString())
                        .toList();
                return constants.contains(value)
                        ? Optional.empty()
                        : Optional.of(
                                "the constants of " + enumType.getSimpleName() + ": " + String.join(", ", constants));
            default:
                long min = (long) parent.min;
                long max = (long) parent.max;
                String values = parent.step == 1
                        ? "the whole numbers from " + min + " to " + max
                        : min + ", " + (min + parent.step) + ", ... " + max + " (from " + min + " in steps of "
                                + parent.step + ")";
                try {
                    long number = Long.parseLong(value);
                    boolean allowed = Long.toString(number).equals(value)
                            && number >= min
                            && number <= max
                            && (number - min) % parent.step == 0;
                    return allowed ? Optional.empty() : Optional.of(values);
                } catch (NumberFormatException e) {
                    return Optional.of(values);
                }
        }
    }

    private static void checkCycles(
            List<VariableDraft> drafts, Map<String, VariableDraft> byName, TypeElement type, ValidationReport report) {
        Set<String> reported = new HashSet<>();
        for (VariableDraft start : drafts) {
            List<String> path = new ArrayList<>();
            VariableDraft current = start;
            while (current != null && current.condition != null && !path.contains(current.name)) {
                path.add(current.name);
                current = byName.get(current.condition.variable());
            }
            if (current == start && !path.isEmpty() && !reported.contains(start.name)) {
                reported.addAll(path);
                path.add(start.name);
                report.error(
                        Message.VARIABLE_CONDITION_CYCLE.format(
                                type.getSimpleName(),
                                String.join(" -> ", path) + " (each depends on the next through when)"),
                        start.field,
                        start.mirror,
                        Annotations.explicitValue(start.mirror, "when").orElseThrow());
            }
        }
    }
}
