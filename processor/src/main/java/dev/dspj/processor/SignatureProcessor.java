package dev.dspj.processor;

import com.google.auto.service.AutoService;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.dspj.processor.step.GeneratedNames;
import dev.dspj.processor.step.ProgramStep;
import dev.dspj.processor.step.SignatureStep;
import dev.dspj.processor.step.StepDriver;
import dev.dspj.processor.step.StrayFieldAnnotations;
import dev.dspj.processor.step.StrayToolParams;
import dev.dspj.processor.step.ToolStep;
import dev.dspj.processor.step.VariablesStep;
import dev.dspj.processor.validation.Annotations;
import dev.dspj.processor.validation.LocalVariableFields;
import dev.dspj.processor.validation.ProgramValidator;
import dev.dspj.processor.validation.SignatureValidator;
import dev.dspj.processor.validation.SyntaxTrees;
import dev.dspj.processor.validation.ToolValidator;
import dev.dspj.processor.validation.VariableValidator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * DSPJ's annotation processor, one step per root annotation run by one {@link StepDriver}:
 * {@link SignatureStep} writes {@code FooSignature}, {@code FooInput}, {@code FooOutput},
 * {@code FooExample} and {@code FooPredictor} for every {@code @Signature} interface;
 * {@link ProgramStep} writes {@code FooProgram} and {@code FooVariables} for every
 * {@code @Program} class; {@link VariablesStep} writes {@code FooVariables} for every other class
 * with {@code @Variable} fields; {@link ToolStep} writes {@code FooTools} for every class with
 * {@code @Tool} methods. Each validates first, collecting every problem on its exact element, and
 * writes only when there is none.
 *
 * <p>Besides the steps: field annotations that no signature reads are reported
 * ({@link StrayFieldAnnotations}), and so are {@code @ToolParam} on methods without {@code @Tool}
 * ({@link StrayToolParams}) and {@code @Variable} fields and {@code @Tool} methods of local
 * classes, which no round lists. Options: {@code -Adspj.strict=true} makes the warnings about
 * stray annotations errors.
 *
 * <p>Every generated file has exactly one originating element, the annotated type, and nothing
 * generated depends on other sources, so the processor declares itself isolating for Gradle.
 */
@AutoService(Processor.class)
public final class SignatureProcessor extends AbstractProcessor {

    /** The option that makes stray field annotations errors. */
    public static final String STRICT_OPTION = "dspj.strict";

    private StepDriver driver;
    private SignatureStep signatures;
    private StrayFieldAnnotations strays;
    private StrayToolParams toolParams;
    private GeneratedNames names;
    /** Files already searched for @Variable fields and @Tool methods in local classes. */
    private final Set<CompilationUnitTree> scannedFiles = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The compiler's syntax trees; empty when the compiler does not expose them. */
    private Optional<Trees> trees = Optional.empty();

    /** Creates the processor (called by javac through the service loader). */
    public SignatureProcessor() {}

    @Override
    public synchronized void init(ProcessingEnvironment environment) {
        super.init(environment);
        trees = SyntaxTrees.of(environment);
        var elements = environment.getElementUtils();
        var types = environment.getTypeUtils();
        names = new GeneratedNames();
        ProgramValidator programs = new ProgramValidator(elements, types);
        VariableValidator variables = new VariableValidator(
                elements, types, trees, environment.getClass().getName());
        signatures = new SignatureStep(new SignatureValidator(elements, types), names, environment.getFiler());
        driver = new StepDriver(
                List.of(
                        signatures,
                        new ProgramStep(programs, variables, names, environment.getFiler()),
                        new VariablesStep(programs, variables, names, environment.getFiler()),
                        new ToolStep(new ToolValidator(elements), names, environment.getFiler())),
                elements,
                environment.getMessager());
        boolean strict = strictOption();
        strays = new StrayFieldAnnotations(elements, types, environment.getMessager(), strict);
        toolParams = new StrayToolParams(elements, environment.getMessager(), strict);
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(
                Annotations.SIGNATURE,
                Annotations.PROGRAM,
                Annotations.VARIABLE,
                Annotations.TOOL,
                Annotations.TOOL_PARAM,
                Annotations.INPUT_FIELD,
                Annotations.OUTPUT_FIELD);
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(STRICT_OPTION);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        try {
            names.addRoots(round.getRootElements());
            driver.process(round);
            if (strays.check(round, signatures.signatures())) {
                driver.errorReported();
            }
            if (toolParams.check(round)) {
                driver.errorReported();
            }
            reportVariablesInLocalClasses(round);
        } catch (RuntimeException | Error e) {
            // the driver catches per type; this is for what runs around it: nothing escapes into javac
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            processingEnv
                    .getMessager()
                    .printMessage(Diagnostic.Kind.ERROR, Message.PROCESSOR_FAILURE.format("this round", trace));
        }
        return false;
    }

    private boolean strictOption() {
        if (!processingEnv.getOptions().containsKey(STRICT_OPTION)) {
            return false;
        }
        String value = processingEnv.getOptions().get(STRICT_OPTION);
        if (value == null || value.equalsIgnoreCase("true")) {
            return true;
        }
        if (!value.equalsIgnoreCase("false")) {
            processingEnv
                    .getMessager()
                    .printMessage(
                            Diagnostic.Kind.ERROR,
                            Message.INVALID_OPTION.format(STRICT_OPTION, value, STRICT_OPTION, STRICT_OPTION));
        }
        return false;
    }

    /** {@code @Variable} fields in local and anonymous classes, which no round lists. */
    private void reportVariablesInLocalClasses(RoundEnvironment round) {
        if (trees.isEmpty()) {
            return;
        }
        for (Element root : round.getRootElements()) {
            TreePath path = trees.get().getPath(root);
            if (path != null && scannedFiles.add(path.getCompilationUnit())) {
                LocalVariableFields.report(trees.get(), path.getCompilationUnit());
            }
        }
    }
}
