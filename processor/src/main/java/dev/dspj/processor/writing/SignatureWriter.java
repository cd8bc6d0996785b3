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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code FooSignature}: the field descriptors with their codecs, the signature descriptor,
 * and the conversions between the generated records and untyped values.
 */
public final class SignatureWriter {

    private SignatureWriter() {
    }

    /**
     * The constant name of each field's descriptor ({@code zipCode} → {@code ZIP_CODE}), avoiding
     * the class's own constants.
     *
     * @param model the signature
     * @return method name to constant name
     */
    static Map<String, String> fieldConstants(SignatureModel model) {
        Set<String> used = new HashSet<>(Set.of("DESCRIPTOR", "INSTANCE", "INSTRUCTIONS"));
        Map<String, String> names = new HashMap<>();
        for (FieldModel field : model.fields()) {
            String name = Names.constantName(field.methodName());
            while (!used.add(name)) {
                name = name + "_FIELD";
            }
            names.put(field.methodName(), name);
        }
        return names;
    }

    /**
     * Writes the file.
     *
     * @param model the signature
     * @return the Java file
     */
    public static JavaFile write(SignatureModel model) {
        ClassName self = model.generated("Signature");
        ClassName input = model.generated("Input");
        ClassName output = model.generated("Output");
        ClassName example = model.generated("Example");
        Map<String, String> constants = fieldConstants(model);

        Set<String> reserved = new HashSet<>(constants.values());
        reserved.addAll(Set.of("DESCRIPTOR", "INSTANCE", "INSTRUCTIONS"));
        CodecWriter codecs = new CodecWriter(reserved);

        List<FieldSpec> fieldConstants = new ArrayList<>();
        CodeBlock.Builder descriptor = CodeBlock.builder()
                .add("$T.builder($S)", Names.SIGNATURE_DESCRIPTOR, model.name())
                .indent()
                .add("\n.instructions(INSTRUCTIONS)");
        for (FieldModel field : model.fields()) {
            CodeBlock codec = codecs.codec(field.type());
            TypeName valueType = CodecWriter.boxed(field.type().javaType());
            fieldConstants.add(FieldSpec.builder(ParameterizedTypeName.get(Names.FIELD_DESCRIPTOR, valueType),
                            constants.get(field.methodName()), Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("The {@code $L} $L field$L.\n", field.wireName(), field.input() ? "input" : "output",
                            field.description().isEmpty() ? "" : ": " + escapeJavadoc(field.description()))
                    .initializer("$T.$L($S, $L, $S, $S)", Names.FIELD_DESCRIPTOR, field.input() ? "input" : "output",
                            field.wireName(), codec, field.description(), field.javaTypeText())
                    .build());
            descriptor.add("\n.field($N)", constants.get(field.methodName()));
        }
        descriptor.add("\n.build()").unindent();

        TypeSpec.Builder type = TypeSpec.classBuilder(self)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(ParameterizedTypeName.get(Names.TYPED_SIGNATURE, input, output, example));
        Generated.decorate(type, model, "The descriptor and parsers of the {@code " + model.name() + "} signature: its "
                + "instructions, its fields\nwith their types, descriptions and JSON schemas, and the conversions between "
                + "its records\nand the untyped values adapters and optimizers use.");
        type.addFields(codecs.fields());
        type.addField(FieldSpec.builder(String.class, "INSTRUCTIONS", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The task instructions, or empty for DSPy's default.\n")
                .initializer("$S", model.instructions())
                .build());
        type.addFields(fieldConstants);
        type.addField(FieldSpec.builder(Names.SIGNATURE_DESCRIPTOR, "DESCRIPTOR", Modifier.PUBLIC, Modifier.STATIC,
                        Modifier.FINAL)
                .addJavadoc("The untyped descriptor: name, instructions and fields in order.\n")
                .initializer(descriptor.build())
                .build());
        type.addField(FieldSpec.builder(self, "INSTANCE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The shared instance; it holds no state.\n")
                .initializer("new $T()", self)
                .build());
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());

        type.addMethod(MethodSpec.methodBuilder("descriptor")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(Names.SIGNATURE_DESCRIPTOR)
                .addStatement("return DESCRIPTOR")
                .build());

        MethodSpec.Builder inputValues = MethodSpec.methodBuilder("inputValues")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(Map.class, String.class, Object.class))
                .addParameter(input, "input")
                .addStatement("$T<$T, $T> values = new $T<>()", Map.class, String.class, Object.class,
                        LinkedHashMap.class);
        for (FieldModel field : model.inputs()) {
            inputValues.addStatement("values.put($N.name(), input.$N())", constants.get(field.methodName()),
                    field.methodName());
        }
        type.addMethod(inputValues.addStatement("return values").build());

        List<CodeBlock> outputArguments = new ArrayList<>();
        for (FieldModel field : model.outputs()) {
            String constant = constants.get(field.methodName());
            outputArguments.add(CodeBlock.of("$N.coerce(values.get($N.name()))", constant, constant));
        }
        outputArguments.add(CodeBlock.of("completion"));
        type.addMethod(MethodSpec.methodBuilder("output")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(output)
                .addParameter(ParameterizedTypeName.get(Map.class, String.class, Object.class), "values")
                .addParameter(Names.COMPLETION, "completion")
                .addStatement("return new $T(\n$L)", output, CodeBlock.join(outputArguments, ",\n"))
                .build());

        MethodSpec.Builder toExample = MethodSpec.methodBuilder("toExample")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(Names.EXAMPLE)
                .addParameter(example, "example")
                .addStatement("$T<$T, $T> values = new $T<>()", Map.class, String.class, Object.class,
                        LinkedHashMap.class);
        for (FieldModel field : model.fields()) {
            toExample.addStatement("values.put($N.name(), example.$N())", constants.get(field.methodName()),
                    field.methodName());
        }
        List<CodeBlock> inputNames = new ArrayList<>();
        for (FieldModel field : model.inputs()) {
            inputNames.add(CodeBlock.of("$N.name()", constants.get(field.methodName())));
        }
        toExample.addStatement("return $T.of(values).withInputs($L)", Names.EXAMPLE, CodeBlock.join(inputNames, ", "));
        type.addMethod(toExample.build());

        List<CodeBlock> exampleArguments = new ArrayList<>();
        for (FieldModel field : model.fields()) {
            String constant = constants.get(field.methodName());
            exampleArguments.add(CodeBlock.of("$N.coerce(example.values().get($N.name()))", constant, constant));
        }
        type.addMethod(MethodSpec.methodBuilder("fromExample")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(example)
                .addParameter(Names.EXAMPLE, "example")
                .addStatement("return new $T(\n$L)", example, CodeBlock.join(exampleArguments, ",\n"))
                .build());

        return Generated.file(model, type.build());
    }

    static String escapeJavadoc(String text) {
        return text.replace("*/", "*&#47;");
    }
}
