package dev.dspj.processor.writing;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.dspj.processor.model.FieldModel;
import dev.dspj.processor.model.SignatureModel;
import dev.dspj.processor.model.TypeModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/** Writes the {@code FooInput}, {@code FooOutput} and {@code FooExample} records. */
public final class RecordWriter {

    private RecordWriter() {
    }

    /**
     * Writes {@code FooInput}: the input fields, with their declared types; reference fields
     * must not be null unless they are {@code Optional}.
     *
     * @param model the signature
     * @return the Java file
     */
    public static JavaFile input(SignatureModel model) {
        ClassName self = model.generated("Input");
        TypeSpec.Builder type = TypeSpec.recordBuilder(self).addModifiers(Modifier.PUBLIC);
        Generated.decorate(type, model, "The inputs of the {@code " + model.name() + "} signature.");
        MethodSpec.Builder constructor = MethodSpec.compactConstructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("Checks that every input is present.\n\n");
        for (FieldModel field : model.inputs()) {
            constructor.addJavadoc("@param $N $L\n", field.methodName(), describe(field));
        }
        for (FieldModel field : model.inputs()) {
            constructor.addParameter(field.type().javaType(), field.methodName());
            addNullCheck(constructor, self, field);
        }
        type.recordConstructor(constructor.build());
        return Generated.file(model, type.build());
    }

    /**
     * Writes {@code FooOutput}: the output fields with their declared types, plus the completion
     * they came from. Equality covers the output fields only.
     *
     * @param model the signature
     * @return the Java file
     */
    public static JavaFile output(SignatureModel model) {
        ClassName self = model.generated("Output");
        List<FieldModel> outputs = model.outputs();
        TypeSpec.Builder type = TypeSpec.recordBuilder(self).addModifiers(Modifier.PUBLIC);
        Generated.decorate(type, model, "The outputs of the {@code " + model.name() + "} signature, with the model "
                + "completion they were parsed from.\nEquality and {@code toString()} cover the output fields only.");
        MethodSpec.Builder constructor = MethodSpec.compactConstructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("Checks that every output is present.\n\n");
        for (FieldModel field : outputs) {
            constructor.addJavadoc("@param $N $L\n", field.methodName(), describe(field));
        }
        constructor.addJavadoc("@param completion the completion the outputs were parsed from\n");
        for (FieldModel field : outputs) {
            constructor.addParameter(field.type().javaType(), field.methodName());
            addNullCheck(constructor, self, field);
        }
        constructor.addParameter(Names.COMPLETION, "completion");
        constructor.addStatement("completion = $T.requireNonNullElse(completion, $T.none())", Objects.class,
                Names.COMPLETION);
        type.recordConstructor(constructor.build());

        MethodSpec.Builder withoutCompletion = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("Creates outputs that did not come from a model (for tests and hand-written demos).\n\n");
        List<CodeBlock> arguments = new ArrayList<>();
        for (FieldModel field : outputs) {
            withoutCompletion.addParameter(field.type().javaType(), field.methodName());
            withoutCompletion.addJavadoc("@param $N $L\n", field.methodName(), describe(field));
            arguments.add(CodeBlock.of("$N", field.methodName()));
        }
        arguments.add(CodeBlock.of("$T.none()", Names.COMPLETION));
        type.addMethod(withoutCompletion.addStatement("this($L)", CodeBlock.join(arguments, ", ")).build());

        if (model.reasoningAccessor()) {
            type.addMethod(MethodSpec.methodBuilder("reasoning")
                    .addModifiers(Modifier.PUBLIC)
                    .returns(ParameterizedTypeName.get(Optional.class, String.class))
                    .addJavadoc("The model's step-by-step reasoning, when the predictor was a chain of thought.\n\n"
                            + "@return the reasoning, or empty\n")
                    .addStatement("return completion.reasoning()")
                    .build());
        }

        CodeBlock.Builder equality = CodeBlock.builder();
        List<CodeBlock> hashed = new ArrayList<>();
        for (FieldModel field : outputs) {
            equality.add("\n&& $L", fieldEquals(field));
            hashed.add(CodeBlock.of("this.$N", field.methodName()));
        }
        type.addMethod(MethodSpec.methodBuilder("equals")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(TypeName.BOOLEAN)
                .addParameter(Object.class, "object")
                .addStatement("return object instanceof $T that$L", self, equality.build())
                .build());
        type.addMethod(MethodSpec.methodBuilder("hashCode")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(TypeName.INT)
                .addStatement("return $T.hash($L)", Objects.class, CodeBlock.join(hashed, ", "))
                .build());
        CodeBlock.Builder text = CodeBlock.builder();
        for (int i = 0; i < outputs.size(); i++) {
            FieldModel field = outputs.get(i);
            String label = (i == 0 ? self.simpleName() + "[" : ", ") + field.methodName() + "=";
            text.add(i == 0 ? "$S + this.$N" : " + $S + this.$N", label, field.methodName());
        }
        text.add(" + $S", "]");
        type.addMethod(MethodSpec.methodBuilder("toString")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .addStatement("return $L", text.build())
                .build());
        return Generated.file(model, type.build());
    }

    /**
     * Writes {@code FooExample}: every field, boxed and nullable (a demo or dataset row may lack
     * some), with a builder and conversion to the untyped {@code Example}.
     *
     * @param model the signature
     * @return the Java file
     */
    public static JavaFile example(SignatureModel model) {
        ClassName self = model.generated("Example");
        ClassName builderName = self.nestedClass("Builder");
        ClassName signature = model.generated("Signature");
        TypeSpec.Builder type = TypeSpec.recordBuilder(self).addModifiers(Modifier.PUBLIC);
        Generated.decorate(type, model, "One example of the {@code " + model.name() + "} signature, with every field; "
                + "any of them may be\n{@code null} when the example does not supply it. Used for datasets and demos.");
        MethodSpec.Builder constructor = MethodSpec.compactConstructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("Creates an example.\n\n");
        TypeSpec.Builder builder = TypeSpec.classBuilder(builderName)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Builds a {@link $T}; fields left unset are {@code null}.\n", self)
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        List<CodeBlock> arguments = new ArrayList<>();
        for (FieldModel field : model.fields()) {
            TypeName boxed = CodecWriter.boxed(field.type().javaType());
            constructor.addParameter(boxed, field.methodName());
            constructor.addJavadoc("@param $N $L, or null\n", field.methodName(), describe(field));
            builder.addField(FieldSpec.builder(boxed, field.methodName(), Modifier.PRIVATE).build());
            builder.addMethod(MethodSpec.methodBuilder(field.methodName())
                    .addModifiers(Modifier.PUBLIC)
                    .returns(builderName)
                    .addParameter(boxed, field.methodName())
                    .addJavadoc("Sets the {@code $L} $L field.\n\n@param $N the value\n@return this builder\n",
                            field.wireName(), field.input() ? "input" : "output", field.methodName())
                    .addStatement("this.$N = $N", field.methodName(), field.methodName())
                    .addStatement("return this")
                    .build());
            arguments.add(CodeBlock.of("$N", field.methodName()));
        }
        builder.addMethod(MethodSpec.methodBuilder("build")
                .addModifiers(Modifier.PUBLIC)
                .returns(self)
                .addJavadoc("Builds the example.\n\n@return the example\n")
                .addStatement("return new $T($L)", self, CodeBlock.join(arguments, ", "))
                .build());
        type.recordConstructor(constructor.build());
        type.addType(builder.build());
        type.addMethod(MethodSpec.methodBuilder("builder")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(builderName)
                .addJavadoc("Starts building an example.\n\n@return a builder\n")
                .addStatement("return new $T()", builderName)
                .build());
        type.addMethod(MethodSpec.methodBuilder("toExample")
                .addModifiers(Modifier.PUBLIC)
                .returns(Names.EXAMPLE)
                .addJavadoc("Converts to the untyped example optimizers use, with the input fields marked.\n\n"
                        + "@return the untyped example\n")
                .addStatement("return $T.INSTANCE.toExample(this)", signature)
                .build());
        type.addMethod(MethodSpec.methodBuilder("fromExample")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addParameter(Names.EXAMPLE, "example")
                .addJavadoc("Reads an untyped example.\n\n@param example the untyped example\n@return the typed example\n")
                .addStatement("return $T.INSTANCE.fromExample(example)", signature)
                .build());
        return Generated.file(model, type.build());
    }

    private static void addNullCheck(MethodSpec.Builder constructor, ClassName record, FieldModel field) {
        if (field.type().javaType().isPrimitive()) {
            return;
        }
        String hint = field.type() instanceof TypeModel.Container container
                && container.kind() == TypeModel.ContainerKind.OPTIONAL
                ? "use Optional.empty() for no value"
                : "declare it Optional<...> in the signature to allow absence";
        constructor.addStatement("$T.requireNonNull($N, $S)", Objects.class, field.methodName(),
                record.simpleName() + "." + field.methodName() + " must not be null; " + hint);
    }

    private static CodeBlock fieldEquals(FieldModel field) {
        TypeName type = field.type().javaType();
        String name = field.methodName();
        if (type.equals(TypeName.DOUBLE) || type.equals(TypeName.FLOAT)) {
            return CodeBlock.of("$T.compare(this.$N, that.$N) == 0", type.box(), name, name);
        }
        if (type.isPrimitive()) {
            return CodeBlock.of("this.$N == that.$N", name, name);
        }
        return CodeBlock.of("$T.equals(this.$N, that.$N)", Objects.class, name, name);
    }

    private static String describe(FieldModel field) {
        return "the {@code " + field.wireName() + "} " + (field.input() ? "input" : "output")
                + (field.description().isEmpty() ? "" : ": " + SignatureWriter.escapeJavadoc(field.description()));
    }
}
