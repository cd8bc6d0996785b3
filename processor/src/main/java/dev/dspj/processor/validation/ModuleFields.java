package dev.dspj.processor.validation;

import dev.dspj.processor.model.ProgramModel.Shape;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Recognizes the fields that hold modules, for {@code @Program} descriptors and the generated
 * {@code <Name>Variables} of plain classes: a {@code Module}, a {@code List} of modules or a
 * {@code Map<String, ...>} of modules — the shapes the generated code walks.
 */
final class ModuleFields {

    private final Elements elements;
    private final Types types;

    ModuleFields(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    /**
     * How a field of this type holds modules.
     *
     * @param type the field's type
     * @return the shape; empty for a type that holds no module in a shape the generated code walks
     */
    Optional<Shape> shape(TypeMirror type) {
        TypeElement module = elements.getTypeElement(ProgramValidator.MODULE);
        if (module == null) {
            return Optional.empty();
        }
        if (isModule(type, module)) {
            return Optional.of(Shape.SINGLE);
        }
        if (type instanceof DeclaredType declared) {
            String container =
                    ((TypeElement) declared.asElement()).getQualifiedName().toString();
            List<? extends TypeMirror> arguments = declared.getTypeArguments();
            if (container.equals("java.util.List") && arguments.size() == 1 && isModule(arguments.get(0), module)) {
                return Optional.of(Shape.LIST);
            }
            if (container.equals("java.util.Map")
                    && arguments.size() == 2
                    && types.isSameType(
                            arguments.get(0),
                            elements.getTypeElement("java.lang.String").asType())
                    && isModule(arguments.get(1), module)) {
                return Optional.of(Shape.MAP);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether modules appear anywhere inside a type: the type itself, its type arguments or array
     * components.
     *
     * @param type the type
     * @return true when the type holds modules
     */
    boolean holdsModules(TypeMirror type) {
        TypeElement module = elements.getTypeElement(ProgramValidator.MODULE);
        return module != null && holdsModules(type, module);
    }

    private boolean holdsModules(TypeMirror type, TypeElement module) {
        if (isModule(type, module)) {
            return true;
        }
        if (type instanceof ArrayType array) {
            return holdsModules(array.getComponentType(), module);
        }
        if (type instanceof DeclaredType declared) {
            for (TypeMirror argument : declared.getTypeArguments()) {
                if (holdsModules(argument, module)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A module type, or a wildcard bounded by one ({@code ? extends Module}). */
    private boolean isModule(TypeMirror type, TypeElement module) {
        if (type instanceof WildcardType wildcard) {
            return wildcard.getExtendsBound() != null && isModule(wildcard.getExtendsBound(), module);
        }
        return (type.getKind() == TypeKind.DECLARED || type.getKind() == TypeKind.TYPEVAR)
                && types.isAssignable(type, types.erasure(module.asType()));
    }
}
