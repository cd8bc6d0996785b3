package dev.dspj.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The five files generated for a representative signature (a text input, an enum output and a
 * primitive output, with the enum nested in the interface) compared with reviewed goldens in
 * {@code src/test/resources/goldens}. {@code hasSourceEquivalentTo} compares syntax trees; the
 * exact-text test also pins the javadoc and the formatting users read.
 */
class GoldenSourcesTest {

    static final JavaFileObject REVIEW_SENTIMENT = Sources.source("ReviewSentiment", """
            /** Classifies a product review. */
            @Signature("Classify the sentiment of a product review.")
            public interface ReviewSentiment {

                @InputField(desc = "the review text")
                String review();

                @OutputField(desc = "the overall sentiment")
                Sentiment sentiment();

                @OutputField(desc = "between 0 and 1")
                double confidence();

                enum Sentiment { POSITIVE, NEGATIVE, NEUTRAL }
            }
            """);

    private static Compilation compilation;

    @BeforeAll
    static void compile() {
        compilation = Sources.compile(REVIEW_SENTIMENT);
    }

    @Test
    void compilesWithoutWarnings() {
        assertThat(compilation).succeededWithoutWarnings();
        assertEquals(5, compilation.generatedSourceFiles().size(), () -> "generated: "
                + compilation.generatedSourceFiles());
    }

    @ParameterizedTest(name = "ReviewSentiment{0}")
    @ValueSource(strings = {"Signature", "Input", "Output", "Example", "Predictor"})
    void generatedSourceIsEquivalentToGolden(String suffix) {
        assertThat(compilation).generatedSourceFile("test.ReviewSentiment" + suffix)
                .hasSourceEquivalentTo(JavaFileObjects.forResource("goldens/ReviewSentiment" + suffix + ".java"));
    }

    @ParameterizedTest(name = "ReviewSentiment{0}")
    @ValueSource(strings = {"Signature", "Input", "Output", "Example", "Predictor"})
    void generatedSourceHasGoldenText(String suffix) throws IOException {
        String golden;
        try (InputStream in = GoldenSourcesTest.class.getResourceAsStream(
                "/goldens/ReviewSentiment" + suffix + ".java")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(golden, Sources.generated(compilation, "test.ReviewSentiment" + suffix));
    }
}
