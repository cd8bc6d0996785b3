package dev.dspj.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.dspj.processor.step.ProcessingStep;
import dev.dspj.processor.step.StepDriver;
import dev.dspj.processor.validation.Annotations;
import dev.dspj.processor.validation.ValidationReport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The one driver every step runs under: an exception becomes one diagnostic on the type; a type
 * that waits for other types is retried each round and reported only when still waiting at the
 * end and no other error was raised.
 */
class StepDriverTest {

    private static final JavaFileObject FIRST = Sources.source("First", """
            @Signature("First.")
            public interface First {
            }
            """);

    private static final JavaFileObject SECOND = Sources.source("Second", """
            @Signature("Second.")
            public interface Second {
            }
            """);

    /** A step on {@code @Signature} types whose behaviour the test gives. */
    private static ProcessingStep step(
            Function<TypeElement, List<String>> unresolved,
            BiConsumer<TypeElement, ValidationReport> process,
            List<String> processed) {
        return new ProcessingStep() {
            @Override
            public String annotation() {
                return Annotations.SIGNATURE;
            }

            @Override
            public Set<TypeElement> typesToProcess(Set<? extends Element> annotated) {
                Set<TypeElement> types = new LinkedHashSet<>();
                annotated.forEach(e -> types.add((TypeElement) e));
                return types;
            }

            @Override
            public List<String> unresolvedTypes(TypeElement type) {
                return unresolved.apply(type);
            }

            @Override
            public Message unresolvedMessage() {
                return Message.UNRESOLVED_TYPES;
            }

            @Override
            public void process(TypeElement type, ValidationReport report) {
                processed.add(type.getSimpleName().toString());
                process.accept(type, report);
            }
        };
    }

    private static Compilation compile(ProcessingStep step, JavaFileObject... sources) {
        AbstractProcessor processor = new AbstractProcessor() {
            private StepDriver driver;

            @Override
            public synchronized void init(ProcessingEnvironment environment) {
                super.init(environment);
                driver = new StepDriver(List.of(step), environment.getElementUtils(), environment.getMessager());
            }

            @Override
            public Set<String> getSupportedAnnotationTypes() {
                return Set.of(Annotations.SIGNATURE);
            }

            @Override
            public SourceVersion getSupportedSourceVersion() {
                return SourceVersion.latestSupported();
            }

            @Override
            public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
                driver.process(round);
                return false;
            }
        };
        return Compiler.javac().withProcessors(processor).compile(sources);
    }

    private static long count(Compilation compilation, String tag) {
        return compilation.errors().stream()
                .filter(d -> d.getMessage(Locale.ROOT).contains(tag))
                .count();
    }

    @Test
    void anExceptionBecomesOneErrorOnTheTypeAndTheOtherTypesAreStillProcessed() {
        List<String> processed = new ArrayList<>();
        Compilation compilation = compile(
                step(
                        type -> List.of(),
                        (type, report) -> {
                            if (type.getSimpleName().contentEquals("First")) {
                                throw new IllegalStateException("boom in the step");
                            }
                        },
                        processed),
                FIRST,
                SECOND);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-PROCESSOR-FAILURE] DSPJ's processor failed on test.First")
                .inFile(FIRST)
                .onLineContaining("public interface First");
        assertThat(compilation).hadErrorContaining("java.lang.IllegalStateException: boom in the step");
        assertEquals(List.of("First", "Second"), processed);
    }

    @Test
    void aWaitingTypeIsRetriedEachRoundAndReportedAtTheEnd() {
        List<String> processed = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        Compilation compilation = compile(
                step(
                        type -> {
                            asked.add(type.getSimpleName().toString());
                            return List.of("test.Missing");
                        },
                        (type, report) -> {},
                        processed),
                FIRST);
        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-UNRESOLVED-TYPES] did not generate the predictor for "
                        + "test.First because it refers to types that do not exist: test.Missing")
                .inFile(FIRST)
                .onLineContaining("public interface First");
        assertEquals(1, count(compilation, "[DSPJ-UNRESOLVED-TYPES]"));
        assertEquals(List.of("First", "First"), asked, "asked in the first round and again in the last");
        assertEquals(List.of(), processed);
    }

    @Test
    void aWaitingTypeIsNotReportedWhenAnotherErrorWasRaised() {
        List<String> processed = new ArrayList<>();
        Compilation compilation = compile(
                step(
                        type -> type.getSimpleName().contentEquals("First") ? List.of("test.Missing") : List.of(),
                        (type, report) -> report.error(Message.NO_OUTPUT_FIELD.format(type.getSimpleName()), type),
                        processed),
                FIRST,
                SECOND);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-NO-OUTPUT-FIELD]")
                .inFile(SECOND)
                .onLineContaining("public interface Second");
        assertEquals(0, count(compilation, "[DSPJ-UNRESOLVED-TYPES]"));
    }
}
