package dev.dspj.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Signatures that extend other interfaces keep their parents' fields, parent fields first (as
 * DSPy's signature subclassing does), with generic parents resolved; a field redeclared with
 * another role or type is an error on the redeclaring method.
 */
class InheritanceTest {

    private static List<String> fieldNames(Compilation compilation, String signature) throws Exception {
        ClassLoader loader = new CompilationClassLoader(compilation, InheritanceTest.class.getClassLoader());
        SignatureDescriptor descriptor = (SignatureDescriptor) loader.loadClass("test." + signature + "Signature")
                .getField("DESCRIPTOR")
                .get(null);
        return descriptor.fields().stream()
                .map(f -> (f.isInput() ? "in:" : "out:") + f.name())
                .toList();
    }

    private static List<String> callParameters(Compilation compilation, String signature) throws Exception {
        ClassLoader loader = new CompilationClassLoader(compilation, InheritanceTest.class.getClassLoader());
        Class<?> predictor = loader.loadClass("test." + signature + "Predictor");
        Method call = Arrays.stream(predictor.getMethods())
                .filter(m -> m.getName().equals("call")
                        && m.getParameterCount() > 0
                        && !m.getParameterTypes()[0].getSimpleName().endsWith("Input"))
                .findFirst()
                .orElseThrow();
        return Arrays.stream(call.getGenericParameterTypes())
                .map(t -> t.getTypeName())
                .toList();
    }

    @Test
    void fieldsOfParentsAtDepthTwoComeFirst() throws Exception {
        JavaFileObject source = Sources.source("Localized", """
                interface Base {
                    @InputField(desc = "a BCP 47 tag")
                    String locale();

                    /** Default methods are not fields. */
                    default String describe() {
                        return "base";
                    }

                    /** Neither are static methods. */
                    static String tag() {
                        return "en";
                    }
                }

                interface Middle extends Base {
                    @InputField
                    String greeting();
                }

                @Signature("Reply to the greeting in the locale's language.")
                public interface Localized extends Middle {
                    @OutputField
                    String reply();

                    default String shout() {
                        return "!";
                    }
                }
                """);
        Compilation compilation = Sources.compile(source);
        assertThat(compilation).succeededWithoutWarnings();
        assertEquals(List.of("in:locale", "in:greeting", "out:reply"), fieldNames(compilation, "Localized"));
        assertEquals(List.of("java.lang.String", "java.lang.String"), callParameters(compilation, "Localized"));
        assertTrue(Sources.generated(compilation, "test.LocalizedPredictor")
                .contains("call(String locale, String greeting)"));
    }

    @Test
    void genericParentIsResolvedWithTheChildsTypeArguments() throws Exception {
        JavaFileObject source = Sources.source("Lookup", """
                interface Keyed<K, V> {
                    @InputField
                    K key();

                    @OutputField
                    List<V> related();
                }

                @Signature("Find related terms.")
                public interface Lookup extends Keyed<String, Integer> {
                    @OutputField
                    Optional<String> note();
                }
                """);
        Compilation compilation = Sources.compile(source);
        assertThat(compilation).succeededWithoutWarnings();
        assertEquals(List.of("in:key", "out:related", "out:note"), fieldNames(compilation, "Lookup"));
        assertEquals(List.of("java.lang.String"), callParameters(compilation, "Lookup"));
        assertTrue(Sources.generated(compilation, "test.LookupOutput").contains("List<Integer> related"));
    }

    @Test
    void sharedGrandparentGivesItsFieldsOnce() throws Exception {
        JavaFileObject source = Sources.source("Both", """
                interface Root {
                    @InputField
                    String text();
                }

                interface Left extends Root {
                    @OutputField
                    String summary();
                }

                interface Right extends Root {
                    @OutputField
                    int words();
                }

                @Signature("Summarize and count.")
                public interface Both extends Left, Right {
                }
                """);
        Compilation compilation = Sources.compile(source);
        assertThat(compilation).succeededWithoutWarnings();
        assertEquals(List.of("in:text", "out:summary", "out:words"), fieldNames(compilation, "Both"));
    }

    @Test
    void redeclarationWithTheSameRoleAndTypeKeepsThePlaceAndTakesTheChildsDescription() throws Exception {
        JavaFileObject source = Sources.source("Refined", """
                interface Base {
                    @InputField(desc = "the text")
                    String text();

                    @OutputField
                    String label();
                }

                @Signature("Label the text.")
                public interface Refined extends Base {
                    @OutputField
                    double confidence();

                    @InputField(desc = "the text to label, in English")
                    String text();
                }
                """);
        Compilation compilation = Sources.compile(source);
        assertThat(compilation).succeededWithoutWarnings();
        assertEquals(List.of("in:text", "out:label", "out:confidence"), fieldNames(compilation, "Refined"));
        ClassLoader loader = new CompilationClassLoader(compilation, getClass().getClassLoader());
        SignatureDescriptor descriptor = (SignatureDescriptor)
                loader.loadClass("test.RefinedSignature").getField("DESCRIPTOR").get(null);
        assertEquals(
                "the text to label, in English",
                descriptor.field("text").map(FieldDescriptor::description).orElseThrow());
    }

    @Test
    void redeclarationWithAnotherRoleIsAnErrorOnTheChildsMethod() {
        JavaFileObject source = Sources.source("Flipped", """
                interface Base {
                    @InputField
                    String locale();
                }

                @Signature("Answer.")
                public interface Flipped extends Base {
                    @OutputField
                    String answer();

                    @OutputField
                    String locale(); // redeclared
                }
                """);
        RecordingProcessor processor = new RecordingProcessor();
        Compilation compilation = com.google.testing.compile.Compiler.javac()
                .withProcessors(processor)
                .compile(source);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-FIELD-REDECLARED] locale() of Flipped redeclares the "
                        + "field locale() of Base, declared there as @InputField java.lang.String, but here as @OutputField "
                        + "java.lang.String")
                .inFile(source)
                .onLine(lineOf(source, "String locale(); // redeclared") - 1);
        assertEquals(List.of(), processor.created());
    }

    @Test
    void redeclarationWithAnotherTypeIsAnErrorOnTheChildsMethod() {
        JavaFileObject source = Sources.source("Retyped", """
                interface Base<T> {
                    @InputField
                    T count();
                }

                @Signature("Answer.")
                public interface Retyped extends Base<Long> {
                    @OutputField
                    String answer();

                    @InputField
                    int count(); // redeclared
                }
                """);
        Compilation compilation = Sources.compile(source);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-FIELD-REDECLARED] count() of Retyped redeclares the field "
                        + "count() of Base, declared there as @InputField java.lang.Long, but here as @InputField int")
                .inFile(source)
                .onLine(lineOf(source, "int count(); // redeclared") - 1);
    }

    @Test
    void unannotatedAbstractMethodOfAParentIsAnErrorNamingIt() {
        JavaFileObject source = Sources.source("Child", """
                interface Base {
                    String locale();
                }

                @Signature("Answer.")
                public interface Child extends Base {
                    @OutputField
                    String answer();
                }
                """);
        Compilation compilation = Sources.compile(source);
        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-UNANNOTATED-METHOD] abstract method Base.locale() of " + "@Signature Child")
                .inFile(source)
                .onLine(lineOf(source, "public interface Child"));
    }

    /** The line number of the only line containing the text (line 1 is {@code package test;}). */
    static long lineOf(JavaFileObject source, String text) {
        try {
            List<String> lines = source.getCharContent(true).toString().lines().toList();
            List<Integer> found = new java.util.ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(text)) {
                    found.add(i + 1);
                }
            }
            assertEquals(1, found.size(), () -> "lines containing " + text);
            return found.get(0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static long count(Compilation compilation, String tag) {
        return compilation.diagnostics().stream()
                .filter(d -> d.getMessage(Locale.ROOT).contains(tag))
                .count();
    }
}
