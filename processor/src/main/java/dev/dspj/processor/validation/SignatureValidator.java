package dev.dspj.processor.validation;

import com.palantir.javapoet.ClassName;
import dev.dspj.processor.Message;
import dev.dspj.processor.model.FieldModel;
import dev.dspj.processor.model.SignatureModel;
import dev.dspj.processor.model.TypeModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Checks one {@code @Signature} element against every rule and builds its model. All problems are
 * collected into the report; the model is returned only when there is no error.
 */
public final class SignatureValidator {

    /** What the Chat format's [[ ## name ## ]] markers accept: word characters, as Python's \w. */
    private static final Pattern FIELD_NAME = Pattern.compile("[\\p{L}_][\\p{L}\\p{Nd}_]*");
    private static final String REASONING = "reasoning";
    /** Methods the generated output record adds, which output methods must not be named like. */
    private static final Set<String> OUTPUT_RECORD_METHODS = Set.of("completion");
    /** Methods the generated example record adds, which no field method may be named like. */
    private static final Set<String> EXAMPLE_RECORD_METHODS = Set.of("builder", "toExample");
    /** Names a record component must not have (JLS 8.10.1): every generated record would fail to compile. */
    private static final Set<String> OBJECT_METHODS = Set.of("clone", "finalize", "getClass", "hashCode", "notify",
            "notifyAll", "toString", "wait");

    private final Elements elements;

    /**
     * Creates a validator.
     *
     * @param elements the compiler's element utilities
     */
    public SignatureValidator(Elements elements) {
        this.elements = elements;
    }

    /**
     * Whether the element's field types are all resolved yet; if not, it should be processed in a
     * later round, after other processors generated the missing types.
     *
     * @param element the annotated element
     * @return the names of the unresolved field types; empty when all are resolved
     */
    public List<String> unresolvedTypes(Element element) {
        List<String> unresolved = new ArrayList<>();
        if (element.getKind() != ElementKind.INTERFACE) {
            return unresolved;
        }
        for (ExecutableElement method : ElementFilter.methodsIn(element.getEnclosedElements())) {
            if (TypeResolver.hasUnresolvedParts(method.getReturnType())) {
                unresolved.add(method.getReturnType().toString());
            }
        }
        return unresolved;
    }

    /**
     * Validates a signature.
     *
     * @param element the annotated element
     * @param report where problems go
     * @return the model, when the report has no error
     */
    public Optional<SignatureModel> validate(Element element, ValidationReport report) {
        AnnotationMirror signature = Annotations.find(element, Annotations.SIGNATURE).orElseThrow();
        if (element.getKind() != ElementKind.INTERFACE) {
            String kind = element.getKind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            report.error(Message.NOT_AN_INTERFACE.format(element.getSimpleName(), article(kind) + " " + kind,
                    element.getSimpleName()), element, signature, null);
            return Optional.empty();
        }
        TypeElement type = (TypeElement) element;
        if (!type.getTypeParameters().isEmpty()) {
            report.error(Message.GENERIC_SIGNATURE.format(type.getSimpleName(), type.getTypeParameters().stream()
                    .map(Object::toString).collect(Collectors.joining(", ", "<", ">"))), type, signature, null);
        }
        if (isPrivate(type)) {
            report.error(Message.INACCESSIBLE_SIGNATURE.format(type.getQualifiedName()), type, signature, null);
        }
        String packageName = elements.getPackageOf(type).getQualifiedName().toString();
        String name = signatureName(type);

        List<FieldModel> fields = new ArrayList<>();
        Map<String, ExecutableElement> wireNames = new LinkedHashMap<>();
        boolean hasReasoning = false;
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            FieldModel field = validateMethod(method, type, packageName, wireNames, report);
            if (field != null) {
                fields.add(field);
                hasReasoning |= field.wireName().equals(REASONING);
            }
        }
        if (fields.stream().noneMatch(f -> !f.input()) && outputCount(type) == 0) {
            report.error(Message.NO_OUTPUT_FIELD.format(type.getSimpleName()), type, signature, null);
        }
        checkNamedTypes(fields, report);

        String instructions = instructions(type, signature);
        if (instructions.isBlank() && report.isClean()) {
            report.warning(Message.EMPTY_INSTRUCTIONS.format(type.getSimpleName(), defaultInstructions(fields)), type,
                    signature);
        }
        // output.reasoning() reads the chain of thought's reasoning: only useful when there is one, and
        // impossible when an output method already has that name
        boolean reasoningAccessor = !hasReasoning
                && fields.stream().noneMatch(f -> !f.input() && f.methodName().equals(REASONING));
        if (!report.isClean()) {
            return Optional.empty();
        }
        return Optional.of(new SignatureModel(type, name, packageName, instructions, fields, !hasReasoning,
                reasoningAccessor));
    }

    private FieldModel validateMethod(ExecutableElement method, TypeElement type, String packageName,
            Map<String, ExecutableElement> wireNames, ValidationReport report) {
        Optional<AnnotationMirror> input = Annotations.find(method, Annotations.INPUT_FIELD);
        Optional<AnnotationMirror> output = Annotations.find(method, Annotations.OUTPUT_FIELD);
        String methodName = method.getSimpleName().toString();
        boolean isAbstract = method.getModifiers().contains(Modifier.ABSTRACT);
        if (input.isEmpty() && output.isEmpty()) {
            if (isAbstract) {
                report.error(Message.UNANNOTATED_METHOD.format(methodName, type.getSimpleName()), method);
            }
            return null;
        }
        if (input.isPresent() && output.isPresent()) {
            report.error(Message.BOTH_ANNOTATIONS.format(methodName), method, output.get(), null);
            return null;
        }
        AnnotationMirror mirror = input.orElseGet(output::get);
        String annotation = input.isPresent() ? "InputField" : "OutputField";
        if (!isAbstract || !method.getParameters().isEmpty() || !method.getTypeParameters().isEmpty()
                || method.getReturnType().getKind() == TypeKind.VOID) {
            String found = describeShape(method, isAbstract);
            report.error(Message.NOT_AN_ACCESSOR.format(annotation, methodName, found), method, mirror, null);
            return null;
        }

        String wireName = methodName;
        Optional<AnnotationValue> nameValue = Annotations.explicitValue(mirror, "name");
        String override = Annotations.stringValue(mirror, "name");
        if (!override.isEmpty()) {
            if (!FIELD_NAME.matcher(override).matches()) {
                report.error(Message.INVALID_FIELD_NAME.format(annotation, override), method, mirror,
                        nameValue.orElse(null));
                return null;
            }
            wireName = override;
        } else if (!FIELD_NAME.matcher(methodName).matches()) {
            // a Java identifier, but with a character the markers do not allow ($)
            report.error(Message.INVALID_FIELD_NAME.format(annotation, methodName), method, mirror, null);
            return null;
        }
        if (wireName.equals("completed")) {
            report.error(Message.RESERVED_COMPLETED.format(methodName, annotation), method, mirror,
                    nameValue.orElse(null));
            return null;
        }
        String clashingRecord = OBJECT_METHODS.contains(methodName) ? (input.isPresent() ? "Input" : "Output")
                : output.isPresent() && OUTPUT_RECORD_METHODS.contains(methodName) ? "Output"
                : EXAMPLE_RECORD_METHODS.contains(methodName) ? "Example"
                : null;
        if (clashingRecord != null) {
            report.error(Message.RESERVED_ACCESSOR.format(annotation, methodName, signatureName(type) + clashingRecord,
                    methodName, annotation, wireName), method, mirror, null);
            return null;
        }
        ExecutableElement previous = wireNames.putIfAbsent(wireName, method);
        if (previous != null) {
            report.error(Message.DUPLICATE_FIELD.format(annotation, wireName, methodName, previous.getSimpleName()),
                    method, mirror, nameValue.orElse(null));
            return null;
        }
        if (wireName.equals(REASONING)) {
            report.warning(Message.RESERVED_REASONING.format(methodName, type.getSimpleName()), method, mirror);
        }

        TypeResolver.Result resolved = TypeResolver.resolve(method.getReturnType(), packageName, methodName);
        if (resolved.model() == null) {
            report.error(resolved.problem(), method);
            return null;
        }
        TypeModel typeModel = resolved.model();
        String description = Annotations.stringValue(mirror, "desc");
        return new FieldModel(method, methodName, wireName, input.isPresent(), description, typeModel,
                method.getReturnType().toString());
    }

    /**
     * The model sees enums and records by simple name (as a JSON schema's {@code $defs} entry), so
     * two different types with one simple name would be shown as one.
     */
    private static void checkNamedTypes(List<FieldModel> fields, ValidationReport report) {
        Map<String, ClassName> seen = new LinkedHashMap<>();
        for (FieldModel field : fields) {
            List<ClassName> named = new ArrayList<>();
            collectNamedTypes(field.type(), named);
            for (ClassName type : named) {
                ClassName previous = seen.putIfAbsent(type.simpleName(), type);
                if (previous != null && !previous.equals(type)) {
                    report.error(Message.DUPLICATE_TYPE_NAME.format(field.methodName(), type.canonicalName(),
                            previous.canonicalName(), type.simpleName()), field.method());
                    return;
                }
            }
        }
    }

    private static void collectNamedTypes(TypeModel type, List<ClassName> out) {
        if (type instanceof TypeModel.EnumType enumType) {
            out.add(enumType.javaType());
        } else if (type instanceof TypeModel.RecordType record) {
            out.add(record.javaType());
            for (TypeModel.Component component : record.components()) {
                collectNamedTypes(component.type(), out);
            }
        } else if (type instanceof TypeModel.Container container) {
            collectNamedTypes(container.element(), out);
        }
    }

    private static String describeShape(ExecutableElement method, boolean isAbstract) {
        if (!isAbstract) {
            return "a method with a body";
        }
        if (!method.getParameters().isEmpty()) {
            return method.getParameters().size() + " parameter" + (method.getParameters().size() == 1 ? "" : "s");
        }
        if (!method.getTypeParameters().isEmpty()) {
            return "type parameters";
        }
        return "a void result";
    }

    private static long outputCount(TypeElement type) {
        return ElementFilter.methodsIn(type.getEnclosedElements()).stream()
                .filter(m -> Annotations.find(m, Annotations.OUTPUT_FIELD).isPresent())
                .count();
    }

    private String instructions(TypeElement type, AnnotationMirror signature) {
        String value = Annotations.stringValue(signature, "value");
        if (!value.isBlank()) {
            return value;
        }
        String doc = elements.getDocComment(type);
        if (doc == null) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        for (String line : doc.split("\n", -1)) {
            String stripped = line.strip();
            if (stripped.startsWith("@")) {
                break;
            }
            lines.add(line.startsWith(" ") ? line.substring(1) : line);
        }
        return String.join("\n", lines).strip();
    }

    private static String defaultInstructions(List<FieldModel> fields) {
        String in = fields.stream().filter(FieldModel::input).map(f -> "`" + f.wireName() + "`")
                .collect(Collectors.joining(", "));
        String out = fields.stream().filter(f -> !f.input()).map(f -> "`" + f.wireName() + "`")
                .collect(Collectors.joining(", "));
        return "Given the fields " + in + ", produce the fields " + out + ".";
    }

    /** The signature's name: the simple name, prefixed by enclosing types for nested interfaces. */
    public static String signatureName(TypeElement type) {
        StringBuilder name = new StringBuilder(type.getSimpleName());
        Element enclosing = type.getEnclosingElement();
        while (enclosing instanceof TypeElement outer) {
            name.insert(0, outer.getSimpleName() + "_");
            enclosing = outer.getEnclosingElement();
        }
        return name.toString();
    }

    private static boolean isPrivate(TypeElement type) {
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
