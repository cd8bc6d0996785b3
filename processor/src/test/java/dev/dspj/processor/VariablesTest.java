package dev.dspj.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.ProgramModule;
import dev.dspj.module.ProgramVariables;
import dev.dspj.variable.Configuration;
import dev.dspj.variable.InvalidConfigurationException;
import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code @Variable} fields: the generated {@code TunedQaVariables} and {@code TunedQaProgram}
 * (compared with goldens in GoldenSourcesTest), and what the generated code does once compiled — reading and
 * applying configurations, rejecting values outside a variable's range, deep copies that keep the
 * configuration — for a {@code @Program} class and a plain class, and the initializer forms read
 * as defaults.
 */
class VariablesTest {

    /** A program with a variable of every kind, a renamed one, a described one and two conditional ones. */
    static final JavaFileObject TUNED_QA = source("TunedQa", """
            @Program("Answer a question, tunably")
            public class TunedQa extends ProgramModule<TunedQa> {

                static final int DEFAULT_HOPS = 3;

                AnswerPredictor answer = AnswerPredictor.predict();

                @Variable(desc = "How answers are written")
                Style style = Style.SHORT;

                /** Whether to think step by step before answering. */
                @Variable
                boolean reasoning;

                @Variable(min = 1, max = 7, step = 2, when = "style=DETAILED", desc = "Search hops")
                int hops = DEFAULT_HOPS;

                @Variable(name = "temperature", min = 0.01, max = 2, logScale = true, desc = "Sampling temperature")
                double temp = 0.7;

                @Variable(choices = {"plain", "markdown", "json"}, desc = "Output format")
                String format = "plain";

                @Variable(min = 16, max = 4096, when = "format=markdown|json")
                long maxTokens = 512;

                int notAVariable = 5;

                public TunedQa() {
                    super(TunedQaProgram.INSTANCE);
                }

                @Override
                public Prediction forward(Map<String, Object> inputs) {
                    return answer.forward(Map.of("question", inputs.get("question"), "context", List.of()));
                }

                /** How answers are written. */
                public enum Style { SHORT, DETAILED }
            }
            """);

    /** A class that is not a program: its predictors are its module fields'. */
    static final JavaFileObject PIPELINE = source("Pipeline", """
            public class Pipeline {
                AnswerPredictor answer = AnswerPredictor.predict();
                List<Predict> hops = List.of(new Predict(AnswerSignature.DESCRIPTOR));
                static Predict shared = new Predict(AnswerSignature.DESCRIPTOR);

                @Variable(min = 1, max = 3)
                int depth = 1;
            }
            """);

    private static Compilation compilation;

    /** A source in package {@code test} with the imports programs and variables use. */
    static JavaFileObject source(String simpleName, String body) {
        return JavaFileObjects.forSourceString("test." + simpleName, """
                package test;

                import dev.dspj.annotations.Program;
                import dev.dspj.annotations.Variable;
                import dev.dspj.module.Predict;
                import dev.dspj.primitives.Prediction;
                import dev.dspj.module.ProgramModule;
                import java.util.List;
                import java.util.Map;

                """ + body);
    }

    @BeforeAll
    static void compile() {
        compilation = Sources.compile(ProgramsTest.ANSWER, TUNED_QA, PIPELINE);
    }

    @Test
    void compilesWithoutWarnings() {
        assertThat(compilation).succeededWithoutWarnings();
    }

    @Test
    void theSpaceDeclaresEachFieldWithItsInitializerAsDefault() throws Exception {
        Loaded tuned = load("test.TunedQa");
        VariableSpace space = tuned.variables.space();
        assertEquals(List.of("style", "reasoning", "hops", "temperature", "format", "maxTokens"), space.names());
        Variable hops = space.variable("hops").orElseThrow();
        assertEquals(Variable.Kind.INTEGER, hops.kind());
        assertEquals(List.of(1L, 3L, 5L, 7L), hops.values());
        assertEquals(3L, hops.defaultValue());
        assertEquals("style=DETAILED", hops.condition().orElseThrow().toString());
        Variable temperature = space.variable("temperature").orElseThrow();
        assertTrue(temperature.logScale());
        assertEquals(0.7, temperature.defaultValue());
        assertEquals(
                "Whether to think step by step before answering",
                space.variable("reasoning").orElseThrow().description(),
                "the javadoc's first sentence");
        assertEquals(
                List.of("SHORT", "DETAILED"),
                space.variable("style").orElseThrow().choices());
        assertEquals(
                tuned.type.getDeclaredClasses()[0],
                space.variable("style").orElseThrow().enumType().orElseThrow());
        assertEquals(
                Configuration.of(Map.of("style", "SHORT", "reasoning", false, "temperature", 0.7, "format", "plain")),
                space.defaults());
    }

    @Test
    void readGivesTheFieldsOfTheActiveVariables() throws Exception {
        Loaded tuned = load("test.TunedQa");
        Object program = tuned.newProgram();
        assertEquals(tuned.variables.space().defaults(), tuned.variables.read(program));

        set(program, "style", enumConstant(tuned, "DETAILED"));
        set(program, "hops", 5);
        set(program, "format", "json");
        assertEquals(
                Configuration.of(Map.of(
                        "style",
                        "DETAILED",
                        "reasoning",
                        false,
                        "hops",
                        5,
                        "temperature",
                        0.7,
                        "format",
                        "json",
                        "maxTokens",
                        512)),
                tuned.variables.read(program));
    }

    @Test
    void applySetsTheFieldsAndReadGivesTheSameConfigurationBack() throws Exception {
        Loaded tuned = load("test.TunedQa");
        Object program = tuned.newProgram();
        Configuration configuration = Configuration.of(Map.of(
                "style",
                "DETAILED",
                "reasoning",
                true,
                "hops",
                7,
                "temperature",
                0.05,
                "format",
                "markdown",
                "maxTokens",
                1024));
        tuned.variables.apply(program, configuration);

        assertEquals(configuration, tuned.variables.read(program));
        assertEquals(enumConstant(tuned, "DETAILED"), get(program, "style"));
        assertEquals(7, get(program, "hops"));
        assertEquals(0.05, get(program, "temp"));
        assertEquals(1024L, get(program, "maxTokens"));
        assertEquals(5, get(program, "notAVariable"));
    }

    @Test
    void applySetsOnlyTheVariablesTheConfigurationHasAndIgnoresOthers() throws Exception {
        Loaded tuned = load("test.TunedQa");
        Object program = tuned.newProgram();
        tuned.variables.apply(program, Configuration.of(Map.of("reasoning", true, "answer.temperature", 0.3)));
        assertEquals(true, get(program, "reasoning"));
        assertEquals(0.7, get(program, "temp"));
    }

    @Test
    void applyRejectsAValueOutsideTheVariableAndChangesNothing() throws Exception {
        Loaded tuned = load("test.TunedQa");
        Object program = tuned.newProgram();
        InvalidConfigurationException e = assertThrows(
                InvalidConfigurationException.class,
                () -> tuned.variables.apply(program, Configuration.of(Map.of("hops", 4, "format", "yaml"))));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(
                e.getMessage().contains("'hops'") && e.getMessage().contains("[1, 7] in steps of 2"), e.getMessage());
        assertTrue(
                e.getMessage().contains("'format'") && e.getMessage().contains("[plain, markdown, json]"),
                e.getMessage());
        assertEquals(3, get(program, "hops"));
        assertEquals("plain", get(program, "format"));
    }

    @Test
    void deepCopiesKeepTheVariables() throws Exception {
        Loaded tuned = load("test.TunedQa");
        ProgramModule<?> program = (ProgramModule<?>) tuned.newProgram();
        Configuration configuration = Configuration.of(Map.of(
                "style",
                "DETAILED",
                "reasoning",
                true,
                "hops",
                1,
                "temperature",
                1.5,
                "format",
                "json",
                "maxTokens",
                64));
        tuned.variables.apply(program, configuration);

        Object copy = program.deepCopy();
        assertNotSame(program, copy);
        assertEquals(configuration, tuned.variables.read(copy));
    }

    @Test
    void theProgramsDescriptorHandsOutItsVariablesWhosePredictorsAreTheProgramsOwn() throws Exception {
        Loaded tuned = load("test.TunedQa");
        ProgramModule<?> program = (ProgramModule<?>) tuned.newProgram();
        assertSame(tuned.variables, program.descriptor().variables());
        assertEquals(program.namedPredictors(), tuned.variables.predictors(program));
        assertEquals(
                "TunedQaVariables[style, reasoning, hops, temperature, format, maxTokens]", tuned.variables.toString());
    }

    @Test
    void aProgramWithoutVariablesGetsAnEmptySpace() throws Exception {
        Compilation twoHop = Sources.compile(ProgramsTest.GENERATE_QUERY, ProgramsTest.ANSWER, ProgramsTest.TWO_HOP_QA);
        assertThat(twoHop).succeededWithoutWarnings();
        ClassLoader loader = new CompilationClassLoader(twoHop, VariablesTest.class.getClassLoader());
        ProgramModule<?> program = (ProgramModule<?>)
                loader.loadClass("test.TwoHopQa").getConstructor().newInstance();
        ProgramVariables<Object> variables = variablesOf(loader.loadClass("test.TwoHopQaVariables"));
        assertSame(variables, program.descriptor().variables());
        assertEquals(VariableSpace.empty().names(), variables.space().names());
        assertEquals(Configuration.empty(), variables.read(program));
        assertEquals(program.namedPredictors(), variables.predictors(program));
        String source = Sources.generated(twoHop, "test.TwoHopQaVariables");
        assertTrue(source.contains("public static final VariableSpace SPACE = VariableSpace.empty();"), source);
    }

    @Test
    void aPlainClassListsThePredictorsOfItsModuleFields() throws Exception {
        Loaded pipeline = load("test.Pipeline");
        Object instance = pipeline.newProgram();
        List<String> paths = pipeline.variables.predictors(instance).stream()
                .map(NamedPredictor::name)
                .toList();
        assertEquals(List.of("answer", "hops[0]"), paths);
        pipeline.variables.apply(instance, Configuration.of(Map.of("depth", 3)));
        assertEquals(3, get(instance, "depth"));
        assertEquals(Configuration.of(Map.of("depth", 3)), pipeline.variables.read(instance));
        assertThrows(
                InvalidConfigurationException.class,
                () -> pipeline.variables.apply(instance, Configuration.of(Map.of("depth", 0))));
    }

    @Test
    void aPlainClassWithoutModuleFieldsHasNoPredictors() throws Exception {
        JavaFileObject knobs = source("Knobs", """
                public class Knobs {
                    @Variable
                    boolean verbose;
                }
                """);
        Compilation compiled = Sources.compile(knobs);
        assertThat(compiled).succeededWithoutWarnings();
        assertTrue(Sources.generated(compiled, "test.KnobsVariables").contains("return List.of();"));
    }

    @Test
    void privateOrUnwalkableModuleFieldsOfAPlainClassAreLeftOutWithAWarning() {
        JavaFileObject holder = source("Holder", """
                public class Holder {
                    private Predict hidden = new Predict(AnswerSignature.DESCRIPTOR);
                    java.util.Set<Predict> many = java.util.Set.of();

                    @Variable
                    boolean verbose;
                }
                """);
        Compilation compiled = Sources.compile(ProgramsTest.ANSWER, holder);
        assertThat(compiled).succeeded();
        assertThat(compiled)
                .hadWarningContaining("[DSPJ-VARIABLES-SKIPPED-MODULE-FIELD] field hidden of Holder holds "
                        + "modules but is private, so the generated HolderVariables.predictors() leaves it out; make it "
                        + "package-private, protected or public")
                .inFile(holder)
                .onLineContaining("private Predict hidden");
        assertThat(compiled)
                .hadWarningContaining("[DSPJ-VARIABLES-SKIPPED-MODULE-FIELD] field many of Holder holds "
                        + "modules but holds them in a java.util.Set<dev.dspj.module.Predict>, which DSPJ cannot walk")
                .inFile(holder)
                .onLineContaining("Set<Predict> many");
        assertThat(compiled).hadWarningCount(2);
    }

    /** Every initializer form the processor reads, as the variable's default. */
    @Test
    void initializersAreReadAtCompileTime() throws Exception {
        JavaFileObject limits = JavaFileObjects.forSourceString("test.Limits", """
                package test;

                public final class Limits {
                    public static final int HOPS = 4;
                    public static final int MAX_HOPS = 2 * HOPS;
                    public static final String TEXT = "b";

                    public enum Mode { FAST, SLOW }

                    public interface Shared {
                        int SHARED = 6;
                    }

                    public static class Base implements Shared {
                        static final long BASE_TOKENS = 100L;
                    }
                }
                """);
        JavaFileObject forms = JavaFileObjects.forSourceString("test.Forms", """
                package test;

                import static test.Limits.MAX_HOPS;
                import static test.Limits.Mode.FAST;

                import dev.dspj.annotations.Variable;
                import test.Limits.Mode;

                public class Forms extends Limits.Base {
                    static final double BASE = 0.5;

                    @Variable(min = -10, max = 10) int negative = -3;
                    @Variable(min = -10, max = 10) int parenthesized = (4);
                    @Variable(min = 0, max = 100) int otherClass = Limits.HOPS;
                    @Variable(min = 0, max = 100) int staticImport = MAX_HOPS;
                    @Variable(min = 0, max = 1) double ownConstant = BASE;
                    @Variable(min = -1, max = 1) double negatedConstant = -BASE;
                    @Variable(min = 0, max = 1000) long inherited = BASE_TOKENS;
                    @Variable(min = 0, max = 10) int fromInterface = SHARED;
                    @Variable(min = 0, max = 2147483647) long javaLang = Integer.MAX_VALUE;
                    @Variable(min = -9000000000.0, max = 0) long big = -8000000000L;
                    @Variable Mode staticallyImported = FAST;
                    @Variable Mode qualified = test.Limits.Mode.SLOW;
                    @Variable(choices = {"a", "b"}) String text = Limits.TEXT;
                    @Variable(min = 0, max = 10) double widened = 3;
                    @Variable boolean flag = true;
                    @Variable(min = 0, max = 10) int unset;
                    @Variable boolean unsetFlag;
                }
                """);
        Compilation compiled = Sources.compile(limits, forms);
        assertThat(compiled).succeededWithoutWarnings();
        ClassLoader loader = new CompilationClassLoader(compiled, VariablesTest.class.getClassLoader());
        VariableSpace space =
                variablesOf(loader.loadClass("test.FormsVariables")).space();
        Map<String, Object> expected = new java.util.TreeMap<>(Map.ofEntries(
                Map.entry("negative", -3L),
                Map.entry("parenthesized", 4L),
                Map.entry("otherClass", 4L),
                Map.entry("staticImport", 8L),
                Map.entry("ownConstant", 0.5),
                Map.entry("negatedConstant", -0.5),
                Map.entry("inherited", 100L),
                Map.entry("fromInterface", 6L),
                Map.entry("javaLang", 2147483647L),
                Map.entry("big", -8000000000L),
                Map.entry("staticallyImported", "FAST"),
                Map.entry("qualified", "SLOW"),
                Map.entry("text", "b"),
                Map.entry("widened", 3.0),
                Map.entry("flag", true),
                Map.entry("unset", 0L),
                Map.entry("unsetFlag", false)));
        assertEquals(expected, space.defaults().asMap());
        assertTrue(Sources.generated(compiled, "test.FormsVariables")
                .contains("Variable.integer(\"big\", -9000000000L, 0, 1, -8000000000L)"));
    }

    @Test
    void aClassHoldingPredictorsGeneratedInTheSameCompilationWaitsForThem() throws Exception {
        // Pipeline refers to AnswerPredictor, generated in the first round: its variables come in a later one
        Compilation compiled = Sources.compile(PIPELINE, ProgramsTest.ANSWER);
        assertThat(compiled).succeededWithoutWarnings();
        assertTrue(Sources.generated(compiled, "test.PipelineVariables").contains(".add(\"answer\", program.answer)"));
    }

    @Test
    void withoutSyntaxTreesTheDefaultsCannotBeReadAndEachVariableSaysSo() {
        JavaFileObject knobs = source("Knobs", """
                public class Knobs {
                    @Variable
                    boolean verbose;
                }
                """);
        OpaqueEnvironmentProcessor processor = new OpaqueEnvironmentProcessor();
        Compilation failed = Compiler.javac().withProcessors(processor).compile(knobs);
        assertThat(failed)
                .hadErrorContaining(
                        "[DSPJ-VARIABLE-DEFAULT-UNREADABLE] cannot read the initializer of "
                                + "@Variable field verbose, which is the variable's default: the compiler's processing environment")
                .inFile(knobs)
                .onLineContaining("boolean verbose;");
        assertThat(failed).hadErrorContaining("compile with javac");
        assertThat(failed).hadErrorCount(1);
    }

    // ---- loading what was compiled

    private record Loaded(Class<?> type, ProgramVariables<Object> variables) {
        Object newProgram() throws ReflectiveOperationException {
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        }
    }

    private static Loaded load(String name) throws Exception {
        ClassLoader loader = new CompilationClassLoader(compilation, VariablesTest.class.getClassLoader());
        return new Loaded(loader.loadClass(name), variablesOf(loader.loadClass(name + "Variables")));
    }

    @SuppressWarnings("unchecked")
    private static ProgramVariables<Object> variablesOf(Class<?> generated) throws ReflectiveOperationException {
        return (ProgramVariables<Object>) generated.getField("INSTANCE").get(null);
    }

    private static Object enumConstant(Loaded loaded, String name) {
        Class<?> style = loaded.type.getDeclaredClasses()[0];
        for (Object constant : style.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(name)) {
                return constant;
            }
        }
        throw new AssertionError("no constant " + name);
    }

    private static Object get(Object program, String field) throws ReflectiveOperationException {
        Field declared = program.getClass().getDeclaredField(field);
        declared.setAccessible(true);
        return declared.get(program);
    }

    private static void set(Object program, String field, Object value) throws ReflectiveOperationException {
        Field declared = program.getClass().getDeclaredField(field);
        declared.setAccessible(true);
        declared.set(program, value);
    }
}
