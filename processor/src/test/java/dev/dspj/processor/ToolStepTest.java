package dev.dspj.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.dspj.tool.Tool;
import dev.dspj.tool.ToolException;
import dev.dspj.tool.ToolResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code @Tool} methods: the generated {@code ToolboxTools} (compared with its golden in
 * GoldenSourcesTest) compiles without warnings, and its tools work once compiled — every supported
 * parameter kind read from JSON arguments, an {@code Optional} argument left out, wrong types
 * rejected with a {@link ToolException} before the method runs, {@code void} and async methods —
 * with names and descriptions from the annotations or the javadoc.
 */
class ToolStepTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A class with a tool of every kind and a parameter of every supported type. */
    static final JavaFileObject TOOLBOX = source("Toolbox", """
            /** Tools for the tests. */
            public class Toolbox {

                /** A unit of length. */
                public enum Unit { CM, INCH }

                /**
                 * A point.
                 *
                 * @param x across
                 * @param y up
                 */
                public record Point(double x, double y) {}

                /**
                 * A segment.
                 *
                 * @param from where it starts
                 * @param to where it ends
                 * @param unit its unit
                 */
                public record Segment(Point from, Point to, Unit unit) {}

                /** What {@link #record} was given. */
                public final List<String> log = new ArrayList<>();

                /**
                 * Adds two numbers.
                 *
                 * <p>Exactly, in doubles.
                 *
                 * @param a the first number
                 * @param b the second
                 *     number
                 * @return the sum
                 */
                @Tool(blocking = false)
                public double add(double a, @ToolParam("the number to add") double b) {
                    return a + b;
                }

                /**
                 * Describes everything it is given.
                 *
                 * @param text some text
                 * @return the description
                 */
                @Tool(value = "Echoes every kind of argument.", name = "all-kinds")
                public String everything(
                        String text,
                        int count,
                        long big,
                        float ratio,
                        boolean flag,
                        Integer boxed,
                        BigDecimal amount,
                        Unit unit,
                        Segment segment,
                        List<Point> points,
                        Set<String> tags,
                        Map<String, Integer> counts,
                        @ToolParam(value = "an optional note", name = "note_text") Optional<String> note) {
                    return String.join(
                            "|",
                            text,
                            String.valueOf(count),
                            String.valueOf(big),
                            String.valueOf(ratio),
                            String.valueOf(flag),
                            String.valueOf(boxed),
                            amount.toPlainString(),
                            unit.name(),
                            segment.toString(),
                            points.toString(),
                            new TreeSet<>(tags).toString(),
                            new TreeMap<>(counts).toString(),
                            note.orElse("no note"));
                }

                /**
                 * Records a message.
                 *
                 * @param message what to record
                 */
                @Tool
                public void record(String message) {
                    log.add(message);
                }

                @Tool("Doubles a number, later.")
                public CompletableFuture<Integer> twice(int n) {
                    return CompletableFuture.supplyAsync(() -> n * 2);
                }

                @Tool
                public Point origin() {
                    return new Point(0, 0);
                }

                @Tool("Fails.")
                public int fail() throws java.io.IOException {
                    throw new java.io.IOException("disk full");
                }

                /** Not a tool. */
                public int notATool() {
                    return 0;
                }
            }
            """);

    private static Compilation compilation;
    private static Object toolbox;
    private static Map<String, Tool> tools;

    /** A source in package {@code test} with the tool annotations and the JDK types tools use. */
    static JavaFileObject source(String simpleName, String body) {
        return JavaFileObjects.forSourceString("test." + simpleName, """
                package test;

                import dev.dspj.annotations.Tool;
                import dev.dspj.annotations.ToolParam;
                import java.math.BigDecimal;
                import java.util.ArrayList;
                import java.util.List;
                import java.util.Map;
                import java.util.Optional;
                import java.util.Set;
                import java.util.TreeMap;
                import java.util.TreeSet;
                import java.util.concurrent.CompletableFuture;

                """ + body);
    }

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void compile() throws ReflectiveOperationException {
        compilation = Sources.compile(TOOLBOX);
        ClassLoader loader = new CompilationClassLoader(compilation, ToolStepTest.class.getClassLoader());
        toolbox = loader.loadClass("test.Toolbox").getConstructor().newInstance();
        List<Tool> list = (List<Tool>) loader.loadClass("test.ToolboxTools")
                .getMethod("of", toolbox.getClass())
                .invoke(null, toolbox);
        tools = list.stream().collect(Collectors.toMap(Tool::name, t -> t, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    private static ToolResult invoke(String tool, String arguments) throws Exception {
        return tools.get(tool).invoke(JSON.readTree(arguments)).get();
    }

    private static ToolException failure(String tool, String arguments) throws Exception {
        JsonNode node = JSON.readTree(arguments);
        CompletionException e = assertThrows(
                CompletionException.class, () -> tools.get(tool).invoke(node).join());
        return assertInstanceOf(ToolException.class, e.getCause());
    }

    @Test
    void compilesWithoutWarnings() {
        assertThat(compilation).succeededWithoutWarnings();
    }

    @Test
    void oneToolPerMethodInDeclarationOrder() {
        assertEquals(List.of("add", "all-kinds", "record", "twice", "origin", "fail"), List.copyOf(tools.keySet()));
    }

    @Test
    void aToolMayBlockUnlessTheAnnotationSaysOtherwiseOrItReturnsAFuture() {
        assertFalse(tools.get("add").blocking(), "@Tool(blocking = false)");
        assertTrue(tools.get("record").blocking());
        assertTrue(tools.get("fail").blocking());
        assertFalse(tools.get("twice").blocking(), "an async tool");
    }

    @Test
    void descriptionsComeFromTheAnnotationOrTheJavadocWithoutBlockTags() {
        assertEquals(
                "Adds two numbers.\n\n<p>Exactly, in doubles.",
                tools.get("add").description().orElseThrow());
        assertEquals(
                "Echoes every kind of argument.",
                tools.get("all-kinds").description().orElseThrow());
        assertEquals("Records a message.", tools.get("record").description().orElseThrow());
        assertTrue(tools.get("origin").description().isEmpty());
    }

    @Test
    void argumentDescriptionsComeFromToolParamOrTheParamTag() {
        Tool add = tools.get("add");
        assertEquals("the first number", add.arguments().get(0).description());
        assertEquals("the number to add", add.arguments().get(1).description());
        Tool all = tools.get("all-kinds");
        assertEquals("some text", all.arguments().get(0).description());
        assertEquals(null, all.arguments().get(1).description());
        assertEquals("note_text", all.arguments().get(12).name());
        assertEquals("an optional note", all.arguments().get(12).description());
        assertEquals("what to record", tools.get("record").arguments().get(0).description());
    }

    @Test
    void aToolCallsItsMethodWithTheArguments() throws Exception {
        ToolResult sum = invoke("add", "{\"a\": 1.5, \"b\": 2}");
        assertEquals(3.5, sum.value());
        assertEquals("3.5", sum.text());
    }

    @Test
    void everySupportedParameterKindIsReadFromJson() throws Exception {
        String arguments = """
                {"text": "hi", "count": 3, "big": 9000000000, "ratio": 0.5, "flag": true, "boxed": 7,
                 "amount": "12.50", "unit": "INCH",
                 "segment": {"from": {"x": 0, "y": 1}, "to": {"x": 2, "y": 3}, "unit": "CM"},
                 "points": [{"x": 1, "y": 1}], "tags": ["b", "a"], "counts": {"x": 1, "y": 2},
                 "note_text": "remember"}
                """;
        assertEquals(
                "hi|3|9000000000|0.5|true|7|12.50|INCH"
                        + "|Segment[from=Point[x=0.0, y=1.0], to=Point[x=2.0, y=3.0], unit=CM]"
                        + "|[Point[x=1.0, y=1.0]]|[a, b]|{x=1, y=2}|remember",
                invoke("all-kinds", arguments).value());
    }

    @Test
    void anOptionalArgumentMayBeLeftOut() throws Exception {
        String arguments = """
                {"text": "hi", "count": 3, "big": 1, "ratio": 0.5, "flag": false, "boxed": 7, "amount": 1,
                 "unit": "CM", "segment": {"from": {"x": 0, "y": 1}, "to": {"x": 2, "y": 3}, "unit": "CM"},
                 "points": [], "tags": [], "counts": {}}
                """;
        assertTrue(((String) invoke("all-kinds", arguments).value()).endsWith("|no note"));
        List<String> required = new java.util.ArrayList<>();
        tools.get("all-kinds").parameters().get("required").forEach(name -> required.add(name.asText()));
        assertEquals(12, required.size());
        assertFalse(required.contains("note_text"));
    }

    @Test
    void wrongTypesAreRejectedBeforeTheMethodRuns() throws Exception {
        ToolException wrongType = failure("add", "{\"a\": \"one\", \"b\": 2}");
        assertTrue(wrongType.isArgumentError());
        assertTrue(wrongType.getMessage().startsWith("Arg a is invalid"), wrongType.getMessage());
        ToolException missing = failure("add", "{\"a\": 1}");
        assertEquals("Arg b is required but was not given.", missing.getMessage());
        ToolException badEnum = failure("all-kinds", "{\"text\": \"hi\", \"unit\": \"MILE\"}");
        assertTrue(badEnum.isArgumentError());
        ToolException unknown = failure("record", "{\"message\": \"m\", \"extra\": 1}");
        assertEquals("Arg extra is not in the tool's args.", unknown.getMessage());
    }

    @Test
    void aVoidMethodRunsAndReturnsNone() throws Exception {
        ToolResult result = invoke("record", "{\"message\": \"hello\"}");
        assertEquals(null, result.value());
        assertEquals("None", result.text());
        assertTrue(((List<?>) toolbox.getClass().getField("log").get(toolbox)).contains("hello"));
    }

    @Test
    void anAsyncMethodCompletesWithItsValue() throws Exception {
        assertEquals(42, invoke("twice", "{\"n\": 21}").value());
    }

    @Test
    void aRecordResultIsJson() throws Exception {
        assertEquals("{\"x\":0.0,\"y\":0.0}", invoke("origin", "{}").json().toString());
    }

    @Test
    void anExceptionOfTheMethodFailsTheCall() throws Exception {
        ToolException failed = failure("fail", "{}");
        assertFalse(failed.isArgumentError());
        assertEquals("IOException: disk full", failed.getMessage());
    }

    @Test
    void theClassIsTheOnlyOriginatingElement() {
        RecordingProcessor processor = new RecordingProcessor();
        assertThat(Compiler.javac().withProcessors(processor).compile(TOOLBOX)).succeeded();
        assertEquals(Map.of("test.ToolboxTools", List.of("test.Toolbox")), processor.origins());
    }

    @Test
    void aNestedClassGetsItsToolsUnderItsJoinedName() {
        JavaFileObject outer = source("Outer", """
                public class Outer {
                    public static class Clock {
                        @Tool("The time.")
                        public long now() {
                            return 42;
                        }
                    }
                }
                """);
        Compilation nested = Sources.compile(outer);
        assertThat(nested).succeededWithoutWarnings();
        assertTrue(Sources.generated(nested, "test.Outer_ClockTools").contains("of(Outer.Clock target)"));
    }

    @Test
    void toolParamTakesItsDescriptionAsDescToo() {
        JavaFileObject clock = source("Clock", """
                public class Clock {
                    /**
                     * The time somewhere.
                     *
                     * @param zone the javadoc's words
                     */
                    @Tool
                    public String now(@ToolParam(desc = "an IANA time zone, e.g. Europe/Paris") String zone) {
                        return zone;
                    }
                }
                """);
        Compilation compiled = Sources.compile(clock);
        assertThat(compiled).succeededWithoutWarnings();
        String generated = Sources.generated(compiled, "test.ClockTools");
        assertTrue(generated.contains("an IANA time zone, e.g. Europe/Paris"), generated);
        assertFalse(generated.contains("the javadoc's words"), generated);
    }

    @Test
    void parameterTypesGeneratedInALaterRoundAreWaitedFor() {
        JavaFileObject trigger = JavaFileObjects.forSourceString("test.Trigger", """
                package test;

                @interface GenerateLater {
                }

                @GenerateLater
                class Trigger {
                }
                """);
        JavaFileObject waiting = source("Waiting", """
                public class Waiting {
                    @Tool("Counts.")
                    public int count(List<Later> laters) {
                        return laters.size();
                    }
                }
                """);
        Compilation compilation = Compiler.javac()
                .withProcessors(new SignatureProcessor(), new LaterProcessor())
                .compile(waiting, trigger);
        assertThat(compilation).succeededWithoutWarnings();
        assertTrue(Sources.generated(compilation, "test.WaitingTools").contains("Later"));

        Compilation never = Sources.compile(waiting);
        assertThat(never).failed();
        assertThat(never).hadErrorContaining("cannot find symbol");
    }

    @Test
    void theToolShowsItsSchemaAsDspyDoes() {
        assertEquals(
                "add, whose description is <desc>Adds two numbers.    <p>Exactly, in doubles.</desc>. It takes "
                        + "arguments {'a': {'type': 'number', 'description': 'the first number'}, 'b': {'type': "
                        + "'number', 'description': 'the number to add'}}.",
                tools.get("add").toString());
    }
}
