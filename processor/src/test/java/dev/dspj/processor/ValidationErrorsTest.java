package dev.dspj.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every validation error: its tag, the file and the line it is reported on, and that nothing is
 * generated for a signature with an error. Sources put annotations and methods on separate lines
 * so that attaching a message to the annotation (or its value) and to the method are told apart.
 */
class ValidationErrorsTest {

    /** Compiles, expects exactly one error with the tag, on the line, and no generated source. */
    private static Compilation assertSingleError(JavaFileObject source, String tag, String line) {
        RecordingProcessor processor = new RecordingProcessor();
        Compilation compilation = Compiler.javac().withProcessors(processor).compile(source);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining(tag).inFile(source).onLineContaining(line);
        assertEquals(1, count(compilation, tag), () -> "errors with " + tag + ": " + compilation.errors());
        assertThat(compilation).hadErrorCount(1);
        assertEquals(List.of(), processor.created(), "generated despite the error");
        return compilation;
    }

    private static long count(Compilation compilation, String tag) {
        return compilation.errors().stream()
                .filter(d -> d.getMessage(Locale.ROOT).contains(tag))
                .count();
    }

    // ---- the annotated type ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "class            | public class Shape {}                              | a class",
                "enum             | public enum Shape { ROUND }                        | an enum",
                "record           | public record Shape(String name) {}                | a record",
                "annotation type  | public @interface Shape {}                         | an annotation type",
            })
    void signatureOnSomethingOtherThanAnInterface(String kind, String declaration, String described) {
        JavaFileObject source = Sources.source("Shape", """
                @Signature("Describe the shape.")
                %s
                """.formatted(declaration));
        Compilation compilation = assertSingleError(source, "[DSPJ-NOT-AN-INTERFACE]", "@Signature(");
        assertThat(compilation).hadErrorContaining("Shape is " + described + "; declare it as `interface Shape`");
    }

    @Test
    void genericInterface() {
        JavaFileObject source = Sources.source("Generic", """
                @Signature("Answer.")
                public interface Generic<T> {
                    @OutputField
                    String answer();
                }
                """);
        assertSingleError(source, "[DSPJ-GENERIC-SIGNATURE]", "@Signature(");
    }

    @Test
    void privateNestedInterface() {
        JavaFileObject source = Sources.source("Holder", """
                public class Holder {
                    @Signature("Answer.")
                    private interface Hidden {
                        @OutputField
                        String answer();
                    }
                }
                """);
        Compilation compilation = assertSingleError(source, "[DSPJ-INACCESSIBLE-SIGNATURE]", "@Signature(");
        assertThat(compilation).hadErrorContaining("test.Holder.Hidden is private");
    }

    // ---- the shape of field methods ----

    @Test
    void fieldMethodWithParameters() {
        JavaFileObject source = Sources.source("WithParameters", """
                @Signature("Answer.")
                public interface WithParameters {
                    @OutputField(desc = "takes a parameter")
                    String answer(String hint);
                }
                """);
        Compilation compilation = assertSingleError(source, "[DSPJ-NOT-AN-ACCESSOR]", "takes a parameter");
        assertThat(compilation).hadErrorContaining("(found 1 parameter)");
    }

    @Test
    void voidFieldMethod() {
        JavaFileObject source = Sources.source("VoidMethod", """
                @Signature("Answer.")
                public interface VoidMethod {
                    @OutputField(desc = "returns nothing")
                    void answer();
                }
                """);
        Compilation compilation = assertSingleError(source, "[DSPJ-NOT-AN-ACCESSOR]", "returns nothing");
        assertThat(compilation).hadErrorContaining("(found a void result)");
    }

    @Test
    void fieldMethodWithTypeParameters() {
        JavaFileObject source = Sources.source("TypeParameters", """
                @Signature("Answer.")
                public interface TypeParameters {
                    @OutputField(desc = "generic method")
                    <T> List<T> answer();
                }
                """);
        Compilation compilation = assertSingleError(source, "[DSPJ-NOT-AN-ACCESSOR]", "generic method");
        assertThat(compilation).hadErrorContaining("(found type parameters)");
    }

    @Test
    void fieldMethodWithDefaultBody() {
        JavaFileObject source = Sources.source("Defaulted", """
                @Signature("Answer.")
                public interface Defaulted {
                    @OutputField
                    String answer();

                    @OutputField(desc = "has a body")
                    default String extra() {
                        return "";
                    }
                }
                """);
        Compilation compilation = assertSingleError(source, "[DSPJ-NOT-AN-ACCESSOR]", "has a body\")");
        assertThat(compilation).hadErrorContaining("(found a method with a body)");
    }

    @Test
    void abstractMethodWithoutFieldAnnotation() {
        JavaFileObject source = Sources.source("Unannotated", """
                @Signature("Answer.")
                public interface Unannotated {
                    @OutputField
                    String answer();

                    String helper();
                }
                """);
        assertSingleError(source, "[DSPJ-UNANNOTATED-METHOD]", "String helper();");
    }

    @Test
    void methodWithBothAnnotations() {
        JavaFileObject source = Sources.source("Both", """
                @Signature("Answer.")
                public interface Both {
                    @OutputField
                    String answer();

                    @InputField(desc = "as input")
                    @OutputField(desc = "as output")
                    String text();
                }
                """);
        assertSingleError(source, "[DSPJ-BOTH-ANNOTATIONS]", "as output");
    }

    @Test
    void noOutputField() {
        JavaFileObject source = Sources.source("OnlyInputs", """
                @Signature("Answer.")
                public interface OnlyInputs {
                    @InputField
                    String question();
                }
                """);
        assertSingleError(source, "[DSPJ-NO-OUTPUT-FIELD]", "@Signature(");
    }

    @Test
    void invalidOutputDoesNotAlsoReportNoOutputField() {
        JavaFileObject source = Sources.source("OnlyBadOutput", """
                @Signature("Answer.")
                public interface OnlyBadOutput {
                    @OutputField(desc = "bad")
                    void answer();
                }
                """);
        Compilation compilation = assertSingleError(source, "[DSPJ-NOT-AN-ACCESSOR]", "desc = \"bad\"");
        assertEquals(0, count(compilation, "[DSPJ-NO-OUTPUT-FIELD]"), compilation.errors()::toString);
    }

    // ---- names ----

    @Test
    void duplicateWireNameOfTwoMethods() {
        JavaFileObject source = Sources.source("TwoTexts", """
                @Signature("Answer.")
                public interface TwoTexts {
                    @InputField(name = "text", desc = "first")
                    String first();

                    @OutputField(name = "text", desc = "second")
                    String second();
                }
                """);
        Compilation compilation = assertSingleError(source, "[DSPJ-DUPLICATE-FIELD]", "desc = \"second\"");
        assertThat(compilation).hadErrorContaining("@OutputField name \"text\" of second() is already used by first()");
    }

    @Test
    void duplicateWireNameThroughOverride() {
        JavaFileObject source = Sources.source("Renamed", """
                @Signature("Answer.")
                public interface Renamed {
                    @OutputField
                    String answer();

                    @OutputField(name = "answer")
                    String reply();
                }
                """);
        assertSingleError(source, "[DSPJ-DUPLICATE-FIELD]", "name = \"answer\"");
    }

    @Test
    void duplicateWireNameOfMethodAfterOverride() {
        JavaFileObject source = Sources.source("RenamedFirst", """
                @Signature("Answer.")
                public interface RenamedFirst {
                    @OutputField(name = "answer", desc = "first")
                    String reply();

                    @OutputField(desc = "second")
                    String answer();
                }
                """);
        assertSingleError(source, "[DSPJ-DUPLICATE-FIELD]", "desc = \"second\"");
    }

    @Test
    void invalidNameOverrides() {
        JavaFileObject source = Sources.source("BadNames", """
                @Signature("Answer.")
                public interface BadNames {
                    @OutputField(desc = "spaced",
                            name = "bad name")
                    String spaced();

                    @OutputField(desc = "digit",
                            name = "1x")
                    String digit();
                }
                """);
        Compilation compilation = Sources.compile(source);
        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-INVALID-FIELD-NAME] @OutputField name \"bad name\"")
                .inFile(source)
                .onLineContaining("name = \"bad name\"");
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-INVALID-FIELD-NAME] @OutputField name \"1x\"")
                .inFile(source)
                .onLineContaining("name = \"1x\"");
        assertEquals(2, count(compilation, "[DSPJ-INVALID-FIELD-NAME]"));
    }

    @Test
    void methodNameThatIsNoValidFieldName() {
        JavaFileObject source = Sources.source("Dollar", """
                @Signature("Answer.")
                public interface Dollar {
                    @OutputField(desc = "dollar")
                    String $answer();
                }
                """);
        Compilation compilation = assertSingleError(source, "[DSPJ-INVALID-FIELD-NAME]", "desc = \"dollar\"");
        assertThat(compilation).hadErrorContaining("@OutputField name \"$answer\" is not a valid field name");
    }

    @Test
    void reservedCompletedMethod() {
        JavaFileObject source = Sources.source("Completed", """
                @Signature("Answer.")
                public interface Completed {
                    @OutputField
                    String answer();

                    @OutputField(desc = "done?")
                    boolean completed();
                }
                """);
        assertSingleError(source, "[DSPJ-RESERVED-COMPLETED]", "done?");
    }

    @Test
    void reservedCompletedOverride() {
        JavaFileObject source = Sources.source("CompletedName", """
                @Signature("Answer.")
                public interface CompletedName {
                    @OutputField(desc = "done?",
                            name = "completed")
                    boolean done();
                }
                """);
        Compilation compilation = assertSingleError(source, "[DSPJ-RESERVED-COMPLETED]", "name = \"completed\"");
        assertThat(compilation).hadErrorContaining("field name \"completed\" of done() is reserved");
    }

    @Test
    void outputMethodNamedCompletion() {
        JavaFileObject source = Sources.source("Completion", """
                @Signature("Answer.")
                public interface Completion {
                    @OutputField(desc = "the completion")
                    String completion();
                }
                """);
        Compilation compilation = assertSingleError(source, "[DSPJ-RESERVED-ACCESSOR]", "the completion");
        assertThat(compilation)
                .hadErrorContaining("@OutputField method completion() clashes with "
                        + "CompletionOutput.completion(), which the generated record already has; rename the method and keep "
                        + "the wire name with @OutputField(name = \"completion\")");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "builder     | CutExample.builder()",
                "toExample   | CutExample.toExample()",
            })
    void fieldMethodNamedLikeExampleMethods(String method, String clash) {
        JavaFileObject source = Sources.source("Cut", """
                @Signature("Answer.")
                public interface Cut {
                    @InputField(desc = "clashing")
                    String %s();

                    @OutputField
                    String answer();
                }
                """.formatted(method));
        Compilation compilation = assertSingleError(source, "[DSPJ-RESERVED-ACCESSOR]", "clashing");
        assertThat(compilation).hadErrorContaining("@InputField method " + method + "() clashes with " + clash);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"hashCode, int", "toString, String", "clone, String", "finalize, String"})
    void fieldMethodNamedLikeObjectMethods(String method, String type) {
        JavaFileObject source = Sources.source("ObjectNames", """
                @Signature("Answer.")
                public interface ObjectNames {
                    @OutputField(desc = "like Object's")
                    %s %s();

                    @OutputField
                    String answer();
                }
                """.formatted(type, method));
        Compilation compilation = assertSingleError(source, "[DSPJ-RESERVED-ACCESSOR]", "like Object's");
        assertThat(compilation)
                .hadErrorContaining(
                        "@OutputField method " + method + "() clashes with ObjectNamesOutput." + method + "()");
    }

    // ---- types ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Object                   | [DSPJ-UNSUPPORTED-TYPE] | value() has type java.lang.Object,",
                "java.util.Date           | [DSPJ-UNSUPPORTED-TYPE] | value() has type java.util.Date,",
                "int[]                    | [DSPJ-UNSUPPORTED-TYPE] | value() has type int[],",
                "char                     | [DSPJ-UNSUPPORTED-TYPE] | value() has type char,",
                "Character                | [DSPJ-UNSUPPORTED-TYPE] | value() has type java.lang.Character,",
                "Helper                   | [DSPJ-UNSUPPORTED-TYPE] | value() has type test.Helper,",
                "Runnable                 | [DSPJ-UNSUPPORTED-TYPE] | value() has type java.lang.Runnable,",
                "List<Object>             | [DSPJ-UNSUPPORTED-TYPE] | value() has type java.lang.Object,",
                "Optional<List<Helper>>   | [DSPJ-UNSUPPORTED-TYPE] | value() has type test.Helper,",
                "Map<Integer, String>     | [DSPJ-MAP-KEY]          | value() has type java.util.Map<java.lang.Integer,java.lang.String>",
                "List                     | [DSPJ-RAW-TYPE]         | for example List<String>",
                "Map                      | [DSPJ-RAW-TYPE]         | for example Map<String, String>",
                "List<? extends String>   | [DSPJ-WILDCARD-TYPE]    | java.util.List<? extends java.lang.String>",
                "Map<String, ?>           | [DSPJ-WILDCARD-TYPE]    | java.util.Map<java.lang.String,?>",
                "List<List<?>>            | [DSPJ-WILDCARD-TYPE]    | java.util.List<?>",
                "Box<String>              | [DSPJ-GENERIC-RECORD]   | value() uses the generic record test.Box<T>",
                "Empty                    | [DSPJ-EMPTY-ENUM]       | value() uses the enum test.Empty, which has no constants",
            })
    void unsupportedType(String type, String tag, String text) {
        JavaFileObject source = Sources.source("Typed", """
                @Signature("Answer.")
                public interface Typed {
                    @OutputField
                    String answer();

                    @OutputField(desc = "typed")
                    %s value();
                }

                class Helper {
                }

                record Box<T>(T value) {
                }

                enum Empty {
                }
                """.formatted(type));
        Compilation compilation = assertSingleError(source, tag, "value();");
        assertThat(compilation).hadErrorContaining(text);
    }

    @Test
    void unsupportedTypeInsideRecordNamesThePath() {
        JavaFileObject source = Sources.source("Nested", """
                @Signature("Answer.")
                public interface Nested {
                    @OutputField
                    Outer outer();
                }

                record Outer(String name, List<Inner> inners) {
                }

                record Inner(java.util.Date when) {
                }
                """);
        Compilation compilation = assertSingleError(source, "[DSPJ-UNSUPPORTED-TYPE]", "Outer outer();");
        assertThat(compilation).hadErrorContaining("outer() has type java.util.Date (in Outer.inners -> Inner.when)");
    }

    @Test
    void recursiveRecord() {
        JavaFileObject source = Sources.source("Tree", """
                @Signature("Answer.")
                public interface Tree {
                    @OutputField
                    Node root();
                }

                record Node(String label, List<Node> children) {
                }
                """);
        Compilation compilation = assertSingleError(source, "[DSPJ-RECURSIVE-TYPE]", "Node root();");
        assertThat(compilation)
                .hadErrorContaining(
                        "root() uses the record test.Node, which contains itself through " + "Node.children");
    }

    @Test
    void mutuallyRecursiveRecords() {
        JavaFileObject source = Sources.source("Mutual", """
                @Signature("Answer.")
                public interface Mutual {
                    @OutputField
                    Person person();
                }

                record Person(String name, Optional<Company> employer) {
                }

                record Company(String name, Set<Person> staff) {
                }
                """);
        Compilation compilation = assertSingleError(source, "[DSPJ-RECURSIVE-TYPE]", "Person person();");
        assertThat(compilation).hadErrorContaining("which contains itself through Person.employer -> Company.staff");
    }

    @Test
    void privateNestedTypes() {
        JavaFileObject source = Sources.source("Holder", """
                public class Holder {
                    private enum Mood { HAPPY, SAD }

                    private record Secret(String code) {
                    }

                    @Signature("Answer.")
                    interface Sig {
                        @OutputField
                        Mood mood();

                        @OutputField
                        List<Secret> secrets();
                    }
                }
                """);
        Compilation compilation = Sources.compile(source);
        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-INACCESSIBLE-TYPE] mood() uses test.Holder.Mood, which is " + "private")
                .inFile(source)
                .onLineContaining("Mood mood();");
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-INACCESSIBLE-TYPE] secrets() uses test.Holder.Secret")
                .inFile(source)
                .onLineContaining("List<Secret> secrets();");
        assertEquals(2, count(compilation, "[DSPJ-INACCESSIBLE-TYPE]"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        JavaFileObject source = Sources.source("Many", """
                @Signature("Answer.")
                public interface Many {
                    @OutputField(desc = "first problem")
                    void first();

                    String second();

                    @OutputField(desc = "third problem")
                    Object third();
                }
                """);
        Compilation compilation = Sources.compile(source);
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-NOT-AN-ACCESSOR]")
                .inFile(source)
                .onLineContaining("first problem");
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-UNANNOTATED-METHOD]")
                .inFile(source)
                .onLineContaining("String second();");
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-UNSUPPORTED-TYPE]")
                .inFile(source)
                .onLineContaining("Object third();");
        assertThat(compilation).hadErrorCount(3);
    }

    // ---- generated names ----

    @Test
    void generatedNameTakenByUserType() {
        JavaFileObject signature = Sources.source("Clash", """
                @Signature("Answer.")
                public interface Clash {
                    @OutputField
                    String answer();
                }
                """);
        JavaFileObject user = Sources.source("ClashPredictor", """
                public class ClashPredictor {
                }
                """);
        RecordingProcessor processor = new RecordingProcessor();
        Compilation compilation = Compiler.javac().withProcessors(processor).compile(signature, user);
        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-NAME-CLASH] cannot generate ClashPredictor: a type with that "
                        + "name already exists in package test")
                .inFile(signature)
                .onLineContaining("interface Clash");
        assertThat(compilation).hadErrorCount(1);
        assertEquals(List.of(), processor.created(), "generated despite the error");
    }

    @Test
    void generatedNameTakenByAnotherSignature() {
        JavaFileObject flat = Sources.source("A_B", """
                @Signature("Answer.")
                public interface A_B {
                    @OutputField
                    String answer();
                }
                """);
        JavaFileObject nested = Sources.source("A", """
                public interface A {
                    @Signature("Answer.")
                    interface B {
                        @OutputField
                        String answer();
                    }
                }
                """);
        RecordingProcessor processor = new RecordingProcessor();
        Compilation compilation = Compiler.javac().withProcessors(processor).compile(flat, nested);
        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-NAME-CLASH] cannot generate A_BSignature")
                .inFile(nested)
                .onLineContaining("interface B {");
        assertEquals(0, count(compilation, "[DSPJ-PROCESSOR-FAILURE]"), compilation.errors()::toString);
        assertEquals(
                List.of("test.A_BSignature", "test.A_BInput", "test.A_BOutput", "test.A_BExample", "test.A_BPredictor"),
                processor.created());
    }

    @Test
    void diagnosticsAreErrorsNotWarnings() {
        JavaFileObject source = Sources.source("Unannotated", """
                @Signature("Answer.")
                public interface Unannotated {
                    String helper();
                }
                """);
        Compilation compilation = Sources.compile(source);
        assertTrue(
                compilation.diagnostics().stream()
                        .filter(d -> d.getMessage(Locale.ROOT).contains("[DSPJ-"))
                        .allMatch(d -> d.getKind() == Diagnostic.Kind.ERROR),
                compilation.diagnostics()::toString);
    }
}
