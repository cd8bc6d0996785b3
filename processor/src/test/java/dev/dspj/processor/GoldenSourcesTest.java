package dev.dspj.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A golden file for each generated kind and each feature that changes the generated code, kept
 * in {@code src/test/resources/goldens} and compared byte for byte (the javadoc and formatting
 * users read in their IDE included) and as syntax trees.
 *
 * <p>To rewrite the goldens after an intended change, run this test with
 * {@code -Ddspj.updateGoldens=true} and review the diff.
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

    /** Lists, sets, maps and optionals, as inputs and outputs. */
    static final JavaFileObject TAGGING = Sources.source("Tagging", """
            @Signature("Tag the article.")
            public interface Tagging {
                @InputField
                List<String> paragraphs();

                @InputField(desc = "tags to prefer")
                Optional<Set<String>> preferred();

                @OutputField
                Set<String> tags();

                @OutputField(desc = "tag to relevance")
                Map<String, Double> scores();

                @OutputField
                Optional<String> note();
            }
            """);

    /** A record output with a nested record, a list and an enum, and BigDecimal. */
    static final JavaFileObject EXTRACT_CONTACT = Sources.source("ExtractContact", """
            @Signature("Extract the contact from the email signature.")
            public interface ExtractContact {
                @InputField
                String email();

                @OutputField
                Contact contact();

                record Contact(String name, List<Phone> phones, BigDecimal rate) {
                }

                record Phone(String number, Kind kind) {
                }

                enum Kind { MOBILE, WORK }
            }
            """);

    /** Fields inherited from a generic parent at depth two. */
    static final JavaFileObject LOCALIZED = Sources.source("Localized", """
            interface Keyed<K> {
                @InputField(desc = "a BCP 47 tag")
                K locale();
            }

            interface Greeting extends Keyed<String> {
                @InputField
                String greeting();
            }

            @Signature("Reply to the greeting in the locale's language.")
            public interface Localized extends Greeting {
                @OutputField
                String reply();
            }
            """);

    /** An output named reasoning: no chainOfThought() and no reasoning() accessor. */
    static final JavaFileObject EXPLAIN = Sources.source("Explain", """
            @Signature("Explain the answer.")
            public interface Explain {
                @InputField
                String question();

                @OutputField
                String reasoning();

                @OutputField
                int answer();
            }
            """);

    private static final Map<String, Compilation> COMPILATIONS = new ConcurrentHashMap<>();

    /** Feature, sources compiled together, generated type (simple name, in package test). */
    static Stream<Arguments> goldens() {
        return Stream.of(
                golden("enum, primitive, chain of thought", List.of(REVIEW_SENTIMENT), "ReviewSentimentSignature"),
                golden("enum, primitive, chain of thought", List.of(REVIEW_SENTIMENT), "ReviewSentimentInput"),
                golden("enum, primitive, chain of thought", List.of(REVIEW_SENTIMENT), "ReviewSentimentOutput"),
                golden("enum, primitive, chain of thought", List.of(REVIEW_SENTIMENT), "ReviewSentimentExample"),
                golden("enum, primitive, chain of thought", List.of(REVIEW_SENTIMENT), "ReviewSentimentPredictor"),
                golden("lists, sets, maps, optionals", List.of(TAGGING), "TaggingSignature"),
                golden("lists, sets, maps, optionals", List.of(TAGGING), "TaggingInput"),
                golden("lists, sets, maps, optionals", List.of(TAGGING), "TaggingOutput"),
                golden("lists, sets, maps, optionals", List.of(TAGGING), "TaggingExample"),
                golden("records", List.of(EXTRACT_CONTACT), "ExtractContactSignature"),
                golden("records", List.of(EXTRACT_CONTACT), "ExtractContactOutput"),
                golden("inheritance", List.of(LOCALIZED), "LocalizedSignature"),
                golden("inheritance", List.of(LOCALIZED), "LocalizedInput"),
                golden("inheritance", List.of(LOCALIZED), "LocalizedPredictor"),
                golden("no chain of thought", List.of(EXPLAIN), "ExplainPredictor"),
                golden("no chain of thought", List.of(EXPLAIN), "ExplainOutput"),
                golden("program with lists and maps of modules", PROGRAMS, "TwoHopQaProgram"),
                golden("program with lists and maps of modules", PROGRAMS, "TwoHopQaVariables"),
                golden("conditional variables", VARIABLES, "TunedQaProgram"),
                golden("conditional variables", VARIABLES, "TunedQaVariables"),
                golden("variables of a plain class", VARIABLES, "PipelineVariables"),
                golden("tools of every kind", List.of(ToolStepTest.TOOLBOX), "ToolboxTools"));
    }

    private static final List<JavaFileObject> PROGRAMS =
            List.of(ProgramsTest.GENERATE_QUERY, ProgramsTest.ANSWER, ProgramsTest.TWO_HOP_QA);
    private static final List<JavaFileObject> VARIABLES =
            List.of(ProgramsTest.ANSWER, VariablesTest.TUNED_QA, VariablesTest.PIPELINE);

    private static Arguments golden(String feature, List<JavaFileObject> sources, String type) {
        return Arguments.of(feature, sources, type);
    }

    private static Compilation compile(List<JavaFileObject> sources) {
        String key = sources.stream().map(JavaFileObject::getName).toList().toString();
        return COMPILATIONS.computeIfAbsent(key, k -> Sources.compile(sources.toArray(JavaFileObject[]::new)));
    }

    @ParameterizedTest(name = "{2} ({0})")
    @MethodSource("goldens")
    void generatedSourceHasGoldenText(String feature, List<JavaFileObject> sources, String type) throws IOException {
        Compilation compilation = compile(sources);
        assertThat(compilation).succeeded();
        String generated = Sources.generated(compilation, "test." + type);
        if (Boolean.getBoolean("dspj.updateGoldens")) {
            Files.writeString(Path.of("src/test/resources/goldens", type + ".java"), generated);
        }
        String golden;
        try (InputStream in = GoldenSourcesTest.class.getResourceAsStream("/goldens/" + type + ".java")) {
            assertTrue(in != null, () -> "no golden for " + type + "; run with -Ddspj.updateGoldens=true");
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(golden, generated, () -> type + " differs from its golden (" + feature + ")");
        assertThat(compilation)
                .generatedSourceFile("test." + type)
                .hasSourceEquivalentTo(JavaFileObjects.forSourceString("test." + type, golden));
    }

    @Test
    void reviewSentimentCompilesWithoutWarningsIntoFiveFiles() {
        Compilation compilation = compile(List.of(REVIEW_SENTIMENT));
        assertThat(compilation).succeededWithoutWarnings();
        assertEquals(
                5, compilation.generatedSourceFiles().size(), () -> "generated: " + compilation.generatedSourceFiles());
    }

    @Test
    void everyGoldenFileIsCompared() throws IOException {
        List<String> compared =
                goldens().map(a -> a.get()[2] + ".java").sorted().toList();
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/goldens"))) {
            assertEquals(
                    compared,
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    /**
     * The generated lines of the README's signature, which docs/benchmarks.md reports: a third
     * fewer than the 347 before the runtime took over the conversions (issue 11).
     */
    @Test
    void reviewSentimentGeneratesAtMostTwoThirdsOfItsFormerLines() {
        Compilation compilation = compile(List.of(REVIEW_SENTIMENT));
        long lines = 0;
        for (String suffix : List.of("Signature", "Input", "Output", "Example", "Predictor")) {
            lines += Sources.generated(compilation, "test.ReviewSentiment" + suffix)
                    .lines()
                    .count();
        }
        long max = 347 * 2 / 3;
        long total = lines;
        assertTrue(total <= max, () -> "ReviewSentiment generates " + total + " lines; at most " + max);
    }
}
