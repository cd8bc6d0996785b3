package dev.dspj.processor.writing;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.dspj.processor.model.FieldModel;
import dev.dspj.processor.model.SignatureModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.lang.model.element.Modifier;

/** Writes {@code FooPredictor}, the typed program users call. */
public final class PredictorWriter {

    private PredictorWriter() {
    }

    /**
     * Writes the file.
     *
     * @param model the signature
     * @return the Java file
     */
    public static JavaFile write(SignatureModel model) {
        ClassName self = model.generated("Predictor");
        ClassName signature = model.generated("Signature");
        ClassName input = model.generated("Input");
        ClassName output = model.generated("Output");
        ClassName example = model.generated("Example");

        TypeSpec.Builder type = TypeSpec.classBuilder(self)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .superclass(ParameterizedTypeName.get(Names.TYPED_PREDICTOR, self, input, output, example));
        Generated.decorate(type, model, "The typed predictor of the {@code " + model.name() + "} signature: "
                + (model.chainOfThought() ? "{@link #predict()} asks the model for the\noutputs directly, "
                        + "{@link #chainOfThought()} asks it to reason step by step first."
                        : "{@link #predict()} asks the model for the\noutputs directly.")
                + "\nConfiguration methods ({@code withModel}, {@code withDemos}, ...) return new predictors.");

        type.addMethod(MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PRIVATE)
                .addParameter(Names.PREDICTOR_KIND, "kind")
                .addParameter(Names.PREDICT, "predict")
                .addStatement("super($T.INSTANCE, kind, predict)", signature)
                .build());
        type.addMethod(factory(self, signature, "predict", "PREDICT",
                "A predictor that asks the model for the outputs directly (DSPy's {@code Predict})."));
        if (model.chainOfThought()) {
            type.addMethod(factory(self, signature, "chainOfThought", "CHAIN_OF_THOUGHT",
                    "A predictor that asks the model to reason step by step before the outputs (DSPy's\n"
                            + "{@code ChainOfThought}); the reasoning is in {@code output.completion().reasoning()}."));
        }

        List<CodeBlock> arguments = new ArrayList<>();
        MethodSpec.Builder call = MethodSpec.methodBuilder("call")
                .addModifiers(Modifier.PUBLIC)
                .returns(output)
                .addJavadoc("Calls the model with the inputs given one by one.\n\n");
        MethodSpec.Builder callAsync = MethodSpec.methodBuilder("callAsync")
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(ClassName.get(CompletableFuture.class), output))
                .addJavadoc("Calls the model without blocking, with the inputs given one by one.\n\n");
        for (FieldModel field : model.inputs()) {
            call.addParameter(field.type().javaType(), field.methodName());
            callAsync.addParameter(field.type().javaType(), field.methodName());
            String doc = "the {@code " + field.wireName() + "} input"
                    + (field.description().isEmpty() ? "" : ": " + SignatureWriter.escapeJavadoc(field.description()));
            call.addJavadoc("@param $N $L\n", field.methodName(), doc);
            callAsync.addJavadoc("@param $N $L\n", field.methodName(), doc);
            arguments.add(CodeBlock.of("$N", field.methodName()));
        }
        call.addJavadoc("@return the typed outputs, with the raw completion\n")
                .addStatement("return call(new $T($L))", input, CodeBlock.join(arguments, ", "));
        callAsync.addJavadoc("@return the typed outputs, later\n")
                .addStatement("return callAsync(new $T($L))", input, CodeBlock.join(arguments, ", "));
        type.addMethod(call.build());
        type.addMethod(callAsync.build());

        type.addMethod(MethodSpec.methodBuilder("create")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED)
                .returns(self)
                .addParameter(Names.PREDICTOR_KIND, "kind")
                .addParameter(Names.PREDICT, "predict")
                .addStatement("return new $T(kind, predict)", self)
                .build());
        return Generated.file(model, type.build());
    }

    private static MethodSpec factory(ClassName self, ClassName signature, String name, String kind, String doc) {
        return MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self)
                .addJavadoc("$L\n\n@return a new predictor using the default model\n", doc)
                .addStatement("return new $T($T.$L, newPredict($T.INSTANCE, $T.$L))", self, Names.PREDICTOR_KIND, kind,
                        signature, Names.PREDICTOR_KIND, kind)
                .build();
    }
}
