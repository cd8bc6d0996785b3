package dev.dspj.processor.writing;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.dspj.processor.model.TypeModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes codec expressions for field types: runtime constants for scalars, combinators for
 * containers, and one named constant per enum and record type, declared dependencies first.
 */
final class CodecWriter {

    private final Map<ClassName, String> constants = new LinkedHashMap<>();
    private final List<FieldSpec> fields = new ArrayList<>();
    private final Set<String> usedNames;

    CodecWriter(Set<String> reservedNames) {
        this.usedNames = new HashSet<>(reservedNames);
    }

    /** The named-type codec constants, in declaration order. */
    List<FieldSpec> fields() {
        return fields;
    }

    /** The expression of a type's codec, declaring named-type constants as needed. */
    CodeBlock codec(TypeModel type) {
        if (type instanceof TypeModel.Scalar scalar) {
            return CodeBlock.of("$T.$L", Names.CODECS, scalar.kind().name());
        }
        if (type instanceof TypeModel.Container container) {
            String method = switch (container.kind()) {
                case LIST -> "list";
                case SET -> "set";
                case MAP -> "map";
                case OPTIONAL -> "optional";
            };
            return CodeBlock.of("$T.$L($L)", Names.CODECS, method, codec(container.element()));
        }
        if (type instanceof TypeModel.RuntimeType runtime) {
            return CodeBlock.of("$T.CODEC", runtime.javaType());
        }
        if (type instanceof TypeModel.EnumType enumType) {
            return CodeBlock.of(
                    "$N",
                    constantFor(
                            enumType.javaType(),
                            CodeBlock.of(
                                    "$T.enumeration($S, $T.values())",
                                    Names.CODECS,
                                    enumType.javaType().simpleName(),
                                    enumType.javaType())));
        }
        TypeModel.RecordType record = (TypeModel.RecordType) type;
        String existing = constants.get(record.javaType());
        if (existing != null) {
            return CodeBlock.of("$N", existing);
        }
        CodeBlock.Builder builder = CodeBlock.builder()
                .add(
                        "$T.<$T>builder($S)",
                        Names.RECORD_CODEC,
                        record.javaType(),
                        record.javaType().simpleName())
                .indent();
        List<CodeBlock> arguments = new ArrayList<>();
        for (int i = 0; i < record.components().size(); i++) {
            TypeModel.Component component = record.components().get(i);
            builder.add(
                    "\n.component($S, $L, $T::$N)",
                    component.name(),
                    codec(component.type()),
                    record.javaType(),
                    component.name());
            arguments.add(CodeBlock.of("values.get($L)", i));
        }
        builder.add("\n.build(values -> new $T($L))", record.javaType(), CodeBlock.join(arguments, ", "))
                .unindent();
        return CodeBlock.of("$N", constantFor(record.javaType(), builder.build()));
    }

    private String constantFor(ClassName type, CodeBlock initializer) {
        String existing = constants.get(type);
        if (existing != null) {
            return existing;
        }
        String name = Names.constantName(type.simpleName()) + "_CODEC";
        for (int i = 2; !usedNames.add(name); i++) {
            name = Names.constantName(type.simpleName()) + "_CODEC_" + i;
        }
        constants.put(type, name);
        fields.add(FieldSpec.builder(
                        ParameterizedTypeName.get(Names.VALUE_CODEC, boxed(type)),
                        name,
                        Modifier.PRIVATE,
                        Modifier.STATIC,
                        Modifier.FINAL)
                .initializer(initializer)
                .build());
        return name;
    }

    /** The boxed form of a type, for type arguments. */
    static TypeName boxed(TypeName type) {
        return type.isPrimitive() ? type.box() : type;
    }
}
