package dev.dspj.processor.validation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.dspj.processor.Message;
import dev.dspj.processor.model.TypeModel;
import dev.dspj.processor.model.TypeModel.ContainerKind;
import dev.dspj.processor.model.TypeModel.ScalarKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import org.jspecify.annotations.Nullable;

/**
 * Resolves a field's declared type to a {@link TypeModel}, or reports precisely why it is not
 * supported.
 */
final class TypeResolver {

    /** The runtime's tool type, which a signature may take as input. */
    static final String TOOL = "dev.dspj.tool.Tool";

    private static final Map<String, ScalarKind> SCALARS = Map.ofEntries(
            Map.entry("java.lang.String", ScalarKind.STRING),
            Map.entry("java.lang.Integer", ScalarKind.INT),
            Map.entry("java.lang.Long", ScalarKind.LONG),
            Map.entry("java.lang.Double", ScalarKind.DOUBLE),
            Map.entry("java.lang.Float", ScalarKind.FLOAT),
            Map.entry("java.lang.Boolean", ScalarKind.BOOLEAN),
            Map.entry("java.math.BigDecimal", ScalarKind.DECIMAL));

    /** Runtime types with their own {@code CODEC} constant, which signature fields may have. */
    static final Set<String> RUNTIME_TYPES = Set.of(TOOL, "dev.dspj.tool.ToolCalls");

    private static final Map<String, ContainerKind> CONTAINERS = Map.of(
            "java.util.List", ContainerKind.LIST,
            "java.util.Set", ContainerKind.SET,
            "java.util.Map", ContainerKind.MAP,
            "java.util.Optional", ContainerKind.OPTIONAL);

    private final String packageName;
    private final String subject;
    /** Qualified names of the records being resolved, innermost first, to detect recursion. */
    private final Deque<String> recordsInProgress = new ArrayDeque<>();

    private final Deque<String> path = new ArrayDeque<>();
    /** The first reason found that the type is not supported; null while none is. */
    private @Nullable String problem;

    private final Usage usage;

    private TypeResolver(String packageName, String subject, Usage usage) {
        this.packageName = packageName;
        this.subject = subject;
        this.usage = usage;
    }

    /** Where a type is used, which decides what is supported beyond the common set. */
    enum Usage {
        /** A signature's field: also {@code Tool} and {@code ToolCalls}, through their codecs. */
        SIGNATURE_FIELD,
        /** A tool's argument or result: the common set only. */
        TOOL
    }

    /**
     * Resolves a field's type.
     *
     * @param type the declared type
     * @param packageName the package the generated code lives in
     * @param subject what has the type, for messages ({@code "question()"}, {@code "parameter a of @Tool add"})
     * @param usage where the type is used
     * @return the model, or a message explaining why the type is not supported
     */
    static Result resolve(TypeMirror type, String packageName, String subject, Usage usage) {
        TypeResolver resolver = new TypeResolver(packageName, subject, usage);
        TypeModel model = resolver.resolve(type, "");
        return model != null
                ? new Result(model, null)
                : new Result(null, Objects.requireNonNull(resolver.problem, "a failed resolution records its problem"));
    }

    /**
     * The resolved type, or the reason it is not supported.
     *
     * @param model the type, when supported; null when not
     * @param problem the message, when not supported; null when supported
     */
    record Result(@Nullable TypeModel model, @Nullable String problem) {}

    /**
     * Whether any part of a type has not been generated yet (an error type this round): the type
     * itself, its type arguments, or, for records, the types of their components at any depth.
     */
    static boolean hasUnresolvedParts(TypeMirror type) {
        return hasUnresolvedParts(type, new HashSet<>());
    }

    private static boolean hasUnresolvedParts(TypeMirror type, Set<String> visitedRecords) {
        if (type.getKind() == TypeKind.ERROR) {
            return true;
        }
        if (type instanceof DeclaredType declared) {
            for (TypeMirror argument : declared.getTypeArguments()) {
                if (hasUnresolvedParts(argument, visitedRecords)) {
                    return true;
                }
            }
            TypeElement element = (TypeElement) declared.asElement();
            if (element.getKind() == ElementKind.RECORD
                    && visitedRecords.add(element.getQualifiedName().toString())) {
                for (RecordComponentElement component : element.getRecordComponents()) {
                    if (hasUnresolvedParts(component.asType(), visitedRecords)) {
                        return true;
                    }
                }
            }
        }
        if (type instanceof WildcardType wildcard) {
            return (wildcard.getExtendsBound() != null
                            && hasUnresolvedParts(wildcard.getExtendsBound(), visitedRecords))
                    || (wildcard.getSuperBound() != null
                            && hasUnresolvedParts(wildcard.getSuperBound(), visitedRecords));
        }
        if (type instanceof ArrayType array) {
            return hasUnresolvedParts(array.getComponentType(), visitedRecords);
        }
        return false;
    }

    private @Nullable TypeModel fail(String message) {
        if (problem == null) {
            problem = message;
        }
        return null;
    }

    private Message unsupported() {
        return usage == Usage.TOOL ? Message.TOOL_UNSUPPORTED_TYPE : Message.UNSUPPORTED_TYPE;
    }

    private String where() {
        return path.isEmpty() ? "" : " (in " + String.join(" -> ", reversed(path)) + ")";
    }

    private static List<String> reversed(Deque<String> deque) {
        List<String> list = new ArrayList<>(deque);
        java.util.Collections.reverse(list);
        return list;
    }

    private @Nullable TypeModel resolve(TypeMirror type, String context) {
        switch (type.getKind()) {
            case INT:
                return new TypeModel.Scalar(ScalarKind.INT, TypeName.INT);
            case LONG:
                return new TypeModel.Scalar(ScalarKind.LONG, TypeName.LONG);
            case DOUBLE:
                return new TypeModel.Scalar(ScalarKind.DOUBLE, TypeName.DOUBLE);
            case FLOAT:
                return new TypeModel.Scalar(ScalarKind.FLOAT, TypeName.FLOAT);
            case BOOLEAN:
                return new TypeModel.Scalar(ScalarKind.BOOLEAN, TypeName.BOOLEAN);
            case WILDCARD:
                return fail(Message.WILDCARD_TYPE.format(subject, context.isEmpty() ? type : context));
            case DECLARED:
                return resolveDeclared((DeclaredType) type);
            default:
                return fail(unsupported().format(subject, type, where()));
        }
    }

    private @Nullable TypeModel resolveDeclared(DeclaredType type) {
        TypeElement element = (TypeElement) type.asElement();
        String qualified = element.getQualifiedName().toString();
        ScalarKind scalar = SCALARS.get(qualified);
        if (scalar != null) {
            return new TypeModel.Scalar(scalar, ClassName.get(element));
        }
        ContainerKind container = CONTAINERS.get(qualified);
        if (container != null) {
            return resolveContainer(type, container, element);
        }
        if (usage == Usage.SIGNATURE_FIELD && RUNTIME_TYPES.contains(qualified)) {
            return new TypeModel.RuntimeType(ClassName.get(element));
        }
        if (element.getKind() == ElementKind.ENUM) {
            if (!accessible(element)) {
                return fail(Message.INACCESSIBLE_TYPE.format(subject, qualified, packageName));
            }
            if (element.getEnclosedElements().stream().noneMatch(e -> e.getKind() == ElementKind.ENUM_CONSTANT)) {
                return fail(Message.EMPTY_ENUM.format(subject, qualified, where()));
            }
            return new TypeModel.EnumType(ClassName.get(element));
        }
        if (element.getKind() == ElementKind.RECORD) {
            return resolveRecord(element);
        }
        return fail(unsupported().format(subject, type, where()));
    }

    private @Nullable TypeModel resolveContainer(DeclaredType type, ContainerKind kind, TypeElement element) {
        List<? extends TypeMirror> arguments = type.getTypeArguments();
        if (arguments.isEmpty()) {
            String example = kind == ContainerKind.MAP ? "Map<String, String>" : element.getSimpleName() + "<String>";
            return fail(Message.RAW_TYPE.format(subject, type, example));
        }
        for (TypeMirror argument : arguments) {
            if (argument.getKind() == TypeKind.WILDCARD) {
                return fail(Message.WILDCARD_TYPE.format(subject, type));
            }
        }
        TypeMirror elementType = arguments.get(0);
        if (kind == ContainerKind.MAP) {
            TypeMirror key = arguments.get(0);
            if (!(key instanceof DeclaredType keyType)
                    || !((TypeElement) keyType.asElement()).getQualifiedName().contentEquals("java.lang.String")) {
                return fail(Message.MAP_KEY.format(subject, type));
            }
            elementType = arguments.get(1);
        }
        TypeModel inner = resolve(elementType, type.toString());
        if (inner == null) {
            return null;
        }
        return new TypeModel.Container(kind, TypeName.get(type), inner);
    }

    private @Nullable TypeModel resolveRecord(TypeElement element) {
        if (!element.getTypeParameters().isEmpty()) {
            return fail(Message.GENERIC_RECORD.format(
                    subject,
                    element.getQualifiedName(),
                    element.getTypeParameters().stream()
                            .map(Object::toString)
                            .collect(Collectors.joining(", ", "<", ">"))));
        }
        if (!accessible(element)) {
            return fail(Message.INACCESSIBLE_TYPE.format(subject, element.getQualifiedName(), packageName));
        }
        String simple = element.getSimpleName().toString();
        String qualified = element.getQualifiedName().toString();
        if (recordsInProgress.contains(qualified)) {
            return fail(Message.RECURSIVE_TYPE.format(
                    subject, element.getQualifiedName(), String.join(" -> ", reversed(path))));
        }
        recordsInProgress.push(qualified);
        try {
            List<TypeModel.Component> components = new ArrayList<>();
            for (RecordComponentElement component : element.getRecordComponents()) {
                path.push(simple + "." + component.getSimpleName());
                TypeModel componentType =
                        resolve(component.asType(), component.asType().toString());
                path.pop();
                if (componentType == null) {
                    return null;
                }
                components.add(new TypeModel.Component(component.getSimpleName().toString(), componentType));
            }
            return new TypeModel.RecordType(ClassName.get(element), components);
        } finally {
            recordsInProgress.pop();
        }
    }

    /** Whether generated code in {@link #packageName} can name the type. */
    private boolean accessible(TypeElement element) {
        Element current = element;
        while (current instanceof TypeElement typeElement) {
            if (typeElement.getModifiers().contains(Modifier.PRIVATE)) {
                return false;
            }
            if (!typeElement.getModifiers().contains(Modifier.PUBLIC)
                    && !packageOf(typeElement).equals(packageName)) {
                return false;
            }
            current = typeElement.getEnclosingElement();
        }
        return true;
    }

    private static String packageOf(Element element) {
        Element current = element;
        while (current.getKind() != ElementKind.PACKAGE) {
            current = Objects.requireNonNull(
                    current.getEnclosingElement(), "an element outside a package encloses nothing");
        }
        return current.toString();
    }
}
