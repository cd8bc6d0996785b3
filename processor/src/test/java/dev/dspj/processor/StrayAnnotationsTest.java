package dev.dspj.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.dspj.processor.InheritanceTest.count;
import static dev.dspj.processor.InheritanceTest.lineOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @InputField}/{@code @OutputField} where no signature reads them: a warning on the
 * annotation's line, an error with {@code -Adspj.strict=true}; none on a signature's parents.
 */
class StrayAnnotationsTest {

    private static final JavaFileObject HELPER = Sources.source("Helper", """
            public interface Helper {
                @InputField
                String question();

                @OutputField(desc = "the answer")
                String answer();
            }
            """);

    @Test
    void fieldAnnotationsOnAnInterfaceNoSignatureExtendsAreWarnings() {
        Compilation compilation = Sources.compile(HELPER);
        assertThat(compilation).succeeded();
        assertEquals(2, count(compilation, "[DSPJ-STRAY-FIELD-ANNOTATION]"));
        assertThat(compilation)
                .hadWarningContaining("[DSPJ-STRAY-FIELD-ANNOTATION] @InputField on "
                        + "Helper.question() has no effect: Helper is not a @Signature and no @Signature in this compilation "
                        + "extends it")
                .inFile(HELPER)
                .onLine(lineOf(HELPER, "@InputField"));
        assertThat(compilation)
                .hadWarningContaining("[DSPJ-STRAY-FIELD-ANNOTATION] @OutputField on Helper.answer()")
                .inFile(HELPER)
                .onLine(lineOf(HELPER, "@OutputField"));
        assertEquals(0, compilation.generatedSourceFiles().size());
    }

    @Test
    void strictOptionMakesThemErrors() {
        Compilation compilation = Compiler.javac()
                .withProcessors(new SignatureProcessor())
                .withOptions("-Adspj.strict=true")
                .compile(HELPER);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-STRAY-FIELD-ANNOTATION] @OutputField on Helper.answer()")
                .inFile(HELPER)
                .onLine(lineOf(HELPER, "@OutputField"));
    }

    @Test
    void invalidOptionValueIsAnError() {
        Compilation compilation = Compiler.javac()
                .withProcessors(new SignatureProcessor())
                .withOptions("-Adspj.strict=yes")
                .compile(HELPER);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("[DSPJ-INVALID-OPTION] -Adspj.strict=yes is not valid");
    }

    @Test
    void fieldAnnotationOnAClassMethodIsAWarning() {
        JavaFileObject source = Sources.source("Holder", """
                public class Holder {
                    @OutputField
                    public String value() {
                        return "";
                    }
                }
                """);
        Compilation compilation = Sources.compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .hadWarningContaining("[DSPJ-STRAY-FIELD-ANNOTATION] @OutputField on Holder.value()")
                .inFile(source)
                .onLine(lineOf(source, "@OutputField"));
    }

    @Test
    void parentsOfSignaturesAtAnyDepthAreNotStray() {
        JavaFileObject source = Sources.source("Leaf", """
                interface Root {
                    @InputField
                    String text();
                }

                interface Middle extends Root {
                    @OutputField
                    String label();
                }

                @Signature("Label the text.")
                public interface Leaf extends Middle {
                }
                """);
        Compilation compilation = Compiler.javac()
                .withProcessors(new SignatureProcessor())
                .withOptions("-Adspj.strict=true")
                .compile(source);
        assertThat(compilation).succeededWithoutWarnings();
    }
}
