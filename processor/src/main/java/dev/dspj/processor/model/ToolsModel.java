package dev.dspj.processor.model;

import com.palantir.javapoet.ClassName;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import org.jspecify.annotations.Nullable;

/**
 * A validated class with {@code @Tool} methods: everything the writer of {@code <Name>Tools} needs.
 *
 * @param element the class
 * @param name the class's name ({@code Outer_Inner} for nested classes)
 * @param packageName the package the generated class goes into
 * @param tools the tools, in method declaration order
 */
public record ToolsModel(TypeElement element, String name, String packageName, List<ToolModel> tools) {

    /** The suffix of the generated class's name. */
    public static final String SUFFIX = "Tools";

    /**
     * The user's class.
     *
     * @return the class name
     */
    public ClassName className() {
        return ClassName.get(element);
    }

    /**
     * The generated class's name: the class's name plus {@code Tools}.
     *
     * @return the class name
     */
    public ClassName generatedName() {
        return ClassName.get(packageName, name + SUFFIX);
    }

    /** What a tool's method returns, which decides how its function is built. */
    public enum ResultKind {
        /** A value of a supported type: {@code .function(codec, ...)}. */
        VALUE,
        /** A {@code CompletableFuture} or {@code CompletionStage} of one: {@code .asyncFunction(codec, ...)}. */
        ASYNC,
        /** Nothing: {@code .action(...)}. */
        VOID
    }

    /**
     * One {@code @Tool} method.
     *
     * @param method the method
     * @param name the tool's name, as the model calls it
     * @param description what it does, or null for none
     * @param arguments its arguments, in parameter order
     * @param resultKind what the method returns
     * @param result the result's type (of the future's value for an async tool); null for void
     * @param blocking {@code @Tool(blocking = ...)} when written, else null (the runtime's default)
     */
    public record ToolModel(
            ExecutableElement method,
            String name,
            @Nullable String description,
            List<ArgumentModel> arguments,
            ResultKind resultKind,
            @Nullable TypeModel result,
            @Nullable Boolean blocking) {

        /**
         * The method's Java name.
         *
         * @return the name
         */
        public String methodName() {
            return method.getSimpleName().toString();
        }
    }

    /**
     * One parameter of a tool method.
     *
     * @param parameterName the Java parameter's name
     * @param name the argument's name, as the model writes it
     * @param description what it means, or null for none
     * @param type its type
     */
    public record ArgumentModel(
            String parameterName, String name, @Nullable String description, TypeModel type) {}
}
