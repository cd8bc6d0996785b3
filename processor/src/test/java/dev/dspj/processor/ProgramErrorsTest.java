package dev.dspj.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every {@code @Program} diagnostic: its tag, the file and line it is reported on, and that no
 * descriptor is generated for a program with an error. The sources pass {@code null} to
 * {@code super(...)} so that the missing descriptor adds no error of javac's own.
 */
class ProgramErrorsTest {

    /** Compiles, expects exactly one error, with the tag, on the line, and no generated file. */
    private static Compilation assertSingleError(JavaFileObject source, String tag, String line) {
        RecordingProcessor processor = new RecordingProcessor();
        Compilation compilation = Compiler.javac().withProcessors(processor).compile(source);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining(tag).inFile(source).onLineContaining(line);
        assertThat(compilation).hadErrorCount(1);
        assertEquals(List.of(), processor.created(), "generated despite the error");
        return compilation;
    }

    private static String message(Compilation compilation) {
        return compilation.errors().get(0).getMessage(Locale.ROOT);
    }

    // ---- the annotated type

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "interface | public interface Shape {}           | an interface",
                "enum      | public enum Shape { ROUND }         | an enum",
                "record    | public record Shape(String name) {} | a record",
            })
    void programOnSomethingOtherThanAClass(String kind, String declaration, String described) {
        JavaFileObject source = ProgramsTest.program("Shape", """
                @Program("Shapes.")
                %s
                """.formatted(declaration));
        Compilation compilation = assertSingleError(source, "[DSPJ-PROGRAM-NOT-A-CLASS]", "@Program(");
        assertThat(compilation)
                .hadErrorContaining("@Program applies to classes, but Shape is " + described
                        + "; declare it as `public class Shape extends ProgramModule<Shape>`");
    }

    @Test
    void abstractClass() {
        JavaFileObject source = ProgramsTest.program("Base", """
                @Program("Base.")
                public abstract class Base extends ProgramModule<Base> {
                    Predict answer;

                    protected Base() {
                        super(null);
                    }
                }
                """);
        Compilation compilation = assertSingleError(source, "[DSPJ-ABSTRACT-PROGRAM]", "@Program(");
        assertThat(compilation)
                .hadErrorContaining(
                        "@Program class Base is abstract, but the generated deepCopy() "
                                + "creates programs with `new Base()`; remove `abstract`, or put @Program on a concrete subclass");
    }

    @Test
    void genericClass() {
        JavaFileObject source = ProgramsTest.program("Generic", """
                @Program("Generic.")
                public class Generic<T> extends ProgramModule<Generic<T>> {
                    Predict answer;

                    public Generic() {
                        super(null);
                    }

                    @Override
                    public Prediction forward(Map<String, Object> inputs) {
                        return null;
                    }
                }
                """);
        Compilation compilation = assertSingleError(source, "[DSPJ-GENERIC-PROGRAM]", "@Program(");
        assertThat(compilation).hadErrorContaining("@Program class Generic must not declare type parameters <T>");
    }

    @Test
    void privateNestedClass() {
        JavaFileObject source = ProgramsTest.program("Holder", """
                public class Holder {
                    @Program("Hidden.")
                    private static class Hidden extends ProgramModule<Hidden> {
                        Predict answer;

                        Hidden() {
                            super(null);
                        }

                        @Override
                        public Prediction forward(Map<String, Object> inputs) {
                            return null;
                        }
                    }
                }
                """);
        Compilation compilation = assertSingleError(source, "[DSPJ-INACCESSIBLE-PROGRAM]", "@Program(");
        assertThat(compilation)
                .hadErrorContaining("@Program class test.Holder.Hidden is private, so the descriptor "
                        + "generated next to it cannot use it; make it package-private or public");
    }

    @Test
    void classThatIsNotAProgramModule() {
        JavaFileObject source = ProgramsTest.program("Plain", """
                @Program("Plain.")
                public class Plain {
                    Predict answer;
                }
                """);
        Compilation compilation = assertSingleError(source, "[DSPJ-NOT-A-PROGRAM-MODULE]", "@Program(");
        assertEquals(
                "[DSPJ-NOT-A-PROGRAM-MODULE] @Program class Plain extends java.lang.Object, but a program must "
                        + "extend ProgramModule<Plain> (dev.dspj.module.ProgramModule) so optimizers reach its predictors "
                        + "through the generated PlainProgram; declare `class Plain extends ProgramModule<Plain>` and call "
                        + "`super(PlainProgram.INSTANCE)` in its constructor",
                message(compilation));
    }

    @Test
    void programModuleOfAnotherClass() {
        JavaFileObject other = ProgramsTest.program("Other", """
                public class Other extends ProgramModule<Other> {
                    public Other() {
                        super(null);
                    }

                    @Override
                    public Prediction forward(Map<String, Object> inputs) {
                        return null;
                    }
                }
                """);
        JavaFileObject source = ProgramsTest.program("Wrong", """
                @Program("Wrong.")
                public class Wrong extends ProgramModule<Other> {
                    Predict answer;

                    public Wrong() {
                        super(null);
                    }

                    @Override
                    public Prediction forward(Map<String, Object> inputs) {
                        return null;
                    }
                }
                """);
        RecordingProcessor processor = new RecordingProcessor();
        Compilation compilation = Compiler.javac().withProcessors(processor).compile(other, source);
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-NOT-A-PROGRAM-MODULE] @Program class Wrong extends "
                        + "dev.dspj.module.ProgramModule<test.Other>, but a program must extend ProgramModule<Wrong>")
                .inFile(source)
                .onLineContaining("@Program(");
        assertThat(compilation).hadErrorCount(1);
        assertEquals(List.of(), processor.created());
    }

    // ---- constructors

    @Test
    void noConstructorWithoutParameters() {
        JavaFileObject source = ProgramsTest.program("Configured", """
                @Program("Configured.")
                public class Configured extends ProgramModule<Configured> {
                    Predict answer;

                    public Configured(String name, int hops) {
                        super(null);
                    }

                    @Override
                    public Prediction forward(Map<String, Object> inputs) {
                        return null;
                    }
                }
                """);
        Compilation compilation = assertSingleError(source, "[DSPJ-NO-PROGRAM-CONSTRUCTOR]", "@Program(");
        assertEquals(
                "[DSPJ-NO-PROGRAM-CONSTRUCTOR] @Program class Configured has no constructor without parameters "
                        + "that the generated ConfiguredProgram can call (found Configured(java.lang.String, int)); add a "
                        + "package-private or public `Configured() { super(ConfiguredProgram.INSTANCE); }`",
                message(compilation));
    }

    @Test
    void privateConstructorWithoutParameters() {
        JavaFileObject source = ProgramsTest.program("Secret", """
                @Program("Secret.")
                public class Secret extends ProgramModule<Secret> {
                    Predict answer;

                    private Secret() {
                        super(null);
                    }

                    @Override
                    public Prediction forward(Map<String, Object> inputs) {
                        return null;
                    }
                }
                """);
        Compilation compilation = assertSingleError(source, "[DSPJ-NO-PROGRAM-CONSTRUCTOR]", "private Secret()");
        assertTrue(message(compilation).contains("(found private Secret())"), message(compilation));
    }

    @Test
    void innerClass() {
        JavaFileObject source = ProgramsTest.program("Outer", """
                public class Outer {
                    @Program("Inner.")
                    public class Inner extends ProgramModule<Inner> {
                        Predict answer;

                        public Inner() {
                            super(null);
                        }

                        @Override
                        public Prediction forward(Map<String, Object> inputs) {
                            return null;
                        }
                    }
                }
                """);
        Compilation compilation = assertSingleError(source, "[DSPJ-NO-PROGRAM-CONSTRUCTOR]", "@Program(");
        assertTrue(
                message(compilation)
                        .contains("(it is an inner class, whose constructors need an instance of the "
                                + "enclosing class: declare it static)"),
                message(compilation));
    }

    // ---- module fields

    @Test
    void privateModuleField() {
        JavaFileObject source = ProgramsTest.program("Hiding", """
                @Program("Hiding.")
                public class Hiding extends ProgramModule<Hiding> {
                    private Predict answer;
                    private int notAModule;

                    public Hiding() {
                        super(null);
                    }

                    @Override
                    public Prediction forward(Map<String, Object> inputs) {
                        return null;
                    }
                }
                """);
        Compilation compilation = assertSingleError(source, "[DSPJ-PRIVATE-MODULE-FIELD]", "private Predict answer;");
        assertEquals(
                "[DSPJ-PRIVATE-MODULE-FIELD] module field answer of @Program Hiding is private, so the generated "
                        + "HidingProgram cannot read or set it; make it package-private, protected or public",
                message(compilation));
    }

    @Test
    void finalModuleField() {
        JavaFileObject source = ProgramsTest.program("Fixed", """
                @Program("Fixed.")
                public class Fixed extends ProgramModule<Fixed> {
                    final List<Predict> hops = new ArrayList<>();
                    final int notAModule = 3;

                    public Fixed() {
                        super(null);
                    }

                    @Override
                    public Prediction forward(Map<String, Object> inputs) {
                        return null;
                    }
                }
                """);
        Compilation compilation = assertSingleError(source, "[DSPJ-FINAL-MODULE-FIELD]", "final List<Predict> hops");
        assertTrue(
                message(compilation)
                        .contains("module field hops of @Program Fixed is final, so the generated "
                                + "deepCopy() cannot give the copy its own copy of it; remove `final`"),
                message(compilation));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "java.util.Set<dev.dspj.module.Predict>                      | java.util.Set<Predict>",
                "dev.dspj.module.Predict[]                                   | Predict[]",
                "java.util.Map<java.lang.Integer,dev.dspj.module.Predict>    | Map<Integer, Predict>",
                "java.util.List<java.util.List<dev.dspj.module.Predict>>     | List<List<Predict>>",
                "java.util.Optional<dev.dspj.module.Predict>                 | java.util.Optional<Predict>",
            })
    void modulesInAContainerTheGeneratedCodeCannotWalk(String shown, String declared) {
        JavaFileObject source = ProgramsTest.program("Odd", """
                @Program("Odd.")
                public class Odd extends ProgramModule<Odd> {
                    %s modules;

                    public Odd() {
                        super(null);
                    }

                    @Override
                    public Prediction forward(Map<String, Object> inputs) {
                        return null;
                    }
                }
                """.formatted(declared));
        Compilation compilation = assertSingleError(source, "[DSPJ-UNSUPPORTED-MODULE-FIELD]", " modules;");
        assertTrue(
                message(compilation)
                        .contains("field modules of @Program Odd has type " + shown + ", which holds "
                                + "modules in a way DSPJ cannot walk; a module field is a Module, a List<M> or a Map<String, M> of "
                                + "modules"),
                message(compilation));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        JavaFileObject source = ProgramsTest.program("Many", """
                @Program("Many.")
                public abstract class Many extends ProgramModule<Many> {
                    private Predict first;
                    final Predict second = null;

                    public Many() {
                        super(null);
                    }
                }
                """);
        Compilation compilation =
                Compiler.javac().withProcessors(new SignatureProcessor()).compile(source);
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-ABSTRACT-PROGRAM]")
                .inFile(source)
                .onLineContaining("@Program(");
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-PRIVATE-MODULE-FIELD]")
                .inFile(source)
                .onLineContaining("private Predict first;");
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-FINAL-MODULE-FIELD]")
                .inFile(source)
                .onLineContaining("final Predict second");
        assertThat(compilation).hadErrorCount(3);
    }

    // ---- warnings and names

    @Test
    void aProgramWithoutModuleFieldsWarnsAndStillGetsADescriptor() {
        JavaFileObject source = ProgramsTest.program("Empty", """
                @Program("Nothing to tune.")
                public class Empty extends ProgramModule<Empty> {
                    static Predict notPartOfTheInstance;
                    int count;

                    public Empty() {
                        super(EmptyProgram.INSTANCE);
                    }

                    @Override
                    public Prediction forward(Map<String, Object> inputs) {
                        return null;
                    }
                }
                """);
        Compilation compilation = Sources.compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .hadWarningContaining("[DSPJ-NO-MODULE-FIELDS] @Program Empty has no module fields")
                .inFile(source)
                .onLineContaining("@Program(");
        assertThat(compilation).hadWarningCount(1);
        String descriptor = Sources.generated(compilation, "test.EmptyProgram");
        assertTrue(descriptor.contains("super(Empty.class, \"Nothing to tune.\", List.of());"), descriptor);
        assertTrue(descriptor.contains("return PredictorPaths.builder()\n                .build();"), descriptor);
    }

    @Test
    void aTypeNamedLikeTheDescriptorIsAClash() {
        JavaFileObject taken = ProgramsTest.program("ClashProgram", """
                public class ClashProgram {
                }
                """);
        JavaFileObject source = ProgramsTest.program("Clash", """
                @Program("Clash.")
                public class Clash extends ProgramModule<Clash> {
                    Predict answer;

                    public Clash() {
                        super(null);
                    }

                    @Override
                    public Prediction forward(Map<String, Object> inputs) {
                        return null;
                    }
                }
                """);
        RecordingProcessor processor = new RecordingProcessor();
        Compilation compilation = Compiler.javac().withProcessors(processor).compile(taken, source);
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-PROGRAM-NAME-CLASH] cannot generate ClashProgram: a type with "
                        + "that name already exists in package test; rename the program Clash or that type")
                .inFile(source)
                .onLineContaining("public class Clash ");
        assertThat(compilation).hadErrorCount(1);
        assertEquals(List.of(), processor.created());
    }
}
