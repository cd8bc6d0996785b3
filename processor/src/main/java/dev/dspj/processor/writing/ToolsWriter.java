package dev.dspj.processor.writing;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.dspj.processor.model.ConstantNames;
import dev.dspj.processor.model.ToolsModel;
import dev.dspj.processor.model.ToolsModel.ArgumentModel;
import dev.dspj.processor.model.ToolsModel.ToolModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code FooTools}, the tools of a class with {@code @Tool} methods: one
 * {@code ToolArgument} constant per parameter, its codec composed as a signature field's, and
 * {@code of(target)}, which builds one {@code Tool} per method, calling it on the target directly.
 */
public final class ToolsWriter {

    private static final ClassName TOOL = ClassName.get("dev.dspj.tool", "Tool");
    private static final ClassName TOOL_ARGUMENT = ClassName.get("dev.dspj.tool", "ToolArgument");
    private static final ClassName LIST = ClassName.get(List.class);

    private ToolsWriter() {}

    /**
     * Writes the file.
     *
     * @param model the class and its tools
     * @return the Java file
     */
    public static JavaFile write(ToolsModel model) {
        ClassName owner = model.className();
        TypeSpec.Builder type = Generated.mark(
                        TypeSpec.classBuilder(model.generatedName()).addModifiers(Modifier.PUBLIC, Modifier.FINAL),
                        model.element())
                .addJavadoc(
                        "The tools of {@link $T}: one argument per parameter of its {@code @Tool} methods, and\n"
                                + "{@link #of}, which makes a {@code Tool} of each method, calling it directly.\n",
                        owner);

        // the arguments' constant names first, so that the codec constants avoid them
        Map<ArgumentModel, String> constants = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        for (ToolModel tool : model.tools()) {
            for (ArgumentModel argument : tool.arguments()) {
                String base = ConstantNames.of(tool.methodName()) + "_" + ConstantNames.of(argument.parameterName());
                String name = base;
                for (int i = 2; !used.add(name); i++) {
                    name = base + "_" + i;
                }
                constants.put(argument, name);
            }
        }
        CodecWriter codecs = new CodecWriter(used);
        List<FieldSpec> arguments = new ArrayList<>();
        for (ToolModel tool : model.tools()) {
            for (ArgumentModel argument : tool.arguments()) {
                String constant = Objects.requireNonNull(constants.get(argument), "named above");
                arguments.add(FieldSpec.builder(
                                ParameterizedTypeName.get(
                                        TOOL_ARGUMENT,
                                        CodecWriter.boxed(argument.type().javaType())),
                                constant,
                                Modifier.PUBLIC,
                                Modifier.STATIC,
                                Modifier.FINAL)
                        .addJavadoc("Argument {@code $L} of the tool {@code $L}.\n", argument.name(), tool.name())
                        .initializer(
                                "$T.of($S,$W$L,$W$L)",
                                TOOL_ARGUMENT,
                                argument.name(),
                                codecs.codec(argument.type()),
                                argument.description() == null
                                        ? CodeBlock.of("null")
                                        : CodeBlock.of("$S", argument.description()))
                        .build());
            }
        }
        List<CodeBlock> tools = new ArrayList<>();
        for (ToolModel tool : model.tools()) {
            tools.add(tool(tool, constants, codecs));
        }
        // codec constants are declared first: the arguments' initializers read them
        type.addFields(codecs.fields());
        type.addFields(arguments);
        type.addMethod(
                MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        type.addMethod(MethodSpec.methodBuilder("of")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ParameterizedTypeName.get(LIST, TOOL))
                .addParameter(owner, "target")
                .addJavadoc(
                        "The tools of {@code target}, one per {@code @Tool} method, in declaration order.\n\n"
                                + "@param target the {@code $L} whose methods the tools call\n"
                                + "@return the tools\n",
                        owner.simpleName())
                // the step runs only for classes with @Tool methods, so there is at least one
                .addStatement("return $T.of(\n$L)", LIST, CodeBlock.join(tools, ",\n"))
                .build());
        return Generated.file(model.packageName(), type.build());
    }

    /** {@code Tool.builder("add").description("...").arguments(ADD_A, ADD_B).function(codec, args -> ...)}. */
    private static CodeBlock tool(ToolModel tool, Map<ArgumentModel, String> constants, CodecWriter codecs) {
        CodeBlock.Builder code = CodeBlock.builder()
                .add("$T.builder($S)", TOOL, tool.name())
                .indent()
                .indent();
        if (tool.description() != null) {
            code.add("\n.description($S)", tool.description());
        }
        List<CodeBlock> names = new ArrayList<>();
        List<CodeBlock> values = new ArrayList<>();
        for (ArgumentModel argument : tool.arguments()) {
            String constant = Objects.requireNonNull(constants.get(argument), "named before");
            names.add(CodeBlock.of("$N", constant));
            values.add(CodeBlock.of("args.get($N)", constant));
        }
        if (!names.isEmpty()) {
            code.add("\n.arguments($L)", CodeBlock.join(names, ",$W"));
        }
        if (tool.blocking() != null) {
            code.add("\n.blocking($L)", tool.blocking());
        }
        CodeBlock call = CodeBlock.of("target.$N($L)", tool.methodName(), CodeBlock.join(values, ",$W"));
        switch (tool.resultKind()) {
            case VOID -> code.add("\n.action(args -> {\n$>$L;\nreturn null;\n$<})", call);
            case ASYNC ->
                code.add(
                        "\n.asyncFunction($L, args -> $L)",
                        codecs.codec(Objects.requireNonNull(tool.result(), "an async tool has a result")),
                        call);
            case VALUE ->
                code.add(
                        "\n.function($L, args -> $L)",
                        codecs.codec(Objects.requireNonNull(tool.result(), "a tool with a value has a result")),
                        call);
        }
        return code.unindent().unindent().build();
    }
}
