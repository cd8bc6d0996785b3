package dev.dspj.processor.writing;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import dev.dspj.processor.model.SignatureModel;
import java.io.IOException;
import java.io.Writer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.tools.JavaFileObject;

/**
 * What every generated type carries, and how it is written: {@code @Generated} naming the
 * processor (no timestamp, so builds are reproducible), one {@code @SuppressWarnings}, its
 * originating element, and one-sentence javadoc on one line, as a careful hand-written class has.
 */
public final class Generated {

    /**
     * The warnings generated code suppresses: it names the user's types, and a deprecated one
     * would warn in every generated file although the user already sees the warning where the
     * signature uses it.
     */
    static final String[] SUPPRESSED = {"deprecation", "removal"};

    /** A javadoc comment of one line as JavaPoet writes it: opening, one line, closing. */
    private static final Pattern ONE_LINE_JAVADOC =
            Pattern.compile("(?m)^([ \\t]*)/\\*\\*\\n\\1 \\* ([^\\n]*)\\n\\1 \\*/$");

    /** The marks on a generated type, which JavaPoet writes one per line. */
    private static final Pattern TYPE_MARKS =
            Pattern.compile("(?m)^(@Generated\\([^\\n]*\\))\\n(@SuppressWarnings\\([^\\n]*\\))\\n(@NullMarked)$");

    /** A type-use annotation on a nested type, which JavaPoet writes as {@code Outer. @Nullable Inner}. */
    private static final Pattern NESTED_TYPE_USE = Pattern.compile("(\\w)\\. @(\\w)");

    private Generated() {}

    static AnnotationSpec annotation() {
        return AnnotationSpec.builder(Names.GENERATED)
                .addMember("value", "$S", Names.PROCESSOR)
                .build();
    }

    static AnnotationSpec suppressWarnings() {
        // one member written as one array, so that JavaPoet keeps it on one line
        CodeBlock values = CodeBlock.join(
                java.util.Arrays.stream(SUPPRESSED)
                        .map(w -> CodeBlock.of("$S", w))
                        .toList(),
                ", ");
        return AnnotationSpec.builder(SuppressWarnings.class)
                .addMember("value", "{$L}", values)
                .build();
    }

    /** Adds the annotations and the origin. */
    static TypeSpec.Builder mark(TypeSpec.Builder type, Element origin) {
        return type.addAnnotation(annotation())
                .addAnnotation(suppressWarnings())
                .addAnnotation(Names.NULL_MARKED)
                .addOriginatingElement(origin);
    }

    /**
     * Adds the annotations, the origin and a one-sentence javadoc that links the signature: the
     * text {@code before}, a link to the signature, then {@code after}.
     */
    static TypeSpec.Builder decorate(TypeSpec.Builder type, SignatureModel model, String before, String after) {
        return mark(type, model.element()).addJavadoc("$L{@link $T}$L\n", before, model.interfaceName(), after);
    }

    static JavaFile file(SignatureModel model, TypeSpec type) {
        return file(model.packageName(), type);
    }

    static JavaFile file(String packageName, TypeSpec type) {
        return JavaFile.builder(packageName, type)
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    /**
     * The source text of a generated file, with one-line javadoc comments written on one line, the
     * type's marks ({@code @Generated @SuppressWarnings @NullMarked}) on one line, and type-use
     * annotations on nested types written {@code Outer.@Nullable Inner}.
     *
     * @param file the file
     * @return the text
     */
    public static String text(JavaFile file) {
        Matcher matcher = ONE_LINE_JAVADOC.matcher(file.toString());
        String text = matcher.replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "/** " + m.group(2) + " */"));
        text = TYPE_MARKS.matcher(text).replaceAll("$1 $2 $3");
        return NESTED_TYPE_USE.matcher(text).replaceAll("$1.@$2");
    }

    /**
     * Writes a generated file with the filer, its type's originating elements as the file's.
     *
     * @param file the file
     * @param filer the filer
     * @throws IOException when the file cannot be written
     */
    public static void writeTo(JavaFile file, Filer filer) throws IOException {
        String name = file.packageName().isEmpty()
                ? file.typeSpec().name()
                : file.packageName() + "." + file.typeSpec().name();
        JavaFileObject source = filer.createSourceFile(
                name, file.typeSpec().originatingElements().toArray(new Element[0]));
        try (Writer writer = source.openWriter()) {
            writer.write(text(file));
        } catch (IOException | RuntimeException e) {
            try {
                source.delete();
            } catch (RuntimeException ignored) {
                // the original failure matters
            }
            throw e;
        }
    }
}
