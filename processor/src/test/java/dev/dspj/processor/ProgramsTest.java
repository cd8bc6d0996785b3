package dev.dspj.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.ProgramModule;
import dev.dspj.primitives.Example;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code @Program} classes: the generated descriptor (compared with its golden in
 * {@link GoldenSourcesTest}), and what it does once compiled —
 * DSPy's predictor paths and deep copies — over predictors generated in the same compilation.
 */
class ProgramsTest {

    static final JavaFileObject GENERATE_QUERY = Sources.source("GenerateQuery", """
            @Signature("Write a search query that finds the missing fact.")
            public interface GenerateQuery {
                @InputField
                String question();

                @OutputField
                String query();
            }
            """);

    static final JavaFileObject ANSWER = Sources.source("Answer", """
            @Signature("Answer with a short factoid.")
            public interface Answer {
                @InputField
                String question();

                @InputField
                List<String> context();

                @OutputField
                String answer();
            }
            """);

    /** A module in a field of every supported shape, plus fields that are not modules. */
    static final JavaFileObject TWO_HOP_QA = program("TwoHopQa", """
            @Program("Answer a question in two hops")
            public class TwoHopQa extends ProgramModule<TwoHopQa> {
                GenerateQueryPredictor generateQuery = GenerateQueryPredictor.chainOfThought();
                protected AnswerPredictor answer = AnswerPredictor.predict();
                public List<Module> followUps = new ArrayList<>(List.of(new Predict(AnswerSignature.DESCRIPTOR)));
                Map<String, AnswerPredictor> byTopic = new LinkedHashMap<>(Map.of("sports", AnswerPredictor.predict()));
                int maxHops = 2;
                private final String label = "two hops";
                static AnswerPredictor shared = AnswerPredictor.predict();

                public TwoHopQa() {
                    super(TwoHopQaProgram.INSTANCE);
                }

                @Override
                public Prediction forward(Map<String, Object> inputs) {
                    String query = generateQuery.call((String) inputs.get("question")).query();
                    return answer.forward(Map.of("question", inputs.get("question"), "context", List.of(query)));
                }
            }
            """);

    /** A program nested in another. */
    static final JavaFileObject RESEARCH = program("Research", """
            @Program
            public class Research extends ProgramModule<Research> {
                TwoHopQa inner = new TwoHopQa();
                AnswerPredictor summarize = AnswerPredictor.chainOfThought();

                public Research() {
                    super(ResearchProgram.INSTANCE);
                }

                @Override
                public Prediction forward(Map<String, Object> inputs) {
                    return inner.forward(inputs);
                }
            }
            """);

    private static Compilation compilation;

    /** A program source in package {@code test} with the imports programs use. */
    static JavaFileObject program(String simpleName, String body) {
        return JavaFileObjects.forSourceString("test." + simpleName, """
                package test;

                import dev.dspj.annotations.Program;
                import dev.dspj.module.Module;
                import dev.dspj.module.Predict;
                import dev.dspj.primitives.Prediction;
                import dev.dspj.module.ProgramModule;
                import java.util.ArrayList;
                import java.util.LinkedHashMap;
                import java.util.List;
                import java.util.Map;

                """ + body);
    }

    @BeforeAll
    static void compile() {
        compilation = Sources.compile(GENERATE_QUERY, ANSWER, TWO_HOP_QA, RESEARCH);
    }

    @Test
    void compilesWithoutWarnings() {
        assertThat(compilation).succeededWithoutWarnings();
    }

    @Test
    void namedPredictorsFollowDspysPaths() throws Exception {
        Module program = newProgram("test.Research");
        assertEquals(
                List.of(
                        "inner.generateQuery.predict",
                        "inner.answer",
                        "inner.followUps[0]",
                        "inner.byTopic['sports']",
                        "summarize.predict"),
                paths(program));
        assertEquals(
                "Research[inner.generateQuery.predict, inner.answer, inner.followUps[0], inner.byTopic['sports'], "
                        + "summarize.predict]",
                program.toString());
        assertEquals(
                List.of("generateQuery", "answer", "followUps", "byTopic"),
                ((ProgramModule<?>) newProgram("test.TwoHopQa")).descriptor().moduleFields());
        assertEquals(
                "Answer a question in two hops",
                ((ProgramModule<?>) newProgram("test.TwoHopQa")).descriptor().description());
    }

    @Test
    void deepCopiesAreIndependent() throws Exception {
        Module program = newProgram("test.Research");
        NamedPredictor answer = program.namedPredictors().get(1);
        answer.predictor().setDemos(List.of(Example.of("question", "q", "context", List.of("c"), "answer", "a")));

        Module copy = program.deepCopy();
        assertSame(program.getClass(), copy.getClass());
        assertEquals(paths(program), paths(copy));
        for (int i = 0; i < program.namedPredictors().size(); i++) {
            assertNotSame(
                    program.namedPredictors().get(i).predictor(),
                    copy.namedPredictors().get(i).predictor());
        }
        assertEquals(
                answer.predictor().demos(),
                copy.namedPredictors().get(1).predictor().demos());
        copy.namedPredictors().get(1).predictor().setInstructions("Changed.");
        assertEquals("Answer with a short factoid.", answer.predictor().instructions());
    }

    private static Module newProgram(String name) throws Exception {
        ClassLoader loader = new CompilationClassLoader(compilation, ProgramsTest.class.getClassLoader());
        return (Module) loader.loadClass(name).getConstructor().newInstance();
    }

    private static List<String> paths(Module module) {
        return module.namedPredictors().stream().map(NamedPredictor::name).toList();
    }

    @Test
    void aProgramWhosePredictorsAreNeverGeneratedIsReported() {
        JavaFileObject broken = program("Broken", """
                @Program
                public class Broken extends ProgramModule<Broken> {
                    MissingPredictor missing;

                    public Broken() {
                        super(null);
                    }

                    @Override
                    public Prediction forward(Map<String, Object> inputs) {
                        return null;
                    }
                }
                """);
        RecordingProcessor processor = new RecordingProcessor();
        Compilation failed = com.google.testing.compile.Compiler.javac()
                .withProcessors(processor)
                .compile(broken);
        assertThat(failed).failed();
        assertThat(failed)
                .hadErrorContaining("[DSPJ-UNRESOLVED-PROGRAM-TYPES] did not generate the descriptor for "
                        + "@Program test.Broken because it refers to types that do not exist: MissingPredictor")
                .inFile(broken)
                .onLineContaining("public class Broken");
        assertEquals(List.of(), processor.created());
    }
}
