package dev.dspj.processor.validation;

import dev.dspj.processor.Message;
import dev.dspj.processor.model.ProgramModel;
import dev.dspj.processor.model.ProgramModel.ModuleField;
import dev.dspj.processor.model.ProgramModel.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks one {@code @Program} element and builds its model: a concrete, non-generic, reachable
 * class that extends {@code ProgramModule} of itself, has a constructor without parameters the
 * generated code can call, and whose module fields (instance fields holding a {@code Module}, a
 * {@code List} or a {@code Map<String, ...>} of modules) are neither private nor final. All
 * problems are collected into the report, each on its element.
 */
public final class ProgramValidator {

    /** The runtime's module interface. */
    public static final String MODULE = "dev.dspj.module.Module";
    /** The runtime's base class of programs. */
    public static final String PROGRAM_MODULE = "dev.dspj.module.ProgramModule";

    private final Elements elements;
    private final Types types;
    private final ModuleFields moduleFields;

    /**
     * Creates a validator.
     *
     * @param elements the compiler's element utilities
     * @param types the compiler's type utilities
     */
    public ProgramValidator(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
        this.moduleFields = new ModuleFields(elements, types);
    }

    /**
     * The types of the class's instance fields and superclass that are not generated yet; if any,
     * the class should be processed in a later round (its predictors are often generated from
     * signatures in this same compilation).
     *
     * @param element the annotated element
     * @return the unresolved types; empty when all are resolved
     */
    public List<String> unresolvedTypes(Element element) {
        List<String> unresolved = new ArrayList<>();
        if (!(element instanceof TypeElement type) || element.getKind() != ElementKind.CLASS) {
            return unresolved;
        }
        if (TypeResolver.hasUnresolvedParts(type.getSuperclass())) {
            unresolved.add(type.getSuperclass().toString());
        }
        for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
            if (!field.getModifiers().contains(Modifier.STATIC) && TypeResolver.hasUnresolvedParts(field.asType())) {
                unresolved.add(field.asType().toString());
            }
        }
        return unresolved;
    }

    /**
     * Validates a program class.
     *
     * @param element the annotated element
     * @param report where problems go
     * @return the model, when the report has no error
     */
    public Optional<ProgramModel> validate(Element element, ValidationReport report) {
        AnnotationMirror program =
                Annotations.find(element, Annotations.PROGRAM).orElseThrow();
        if (element.getKind() != ElementKind.CLASS) {
            String kind = element.getKind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            report.error(
                    Message.PROGRAM_NOT_A_CLASS.format(
                            element.getSimpleName(),
                            article(kind) + " " + kind,
                            element.getSimpleName(),
                            element.getSimpleName()),
                    element,
                    program,
                    null);
            return Optional.empty();
        }
        TypeElement type = (TypeElement) element;
        String name = SignatureValidator.signatureName(type);
        String simpleName = type.getSimpleName().toString();
        String descriptor = name + ProgramModel.SUFFIX;
        if (type.getModifiers().contains(Modifier.ABSTRACT)) {
            report.error(Message.ABSTRACT_PROGRAM.format(simpleName, simpleName), type, program, null);
        }
        if (!type.getTypeParameters().isEmpty()) {
            report.error(
                    Message.GENERIC_PROGRAM.format(
                            simpleName,
                            type.getTypeParameters().stream()
                                    .map(Object::toString)
                                    .collect(Collectors.joining(", ", "<", ">")),
                            simpleName),
                    type,
                    program,
                    null);
        }
        if (isPrivate(type)) {
            report.error(Message.INACCESSIBLE_PROGRAM.format(type.getQualifiedName()), type, program, null);
        }
        if (!extendsProgramModuleOfItself(type)) {
            report.error(
                    Message.NOT_A_PROGRAM_MODULE.format(
                            simpleName,
                            type.getSuperclass(),
                            simpleName,
                            descriptor,
                            simpleName,
                            simpleName,
                            descriptor),
                    type,
                    program,
                    null);
        }
        checkConstructor(type, descriptor, report, program);

        List<ModuleField> fields = new ArrayList<>();
        for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
            if (field.getModifiers().contains(Modifier.STATIC)) {
                continue; // not part of a program instance, as class attributes are not in DSPy
            }
            Optional<Shape> shape = shape(field, type, report);
            if (shape.isEmpty()) {
                continue;
            }
            String fieldName = field.getSimpleName().toString();
            if (field.getModifiers().contains(Modifier.PRIVATE)) {
                report.error(Message.PRIVATE_MODULE_FIELD.format(fieldName, simpleName, descriptor), field);
            } else if (field.getModifiers().contains(Modifier.FINAL)) {
                report.error(Message.FINAL_MODULE_FIELD.format(fieldName, simpleName), field);
            }
            fields.add(new ModuleField(field, shape.get()));
        }
        if (fields.isEmpty() && report.isClean()) {
            report.warning(Message.NO_MODULE_FIELDS.format(simpleName), type, program);
        }
        if (!report.isClean()) {
            return Optional.empty();
        }
        String packageName = elements.getPackageOf(type).getQualifiedName().toString();
        return Optional.of(new ProgramModel(
                type, name, packageName, Annotations.stringValue(program, "value"), List.copyOf(fields)));
    }

    private boolean extendsProgramModuleOfItself(TypeElement type) {
        TypeElement base = elements.getTypeElement(PROGRAM_MODULE);
        if (base == null || !(type.getSuperclass() instanceof DeclaredType superclass)) {
            return false;
        }
        if (!((TypeElement) superclass.asElement()).getQualifiedName().contentEquals(PROGRAM_MODULE)) {
            return false;
        }
        List<? extends TypeMirror> arguments = superclass.getTypeArguments();
        // erasures, so that a generic program is reported as generic only
        return arguments.size() == 1 && types.isSameType(types.erasure(arguments.get(0)), types.erasure(type.asType()));
    }

    private void checkConstructor(
            TypeElement type, String descriptor, ValidationReport report, AnnotationMirror program) {
        String simpleName = type.getSimpleName().toString();
        if (type.getNestingKind() == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)) {
            report.error(
                    Message.NO_PROGRAM_CONSTRUCTOR.format(
                            simpleName,
                            descriptor,
                            "it is an inner class, whose constructors need an instance of the enclosing class: declare it static",
                            simpleName,
                            descriptor),
                    type,
                    program,
                    null);
            return;
        }
        List<ExecutableElement> constructors = ElementFilter.constructorsIn(type.getEnclosedElements());
        for (ExecutableElement constructor : constructors) {
            if (constructor.getParameters().isEmpty()
                    && !constructor.getModifiers().contains(Modifier.PRIVATE)) {
                return;
            }
        }
        Element at = type;
        List<String> found = new ArrayList<>();
        for (ExecutableElement constructor : constructors) {
            boolean isPrivate = constructor.getModifiers().contains(Modifier.PRIVATE);
            if (constructor.getParameters().isEmpty() && isPrivate) {
                at = constructor;
            }
            found.add((isPrivate ? "private " : "")
                    + simpleName
                    + constructor.getParameters().stream()
                            .map(p -> p.asType().toString())
                            .collect(Collectors.joining(", ", "(", ")")));
        }
        report.error(
                Message.NO_PROGRAM_CONSTRUCTOR.format(
                        simpleName, descriptor, "found " + String.join(", ", found), simpleName, descriptor),
                at,
                at == type ? program : null,
                null);
    }

    /** How a field holds modules; empty for a field that holds none (or holds them in a way reported). */
    private Optional<Shape> shape(VariableElement field, TypeElement program, ValidationReport report) {
        Optional<Shape> shape = moduleFields.shape(field.asType());
        if (shape.isEmpty() && moduleFields.holdsModules(field.asType())) {
            report.error(
                    Message.UNSUPPORTED_MODULE_FIELD.format(
                            field.getSimpleName(), program.getSimpleName(), field.asType()),
                    field);
        }
        return shape;
    }

    /** Whether the type, or a type it is nested in, is private. */
    static boolean isPrivate(TypeElement type) {
        Element current = type;
        while (current != null && !(current instanceof PackageElement)) {
            if (current.getModifiers().contains(Modifier.PRIVATE)) {
                return true;
            }
            current = current.getEnclosingElement();
        }
        return false;
    }

    private static String article(String noun) {
        return "aeiou".indexOf(noun.charAt(0)) >= 0 ? "an" : "a";
    }
}
