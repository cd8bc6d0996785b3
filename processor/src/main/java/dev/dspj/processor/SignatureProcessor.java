package dev.dspj.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.dspj.processor.model.ProgramModel;
import dev.dspj.processor.model.SignatureModel;
import dev.dspj.processor.model.VariablesModel;
import dev.dspj.processor.validation.Annotations;
import dev.dspj.processor.validation.LocalVariableFields;
import dev.dspj.processor.validation.ProgramValidator;
import dev.dspj.processor.validation.SignatureValidator;
import dev.dspj.processor.validation.SyntaxTrees;
import dev.dspj.processor.validation.ValidationReport;
import dev.dspj.processor.validation.VariableValidator;
import dev.dspj.processor.writing.PredictorWriter;
import dev.dspj.processor.writing.ProgramWriter;
import dev.dspj.processor.writing.RecordWriter;
import dev.dspj.processor.writing.SignatureWriter;
import dev.dspj.processor.writing.VariablesWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * DSPJ's annotation processor: for every {@code @Signature} interface, validates it (collecting
 * every problem, each on its exact element) and, when it is clean, generates
 * {@code FooSignature}, {@code FooInput}, {@code FooOutput}, {@code FooExample} and
 * {@code FooPredictor} in the interface's package; for every {@code @Program} class, validates it
 * and generates its descriptor {@code FooProgram} and its variables {@code FooVariables}; for
 * every other class with {@code @Variable} fields, validates them and generates
 * {@code FooVariables}.
 *
 * <p>An element whose types are not generated yet (a program's predictors are usually generated
 * from signatures in the same compilation) is retried in the next round and reported only if
 * still unresolved in the last one. Nothing escapes into javac: exceptions are reported as errors
 * on the element being processed.
 */
@AutoService(Processor.class)
public final class SignatureProcessor extends AbstractProcessor {

    private static final List<String> GENERATED_SUFFIXES = List.of("Signature", "Input", "Output", "Example",
            "Predictor");

    /** Deferred signatures by qualified name, with the unresolved types that held them back. */
    private final Map<String, List<String>> deferred = new LinkedHashMap<>();
    /** Deferred programs by qualified name, with the unresolved types that held them back. */
    private final Map<String, List<String>> deferredPrograms = new LinkedHashMap<>();
    /** Deferred classes with @Variable fields (not programs) by qualified name, with their unresolved types. */
    private final Map<String, List<String>> deferredVariables = new LinkedHashMap<>();
    /** Files already searched for @Variable fields in local classes. */
    private final Set<CompilationUnitTree> scannedFiles = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The compiler's syntax trees; empty when the compiler does not expose them. */
    private Optional<Trees> trees = Optional.empty();
    /** Qualified names of types written from source in this compilation. */
    private final Set<String> sourceTypes = new HashSet<>();
    /** Qualified names of the types this processor generated in this compilation. */
    private final Set<String> generatedTypes = new HashSet<>();

    /** Creates the processor (called by javac through the service loader). */
    public SignatureProcessor() {
    }

    @Override
    public synchronized void init(ProcessingEnvironment environment) {
        super.init(environment);
        trees = SyntaxTrees.of(environment);
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(Annotations.SIGNATURE, Annotations.PROGRAM, Annotations.VARIABLE);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (Element root : round.getRootElements()) {
            collectSourceTypes(root);
        }
        List<Element> work = new ArrayList<>();
        for (String name : deferred.keySet()) {
            TypeElement element = processingEnv.getElementUtils().getTypeElement(name);
            if (element != null) {
                work.add(element);
            }
        }
        deferred.clear();
        TypeElement signature = processingEnv.getElementUtils().getTypeElement(Annotations.SIGNATURE);
        if (signature != null) {
            work.addAll(round.getElementsAnnotatedWith(signature));
        }

        SignatureValidator validator = new SignatureValidator(processingEnv.getElementUtils());
        for (Element element : work) {
            try {
                process(element, validator, round.processingOver());
            } catch (RuntimeException | IOException | Error e) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                        Message.PROCESSOR_FAILURE.format(element, trace), element);
            }
        }
        processPrograms(round);
        processVariables(round);
        reportVariablesInLocalClasses(round);
        if (round.processingOver()) {
            reportStillDeferred();
        }
        return false;
    }

    private void processPrograms(RoundEnvironment round) {
        List<Element> work = new ArrayList<>();
        for (String name : deferredPrograms.keySet()) {
            TypeElement element = processingEnv.getElementUtils().getTypeElement(name);
            if (element != null) {
                work.add(element);
            }
        }
        deferredPrograms.clear();
        TypeElement program = processingEnv.getElementUtils().getTypeElement(Annotations.PROGRAM);
        if (program != null) {
            work.addAll(round.getElementsAnnotatedWith(program));
        }
        ProgramValidator validator = new ProgramValidator(processingEnv.getElementUtils(), processingEnv.getTypeUtils());
        VariableValidator variables = variableValidator();
        for (Element element : work) {
            try {
                processProgram(element, validator, variables, round.processingOver());
            } catch (RuntimeException | IOException | Error e) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                        Message.PROCESSOR_FAILURE.format(element, trace), element);
            }
        }
    }

    private void processProgram(Element element, ProgramValidator validator, VariableValidator variableValidator,
            boolean lastRound) throws IOException {
        List<String> unresolved = validator.unresolvedTypes(element);
        if (!unresolved.isEmpty() && !lastRound) {
            deferredPrograms.put(((TypeElement) element).getQualifiedName().toString(), unresolved);
            return;
        }
        if (!unresolved.isEmpty()) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    Message.UNRESOLVED_PROGRAM_TYPES.format(element, String.join(", ", unresolved)), element);
            return;
        }
        ValidationReport report = new ValidationReport();
        Optional<ProgramModel> model = validator.validate(element, report);
        Optional<VariablesModel> variables = element.getKind() == ElementKind.CLASS
                ? variableValidator.validate((TypeElement) element, true, report) : Optional.empty();
        if (model.isPresent()) {
            String qualified = model.get().descriptorName().canonicalName();
            if (sourceTypes.contains(qualified) || generatedTypes.contains(qualified)) {
                report.error(Message.PROGRAM_NAME_CLASH.format(model.get().descriptorName().simpleName(),
                        model.get().packageName(), model.get().element().getSimpleName()), model.get().element());
            }
        }
        variables.ifPresent(v -> checkVariablesNameClash(v, report));
        report.printTo(processingEnv.getMessager());
        if (model.isEmpty() || variables.isEmpty() || !report.isClean()) {
            return;
        }
        ProgramWriter.write(model.get(), variables.get()).writeTo(processingEnv.getFiler());
        VariablesWriter.write(variables.get()).writeTo(processingEnv.getFiler());
        generatedTypes.add(model.get().descriptorName().canonicalName());
        generatedTypes.add(variables.get().generatedName().canonicalName());
    }

    /** Classes with @Variable fields that are not programs (programs get theirs with their descriptor). */
    private void processVariables(RoundEnvironment round) {
        Set<TypeElement> work = new LinkedHashSet<>();
        for (String name : deferredVariables.keySet()) {
            TypeElement element = processingEnv.getElementUtils().getTypeElement(name);
            if (element != null) {
                work.add(element);
            }
        }
        deferredVariables.clear();
        TypeElement variable = processingEnv.getElementUtils().getTypeElement(Annotations.VARIABLE);
        if (variable != null) {
            for (Element field : round.getElementsAnnotatedWith(variable)) {
                if (field.getEnclosingElement() instanceof TypeElement owner
                        && Annotations.find(owner, Annotations.PROGRAM).isEmpty()) {
                    work.add(owner);
                }
            }
        }
        ProgramValidator programs = new ProgramValidator(processingEnv.getElementUtils(), processingEnv.getTypeUtils());
        VariableValidator validator = variableValidator();
        for (TypeElement owner : work) {
            try {
                processVariables(owner, programs, validator, round.processingOver());
            } catch (RuntimeException | IOException | Error e) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                        Message.PROCESSOR_FAILURE.format(owner, trace), owner);
            }
        }
    }

    private void processVariables(TypeElement owner, ProgramValidator programs, VariableValidator validator,
            boolean lastRound) throws IOException {
        // the module fields whose predictors predictors() lists may be generated in this compilation
        List<String> unresolved = programs.unresolvedTypes(owner);
        if (!unresolved.isEmpty() && !lastRound) {
            deferredVariables.put(owner.getQualifiedName().toString(), unresolved);
            return;
        }
        if (!unresolved.isEmpty()) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    Message.UNRESOLVED_VARIABLES_TYPES.format(owner, String.join(", ", unresolved)), owner);
            return;
        }
        ValidationReport report = new ValidationReport();
        Optional<VariablesModel> model = validator.validate(owner, false, report);
        model.ifPresent(v -> checkVariablesNameClash(v, report));
        report.printTo(processingEnv.getMessager());
        if (model.isEmpty() || !report.isClean()) {
            return;
        }
        VariablesWriter.write(model.get()).writeTo(processingEnv.getFiler());
        generatedTypes.add(model.get().generatedName().canonicalName());
    }

    private void checkVariablesNameClash(VariablesModel model, ValidationReport report) {
        String qualified = model.generatedName().canonicalName();
        if (sourceTypes.contains(qualified) || generatedTypes.contains(qualified)) {
            report.error(Message.VARIABLES_NAME_CLASH.format(model.generatedName().simpleName(), model.packageName(),
                    model.element().getSimpleName()), model.element());
        }
    }

    private VariableValidator variableValidator() {
        return new VariableValidator(processingEnv.getElementUtils(), processingEnv.getTypeUtils(), trees,
                processingEnv.getClass().getName());
    }

    /** @Variable fields in local and anonymous classes, which no round lists. */
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

    private void process(Element element, SignatureValidator validator, boolean lastRound) throws IOException {
        List<String> unresolved = validator.unresolvedTypes(element);
        if (!unresolved.isEmpty() && !lastRound) {
            deferred.put(((TypeElement) element).getQualifiedName().toString(), unresolved);
            return;
        }
        if (!unresolved.isEmpty()) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    Message.UNRESOLVED_TYPES.format(element, String.join(", ", unresolved)), element);
            return;
        }
        ValidationReport report = new ValidationReport();
        Optional<SignatureModel> model = validator.validate(element, report);
        if (model.isPresent()) {
            checkNameClashes(model.get(), report);
        }
        report.printTo(processingEnv.getMessager());
        if (model.isEmpty() || !report.isClean()) {
            return;
        }
        for (JavaFile file : List.of(SignatureWriter.write(model.get()), RecordWriter.input(model.get()),
                RecordWriter.output(model.get()), RecordWriter.example(model.get()),
                PredictorWriter.write(model.get()))) {
            file.writeTo(processingEnv.getFiler());
        }
        for (String suffix : GENERATED_SUFFIXES) {
            generatedTypes.add(model.get().generated(suffix).canonicalName());
        }
    }

    private void checkNameClashes(SignatureModel model, ValidationReport report) {
        for (String suffix : GENERATED_SUFFIXES) {
            String qualified = model.generated(suffix).canonicalName();
            // generated types too: A_B and the nested A.B both want A_BSignature
            if (sourceTypes.contains(qualified) || generatedTypes.contains(qualified)) {
                report.error(Message.NAME_CLASH.format(model.name() + suffix, model.packageName(),
                        model.element().getSimpleName()), model.element());
            }
        }
    }

    private void collectSourceTypes(Element element) {
        if (element instanceof TypeElement type) {
            sourceTypes.add(type.getQualifiedName().toString());
            for (Element enclosed : type.getEnclosedElements()) {
                collectSourceTypes(enclosed);
            }
        }
    }

    private void reportStillDeferred() {
        for (Map.Entry<String, List<String>> entry : deferred.entrySet()) {
            TypeElement element = processingEnv.getElementUtils().getTypeElement(entry.getKey());
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    Message.UNRESOLVED_TYPES.format(entry.getKey(), String.join(", ", entry.getValue())), element);
        }
        deferred.clear();
        for (Map.Entry<String, List<String>> entry : deferredPrograms.entrySet()) {
            TypeElement element = processingEnv.getElementUtils().getTypeElement(entry.getKey());
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    Message.UNRESOLVED_PROGRAM_TYPES.format(entry.getKey(), String.join(", ", entry.getValue())),
                    element);
        }
        deferredPrograms.clear();
        for (Map.Entry<String, List<String>> entry : deferredVariables.entrySet()) {
            TypeElement element = processingEnv.getElementUtils().getTypeElement(entry.getKey());
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    Message.UNRESOLVED_VARIABLES_TYPES.format(entry.getKey(), String.join(", ", entry.getValue())),
                    element);
        }
        deferredVariables.clear();
    }
}
