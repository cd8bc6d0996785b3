package dev.dspj.processor.validation;

import dev.dspj.processor.Message;
import dev.dspj.processor.model.ToolsModel;
import dev.dspj.processor.model.ToolsModel.ArgumentModel;
import dev.dspj.processor.model.ToolsModel.ResultKind;
import dev.dspj.processor.model.ToolsModel.ToolModel;
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
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import org.jspecify.annotations.Nullable;

/**
 * Checks the {@code @Tool} methods of one class and builds the model of its generated
 * {@code <Name>Tools}: the class must be reachable from its package and not generic; each method
 * public, not static and not generic, with parameters and a result of supported types (the types
 * signature fields support; a result may also be {@code void} or a future of one), and names that
 * function calling accepts, unique among the class's tools and among a tool's arguments. All
 * problems are collected into the report, each on the method, parameter or annotation value at
 * fault.
 */
public final class ToolValidator {

    /** What a tool's or argument's name may be: what OpenAI and Anthropic accept (as {@code Tool} checks). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final Set<String> FUTURES =
            Set.of("java.util.concurrent.CompletableFuture", "java.util.concurrent.CompletionStage");

    private final Elements elements;

    /**
     * Creates a validator.
     *
     * @param elements the compiler's element utilities
     */
    public ToolValidator(Elements elements) {
        this.elements = elements;
    }

    /**
     * The methods of a type annotated {@code @Tool}, in declaration order.
     *
     * @param type the type
     * @return the methods
     */
    public static List<ExecutableElement> toolMethods(TypeElement type) {
        return ElementFilter.methodsIn(type.getEnclosedElements()).stream()
                .filter(method -> Annotations.find(method, Annotations.TOOL).isPresent())
                .toList();
    }

    /**
     * The parameter and result types of the type's tools that are not generated yet.
     *
     * @param type the type
     * @return the unresolved types as written; empty when all are resolved
     */
    public List<String> unresolvedTypes(TypeElement type) {
        List<String> unresolved = new ArrayList<>();
        for (ExecutableElement method : toolMethods(type)) {
            for (VariableElement parameter : method.getParameters()) {
                if (TypeResolver.hasUnresolvedParts(parameter.asType())) {
                    unresolved.add(parameter.asType().toString());
                }
            }
            if (TypeResolver.hasUnresolvedParts(method.getReturnType())) {
                unresolved.add(method.getReturnType().toString());
            }
        }
        return unresolved;
    }

    /**
     * Validates the tools of a class.
     *
     * @param type the class
     * @param report where problems go
     * @return the model, when the report has no error
     */
    public Optional<ToolsModel> validate(TypeElement type, ValidationReport report) {
        String name = SignatureValidator.signatureName(type);
        String generated = name + ToolsModel.SUFFIX;
        String packageName = elements.getPackageOf(type).getQualifiedName().toString();
        Map<String, ExecutableElement> byName = new LinkedHashMap<>();
        List<ToolModel> tools = new ArrayList<>();
        for (ExecutableElement method : toolMethods(type)) {
            checkClass(type, method, generated, report);
            ToolModel tool = tool(method, generated, packageName, byName, report);
            if (tool != null) {
                tools.add(tool);
            }
        }
        if (!report.isClean()) {
            return Optional.empty();
        }
        return Optional.of(new ToolsModel(type, name, packageName, List.copyOf(tools)));
    }

    // ---- the class

    private static void checkClass(
            TypeElement type, ExecutableElement method, String generated, ValidationReport report) {
        String methodName = method.getSimpleName().toString();
        if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS) {
            report.error(
                    Message.TOOL_UNREACHABLE_CLASS.format(
                            methodName,
                            type.getNestingKind() == NestingKind.LOCAL
                                    ? "the local class " + type.getSimpleName()
                                    : "an anonymous class",
                            "move the method to a top-level or static nested class"),
                    method);
        } else if (ProgramValidator.isPrivate(type)) {
            report.error(
                    Message.TOOL_UNREACHABLE_CLASS.format(
                            methodName,
                            "the private class " + type.getQualifiedName(),
                            "make the class package-private or public"),
                    method);
        } else if (type.getNestingKind() == NestingKind.MEMBER
                && type.getKind() == ElementKind.CLASS
                && !type.getModifiers().contains(Modifier.STATIC)) {
            report.error(
                    Message.TOOL_UNREACHABLE_CLASS.format(
                            methodName,
                            "the inner class " + type.getQualifiedName() + ", whose instances belong to an instance of "
                                    + Objects.requireNonNull(type.getEnclosingElement(), "a member class is enclosed")
                                            .getSimpleName(),
                            "declare the class static"),
                    method);
        } else if (!type.getTypeParameters().isEmpty()) {
            report.error(
                    Message.TOOL_GENERIC_CLASS.format(
                            methodName, type.getSimpleName(), typeParameters(type.getTypeParameters()), generated),
                    method);
        }
    }

    // ---- one method

    private @Nullable ToolModel tool(
            ExecutableElement method,
            String generated,
            String packageName,
            Map<String, ExecutableElement> byName,
            ValidationReport report) {
        AnnotationMirror mirror = Annotations.find(method, Annotations.TOOL).orElseThrow();
        String methodName = method.getSimpleName().toString();
        boolean valid = true;
        Set<Modifier> modifiers = method.getModifiers();
        if (!modifiers.contains(Modifier.PUBLIC)) {
            String access = modifiers.contains(Modifier.PRIVATE)
                    ? "private"
                    : modifiers.contains(Modifier.PROTECTED) ? "protected" : "package-private";
            report.error(Message.TOOL_NOT_PUBLIC.format(methodName, access, generated), method);
            valid = false;
        }
        if (modifiers.contains(Modifier.STATIC)) {
            report.error(Message.TOOL_STATIC_METHOD.format(methodName, generated), method);
            valid = false;
        }
        if (!method.getTypeParameters().isEmpty()) {
            report.error(
                    Message.TOOL_GENERIC_METHOD.format(methodName, typeParameters(method.getTypeParameters())), method);
            valid = false;
        }

        String explicitName = Annotations.stringValue(mirror, "name");
        String toolName = explicitName.isEmpty() ? methodName : explicitName;
        Optional<AnnotationValue> nameValue = Annotations.explicitValue(mirror, "name");
        if (!NAME.matcher(toolName).matches()) {
            report.error(
                    Message.TOOL_INVALID_NAME.format(
                            "@Tool",
                            toolName,
                            explicitName.isEmpty() ? "" : " of method " + methodName,
                            explicitName.isEmpty() ? "; give the tool another with @Tool(name = \"...\")" : ""),
                    method,
                    nameValue.isPresent() ? mirror : null,
                    nameValue.orElse(null));
            valid = false;
        } else {
            ExecutableElement previous = byName.putIfAbsent(toolName, method);
            if (previous != null) {
                report.error(
                        Message.TOOL_DUPLICATE_NAME.format(toolName, methodName, previous.getSimpleName()),
                        method,
                        mirror,
                        nameValue.orElse(null));
                valid = false;
            }
        }

        String doc = elements.getDocComment(method);
        String value = Annotations.stringValue(mirror, "value").strip();
        String description = value.isEmpty() ? DocComments.mainDescription(doc) : value;

        List<ArgumentModel> arguments = new ArrayList<>();
        Map<String, VariableElement> argumentNames = new LinkedHashMap<>();
        for (VariableElement parameter : method.getParameters()) {
            ArgumentModel argument = argument(parameter, toolName, doc, packageName, argumentNames, report);
            if (argument == null) {
                valid = false;
            } else {
                arguments.add(argument);
            }
        }

        ResultKind kind = ResultKind.VALUE;
        TypeModel result = null;
        TypeMirror returnType = method.getReturnType();
        String subject = "the result of @Tool " + methodName;
        if (returnType.getKind() == TypeKind.VOID) {
            kind = ResultKind.VOID;
        } else {
            if (returnType instanceof DeclaredType declared
                    && FUTURES.contains(((TypeElement) declared.asElement())
                            .getQualifiedName()
                            .toString())) {
                if (declared.getTypeArguments().isEmpty()) {
                    report.error(
                            Message.RAW_TYPE.format(
                                    subject, returnType, declared.asElement().getSimpleName() + "<String>"),
                            method);
                    return null;
                }
                kind = ResultKind.ASYNC;
                returnType = declared.getTypeArguments().get(0);
            }
            TypeResolver.Result resolved =
                    TypeResolver.resolve(returnType, packageName, subject, TypeResolver.Usage.TOOL);
            result = resolved.model();
            if (result == null) {
                report.error(Objects.requireNonNull(resolved.problem(), "an unsupported type has a problem"), method);
                valid = false;
            }
        }
        Boolean blocking = Annotations.explicitValue(mirror, "blocking")
                .map(written -> (Boolean) written.getValue())
                .orElse(null);
        return valid
                ? new ToolModel(method, toolName, description, List.copyOf(arguments), kind, result, blocking)
                : null;
    }

    private static @Nullable ArgumentModel argument(
            VariableElement parameter,
            String toolName,
            @Nullable String doc,
            String packageName,
            Map<String, VariableElement> names,
            ValidationReport report) {
        String parameterName = parameter.getSimpleName().toString();
        Optional<AnnotationMirror> mirror = Annotations.find(parameter, Annotations.TOOL_PARAM);
        String explicitName =
                mirror.map(m -> Annotations.stringValue(m, "name")).orElse("");
        @Nullable
        AnnotationValue nameValue =
                mirror.flatMap(m -> Annotations.explicitValue(m, "name")).orElse(null);
        String name = explicitName.isEmpty() ? parameterName : explicitName;
        boolean valid = true;
        if (!NAME.matcher(name).matches()) {
            report.error(
                    Message.TOOL_INVALID_NAME.format(
                            "argument",
                            name,
                            " of parameter " + parameterName + " of @Tool " + toolName,
                            explicitName.isEmpty()
                                    ? "; give the argument another with @ToolParam(name = \"...\")"
                                    : ""),
                    parameter,
                    mirror.orElse(null),
                    nameValue);
            valid = false;
        } else {
            VariableElement previous = names.putIfAbsent(name, parameter);
            if (previous != null) {
                report.error(
                        Message.TOOL_DUPLICATE_ARGUMENT.format(name, parameterName, previous.getSimpleName(), toolName),
                        parameter,
                        mirror.orElse(null),
                        nameValue);
                valid = false;
            }
        }
        String value =
                mirror.map(m -> Annotations.stringValue(m, "value")).orElse("").strip();
        String desc =
                mirror.map(m -> Annotations.stringValue(m, "desc")).orElse("").strip();
        if (!value.isEmpty() && !desc.isEmpty()) {
            report.error(
                    Message.TOOL_PARAM_TWO_DESCRIPTIONS.format(parameterName, toolName),
                    parameter,
                    mirror.orElse(null),
                    mirror.flatMap(m -> Annotations.explicitValue(m, "desc")).orElse(null));
            valid = false;
        }
        String given = value.isEmpty() ? desc : value;
        String description = given.isEmpty() ? DocComments.param(doc, parameterName) : given;
        TypeResolver.Result resolved = TypeResolver.resolve(
                parameter.asType(),
                packageName,
                "parameter " + parameterName + " of @Tool " + toolName,
                TypeResolver.Usage.TOOL);
        TypeModel type = resolved.model();
        if (type == null) {
            report.error(Objects.requireNonNull(resolved.problem(), "an unsupported type has a problem"), parameter);
            return null;
        }
        return valid ? new ArgumentModel(parameterName, name, description, type) : null;
    }

    private static String typeParameters(List<? extends Element> parameters) {
        return parameters.stream().map(Object::toString).collect(Collectors.joining(", ", "<", ">"));
    }
}
