package dev.dspj.processor.validation;

import com.sun.source.util.Trees;
import dev.dspj.processor.Message;
import dev.dspj.processor.model.ConstantNames;
import dev.dspj.processor.model.ProgramModel.ModuleField;
import dev.dspj.processor.model.ProgramModel.Shape;
import dev.dspj.processor.model.VariableModel;
import dev.dspj.processor.model.VariableModel.Condition;
import dev.dspj.processor.model.VariableModel.FieldType;
import dev.dspj.processor.model.VariablesModel;
import dev.dspj.processor.validation.InitializerReader.EnumConstant;
import dev.dspj.processor.validation.InitializerReader.Initializer;
import dev.dspj.processor.validation.InitializerReader.Missing;
import dev.dspj.processor.validation.InitializerReader.Unsupported;
import dev.dspj.processor.validation.InitializerReader.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Checks the {@code @Variable} fields of one class and builds the model of its generated
 * {@code <Name>Variables}: each field's type gives the variable's kind, the attributes its bounds,
 * step, scale or choices, the field's initializer its default, and {@code when} its condition. All
 * problems are collected into the report, each on the field, or on the annotation value at fault.
 */
public final class VariableValidator {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Map<String, String> RESERVED_CONSTANTS = Map.of(
            "INSTANCE", "is reserved for the single instance",
            "SPACE", "is reserved for the variable space");
    private static final double TWO_TO_63 = 0x1p63;

    private final Elements elements;
    private final ModuleFields moduleFields;
    private final InitializerReader initializers;
    private final String environment;

    /**
     * Creates a validator.
     *
     * @param elements the compiler's element utilities
     * @param types the compiler's type utilities
     * @param trees the compiler's syntax trees, to read initializers; empty when the compiler has none
     * @param environment the processing environment's class name, for the message when there are no
     *     trees
     */
    public VariableValidator(Elements elements, javax.lang.model.util.Types types, Optional<Trees> trees,
            String environment) {
        this.elements = elements;
        this.moduleFields = new ModuleFields(elements, types);
        this.initializers = trees.map(t -> new InitializerReader(t, elements)).orElse(null);
        this.environment = environment;
    }

    /**
     * The fields of a class annotated {@code @Variable}, in declaration order.
     *
     * @param type the class
     * @return the fields
     */
    public static List<VariableElement> variableFields(TypeElement type) {
        return ElementFilter.fieldsIn(type.getEnclosedElements()).stream()
                .filter(field -> Annotations.find(field, Annotations.VARIABLE).isPresent())
                .toList();
    }

    /**
     * Validates the variables of a class.
     *
     * @param type the class
     * @param program whether it is a {@code @Program} class (whose own rules the program validator
     *     checks, and whose predictors its descriptor lists)
     * @param report where problems go
     * @return the model, when the report has no error
     */
    public Optional<VariablesModel> validate(TypeElement type, boolean program, ValidationReport report) {
        String name = SignatureValidator.signatureName(type);
        String generated = name + VariablesModel.SUFFIX;
        List<Draft> drafts = new ArrayList<>();
        for (VariableElement field : variableFields(type)) {
            AnnotationMirror mirror = Annotations.find(field, Annotations.VARIABLE).orElseThrow();
            if (!program) {
                checkClass(type, field, generated, report);
            }
            drafts.add(field(field, mirror, generated, report));
        }
        checkNames(drafts, generated, report);
        checkConditions(drafts, type, report);
        List<ModuleField> modules = program ? List.of() : moduleFields(type, generated, report);
        if (!report.isClean()) {
            return Optional.empty();
        }
        List<VariableModel> variables = drafts.stream().map(Draft::model).toList();
        String packageName = elements.getPackageOf(type).getQualifiedName().toString();
        return Optional.of(new VariablesModel(type, name, packageName, variables, program, modules));
    }

    // ---- the class

    private void checkClass(TypeElement type, VariableElement field, String generated, ValidationReport report) {
        String fieldName = field.getSimpleName().toString();
        if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS) {
            report.error(Message.VARIABLE_UNREACHABLE_CLASS.format(fieldName, type.getNestingKind() == NestingKind.LOCAL
                    ? "the local class " + type.getSimpleName() : "an anonymous class",
                    "move the field to a top-level or static nested class"), field);
        } else if (ProgramValidator.isPrivate(type)) {
            report.error(Message.VARIABLE_UNREACHABLE_CLASS.format(fieldName, "the private class "
                    + type.getQualifiedName(), "make the class package-private or public"), field);
        } else if (type.getNestingKind() == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)) {
            report.error(Message.VARIABLE_UNREACHABLE_CLASS.format(fieldName, "the inner class " + type.getQualifiedName()
                    + ", whose instances belong to an instance of " + type.getEnclosingElement().getSimpleName(),
                    "declare the class static"), field);
        } else if (!type.getTypeParameters().isEmpty()) {
            report.error(Message.VARIABLE_GENERIC_CLASS.format(fieldName, type.getSimpleName(),
                    type.getTypeParameters().stream().map(Object::toString).collect(Collectors.joining(", ", "<", ">")),
                    generated), field);
        }
    }

    // ---- one field

    private Draft field(VariableElement field, AnnotationMirror mirror, String generated, ValidationReport report) {
        Draft draft = new Draft(field, mirror);
        Set<Modifier> modifiers = field.getModifiers();
        if (modifiers.contains(Modifier.STATIC)) {
            report.error(Message.VARIABLE_STATIC_FIELD.format(draft.fieldName), field);
        } else if (modifiers.contains(Modifier.FINAL)) {
            report.error(Message.VARIABLE_FINAL_FIELD.format(draft.fieldName, generated), field);
        }
        if (modifiers.contains(Modifier.PRIVATE)) {
            report.error(Message.VARIABLE_PRIVATE_FIELD.format(draft.fieldName, generated), field);
        }
        String explicitName = Annotations.stringValue(mirror, "name");
        draft.name = explicitName.isEmpty() ? draft.fieldName : explicitName;
        if (!NAME.matcher(draft.name).matches()) {
            draft.validName = false;
            errorAtName(report, Message.VARIABLE_INVALID_NAME.format(draft.name,
                    explicitName.isEmpty() ? "" : " of field " + draft.fieldName,
                    explicitName.isEmpty() ? " (it is the field's name; give the variable another with "
                            + "@Variable(name = \"...\"))" : ""), draft);
        }
        String desc = Annotations.stringValue(mirror, "desc");
        draft.description = desc.isEmpty() ? firstSentence(elements.getDocComment(field)) : desc;
        draft.type = fieldType(field, generated, report);
        if (draft.type == null) {
            return draft;
        }
        checkAttributes(draft, report);
        switch (draft.type) {
            case INT, LONG -> checkIntegerBounds(draft, report);
            case DOUBLE -> checkRealBounds(draft, report);
            case STRING -> checkChoices(draft, report);
            default -> draft.rangeValid = true;
        }
        readDefault(draft, report);
        if (draft.defaultValue != null && draft.rangeValid) {
            checkDefault(draft, report);
        }
        return draft;
    }

    private FieldType fieldType(VariableElement field, String generated, ValidationReport report) {
        TypeMirror type = field.asType();
        String fieldName = field.getSimpleName().toString();
        switch (type.getKind()) {
            case BOOLEAN:
                return FieldType.BOOLEAN;
            case INT:
                return FieldType.INT;
            case LONG:
                return FieldType.LONG;
            case DOUBLE:
                return FieldType.DOUBLE;
            case FLOAT:
                report.error(Message.VARIABLE_UNSUPPORTED_TYPE.format(fieldName, type, "; use double"), field);
                return null;
            case SHORT, BYTE, CHAR:
                report.error(Message.VARIABLE_UNSUPPORTED_TYPE.format(fieldName, type, "; use int"), field);
                return null;
            default:
                break;
        }
        if (type instanceof DeclaredType declared && declared.asElement() instanceof TypeElement element) {
            String qualified = element.getQualifiedName().toString();
            if (qualified.equals("java.lang.String")) {
                return FieldType.STRING;
            }
            if (element.getKind() == ElementKind.ENUM) {
                Optional<String> unreachable = unreachable(element, elements.getPackageOf(field));
                if (unreachable.isPresent()) {
                    report.error(Message.VARIABLE_INACCESSIBLE_ENUM.format(fieldName, element.getQualifiedName(),
                            generated, elements.getPackageOf(field).getQualifiedName(), unreachable.get()), field);
                    return null;
                }
                return FieldType.ENUM;
            }
            String primitive = switch (qualified) {
                case "java.lang.Boolean" -> "boolean";
                case "java.lang.Integer" -> "int";
                case "java.lang.Long" -> "long";
                case "java.lang.Double" -> "double";
                default -> null;
            };
            if (primitive != null) {
                report.error(Message.VARIABLE_UNSUPPORTED_TYPE.format(fieldName, type, "; use the primitive "
                        + primitive + ": a variable always has a value, never null"), field);
                return null;
            }
        }
        report.error(Message.VARIABLE_UNSUPPORTED_TYPE.format(fieldName, type, ""), field);
        return null;
    }

    /** Why generated code in a package cannot name a type, if it cannot. */
    private Optional<String> unreachable(TypeElement type, PackageElement from) {
        boolean samePackage = elements.getPackageOf(type).equals(from);
        for (Element current = type; current instanceof TypeElement nested; current = current.getEnclosingElement()) {
            if (nested.getModifiers().contains(Modifier.PRIVATE)) {
                return Optional.of(nested.getSimpleName() + " is private");
            }
            if (!samePackage && !nested.getModifiers().contains(Modifier.PUBLIC)) {
                return Optional.of(nested.getSimpleName() + " is not public and is in another package");
            }
        }
        return Optional.empty();
    }

    private void checkAttributes(Draft draft, ValidationReport report) {
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

    private void inapplicable(Draft draft, String attribute, String kinds, ValidationReport report) {
        Optional<AnnotationValue> value = Annotations.explicitValue(draft.mirror, attribute);
        if (value.isPresent()) {
            report.error(Message.VARIABLE_INAPPLICABLE_ATTRIBUTE.format(attribute, kinds, draft.fieldName,
                    describe(draft.field.asType()), attribute), draft.field, draft.mirror, value.get());
        }
    }

    private void checkIntegerBounds(Draft draft, ValidationReport report) {
        boolean valid = checkBoundsPresent(draft, report);
        double limitLow = draft.type == FieldType.INT ? Integer.MIN_VALUE : -TWO_TO_63;
        double limitHigh = draft.type == FieldType.INT ? Integer.MAX_VALUE : TWO_TO_63 - 1024;
        String expected = "a whole number in the " + typeName(draft) + " range";
        for (String attribute : List.of("min", "max")) {
            Optional<Double> bound = Annotations.doubleValue(draft.mirror, attribute);
            if (bound.isPresent() && !(isWhole(bound.get()) && bound.get() >= limitLow && bound.get() <= limitHigh)) {
                report.error(Message.VARIABLE_INVALID_BOUND.format(attribute, number(bound.get()), typeName(draft),
                        draft.fieldName, expected), draft.field, draft.mirror,
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
        if (stepValue.isPresent() && !(isWhole(step) && step >= 1 && step <= limitHigh)) {
            report.error(Message.VARIABLE_INVALID_STEP.format(number(step), draft.fieldName,
                    "must be a whole number of at least 1, for example step = 2"), draft.field, draft.mirror,
                    stepValue.get());
            return;
        }
        draft.step = (long) step;
        if (range % draft.step != 0) {
            report.error(Message.VARIABLE_INVALID_STEP.format(number(step), draft.fieldName, "does not divide its range ["
                    + (long) draft.min + ", " + (long) draft.max + "]: max - min = " + range + " is not a multiple of "
                    + draft.step + "; change step, min or max so that it is"), draft.field, draft.mirror,
                    stepValue.orElseThrow());
            return;
        }
        draft.rangeValid = true;
    }

    private void checkRealBounds(Draft draft, ValidationReport report) {
        boolean valid = checkBoundsPresent(draft, report);
        for (String attribute : List.of("min", "max")) {
            Optional<Double> bound = Annotations.doubleValue(draft.mirror, attribute);
            if (bound.isPresent() && !Double.isFinite(bound.get())) {
                report.error(Message.VARIABLE_INVALID_BOUND.format(attribute, number(bound.get()), "double",
                        draft.fieldName, "a finite number"), draft.field, draft.mirror,
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
            report.error(Message.VARIABLE_INVALID_LOG_SCALE.format(draft.fieldName, number(draft.min)), draft.field,
                    draft.mirror, Annotations.explicitValue(draft.mirror, "logScale").orElseThrow());
            return;
        }
        draft.rangeValid = true;
    }

    private boolean checkBoundsPresent(Draft draft, ValidationReport report) {
        boolean hasMin = Annotations.explicitValue(draft.mirror, "min").isPresent();
        boolean hasMax = Annotations.explicitValue(draft.mirror, "max").isPresent();
        if (hasMin && hasMax) {
            return true;
        }
        String found = !hasMin && !hasMax ? "it has neither" : hasMin ? "it has no max" : "it has no min";
        boolean real = draft.type == FieldType.DOUBLE;
        report.error(Message.VARIABLE_MISSING_BOUND.format(draft.fieldName, typeName(draft), found,
                real ? "0.0" : "1", real ? "1.0" : "10"), draft.field, draft.mirror, null);
        return false;
    }

    private boolean checkOrder(Draft draft, ValidationReport report) {
        if (draft.min > draft.max) {
            report.error(Message.VARIABLE_EMPTY_RANGE.format(draft.fieldName, value(draft, draft.min),
                    value(draft, draft.max)), draft.field, draft.mirror,
                    Annotations.explicitValue(draft.mirror, "min").orElseThrow());
            return false;
        }
        return true;
    }

    private void checkChoices(Draft draft, ValidationReport report) {
        List<String> choices = Annotations.stringValues(draft.mirror, "choices");
        if (choices.isEmpty()) {
            report.error(Message.VARIABLE_NO_CHOICES.format(draft.fieldName), draft.field, draft.mirror,
                    Annotations.explicitValue(draft.mirror, "choices").orElse(null));
            return;
        }
        Set<String> seen = new HashSet<>();
        boolean valid = true;
        for (String choice : choices) {
            if (!seen.add(choice)) {
                report.error(Message.VARIABLE_DUPLICATE_CHOICE.format(draft.fieldName, choice), draft.field,
                        draft.mirror, Annotations.explicitValue(draft.mirror, "choices").orElseThrow());
                valid = false;
            }
        }
        draft.choices = List.copyOf(choices);
        draft.rangeValid = valid;
    }

    // ---- the default

    private void readDefault(Draft draft, ValidationReport report) {
        if (initializers == null) {
            report.error(Message.VARIABLE_DEFAULT_UNREADABLE.format(draft.fieldName, environment), draft.field);
            return;
        }
        TypeElement enumType = draft.type == FieldType.ENUM
                ? (TypeElement) ((DeclaredType) draft.field.asType()).asElement() : null;
        Initializer initializer = initializers.read(draft.field, enumType);
        if (initializer instanceof Missing) {
            draft.defaultOrigin = "Java's default, as it has no initializer";
            draft.defaultValue = switch (draft.type) {
                case BOOLEAN -> Boolean.FALSE;
                case INT, LONG -> 0L;
                case DOUBLE -> 0.0;
                case STRING, ENUM -> {
                    report.error(Message.VARIABLE_NEEDS_INITIALIZER.format(draft.fieldName,
                            draft.type == FieldType.STRING ? "a String" : "an enum", example(draft, enumType)),
                            draft.field);
                    yield null;
                }
            };
        } else if (initializer instanceof Unsupported unsupported) {
            report.error(Message.VARIABLE_UNSUPPORTED_INITIALIZER.format(draft.fieldName, unsupported.source(),
                    unsupported.reason()), draft.field);
        } else if (initializer instanceof EnumConstant constant) {
            if (draft.type == FieldType.ENUM && constant.type().equals(enumType)) {
                draft.defaultValue = constant.name();
            } else {
                report.error(Message.VARIABLE_UNSUPPORTED_INITIALIZER.format(draft.fieldName,
                        constant.type().getSimpleName() + "." + constant.name(), "it is a constant of the enum "
                                + constant.type().getQualifiedName() + ", and the field is " + describe(
                                        draft.field.asType())), draft.field);
            }
        } else if (initializer instanceof Value value) {
            draft.defaultValue = convert(value.value(), draft.type);
            if (draft.defaultValue == null) {
                report.error(Message.VARIABLE_UNSUPPORTED_INITIALIZER.format(draft.fieldName, literal(value.value()),
                        "it is " + describeValue(value.value()) + ", and the field is "
                                + describe(draft.field.asType())), draft.field);
            }
        }
    }

    private static Object convert(Object value, FieldType type) {
        return switch (type) {
            case BOOLEAN -> value instanceof Boolean ? value : null;
            case INT, LONG -> value instanceof Integer || value instanceof Long || value instanceof Short
                    || value instanceof Byte ? (Object) ((Number) value).longValue()
                    : value instanceof Character c ? (Object) (long) c : null;
            case DOUBLE -> value instanceof Number number ? (Object) number.doubleValue()
                    : value instanceof Character c ? (Object) (double) c : null;
            case STRING -> value instanceof String ? value : null;
            case ENUM -> null;
        };
    }

    private void checkDefault(Draft draft, ValidationReport report) {
        switch (draft.type) {
            case INT, LONG -> {
                long value = (Long) draft.defaultValue;
                long min = (long) draft.min;
                long max = (long) draft.max;
                if (value < min || value > max) {
                    report.error(Message.VARIABLE_DEFAULT_OUT_OF_RANGE.format(draft.fieldName, value, draft.defaultOrigin,
                            min, max),
                            draft.field);
                } else if ((value - min) % draft.step != 0) {
                    long below = min + (value - min) / draft.step * draft.step;
                    report.error(Message.VARIABLE_DEFAULT_OFF_STEP.format(draft.fieldName, value, draft.defaultOrigin, min,
                            draft.step, below, below + draft.step), draft.field);
                }
            }
            case DOUBLE -> {
                double value = (Double) draft.defaultValue;
                if (!(value >= draft.min && value <= draft.max)) {
                    report.error(Message.VARIABLE_DEFAULT_OUT_OF_RANGE.format(draft.fieldName, number(value),
                            draft.defaultOrigin, number(draft.min), number(draft.max)), draft.field);
                }
            }
            case STRING -> {
                if (!draft.choices.contains((String) draft.defaultValue)) {
                    report.error(Message.VARIABLE_DEFAULT_NOT_A_CHOICE.format(draft.fieldName, draft.defaultValue,
                            quoted(draft.choices)), draft.field);
                }
            }
            default -> {
                // a boolean or an enum constant is always a value of its variable
            }
        }
    }

    // ---- names and conditions, across the class

    private void checkNames(List<Draft> drafts, String generated, ValidationReport report) {
        Map<String, Draft> byName = new LinkedHashMap<>();
        Map<String, Draft> byConstant = new LinkedHashMap<>();
        for (Draft draft : drafts) {
            Draft first = byName.putIfAbsent(draft.name, draft);
            if (first != null) {
                errorAtName(report, Message.VARIABLE_DUPLICATE_NAME.format(draft.name, draft.fieldName, first.fieldName),
                        draft);
                continue;
            }
            if (!draft.validName) {
                continue;
            }
            String constant = ConstantNames.of(draft.name);
            Draft clash = byConstant.putIfAbsent(constant, draft);
            String problem = clash != null ? "variable \"" + clash.name + "\" of field " + clash.fieldName
                    + " becomes too" : RESERVED_CONSTANTS.get(constant);
            if (problem != null) {
                errorAtName(report, Message.VARIABLE_CONSTANT_CLASH.format(draft.name, draft.fieldName, constant,
                        generated, problem), draft);
            }
        }
    }

    private void checkConditions(List<Draft> drafts, TypeElement type, ValidationReport report) {
        Map<String, Draft> byName = new LinkedHashMap<>();
        for (Draft draft : drafts) {
            byName.putIfAbsent(draft.name, draft);
        }
        String className = type.getSimpleName().toString();
        for (Draft draft : drafts) {
            String when = Annotations.stringValue(draft.mirror, "when");
            if (when.isEmpty()) {
                continue;
            }
            AnnotationValue at = Annotations.explicitValue(draft.mirror, "when").orElseThrow();
            Optional<Condition> parsed = parseCondition(when);
            if (parsed.isEmpty()) {
                report.error(Message.VARIABLE_INVALID_CONDITION.format(when, draft.fieldName, className), draft.field,
                        draft.mirror, at);
                continue;
            }
            Condition condition = parsed.get();
            if (condition.variable().equals(draft.name)) {
                report.error(Message.VARIABLE_SELF_CONDITION.format(when, draft.fieldName, className), draft.field,
                        draft.mirror, at);
                continue;
            }
            Draft parent = byName.get(condition.variable());
            if (parent == null) {
                String hint = drafts.stream().filter(d -> d.fieldName.equals(condition.variable())).findFirst()
                        .map(d -> " (did you mean \"" + d.name + "\", the variable of field " + d.fieldName + "?)")
                        .orElse("");
                report.error(Message.VARIABLE_UNKNOWN_CONDITION_VARIABLE.format(when, draft.fieldName,
                        condition.variable(), className, hint, quoted(new ArrayList<>(byName.keySet()))), draft.field,
                        draft.mirror, at);
                continue;
            }
            draft.condition = condition;
            if (parent.type == null) {
                continue;   // its own type is reported
            }
            if (parent.type == FieldType.DOUBLE) {
                report.error(Message.VARIABLE_CONTINUOUS_CONDITION.format(when, draft.fieldName, parent.name),
                        draft.field, draft.mirror, at);
                continue;
            }
            for (String value : condition.values()) {
                Optional<String> allowed = parent.rangeValid ? unknownValue(parent, value) : Optional.empty();
                if (allowed.isPresent()) {
                    report.error(Message.VARIABLE_UNKNOWN_CONDITION_VALUE.format(when, draft.fieldName, value,
                            parent.name, allowed.get()), draft.field, draft.mirror, at);
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
    private static Optional<String> unknownValue(Draft parent, String value) {
        switch (parent.type) {
            case BOOLEAN:
                return value.equals("true") || value.equals("false") ? Optional.empty() : Optional.of("true and false");
            case STRING:
                return parent.choices.contains(value) ? Optional.empty() : Optional.of(quoted(parent.choices));
            case ENUM:
                TypeElement enumType = (TypeElement) ((DeclaredType) parent.field.asType()).asElement();
                List<String> constants = ElementFilter.fieldsIn(enumType.getEnclosedElements()).stream()
                        .filter(f -> f.getKind() == ElementKind.ENUM_CONSTANT)
                        .map(f -> f.getSimpleName().toString()).toList();
                return constants.contains(value) ? Optional.empty()
                        : Optional.of("the constants of " + enumType.getSimpleName() + ": " + String.join(", ", constants));
            default:
                long min = (long) parent.min;
                long max = (long) parent.max;
                String values = parent.step == 1 ? "the whole numbers from " + min + " to " + max
                        : min + ", " + (min + parent.step) + ", ... " + max + " (from " + min + " in steps of "
                                + parent.step + ")";
                try {
                    long number = Long.parseLong(value);
                    boolean allowed = Long.toString(number).equals(value) && number >= min && number <= max
                            && (number - min) % parent.step == 0;
                    return allowed ? Optional.empty() : Optional.of(values);
                } catch (NumberFormatException e) {
                    return Optional.of(values);
                }
        }
    }

    private static void checkCycles(List<Draft> drafts, Map<String, Draft> byName, TypeElement type,
            ValidationReport report) {
        Set<String> reported = new HashSet<>();
        for (Draft start : drafts) {
            List<String> path = new ArrayList<>();
            Draft current = start;
            while (current != null && current.condition != null && !path.contains(current.name)) {
                path.add(current.name);
                current = byName.get(current.condition.variable());
            }
            if (current == start && !path.isEmpty() && !reported.contains(start.name)) {
                reported.addAll(path);
                path.add(start.name);
                report.error(Message.VARIABLE_CONDITION_CYCLE.format(type.getSimpleName(), String.join(" -> ", path)
                        + " (each depends on the next through when)"), start.field, start.mirror,
                        Annotations.explicitValue(start.mirror, "when").orElseThrow());
            }
        }
    }

    // ---- module fields of a plain class

    private List<ModuleField> moduleFields(TypeElement type, String generated, ValidationReport report) {
        List<ModuleField> fields = new ArrayList<>();
        for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
            if (field.getModifiers().contains(Modifier.STATIC)) {
                continue;
            }
            Optional<Shape> shape = moduleFields.shape(field.asType());
            String problem = null;
            String fix = null;
            if (shape.isPresent() && field.getModifiers().contains(Modifier.PRIVATE)) {
                problem = "is private";
                fix = "make it package-private, protected or public";
            } else if (shape.isEmpty() && moduleFields.holdsModules(field.asType())) {
                problem = "holds them in a " + field.asType() + ", which DSPJ cannot walk";
                fix = "hold them in a Module, a List<M> or a Map<String, M> field";
            }
            if (problem != null) {
                report.warning(Message.VARIABLES_SKIPPED_MODULE_FIELD.format(field.getSimpleName(), type.getSimpleName(),
                        problem, generated, fix), field, null);
            } else if (shape.isPresent()) {
                fields.add(new ModuleField(field, shape.get()));
            }
        }
        return List.copyOf(fields);
    }

    // ---- helpers

    /** On the {@code name} value when written, else on the field, whose name the variable then has. */
    private static void errorAtName(ValidationReport report, String message, Draft draft) {
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
        text = text.replaceAll("\\{@(?:code|link|linkplain|literal)\\s+([^}]*)}", "$1").replaceAll("<[^>]+>", "")
                .replaceAll("\\s+", " ").trim();
        int end = text.indexOf(". ");
        text = end >= 0 ? text.substring(0, end) : text;
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    private String example(Draft draft, TypeElement enumType) {
        if (draft.type == FieldType.STRING) {
            String choice = draft.choices.isEmpty() ? "short" : draft.choices.get(0);
            return "String " + draft.fieldName + " = \"" + choice + "\";";
        }
        String constant = ElementFilter.fieldsIn(enumType.getEnclosedElements()).stream()
                .filter(f -> f.getKind() == ElementKind.ENUM_CONSTANT).map(f -> f.getSimpleName().toString())
                .findFirst().orElse("VALUE");
        return enumType.getSimpleName() + " " + draft.fieldName + " = " + enumType.getSimpleName() + "." + constant + ";";
    }

    private static boolean isWhole(double value) {
        return Double.isFinite(value) && value == Math.rint(value);
    }

    private static String typeName(Draft draft) {
        return draft.field.asType().toString();
    }

    private static String value(Draft draft, double value) {
        return draft.type == FieldType.DOUBLE ? number(value) : Long.toString((long) value);
    }

    /** A bound as written: whole numbers without a decimal point. */
    private static String number(double value) {
        return isWhole(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private static String quoted(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", ", "[", "]"));
    }

    private static String literal(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : value instanceof Character c ? "'" + c + "'"
                : String.valueOf(value);
    }

    private static String describeValue(Object value) {
        String kind = value instanceof String ? "String" : value instanceof Boolean ? "boolean"
                : value instanceof Character ? "char" : value.getClass().getSimpleName().toLowerCase(Locale.ROOT)
                        .replace("integer", "int");
        return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
    }

    private static String describe(TypeMirror type) {
        String text = type.getKind().isPrimitive() ? type.toString()
                : type instanceof DeclaredType declared ? declared.asElement().getSimpleName().toString()
                : type.toString();
        if (type instanceof DeclaredType declared && declared.asElement().getKind() == ElementKind.ENUM) {
            return "the enum " + text;
        }
        return ("aeiouAEIOU".indexOf(text.charAt(0)) >= 0 ? "an " : "a ") + text;
    }

    /** What is known of one field while the class is checked. */
    private static final class Draft {
        final VariableElement field;
        final AnnotationMirror mirror;
        final String fieldName;
        String name;
        boolean validName = true;
        String description = "";
        FieldType type;
        double min;
        double max;
        long step;
        boolean logScale;
        List<String> choices = List.of();
        boolean rangeValid;
        Object defaultValue;
        String defaultOrigin = "its initializer";
        Condition condition;

        Draft(VariableElement field, AnnotationMirror mirror) {
            this.field = field;
            this.mirror = mirror;
            this.fieldName = field.getSimpleName().toString();
        }

        VariableModel model() {
            TypeElement enumType = type == FieldType.ENUM ? (TypeElement) ((DeclaredType) field.asType()).asElement()
                    : null;
            return new VariableModel(field, name, description, type, min, max, step, logScale, choices, defaultValue,
                    enumType, Optional.ofNullable(condition));
        }
    }
}
