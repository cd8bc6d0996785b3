package dev.dspj.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * A stand-in for another annotation processor: when it sees {@code @test.GenerateLater}, it
 * generates the record {@code test.Later}, which the next round compiles.
 */
final class LaterProcessor extends AbstractProcessor {

    static final String MARKER = "test.GenerateLater";

    private boolean generated;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(MARKER);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (generated || annotations.isEmpty()) {
            return false;
        }
        generated = true;
        try (Writer writer =
                processingEnv.getFiler().createSourceFile("test.Later").openWriter()) {
            writer.write("""
                    package test;

                    public record Later(String text, int count) {
                    }
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return false;
    }
}
