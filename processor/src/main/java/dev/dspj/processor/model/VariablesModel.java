package dev.dspj.processor.model;

import com.palantir.javapoet.ClassName;
import dev.dspj.processor.model.ProgramModel.ModuleField;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A validated class with {@code @Variable} fields (or a {@code @Program} class, with or without
 * them): everything the writer of {@code <Name>Variables} needs.
 *
 * @param element the class
 * @param name the class's name ({@code Outer_Inner} for nested classes)
 * @param packageName the package the generated class goes into
 * @param variables the variables, in field declaration order
 * @param program whether the class is a {@code @Program} (its predictors then come from its
 *     generated descriptor)
 * @param moduleFields for a plain class, the module fields whose predictors it lists; empty for a
 *     program
 */
public record VariablesModel(
        TypeElement element,
        String name,
        String packageName,
        List<VariableModel> variables,
        boolean program,
        List<ModuleField> moduleFields) {

    /** The suffix of the generated class's name. */
    public static final String SUFFIX = "Variables";

    /**
     * The user's class.
     *
     * @return the class name
     */
    public ClassName className() {
        return ClassName.get(element);
    }

    /**
     * The generated class's name: the class's name plus {@code Variables}.
     *
     * @return the class name
     */
    public ClassName generatedName() {
        return ClassName.get(packageName, name + SUFFIX);
    }

    /**
     * The generated descriptor of a {@code @Program} class.
     *
     * @return the class name
     */
    public ClassName descriptorName() {
        return ClassName.get(packageName, name + ProgramModel.SUFFIX);
    }
}
