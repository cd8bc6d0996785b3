package dev.dspj.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * A supported field type, resolved from a {@code TypeMirror}: what the generated code needs to
 * build the type's codec.
 */
public sealed interface TypeModel {

    /**
     * The Java type as written in generated code (primitives stay primitive).
     *
     * @return the type
     */
    TypeName javaType();

    /**
     * A scalar: text, number or boolean.
     *
     * @param kind which scalar
     * @param javaType the declared type
     */
    record Scalar(ScalarKind kind, TypeName javaType) implements TypeModel {}

    /**
     * An enum, by constant name.
     *
     * @param javaType the enum class
     */
    record EnumType(ClassName javaType) implements TypeModel {}

    /**
     * A record, read as a JSON object.
     *
     * @param javaType the record class
     * @param components its components in declaration order
     */
    record RecordType(ClassName javaType, List<Component> components) implements TypeModel {}

    /**
     * A runtime type that brings its own codec as a {@code CODEC} constant ({@code dev.dspj.tool.Tool},
     * {@code dev.dspj.tool.ToolCalls}).
     *
     * @param javaType the type
     */
    record RuntimeType(ClassName javaType) implements TypeModel {}

    /**
     * One record component.
     *
     * @param name the component's name (and JSON key)
     * @param type its type
     */
    record Component(String name, TypeModel type) {}

    /**
     * {@code List<T>}, {@code Set<T>}, {@code Map<String, T>} or {@code Optional<T>}.
     *
     * @param kind which container
     * @param javaType the declared type
     * @param element the element (or map value) type
     */
    record Container(ContainerKind kind, TypeName javaType, TypeModel element) implements TypeModel {}

    /** The scalar types, with the runtime {@code Codecs} constant for each. */
    enum ScalarKind {
        /** String. */
        STRING,
        /** int and Integer. */
        INT,
        /** long and Long. */
        LONG,
        /** double and Double. */
        DOUBLE,
        /** float and Float. */
        FLOAT,
        /** boolean and Boolean. */
        BOOLEAN,
        /** BigDecimal. */
        DECIMAL
    }

    /** The container types, with the runtime {@code Codecs} method for each. */
    enum ContainerKind {
        /** List. */
        LIST,
        /** Set. */
        SET,
        /** Map with String keys. */
        MAP,
        /** Optional. */
        OPTIONAL
    }
}
