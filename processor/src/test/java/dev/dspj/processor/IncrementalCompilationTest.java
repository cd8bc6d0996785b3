package dev.dspj.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Gradle's isolating mode needs, shown with javac: each generated file has exactly one
 * originating element, the annotated type; recompiling one signature, with the other's classes on
 * the class path instead of its source, regenerates that signature's files only, byte for byte
 * the same; and the name-clash check needs no other source (the signature's own output of an
 * earlier build on the class path is not a clash).
 */
class IncrementalCompilationTest {

    private static final JavaFileObject ALPHA = Sources.source("Alpha", """
            @Signature("Answer the question.")
            public interface Alpha {
                @InputField
                String question();

                @OutputField
                String answer();
            }
            """);

    private static final JavaFileObject BETA = Sources.source("Beta", """
            @Signature("Summarize the text.")
            public interface Beta {
                @InputField
                String text();

                @OutputField
                List<String> points();
            }
            """);

    private static final List<String> SUFFIXES = List.of("Signature", "Input", "Output", "Example", "Predictor");

    @Test
    void processorDeclaresItselfIsolating() throws IOException {
        try (InputStream in =
                SignatureProcessor.class.getResourceAsStream("/META-INF/gradle/incremental.annotation.processors")) {
            assertTrue(in != null, "no META-INF/gradle/incremental.annotation.processors");
            assertEquals(
                    "dev.dspj.processor.SignatureProcessor,isolating",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }

    @Test
    void everyGeneratedFileHasExactlyTheAnnotatedTypeAsOrigin() {
        RecordingProcessor processor = new RecordingProcessor();
        Compilation compilation = Compiler.javac()
                .withProcessors(processor)
                .compile(ALPHA, BETA, ProgramsTest.ANSWER, VariablesTest.TUNED_QA, VariablesTest.PIPELINE);
        assertThat(compilation).succeeded();
        Map<String, List<String>> origins = processor.origins();
        assertEquals(10 + 5 + 2 + 1, origins.size(), () -> "created: " + origins.keySet());
        origins.forEach((file, from) -> {
            String owner = file.replaceFirst("(Signature|Input|Output|Example|Predictor|Program|Variables)$", "");
            assertEquals(List.of(owner), from, () -> file + " originates from " + from);
        });
    }

    @Test
    void recompilingOneSignatureRegeneratesOnlyItsFiles(@TempDir Path classes) throws IOException {
        RecordingProcessor full = new RecordingProcessor();
        Compilation both = Compiler.javac().withProcessors(full).compile(ALPHA, BETA);
        assertThat(both).succeededWithoutWarnings();
        writeClasses(both, classes, "Beta");

        // Alpha changed: Gradle recompiles Alpha.java alone, with Beta's classes on the class path
        RecordingProcessor incremental = new RecordingProcessor();
        Compilation alphaOnly = Compiler.javac()
                .withProcessors(incremental)
                .withClasspath(classpathWith(classes))
                .compile(ALPHA);
        assertThat(alphaOnly).succeededWithoutWarnings();
        assertEquals(SUFFIXES.stream().map(s -> "test.Alpha" + s).toList(), incremental.created());
        for (String suffix : SUFFIXES) {
            assertEquals(
                    Sources.generated(both, "test.Alpha" + suffix),
                    Sources.generated(alphaOnly, "test.Alpha" + suffix),
                    "test.Alpha" + suffix);
        }
    }

    @Test
    void theSignaturesOwnEarlierOutputOnTheClassPathIsNotAClash(@TempDir Path classes) throws IOException {
        Compilation first = Sources.compile(ALPHA);
        assertThat(first).succeeded();
        writeClasses(first, classes, "AlphaSignature");
        writeClasses(first, classes, "AlphaPredictor");

        // an incremental build without clean: AlphaSignature.class and AlphaPredictor.class are already on
        // the class path. (Not the records: javac 17 itself crashes in Lower.generateMandatedAccessors when a
        // record's class file is on the class path and a processor generates its source, with or without DSPJ.)
        Compilation again = Compiler.javac()
                .withProcessors(new SignatureProcessor())
                .withClasspath(classpathWith(classes))
                .compile(ALPHA);
        assertThat(again).succeededWithoutWarnings();
        assertEquals(5, again.generatedSourceFiles().size());
    }

    @Test
    void aSourceWithAGeneratedNameIsStillAClash() {
        JavaFileObject taken = Sources.source("AlphaInput", """
                public class AlphaInput {
                }
                """);
        Compilation compilation = Sources.compile(ALPHA, taken);
        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-NAME-CLASH] cannot generate AlphaInput")
                .inFile(ALPHA)
                .onLineContaining("public interface Alpha");
    }

    /** Writes the class files of the types whose simple name starts with the prefix. */
    private static void writeClasses(Compilation compilation, Path directory, String prefix) throws IOException {
        int written = 0;
        for (JavaFileObject file : compilation.generatedFiles()) {
            String path = file.toUri().getPath();
            int start = path.indexOf("CLASS_OUTPUT/");
            if (file.getKind() != JavaFileObject.Kind.CLASS || start < 0) {
                continue;
            }
            String relative = path.substring(start + "CLASS_OUTPUT/".length());
            if (!relative.startsWith("test/" + prefix)) {
                continue;
            }
            Path target = directory.resolve(relative);
            Files.createDirectories(target.getParent());
            try (InputStream in = file.openInputStream()) {
                Files.write(target, in.readAllBytes());
            }
            written++;
        }
        assertTrue(written >= 1, "class files of " + prefix + ": " + written);
    }

    /** The test class path (the runtime, the annotations) plus a directory. */
    private static List<File> classpathWith(Path directory) {
        List<File> classpath = new ArrayList<>();
        classpath.add(directory.toFile());
        Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(File::new)
                .forEach(classpath::add);
        return classpath;
    }
}
