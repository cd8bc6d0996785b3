package dev.dspj.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;

/** Builds test sources and compiles them with DSPJ's processor. */
final class Sources {

    /** The imports every test source starts with: DSPJ's annotations and the supported JDK types. */
    static final String IMPORTS = """
            import dev.dspj.annotations.InputField;
            import dev.dspj.annotations.OutputField;
            import dev.dspj.annotations.Signature;
            import java.math.BigDecimal;
            import java.util.List;
            import java.util.Map;
            import java.util.Optional;
            import java.util.Set;
            """;

    private Sources() {}

    /**
     * A source in package {@code test}, with {@link #IMPORTS}.
     *
     * @param simpleName the top-level type's simple name
     * @param body everything after the imports
     * @return the source
     */
    static JavaFileObject source(String simpleName, String body) {
        return JavaFileObjects.forSourceString("test." + simpleName, "package test;\n\n" + IMPORTS + "\n" + body);
    }

    /**
     * Compiles sources with DSPJ's processor (and any others given).
     *
     * @param files the sources
     * @return the compilation
     */
    static Compilation compile(JavaFileObject... files) {
        return Compiler.javac().withProcessors(new SignatureProcessor()).compile(files);
    }

    /**
     * The text of a generated source.
     *
     * @param compilation the compilation
     * @param qualifiedName the generated type
     * @return the source text
     */
    static String generated(Compilation compilation, String qualifiedName) {
        JavaFileObject file = compilation
                .generatedSourceFile(qualifiedName)
                .orElseThrow(() -> new AssertionError("no generated source " + qualifiedName + "; generated: "
                        + compilation.generatedSourceFiles().stream()
                                .map(JavaFileObject::getName)
                                .toList()
                        + "; diagnostics: " + compilation.diagnostics()));
        try {
            return file.getCharContent(true).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
