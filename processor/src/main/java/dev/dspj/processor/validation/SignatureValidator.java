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
import java.util.Objects;
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
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.jspecify.annotations.Nullable;

/**
 * Checks one {@code @Signature} element against every rule and builds its model. All problems are
 * collected into the report; the model is returned only when there is no error.
 *
 * <p>A signature's fields are those of its parent interfaces (any depth, grandparents first, each
 * interface's in declaration order, type variables of generic parents replaced by the child's
 * type arguments), then its own, as DSPy's signature subclassing keeps the parent's fields first.
 * A field redeclared with the same role and type keeps its place and takes the redeclaration's
 * annotation; with another role or type it is an error on the redeclaring method.
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
    private static final Set<String> OBJECT_METHODS =
            Set.of("clone", "finalize", "getClass", "hashCode", "notify", "notifyAll", "toString", "wait");

    private final Elements elements;
    private final Types types;

    /**
     * Creates a validator.
     *
     * @param elements the compiler's element utilities
     * @param types the compiler's type utilities
     */
    public SignatureValidator(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    /**
     * A method of the signature or of a parent interface, with its result type as seen from the
     * signature (a generic parent's {@code T value()} is {@code String value()} in
     * {@code extends Parent<String>}).
     *
     * @param method the method
     * @param returnType its result type, as a member of the signature
     * @param inherited whether a parent interface declares it
     */
    record Member(ExecutableElement method, TypeMirror returnType, boolean inherited) {}

    /**
     * The methods of a signature: its parents' (grandparents first, each interface once), then its
     * own, each interface's in declaration order.
     *
     * @param type the signature interface
     * @return the methods
     */
    List<Member> members(TypeElement type) {
        List<Member> members = new ArrayList<>();
        inherited(type, (DeclaredType) type.asType(), new java.util.HashSet<>(), members);
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            members.add(new Member(method, method.getReturnType(), false));
        }
        return members;
    }

    private void inherited(TypeElement type, DeclaredType signature, Set<String> visited, List<Member> out) {
        for (TypeMirror parent : type.getInterfaces()) {
            if (!(types.asElement(parent) instanceof TypeElement parentType)
                    || !visited.add(parentType.getQualifiedName().toString())) {
                continue;
            }
            inherited(parentType, signature, visited, out);
            for (ExecutableElement method : ElementFilter.methodsIn(parentType.getEnclosedElements())) {
                if (method.getModifiers().contains(Modifier.STATIC)) {
                    continue;
                }
                TypeMirror returnType = method.getReturnType();
                try {
                    returnType = ((ExecutableType) types.asMemberOf(signature, method)).getReturnType();
                } catch (IllegalArgumentException notAMember) {
                    // a raw parent: keep the declared type, which the type checks then reject or accept
                }
                out.add(new Member(method, returnType, true));
            }
        }
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
        for (Member member : members((TypeElement) element)) {
            if (TypeResolver.hasUnresolvedParts(member.returnType())) {
                unresolved.add(member.returnType().toString());
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
        AnnotationMirror signature =
                Annotations.find(element, Annotations.SIGNATURE).orElseThrow();
        if (element.getKind() != ElementKind.INTERFACE) {
            String kind =
                    element.getKind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            report.error(
                    Message.NOT_AN_INTERFACE.format(
                            element.getSimpleName(), article(kind) + " " + kind, element.getSimpleName()),
                    element,
                    signature,
                    null);
            return Optional.empty();
        }
        TypeElement type = (TypeElement) element;
        if (!type.getTypeParameters().isEmpty()) {
            report.error(
                    Message.GENERIC_SIGNATURE.format(
                            type.getSimpleName(),
                            type.getTypeParameters().stream()
                                    .map(Object::toString)
                                    .collect(Collectors.joining(", ", "<", ">"))),
                    type,
                    signature,
                    null);
        }
        if (isPrivate(type)) {
            report.error(Message.INACCESSIBLE_SIGNATURE.format(type.getQualifiedName()), type, signature, null);
        }
        String packageName = elements.getPackageOf(type).getQualifiedName().toString();
        String name = signatureName(type);

        Map<String, FieldModel> byMethod = new LinkedHashMap<>();
        Map<String, ExecutableElement> wireNames = new LinkedHashMap<>();
        List<Member> members = members(type);
        for (Member member : members) {
            FieldModel previous = byMethod.get(member.method().getSimpleName().toString());
            if (previous != null && !redeclarable(previous, member, type, report)) {
                continue;
            }
            if (previous != null) {
                wireNames.remove(previous.wireName());
            }
            FieldModel field = validateMethod(member, type, packageName, wireNames, report);
            if (field != null) {
                // a compatible redeclaration keeps the parent's place (LinkedHashMap.put keeps the order)
                byMethod.put(field.methodName(), field);
            }
        }
        List<FieldModel> fields = List.copyOf(byMethod.values());
        boolean hasReasoning = fields.stream().anyMatch(f -> f.wireName().equals(REASONING));
        if (fields.stream().noneMatch(f -> !f.input()) && outputCount(members) == 0) {
            report.error(Message.NO_OUTPUT_FIELD.format(type.getSimpleName()), type, signature, null);
        }
        checkNamedTypes(fields, report);

        String instructions = instructions(type, signature);
        if (instructions.isBlank() && report.isClean()) {
            report.warning(
                    Message.EMPTY_INSTRUCTIONS.format(type.getSimpleName(), defaultInstructions(fields)),
                    type,
                    signature);
        }
        // output.reasoning() reads the chain of thought's reasoning: only useful when there is one, and
        // impossible when an output method already has that name
        boolean reasoningAccessor = !hasReasoning
                && fields.stream().noneMatch(f -> !f.input() && f.methodName().equals(REASONING));
        if (!report.isClean()) {
            return Optional.empty();
        }
        return Optional.of(
                new SignatureModel(type, name, packageName, instructions, fields, !hasReasoning, reasoningAccessor));
    }

    /**
     * Whether a method redeclaring a field (a child's, or a second parent's) agrees with it on role
     * and type; if not, reports it on the redeclaring method.
     */
    private boolean redeclarable(FieldModel previous, Member member, TypeElement type, ValidationReport report) {
        ExecutableElement method = member.method();
        Optional<AnnotationMirror> input = Annotations.find(method, Annotations.INPUT_FIELD);
        Optional<AnnotationMirror> output = Annotations.find(method, Annotations.OUTPUT_FIELD);
        if (input.isEmpty() && output.isEmpty()) {
            return true; // validateMethod reports an unannotated abstract method
        }
        boolean sameRole = input.isPresent() == previous.input();
        boolean sameType =
                types.isSameType(member.returnType(), previous.method().getReturnType())
                        || member.returnType().toString().equals(previous.javaTypeText());
        if (sameRole && sameType) {
            return true;
        }
        String role = previous.input() ? "@InputField" : "@OutputField";
        String parent = ((TypeElement) Objects.requireNonNull(
                        previous.method().getEnclosingElement(), "a method has an enclosing type"))
                .getSimpleName()
                .toString();
        String found = (input.isPresent() ? "@InputField " : "@OutputField ") + member.returnType();
        report.error(
                Message.FIELD_REDECLARED.format(
                        method.getSimpleName(),
                        type.getSimpleName(),
                        method.getSimpleName(),
                        parent,
                        role + " " + previous.javaTypeText(),
                        found,
                        role + " " + previous.javaTypeText()),
                method,
                input.orElseGet(output::get),
                null);
        return false;
    }

    private @Nullable FieldModel validateMethod(
            Member member,
            TypeElement type,
            String packageName,
            Map<String, ExecutableElement> wireNames,
            ValidationReport report) {
        ExecutableElement method = member.method();
        Optional<AnnotationMirror> input = Annotations.find(method, Annotations.INPUT_FIELD);
        Optional<AnnotationMirror> output = Annotations.find(method, Annotations.OUTPUT_FIELD);
        String methodName = method.getSimpleName().toString();
        boolean isAbstract = method.getModifiers().contains(Modifier.ABSTRACT);
        if (input.isEmpty() && output.isEmpty()) {
            if (isAbstract && member.inherited()) {
                String parent = ((TypeElement)
                                Objects.requireNonNull(method.getEnclosingElement(), "a method has an enclosing type"))
                        .getSimpleName()
                        .toString();
                report.error(Message.UNANNOTATED_METHOD.format(parent + "." + methodName, type.getSimpleName()), type);
            } else if (isAbstract) {
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
        if (!isAbstract
                || !method.getParameters().isEmpty()
                || !method.getTypeParameters().isEmpty()
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
                report.error(
                        Message.INVALID_FIELD_NAME.format(annotation, override),
                        method,
                        mirror,
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
            report.error(
                    Message.RESERVED_COMPLETED.format(methodName, annotation), method, mirror, nameValue.orElse(null));
            return null;
        }
        String clashingRecord = OBJECT_METHODS.contains(methodName)
                ? (input.isPresent() ? "Input" : "Output")
                : output.isPresent() && OUTPUT_RECORD_METHODS.contains(methodName)
                        ? "Output"
                        : EXAMPLE_RECORD_METHODS.contains(methodName) ? "Example" : null;
        if (clashingRecord != null) {
            report.error(
                    Message.RESERVED_ACCESSOR.format(
                            annotation,
                            methodName,
                            signatureName(type) + clashingRecord,
                            methodName,
                            annotation,
                            wireName),
                    method,
                    mirror,
                    null);
            return null;
        }
        ExecutableElement previous = wireNames.putIfAbsent(wireName, method);
        if (previous != null) {
            report.error(
                    Message.DUPLICATE_FIELD.format(annotation, wireName, methodName, previous.getSimpleName()),
                    method,
                    mirror,
                    nameValue.orElse(null));
            return null;
        }
        if (wireName.equals(REASONING)) {
            report.warning(Message.RESERVED_REASONING.format(methodName, type.getSimpleName()), method, mirror);
        }

        TypeResolver.Result resolved = TypeResolver.resolve(
                member.returnType(), packageName, methodName + "()", TypeResolver.Usage.SIGNATURE_FIELD);
        TypeModel typeModel = resolved.model();
        if (typeModel == null) {
            report.error(Objects.requireNonNull(resolved.problem(), "an unsupported type has a problem"), method);
            return null;
        }
        if (output.isPresent() && containsTool(typeModel)) {
            report.error(Message.TOOL_OUTPUT_FIELD.format(methodName, member.returnType()), method);
            return null;
        }
        String description = Annotations.stringValue(mirror, "desc");
        return new FieldModel(
                method,
                methodName,
                wireName,
                input.isPresent(),
                description,
                typeModel,
                member.returnType().toString());
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
                    report.error(
                            Message.DUPLICATE_TYPE_NAME.format(
                                    field.methodName(),
                                    type.canonicalName(),
                                    previous.canonicalName(),
                                    type.simpleName()),
                            field.method());
                    return;
                }
            }
        }
    }

    /** Whether a type is, or holds, a {@code Tool}, which is only ever given to a model. */
    private static boolean containsTool(TypeModel type) {
        if (type instanceof TypeModel.RuntimeType runtime) {
            return runtime.javaType().canonicalName().equals(TypeResolver.TOOL);
        }
        if (type instanceof TypeModel.Container container) {
            return containsTool(container.element());
        }
        if (type instanceof TypeModel.RecordType record) {
            return record.components().stream().anyMatch(c -> containsTool(c.type()));
        }
        return false;
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
            return method.getParameters().size() + " parameter"
                    + (method.getParameters().size() == 1 ? "" : "s");
        }
        if (!method.getTypeParameters().isEmpty()) {
            return "type parameters";
        }
        return "a void result";
    }

    private static long outputCount(List<Member> members) {
        return members.stream()
                .filter(m ->
                        Annotations.find(m.method(), Annotations.OUTPUT_FIELD).isPresent())
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
        String in = fields.stream()
                .filter(FieldModel::input)
                .map(f -> "`" + f.wireName() + "`")
                .collect(Collectors.joining(", "));
        String out = fields.stream()
                .filter(f -> !f.input())
                .map(f -> "`" + f.wireName() + "`")
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
