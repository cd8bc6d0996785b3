package dev.dspj.processor.model;

import com.palantir.javapoet.ClassName;
import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * A validated {@code @Program} class: everything the descriptor writer needs.
 *
 * @param element the annotated class
 * @param name the program's name ({@code Outer_Inner} for nested classes)
 * @param packageName the package the descriptor goes into
 * @param description the annotation's description, possibly empty
 * @param moduleFields the module fields in declaration order
 */
public record ProgramModel(
        TypeElement element, String name, String packageName, String description, List<ModuleField> moduleFields) {

    /** The suffix of the generated descriptor's name. */
    public static final String SUFFIX = "Program";

    /**
     * The user's class.
     *
     * @return the class name
     */
    public ClassName className() {
        return ClassName.get(element);
    }

    /**
     * The generated descriptor's name: the program's name plus {@code Program}.
     *
     * @return the class name
     */
    public ClassName descriptorName() {
        return ClassName.get(packageName, name + SUFFIX);
    }

    /** How a module field holds its modules. */
    public enum Shape {
        /** One module. */
        SINGLE,
        /** A {@code List} of modules. */
        LIST,
        /** A {@code Map<String, ...>} of modules. */
        MAP
    }

    /**
     * One module field.
     *
     * @param element the field
     * @param shape one module, a list or a map
     */
    public record ModuleField(VariableElement element, Shape shape) {

        /**
         * The field's name.
         *
         * @return the name
         */
        public String name() {
            return element.getSimpleName().toString();
        }
    }
}
