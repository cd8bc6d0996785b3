package dev.dspj.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * The floor under any source-generating processor: a processor that does no work of its own and
 * only writes, through javac's {@code Filer}, source text it was handed. Timing its
 * annotation-processing phase shows what javac charges for the {@code Filer} checks, for parsing the
 * generated files and for entering every compilation unit again in the next round, whatever the
 * processor does; the DSPJ processor's own share is its phase minus this one.
 *
 * <p>{@link #nested} rewrites the five files DSPJ generates per signature into one, the
 * {@code Input}, {@code Output}, {@code Example} and {@code Predictor} types nested in the
 * {@code Signature} class under their own names, to measure what that layout would save.
 */
final class FilerFloor {

    private FilerFloor() {}

    /** One generated source: its qualified type name and text. */
    record GeneratedSource(String typeName, String text) {}

    /** Reads every {@code .java} file under {@code root} as a generated source. */
    static List<GeneratedSource> read(Path root) throws IOException {
        List<GeneratedSource> sources = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file :
                    walk.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String relative = root.relativize(file).toString();
                String typeName = relative.substring(0, relative.length() - ".java".length())
                        .replace(file.getFileSystem().getSeparator(), ".");
                sources.add(new GeneratedSource(typeName, Files.readString(file, StandardCharsets.UTF_8)));
            }
        }
        return sources;
    }

    /** Writes the sources under {@code root}, one file each, and returns their paths. */
    static List<Path> write(Path root, List<GeneratedSource> sources) throws IOException {
        List<Path> files = new ArrayList<>();
        for (GeneratedSource source : sources) {
            Path file = root.resolve(source.typeName().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.text(), StandardCharsets.UTF_8);
            files.add(file);
        }
        return files;
    }

    /** A processor that writes the sources in its first round and does nothing else. */
    static Processor replaying(List<GeneratedSource> sources) {
        return new Replay(sources);
    }

    private static final class Replay extends AbstractProcessor {
        private final List<GeneratedSource> sources;
        private boolean written;

        Replay(List<GeneratedSource> sources) {
            this.sources = sources;
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("dev.dspj.annotations.Signature");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (written) {
                return false;
            }
            written = true;
            try {
                for (GeneratedSource source : sources) {
                    try (Writer writer = processingEnv
                            .getFiler()
                            .createSourceFile(source.typeName())
                            .openWriter()) {
                        writer.write(source.text());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return false;
        }
    }

    private static final Pattern IMPORT = Pattern.compile("^import [^;]+;$", Pattern.MULTILINE);
    private static final Pattern KIND = Pattern.compile("(Signature|Input|Output|Example|Predictor)$");

    /**
     * Folds each signature's five generated files into its {@code Signature} class: the same
     * code, one compilation unit per signature instead of five.
     */
    static List<GeneratedSource> nested(List<GeneratedSource> fiveFilesEach) {
        Map<String, List<GeneratedSource>> bySignature = new TreeMap<>();
        for (GeneratedSource source : fiveFilesEach) {
            String base = KIND.matcher(source.typeName()).replaceFirst("");
            bySignature.computeIfAbsent(base, k -> new ArrayList<>()).add(source);
        }
        List<GeneratedSource> nested = new ArrayList<>();
        for (Map.Entry<String, List<GeneratedSource>> entry : bySignature.entrySet()) {
            String base = entry.getKey();
            String outer = base + "Signature";
            String packageName = outer.substring(0, outer.lastIndexOf('.'));
            String outerSimple = outer.substring(packageName.length() + 1);
            String simple = base.substring(packageName.length() + 1);
            Set<String> imports = new TreeSet<>();
            StringBuilder members = new StringBuilder();
            String outerDeclaration = null;
            for (GeneratedSource source : entry.getValue()) {
                Matcher importLine = IMPORT.matcher(source.text());
                while (importLine.find()) {
                    imports.add(importLine.group());
                }
                String declaration = source.text().substring(source.text().indexOf("/**"));
                if (source.typeName().equals(outer)) {
                    outerDeclaration = declaration;
                } else {
                    members.append(declaration.replace("public final class", "public static final class"))
                            .append('\n');
                }
            }
            if (outerDeclaration == null) {
                throw new IllegalStateException("no " + outer + " among the generated files");
            }
            // member types are not in scope in the class's own extends clause
            outerDeclaration = outerDeclaration.replace(
                    "<" + simple + "Input, " + simple + "Output, " + simple + "Example>",
                    "<" + outerSimple + "." + simple + "Input, " + outerSimple + "." + simple + "Output, " + outerSimple
                            + "." + simple + "Example>");
            int close = outerDeclaration.lastIndexOf('}');
            nested.add(new GeneratedSource(
                    outer,
                    "package " + packageName + ";\n\n" + String.join("\n", imports) + "\n\n"
                            + outerDeclaration.substring(0, close) + members + "}\n"));
        }
        return nested;
    }
}
