package dev.dspj.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.tool.Tool;
import dev.dspj.tool.ToolCalls;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code @Tool} diagnostic: its tag, the file and line it is reported on (the method, the
 * parameter, or the annotation value at fault, written on its own line to tell them apart), its
 * text, and that nothing is generated for a class with an error; the stray {@code @ToolParam}
 * warning; and {@code Tool}, {@code List<Tool>} and {@code ToolCalls} as signature field types.
 */
class ToolErrorsTest {

    /**
     * One misuse.
     *
     * @param name what is wrong
     * @param members the members of the class {@code Kit}
     * @param tag the message's tag
     * @param line a text found only on the line the error must be reported on
     * @param message the text the message must contain
     */
    record Case(String name, String members, String tag, String line, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The class {@code test.Kit} with the given members. */
    static JavaFileObject kit(String members) {
        return JavaFileObjects.forSourceString(
                "test.Kit", """
                package test;

                import dev.dspj.annotations.Tool;
                import dev.dspj.annotations.ToolParam;
                import java.util.List;
                import java.util.Map;
                import java.util.concurrent.CompletableFuture;

                public class Kit {
                %s
                }
                """.formatted(members.indent(4).stripTrailing()));
    }

    /** Compiles, expects exactly one error, with the tag, on the line, and no generated file. */
    private static void assertSingleError(JavaFileObject source, String tag, String line, String message) {
        RecordingProcessor processor = new RecordingProcessor();
        Compilation compilation = Compiler.javac().withProcessors(processor).compile(source);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining(tag).inFile(source).onLineContaining(line);
        assertThat(compilation).hadErrorContaining(tag + " " + message);
        assertThat(compilation).hadErrorCount(1);
        assertEquals(List.of(), processor.created(), "generated despite the error");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"methods", "types", "names", "classes"})
    void misuseIsReportedOnItsElement(Case misuse) {
        assertSingleError(kit(misuse.members()), misuse.tag(), misuse.line(), misuse.message());
    }

    static Stream<Case> methods() {
        return Stream.of(
                new Case(
                        "package-private method",
                        """
                        @Tool
                        int add(int a, int b) { return a + b; }""",
                        "[DSPJ-TOOL-NOT-PUBLIC]",
                        "int add(",
                        "@Tool method add is package-private, but a tool is called by the generated KitTools: make "
                                + "it public"),
                new Case("private method", """
                        @Tool
                        private int add(int a, int b) { return a + b; }""", "[DSPJ-TOOL-NOT-PUBLIC]", "int add(", "@Tool method add is private"),
                new Case(
                        "static method",
                        """
                        @Tool
                        public static int twice(int n) { return 2 * n; }""",
                        "[DSPJ-TOOL-STATIC-METHOD]",
                        "int twice(",
                        "@Tool method twice is static, but a tool is a method of a class instance (KitTools.of(target)"
                                + " calls it on target); remove `static`"),
                new Case(
                        "generic method",
                        """
                        @Tool
                        public <T> String show(String value) { return value; }""",
                        "[DSPJ-TOOL-GENERIC-METHOD]",
                        "String show(",
                        "@Tool method show declares type parameters <T>"));
    }

    static Stream<Case> types() {
        return Stream.of(
                new Case(
                        "unsupported parameter type",
                        """
                        @Tool
                        public String show(
                                Object value) { return "" + value; }""",
                        "[DSPJ-TOOL-UNSUPPORTED-TYPE]",
                        "Object value",
                        "parameter value of @Tool show has type java.lang.Object, which a tool cannot take or return. "
                                + "Supported: String, int, long, double, float, boolean and their boxed forms, "
                                + "BigDecimal, enums, records, and List<T>, Set<T>, Map<String, T> and Optional<T> of "
                                + "those; a result may also be void, or a CompletableFuture<T> or CompletionStage<T> of "
                                + "those"),
                new Case(
                        "char parameter",
                        """
                        @Tool
                        public String show(
                                char letter) { return "" + letter; }""",
                        "[DSPJ-TOOL-UNSUPPORTED-TYPE]",
                        "char letter",
                        "parameter letter of @Tool show has type char, which a tool cannot take or return."),
                new Case(
                        "unsupported type inside a record",
                        """
                        public record Box(Object content) {}

                        @Tool
                        public String show(
                                Box box) { return "" + box; }""",
                        "[DSPJ-TOOL-UNSUPPORTED-TYPE]",
                        "Box box",
                        "parameter box of @Tool show has type java.lang.Object (in Box.content), which a tool cannot"),
                new Case(
                        "map with other keys",
                        """
                        @Tool
                        public int count(
                                Map<Integer, String> names) { return names.size(); }""",
                        "[DSPJ-MAP-KEY]",
                        "Map<Integer, String> names",
                        "parameter names of @Tool count has type java.util.Map<java.lang.Integer,java.lang.String>: "
                                + "map keys must be String"),
                new Case(
                        "tool as a tool's argument",
                        """
                        @Tool
                        public String describe(
                                dev.dspj.tool.Tool tool) { return tool.name(); }""",
                        "[DSPJ-TOOL-UNSUPPORTED-TYPE]",
                        "dev.dspj.tool.Tool tool",
                        "parameter tool of @Tool describe has type dev.dspj.tool.Tool, which a tool cannot"),
                new Case(
                        "unsupported result type",
                        """
                        @Tool
                        public Object make() { return new Object(); }""",
                        "[DSPJ-TOOL-UNSUPPORTED-TYPE]",
                        "Object make()",
                        "the result of @Tool make has type java.lang.Object, which a tool cannot take or return."),
                new Case(
                        "unsupported async result type",
                        """
                        @Tool
                        public CompletableFuture<Object> make() { return new CompletableFuture<>(); }""",
                        "[DSPJ-TOOL-UNSUPPORTED-TYPE]",
                        "CompletableFuture<Object> make()",
                        "the result of @Tool make has type java.lang.Object, which a tool cannot take or return."),
                new Case(
                        "raw future",
                        """
                        @Tool
                        @SuppressWarnings("rawtypes")
                        public CompletableFuture make() { return new CompletableFuture<>(); }""",
                        "[DSPJ-RAW-TYPE]",
                        "CompletableFuture make()",
                        "the result of @Tool make uses the raw type java.util.concurrent.CompletableFuture; give its "
                                + "type arguments, for example CompletableFuture<String>"));
    }

    static Stream<Case> names() {
        return Stream.of(
                new Case(
                        "two tools with one name",
                        """
                        @Tool
                        public int add(int a, int b) { return a + b; }

                        @Tool(
                                name = "add")
                        public int plus(int a, int b) { return a + b; }""",
                        "[DSPJ-TOOL-DUPLICATE-NAME]",
                        "name = \"add\"",
                        "@Tool name \"add\" of plus is already used by add of the same class"),
                new Case(
                        "two arguments with one name",
                        """
                        @Tool
                        public int add(int a, @ToolParam(
                                name = "a") int b) { return a + b; }""",
                        "[DSPJ-TOOL-DUPLICATE-ARGUMENT]",
                        "name = \"a\"",
                        "argument name \"a\" of parameter b is already used by parameter a of @Tool add; rename one "
                                + "with @ToolParam(name = \"...\")"),
                new Case(
                        "an argument described twice",
                        """
                        @Tool
                        public int add(int a, @ToolParam(value = "one", desc = "the other") int b) { return a + b; }""",
                        "[DSPJ-TOOL-PARAM-TWO-DESCRIPTIONS]",
                        "desc = \"the other\"",
                        "@ToolParam on parameter b of @Tool add gives a description twice, as value and as desc; keep "
                                + "one of them"),
                new Case(
                        "invalid tool name",
                        """
                        @Tool(
                                name = "add numbers")
                        public int add(int a, int b) { return a + b; }""",
                        "[DSPJ-TOOL-INVALID-NAME]",
                        "name = \"add numbers\"",
                        "@Tool name \"add numbers\" of method add is not valid: use 1 to 64 letters, digits, '_' or '-'"
                                + " (what function-calling APIs accept)"),
                new Case(
                        "tool name too long",
                        """
                        @Tool(
                                name = "%s")
                        public int add(int a, int b) { return a + b; }""".formatted("a".repeat(65)),
                        "[DSPJ-TOOL-INVALID-NAME]",
                        "name = \"aaaa",
                        "@Tool name \"" + "a".repeat(65) + "\" of method add is not valid"),
                new Case(
                        "invalid method name",
                        """
                        @Tool
                        public int add$(int a, int b) { return a + b; }""",
                        "[DSPJ-TOOL-INVALID-NAME]",
                        "int add$(",
                        "@Tool name \"add$\" is not valid: use 1 to 64 letters, digits, '_' or '-' (what "
                                + "function-calling APIs accept); give the tool another with @Tool(name = \"...\")"),
                new Case(
                        "invalid argument name",
                        """
                        @Tool
                        public int add(int a, @ToolParam(
                                name = "the.value") int b) { return a + b; }""",
                        "[DSPJ-TOOL-INVALID-NAME]",
                        "name = \"the.value\"",
                        "argument name \"the.value\" of parameter b of @Tool add is not valid"));
    }

    static Stream<Case> classes() {
        return Stream.of(
                new Case(
                        "private class",
                        """
                        private static class Hidden {
                            @Tool
                            public int one() { return 1; }
                        }""",
                        "[DSPJ-TOOL-UNREACHABLE-CLASS]",
                        "int one()",
                        "@Tool method one is in the private class test.Kit.Hidden, which the code generated for its "
                                + "tools cannot reach; make the class package-private or public"),
                new Case(
                        "inner class",
                        """
                        public class Inner {
                            @Tool
                            public int one() { return 1; }
                        }""",
                        "[DSPJ-TOOL-UNREACHABLE-CLASS]",
                        "int one()",
                        "@Tool method one is in the inner class test.Kit.Inner, whose instances belong to an instance"
                                + " of Kit, which the code generated for its tools cannot reach; declare the class "
                                + "static"),
                new Case(
                        "generic class",
                        """
                        public static class Holder<T> {
                            @Tool
                            public int one() { return 1; }
                        }""",
                        "[DSPJ-TOOL-GENERIC-CLASS]",
                        "int one()",
                        "@Tool method one is in the generic class Holder<T>, whose generated Kit_HolderTools would "
                                + "need its type arguments"));
    }

    /**
     * Methods of local and anonymous classes, which annotation processing does not list: found in
     * the syntax tree. javac runs DSPJ's processor only when a DSPJ annotation appears outside
     * method bodies somewhere in the compilation, here in {@code Clock}.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void localClasses(Case misuse) {
        JavaFileObject clock = ToolStepTest.source("Clock", """
                public class Clock {
                    @Tool
                    public long now() {
                        return 0;
                    }
                }
                """);
        JavaFileObject source = kit(misuse.members());
        Compilation compilation =
                Compiler.javac().withProcessors(new SignatureProcessor()).compile(clock, source);
        assertThat(compilation).hadErrorContaining(misuse.tag()).inFile(source).onLineContaining(misuse.line());
        assertThat(compilation).hadErrorContaining(misuse.tag() + " " + misuse.message());
        assertThat(compilation).hadErrorCount(1);
    }

    static Stream<Case> localClasses() {
        return Stream.of(
                new Case(
                        "local class",
                        """
                        void run() {
                            class Local {
                                @Tool
                                public int one() { return 1; }
                            }
                        }""",
                        "[DSPJ-TOOL-UNREACHABLE-CLASS]",
                        "int one()",
                        "@Tool method one is in the local class Local, which the code generated for its tools cannot "
                                + "reach; move the method to a top-level or static nested class"),
                new Case(
                        "anonymous class",
                        """
                        Object tools = new Object() {
                            @Tool
                            public int one() { return 1; }
                        };""",
                        "[DSPJ-TOOL-UNREACHABLE-CLASS]",
                        "int one()",
                        "@Tool method one is in an anonymous class"));
    }

    @Test
    void aNameTakenByASourceTypeIsAClash() {
        JavaFileObject taken = JavaFileObjects.forSourceString("test.KitTools", "package test; class KitTools {}");
        RecordingProcessor processor = new RecordingProcessor();
        JavaFileObject kit = kit("""
                @Tool
                public int one() { return 1; }""");
        Compilation compilation = Compiler.javac().withProcessors(processor).compile(kit, taken);
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-TOOLS-NAME-CLASH] cannot generate KitTools: a type with "
                        + "that name already exists in package test; rename the class Kit or that type")
                .inFile(kit)
                .onLineContaining("public class Kit");
        assertEquals(List.of(), processor.created());
    }

    @Test
    void toolParamOnAMethodWithoutToolIsAWarning() {
        JavaFileObject kit = kit("""
                public int add(int a, @ToolParam("the second") int b) { return a + b; }""");
        Compilation compilation = Sources.compile(kit);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .hadWarningContaining("[DSPJ-STRAY-TOOL-PARAM] @ToolParam on parameter b of Kit.add() has no effect: "
                        + "the method is not a @Tool; annotate the method with @Tool, or remove @ToolParam")
                .inFile(kit)
                .onLineContaining("int add(");
        assertThat(compilation).hadWarningCount(1);
    }

    @Test
    void toolParamOnAConstructorIsAWarningNamingIt() {
        JavaFileObject kit = kit("""
                public Kit(@ToolParam("the size") int size) {}""");
        Compilation compilation = Sources.compile(kit);
        assertThat(compilation)
                .hadWarningContaining("[DSPJ-STRAY-TOOL-PARAM] @ToolParam on parameter size of Kit.Kit() has no effect")
                .inFile(kit)
                .onLineContaining("public Kit(");
    }

    @Test
    void toolParamOnAMethodWithoutToolIsAnErrorWhenStrict() {
        JavaFileObject kit = kit("""
                public int add(int a, @ToolParam("the second") int b) { return a + b; }""");
        Compilation compilation = Compiler.javac()
                .withProcessors(new SignatureProcessor())
                .withOptions("-Adspj.strict=true")
                .compile(kit);
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-STRAY-TOOL-PARAM]")
                .inFile(kit)
                .onLineContaining("int add(");
        assertThat(compilation).hadErrorCount(1);
    }

    // ---- tools in signatures

    private static final JavaFileObject PICK_TOOL = Sources.source("PickTool", """
            @Signature("Pick the tools to call.")
            public interface PickTool {
                @InputField
                String question();

                @InputField(desc = "the tool to prefer")
                dev.dspj.tool.Tool preferred();

                @InputField
                List<dev.dspj.tool.Tool> tools();

                @InputField
                Optional<dev.dspj.tool.ToolCalls> earlier();

                @OutputField
                dev.dspj.tool.ToolCalls calls();
            }
            """);

    @Test
    void signatureFieldsMayBeToolsAndToolCalls() throws ReflectiveOperationException {
        Compilation compilation = Sources.compile(PICK_TOOL);
        assertThat(compilation).succeededWithoutWarnings();
        ClassLoader loader = new CompilationClassLoader(compilation, getClass().getClassLoader());
        SignatureDescriptor descriptor = (SignatureDescriptor) loader.loadClass("test.PickToolSignature")
                .getField("DESCRIPTOR")
                .get(null);
        assertSame(Tool.CODEC, descriptor.fields().get(1).codec());
        assertEquals("list[Tool]", descriptor.fields().get(2).typeName());
        assertSame(ToolCalls.CODEC, descriptor.fields().get(4).codec());
        String source = Sources.generated(compilation, "test.PickToolSignature");
        assertThat(compilation).generatedSourceFile("test.PickToolSignature");
        assertEquals(true, source.contains("Codecs.list(Tool.CODEC)"), source);
        assertEquals(true, source.contains("Codecs.optional(ToolCalls.CODEC)"), source);
    }

    @Test
    void aToolOutputIsAnError() {
        JavaFileObject source = Sources.source("MakeTool", """
                @Signature("Make a tool.")
                public interface MakeTool {
                    @InputField
                    String question();

                    @OutputField
                    List<dev.dspj.tool.Tool> made();
                }
                """);
        Compilation compilation = Sources.compile(source);
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-TOOL-OUTPUT-FIELD] @OutputField made() has type "
                        + "java.util.List<dev.dspj.tool.Tool>, but a Tool is given to a model, never read from its "
                        + "answer; make it an @InputField, or use dev.dspj.tool.ToolCalls for the calls a model "
                        + "answers with")
                .inFile(source)
                .onLineContaining("made()");
        assertThat(compilation).hadErrorCount(1);
    }
}
