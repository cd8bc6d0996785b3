package dev.dspj.processor.validation;

import com.sun.source.util.Trees;
import dev.dspj.processor.Message;
import dev.dspj.processor.model.ConstantNames;
import dev.dspj.processor.model.ProgramModel.ModuleField;
import dev.dspj.processor.model.ProgramModel.Shape;
import dev.dspj.processor.model.VariableModel;
import dev.dspj.processor.model.VariableModel.FieldType;
import dev.dspj.processor.model.VariablesModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
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
import org.jspecify.annotations.Nullable;

/**
 * Checks the {@code @Variable} fields of one class and builds the model of its generated
 * {@code <Name>Variables}: each field's type gives the variable's kind, the attributes its bounds,
 * step, scale or choices ({@link VariableRanges}), the field's initializer its default
 * ({@link VariableDefaults}), and {@code when} its condition ({@link VariableConditions}). All
 * problems are collected into the report, each on the field, or on the annotation value at fault.
 * This class checks the class and each field's shape, the names across the class, and (for a
 * class that is not a program) its module fields.
 */
public final class VariableValidator {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Map<String, String> RESERVED_CONSTANTS = Map.of(
            "INSTANCE", "is reserved for the single instance",
            "SPACE", "is reserved for the variable space");

    private final Elements elements;
    private final ModuleFields moduleFields;
    private final VariableDefaults defaults;

    /**
     * Creates a validator.
     *
     * @param elements the compiler's element utilities
     * @param types the compiler's type utilities
     * @param trees the compiler's syntax trees, to read initializers; empty when the compiler has none
     * @param environment the processing environment's class name, for the message when there are no
     *     trees
     */
    public VariableValidator(
            Elements elements, javax.lang.model.util.Types types, Optional<Trees> trees, String environment) {
        this.elements = elements;
        this.moduleFields = new ModuleFields(elements, types);
        this.defaults = new VariableDefaults(FieldInitializers.of(trees, elements, environment));
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
        List<VariableDraft> drafts = new ArrayList<>();
        for (VariableElement field : variableFields(type)) {
            AnnotationMirror mirror =
                    Annotations.find(field, Annotations.VARIABLE).orElseThrow();
            if (!program) {
                checkClass(type, field, generated, report);
            }
            drafts.add(field(field, mirror, generated, report));
        }
        checkNames(drafts, generated, report);
        VariableConditions.check(drafts, type, report);
        List<ModuleField> modules = program ? List.of() : moduleFields(type, generated, report);
        if (!report.isClean()) {
            return Optional.empty();
        }
        List<VariableModel> variables =
                drafts.stream().map(VariableDraft::model).toList();
        String packageName = elements.getPackageOf(type).getQualifiedName().toString();
        return Optional.of(new VariablesModel(type, name, packageName, variables, program, modules));
    }

    // ---- the class

    private void checkClass(TypeElement type, VariableElement field, String generated, ValidationReport report) {
        String fieldName = field.getSimpleName().toString();
        if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS) {
            report.error(
                    Message.VARIABLE_UNREACHABLE_CLASS.format(
                            fieldName,
                            type.getNestingKind() == NestingKind.LOCAL
                                    ? "the local class " + type.getSimpleName()
                                    : "an anonymous class",
                            "move the field to a top-level or static nested class"),
                    field);
        } else if (ProgramValidator.isPrivate(type)) {
            report.error(
                    Message.VARIABLE_UNREACHABLE_CLASS.format(
                            fieldName,
                            "the private class " + type.getQualifiedName(),
                            "make the class package-private or public"),
                    field);
        } else if (type.getNestingKind() == NestingKind.MEMBER
                && !type.getModifiers().contains(Modifier.STATIC)) {
            report.error(
                    Message.VARIABLE_UNREACHABLE_CLASS.format(
                            fieldName,
                            "the inner class " + type.getQualifiedName() + ", whose instances belong to an instance of "
                                    + Objects.requireNonNull(type.getEnclosingElement(), "a member class is enclosed")
                                            .getSimpleName(),
                            "declare the class static"),
                    field);
        } else if (!type.getTypeParameters().isEmpty()) {
            report.error(
                    Message.VARIABLE_GENERIC_CLASS.format(
                            fieldName,
                            type.getSimpleName(),
                            type.getTypeParameters().stream()
                                    .map(Object::toString)
                                    .collect(Collectors.joining(", ", "<", ">")),
                            generated),
                    field);
        }
    }

    // ---- one field

    private VariableDraft field(
            VariableElement field, AnnotationMirror mirror, String generated, ValidationReport report) {
        VariableDraft draft = new VariableDraft(field, mirror);
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
            VariableDraft.errorAtName(
                    report,
                    Message.VARIABLE_INVALID_NAME.format(
                            draft.name,
                            explicitName.isEmpty() ? "" : " of field " + draft.fieldName,
                            explicitName.isEmpty()
                                    ? " (it is the field's name; give the variable another with "
                                            + "@Variable(name = \"...\"))"
                                    : ""),
                    draft);
        }
        String desc = Annotations.stringValue(mirror, "desc");
        draft.description = desc.isEmpty() ? VariableDraft.firstSentence(elements.getDocComment(field)) : desc;
        draft.type = fieldType(field, generated, report);
        if (draft.type == null) {
            return draft;
        }
        VariableRanges.check(draft, report);
        defaults.read(draft, report);
        if (draft.defaultValue != null && draft.rangeValid) {
            defaults.check(draft, report);
        }
        return draft;
    }

    /** The field's type; null when it is not supported (reported). */
    private @Nullable FieldType fieldType(VariableElement field, String generated, ValidationReport report) {
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
                    report.error(
                            Message.VARIABLE_INACCESSIBLE_ENUM.format(
                                    fieldName,
                                    element.getQualifiedName(),
                                    generated,
                                    elements.getPackageOf(field).getQualifiedName(),
                                    unreachable.get()),
                            field);
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
                report.error(
                        Message.VARIABLE_UNSUPPORTED_TYPE.format(
                                fieldName,
                                type,
                                "; use the primitive " + primitive + ": a variable always has a value, never null"),
                        field);
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

    // ---- names, across the class

    private void checkNames(List<VariableDraft> drafts, String generated, ValidationReport report) {
        Map<String, VariableDraft> byName = new LinkedHashMap<>();
        Map<String, VariableDraft> byConstant = new LinkedHashMap<>();
        for (VariableDraft draft : drafts) {
            VariableDraft first = byName.putIfAbsent(draft.name, draft);
            if (first != null) {
                VariableDraft.errorAtName(
                        report,
                        Message.VARIABLE_DUPLICATE_NAME.format(draft.name, draft.fieldName, first.fieldName),
                        draft);
                continue;
            }
            if (!draft.validName) {
                continue;
            }
            String constant = ConstantNames.of(draft.name);
            VariableDraft clash = byConstant.putIfAbsent(constant, draft);
            String problem = clash != null
                    ? "variable \"" + clash.name + "\" of field " + clash.fieldName + " becomes too"
                    : RESERVED_CONSTANTS.get(constant);
            if (problem != null) {
                VariableDraft.errorAtName(
                        report,
                        Message.VARIABLE_CONSTANT_CLASH.format(
                                draft.name, draft.fieldName, constant, generated, problem),
                        draft);
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
            String fix = "";
            if (shape.isPresent() && field.getModifiers().contains(Modifier.PRIVATE)) {
                problem = "is private";
                fix = "make it package-private, protected or public";
            } else if (shape.isEmpty() && moduleFields.holdsModules(field.asType())) {
                problem = "holds them in a " + field.asType() + ", which DSPJ cannot walk";
                fix = "hold them in a Module, a List<M> or a Map<String, M> field";
            }
            if (problem != null) {
                report.warning(
                        Message.VARIABLES_SKIPPED_MODULE_FIELD.format(
                                field.getSimpleName(), type.getSimpleName(), problem, generated, fix),
                        field,
                        null);
            } else if (shape.isPresent()) {
                fields.add(new ModuleField(field, shape.get()));
            }
        }
        return List.copyOf(fields);
    }
}
