package dev.dspj.processor.model;

import com.palantir.javapoet.ClassName;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A validated signature interface: everything the writers need.
 *
 * @param element the annotated interface
 * @param name the signature's name ({@code Outer_Inner} for nested interfaces)
 * @param packageName the package the generated types go into
 * @param instructions the instructions, or empty for DSPy's default
 * @param fields the fields in declaration order
 * @param chainOfThought whether a chainOfThought() factory is generated
 * @param reasoningAccessor whether the output record gets a reasoning() convenience method
 */
public record SignatureModel(
        TypeElement element,
        String name,
        String packageName,
        String instructions,
        List<FieldModel> fields,
        boolean chainOfThought,
        boolean reasoningAccessor) {

    /**
     * The user's interface as a class name.
     *
     * @return the interface
     */
    public ClassName interfaceName() {
        return ClassName.get(element);
    }

    /**
     * A generated type's name: the signature's name plus a suffix.
     *
     * @param suffix {@code Signature}, {@code Input}...
     * @return the class name
     */
    public ClassName generated(String suffix) {
        return ClassName.get(packageName, name + suffix);
    }

    /**
     * The input fields in order.
     *
     * @return the inputs
     */
    public List<FieldModel> inputs() {
        return fields.stream().filter(FieldModel::input).toList();
    }

    /**
     * The output fields in order.
     *
     * @return the outputs
     */
    public List<FieldModel> outputs() {
        return fields.stream().filter(f -> !f.input()).toList();
    }
}
