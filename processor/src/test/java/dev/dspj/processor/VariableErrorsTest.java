package dev.dspj.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code @Variable} diagnostic: its tag, the file and line it is reported on (the field, or
 * the annotation value at fault, written on its own line to tell them apart), its text, and that
 * nothing is generated for a class with an error.
 */
class VariableErrorsTest {

    /**
     * One misuse.
     *
     * @param name what is wrong
     * @param members the members of the class {@code Knobs}
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

    /** The class {@code test.Knobs} with the given members and an enum {@code Mode} to use. */
    static JavaFileObject knobs(String members) {
        return JavaFileObjects.forSourceString(
                "test.Knobs", """
                package test;

                import dev.dspj.annotations.Program;
                import dev.dspj.annotations.Variable;
                import java.util.List;

                public class Knobs {
                    enum Mode { FAST, CAREFUL }

                %s
                }
                """.formatted(members.indent(4).stripTrailing()));
    }

    /** Compiles, expects exactly one error, with the tag, on the line, and no generated file. */
    private static Compilation assertSingleError(JavaFileObject source, String tag, String line, String message) {
        RecordingProcessor processor = new RecordingProcessor();
        Compilation compilation = Compiler.javac().withProcessors(processor).compile(source);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining(tag).inFile(source).onLineContaining(line);
        assertThat(compilation).hadErrorContaining(tag + " " + message);
        assertThat(compilation).hadErrorCount(1);
        assertEquals(List.of(), processor.created(), "generated despite the error");
        return compilation;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"fields", "classes", "names", "attributes", "bounds", "choices", "defaults", "conditions"})
    void misuseIsReportedOnItsLine(Case misuse) {
        assertSingleError(knobs(misuse.members()), misuse.tag(), misuse.line(), misuse.message());
    }

    static Stream<Case> fields() {
        return Stream.of(
                new Case(
                        "float field",
                        """
                        @Variable(min = 0, max = 1)
                        float temperature = 0.5f;""",
                        "[DSPJ-VARIABLE-UNSUPPORTED-TYPE]",
                        "float temperature",
                        "@Variable field temperature has type float, which cannot be a variable; use double. Supported: "
                                + "boolean, int, long, double, String (with choices) and enums"),
                new Case(
                        "short field",
                        """
                        @Variable(min = 0, max = 1)
                        short hops = 1;""",
                        "[DSPJ-VARIABLE-UNSUPPORTED-TYPE]",
                        "short hops",
                        "@Variable field hops has type short, which cannot be a variable; use int."),
                new Case(
                        "boxed field",
                        """
                        @Variable(min = 0, max = 4)
                        Integer hops = 2;""",
                        "[DSPJ-VARIABLE-UNSUPPORTED-TYPE]",
                        "Integer hops",
                        "@Variable field hops has type java.lang.Integer, which cannot be a variable; use the primitive "
                                + "int: a variable always has a value, never null. Supported:"),
                new Case(
                        "list field",
                        """
                        @Variable
                        List<String> stops = List.of();""",
                        "[DSPJ-VARIABLE-UNSUPPORTED-TYPE]",
                        "List<String> stops",
                        "@Variable field stops has type java.util.List<java.lang.String>, which cannot be a variable. "
                                + "Supported:"),
                new Case(
                        "private enum",
                        """
                        private enum Secret { ONE }

                        @Variable
                        Secret secret = Secret.ONE;""",
                        "[DSPJ-VARIABLE-INACCESSIBLE-ENUM]",
                        "Secret secret",
                        "@Variable field secret has the enum type test.Knobs.Secret, which the KnobsVariables generated in "
                                + "package test cannot use (Secret is private); make the enum public, or "
                                + "package-private in the same package"),
                new Case(
                        "static field",
                        """
                        @Variable
                        static boolean verbose;""",
                        "[DSPJ-VARIABLE-STATIC-FIELD]",
                        "static boolean verbose",
                        "@Variable field verbose is static, but a variable belongs to a program instance "
                                + "(configurations are applied to one program); remove `static`"),
                new Case(
                        "final field",
                        """
                        @Variable
                        final boolean verbose = true;""",
                        "[DSPJ-VARIABLE-FINAL-FIELD]",
                        "final boolean verbose",
                        "@Variable field verbose is final, so the generated KnobsVariables cannot set it when a "
                                + "configuration is applied; remove `final`"),
                new Case(
                        "private field",
                        """
                        @Variable
                        private boolean verbose;""",
                        "[DSPJ-VARIABLE-PRIVATE-FIELD]",
                        "private boolean verbose",
                        "@Variable field verbose is private, so the generated KnobsVariables cannot read or set it; make "
                                + "it package-private, protected or public"));
    }

    static Stream<Case> classes() {
        String unreachable = "[DSPJ-VARIABLE-UNREACHABLE-CLASS]";
        return Stream.of(
                new Case(
                        "private class",
                        """
                        private static class Hidden {
                            @Variable
                            boolean verbose;
                        }""",
                        unreachable,
                        "boolean verbose",
                        "@Variable field verbose is in the private class "
                                + "test.Knobs.Hidden, which the code generated for its variables cannot reach; make the "
                                + "class package-private or public"),
                new Case(
                        "inner class",
                        """
                        class Inner {
                            @Variable
                            boolean verbose;
                        }""",
                        unreachable,
                        "boolean verbose",
                        "@Variable field verbose is in the inner class "
                                + "test.Knobs.Inner, whose instances belong to an instance of Knobs, which the code "
                                + "generated for its variables cannot reach; declare the class static"),
                new Case(
                        "generic class",
                        """
                        static class Box<T> {
                            @Variable
                            boolean verbose;
                        }""",
                        "[DSPJ-VARIABLE-GENERIC-CLASS]",
                        "boolean verbose",
                        "@Variable field verbose is in "
                                + "the generic class Box<T>, whose generated Knobs_BoxVariables would need its type "
                                + "arguments; move the variables to a class without type parameters"));
    }

    /**
     * Fields of local and anonymous classes, which annotation processing does not list: found in the
     * syntax tree. javac runs DSPJ's processor only when a DSPJ annotation appears outside method
     * bodies somewhere in the compilation (in any module that uses DSPJ), here in {@code Flags}.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void localClasses(Case misuse) {
        JavaFileObject flags = JavaFileObjects.forSourceString("test.Flags", """
                package test;

                import dev.dspj.annotations.Variable;

                public class Flags {
                    @Variable
                    boolean on;
                }
                """);
        JavaFileObject source = knobs(misuse.members());
        Compilation compilation =
                Compiler.javac().withProcessors(new SignatureProcessor()).compile(flags, source);
        assertThat(compilation).hadErrorContaining(misuse.tag()).inFile(source).onLineContaining(misuse.line());
        assertThat(compilation).hadErrorContaining(misuse.tag() + " " + misuse.message());
        assertThat(compilation).hadErrorCount(1);
    }

    static Stream<Case> localClasses() {
        String unreachable = "[DSPJ-VARIABLE-UNREACHABLE-CLASS]";
        return Stream.of(
                new Case(
                        "local class",
                        """
                        void run() {
                            class Local {
                                @Variable
                                boolean verbose;
                            }
                        }""",
                        unreachable,
                        "boolean verbose",
                        "@Variable field verbose is in the local class Local, "
                                + "which the code generated for its variables cannot reach; move the field to a "
                                + "top-level or static nested class"),
                new Case(
                        "anonymous class",
                        """
                        Object listener = new Object() {
                            @Variable
                            boolean verbose;
                        };""",
                        unreachable,
                        "boolean verbose",
                        "@Variable field verbose is in an anonymous class, "
                                + "which the code generated for its variables cannot reach; move the field to a "
                                + "top-level or static nested class"));
    }

    static Stream<Case> names() {
        return Stream.of(
                new Case(
                        "invalid name",
                        """
                        @Variable(min = 1, max = 3,
                                name = "max-hops")
                        int hops = 1;""",
                        "[DSPJ-VARIABLE-INVALID-NAME]",
                        "name = \"max-hops\"",
                        "@Variable name \"max-hops\" of field hops is not a valid variable name: use letters, digits and "
                                + "underscores, not starting with a digit"),
                new Case(
                        "invalid field name",
                        """
                        @Variable
                        boolean is$set;""",
                        "[DSPJ-VARIABLE-INVALID-NAME]",
                        "boolean is$set",
                        "@Variable name \"is$set\" is not a valid variable name: use letters, digits and underscores, not "
                                + "starting with a digit (it is the field's name; give the variable another with "
                                + "@Variable(name = \"...\"))"),
                new Case(
                        "duplicate name",
                        """
                        @Variable
                        boolean verbose;
                        @Variable(
                                name = "verbose")
                        boolean chatty;""",
                        "[DSPJ-VARIABLE-DUPLICATE-NAME]",
                        "name = \"verbose\"",
                        "@Variable name \"verbose\" of field chatty is already used by field verbose; give one of them "
                                + "another name with @Variable(name = \"...\")"),
                new Case(
                        "same constant",
                        """
                        @Variable
                        boolean maxHops;
                        @Variable(
                                name = "max_hops")
                        boolean other;""",
                        "[DSPJ-VARIABLE-CONSTANT-CLASH]",
                        "name = \"max_hops\"",
                        "@Variable \"max_hops\" of field other would be the constant MAX_HOPS of the generated "
                                + "KnobsVariables, which variable \"maxHops\" of field maxHops becomes too; rename the "
                                + "variable with @Variable(name = \"...\")"),
                new Case(
                        "reserved constant",
                        """
                        @Variable
                        boolean space;""",
                        "[DSPJ-VARIABLE-CONSTANT-CLASH]",
                        "boolean space",
                        "@Variable \"space\" of field space would be the constant SPACE of the generated KnobsVariables, "
                                + "which is reserved for the variable space"));
    }

    static Stream<Case> attributes() {
        String inapplicable = "[DSPJ-VARIABLE-INAPPLICABLE-ATTRIBUTE]";
        return Stream.of(
                new Case(
                        "choices on an int",
                        """
                        @Variable(min = 1, max = 3,
                                choices = {"1", "2"})
                        int hops = 1;""",
                        inapplicable,
                        "choices = {",
                        "@Variable(choices) applies to String fields, " + "but field hops is an int; remove choices"),
                new Case(
                        "choices on an enum",
                        """
                        @Variable(
                                choices = {"FAST"})
                        Mode mode = Mode.FAST;""",
                        inapplicable,
                        "choices = {",
                        "@Variable(choices) applies to String "
                                + "fields, but field mode is the enum Mode; remove choices"),
                new Case(
                        "step on a double",
                        """
                        @Variable(min = 0, max = 1,
                                step = 0.5)
                        double temperature = 0.5;""",
                        inapplicable,
                        "step = 0.5",
                        "@Variable(step) applies to int and "
                                + "long fields, but field temperature is a double; remove step"),
                new Case(
                        "logScale on an int",
                        """
                        @Variable(min = 1, max = 100,
                                logScale = true)
                        int tokens = 10;""",
                        inapplicable,
                        "logScale = true",
                        "@Variable(logScale) applies to double "
                                + "fields, but field tokens is an int; remove logScale"),
                new Case(
                        "min on a boolean",
                        """
                        @Variable(
                                min = 0)
                        boolean verbose;""",
                        inapplicable,
                        "min = 0",
                        "@Variable(min) applies to int, long and double "
                                + "fields, but field verbose is a boolean; remove min"));
    }

    static Stream<Case> bounds() {
        return Stream.of(
                new Case(
                        "no max",
                        """
                        @Variable(min = 1)
                        int hops = 1;""",
                        "[DSPJ-VARIABLE-MISSING-BOUND]",
                        "@Variable(min = 1)",
                        "@Variable field hops (int) needs both min and max: a numeric variable is searched between "
                                + "bounds, but it has no max; declare both, for example @Variable(min = 1, max = 10)"),
                new Case(
                        "no bounds",
                        """
                        @Variable
                        double temperature;""",
                        "[DSPJ-VARIABLE-MISSING-BOUND]",
                        "@Variable",
                        "@Variable field temperature (double) needs both min and max: a numeric variable is searched "
                                + "between bounds, but it has neither; declare both, for example @Variable(min = 0.0, "
                                + "max = 1.0)"),
                new Case(
                        "fractional bound",
                        """
                        @Variable(max = 3,
                                min = 0.5)
                        int hops = 1;""",
                        "[DSPJ-VARIABLE-INVALID-BOUND]",
                        "min = 0.5",
                        "@Variable(min = 0.5) of int field hops is not a whole number in the int range"),
                new Case(
                        "bound beyond int",
                        """
                        @Variable(min = 0,
                                max = 3e9)
                        int tokens = 1;""",
                        "[DSPJ-VARIABLE-INVALID-BOUND]",
                        "max = 3e9",
                        "@Variable(max = 3000000000) of int field tokens is not a whole number in the int range"),
                new Case(
                        "infinite bound",
                        """
                        @Variable(min = 0,
                                max = Double.POSITIVE_INFINITY)
                        double temperature = 1;""",
                        "[DSPJ-VARIABLE-INVALID-BOUND]",
                        "max = Double.POSITIVE_INFINITY",
                        "@Variable(max = Infinity) of double field temperature is not a finite number"),
                new Case(
                        "min above max",
                        """
                        @Variable(
                                min = 5,
                                max = 1)
                        int hops = 3;""",
                        "[DSPJ-VARIABLE-EMPTY-RANGE]",
                        "min = 5,",
                        "@Variable field hops has min = 5 greater than max = 1, so no value is allowed; swap them"),
                new Case(
                        "real min above max",
                        """
                        @Variable(
                                min = 1.5,
                                max = 0.5)
                        double temperature = 1;""",
                        "[DSPJ-VARIABLE-EMPTY-RANGE]",
                        "min = 1.5,",
                        "@Variable field temperature has min = 1.5 greater than max = 0.5"),
                new Case(
                        "zero step",
                        """
                        @Variable(min = 1, max = 9,
                                step = 0)
                        int hops = 1;""",
                        "[DSPJ-VARIABLE-INVALID-STEP]",
                        "step = 0",
                        "@Variable(step = 0) of field hops must be a whole number of at least 1, for example step = 2"),
                new Case(
                        "negative step",
                        """
                        @Variable(min = 1, max = 9,
                                step = -2)
                        int hops = 1;""",
                        "[DSPJ-VARIABLE-INVALID-STEP]",
                        "step = -2",
                        "@Variable(step = -2) of field hops must be a whole number of at least 1"),
                new Case(
                        "fractional step",
                        """
                        @Variable(min = 1, max = 9,
                                step = 1.5)
                        long hops = 1;""",
                        "[DSPJ-VARIABLE-INVALID-STEP]",
                        "step = 1.5",
                        "@Variable(step = 1.5) of field hops must be a whole number of at least 1"),
                new Case(
                        "step not dividing the range",
                        """
                        @Variable(min = 1, max = 10,
                                step = 2)
                        int hops = 1;""",
                        "[DSPJ-VARIABLE-INVALID-STEP]",
                        "step = 2",
                        "@Variable(step = 2) of field hops does not divide its range [1, 10]: max - min = 9 is not a "
                                + "multiple of 2; change step, min or max so that it is"),
                new Case(
                        "log scale from zero",
                        """
                        @Variable(min = 0, max = 1,
                                logScale = true)
                        double temperature = 0.5;""",
                        "[DSPJ-VARIABLE-INVALID-LOG-SCALE]",
                        "logScale = true",
                        "@Variable field temperature is on a log scale, so min must be greater than 0, but min = 0; "
                                + "raise min or remove logScale"));
    }

    static Stream<Case> choices() {
        return Stream.of(
                new Case(
                        "no choices",
                        """
                        @Variable
                        String format = "plain";""",
                        "[DSPJ-VARIABLE-NO-CHOICES]",
                        "@Variable",
                        "@Variable String field format has no choices; list the values it may take, for example "
                                + "@Variable(choices = {\"short\", \"detailed\"})"),
                new Case(
                        "empty choices",
                        """
                        @Variable(
                                choices = {})
                        String format = "plain";""",
                        "[DSPJ-VARIABLE-NO-CHOICES]",
                        "choices = {}",
                        "@Variable String field format has no choices"),
                new Case(
                        "duplicate choice",
                        """
                        @Variable(
                                choices = {"plain", "json", "plain"})
                        String format = "plain";""",
                        "[DSPJ-VARIABLE-DUPLICATE-CHOICE]",
                        "choices = {",
                        "@Variable field format lists the choice \"plain\" twice; remove one"));
    }

    static Stream<Case> defaults() {
        String unsupported = "[DSPJ-VARIABLE-UNSUPPORTED-INITIALIZER]";
        String forms = "Use a literal (2, -0.5, true, \"short\"), an enum constant (Style.SHORT) or a compile-time "
                + "constant (a static final field with a constant initializer)";
        return Stream.of(
                new Case(
                        "string without initializer",
                        """
                        @Variable(choices = {"plain", "json"})
                        String format;""",
                        "[DSPJ-VARIABLE-NEEDS-INITIALIZER]",
                        "String format;",
                        "@Variable field format has no initializer, but its initializer is the variable's default and a "
                                + "String has no natural one; initialize it, for example `String format = \"plain\";`"),
                new Case(
                        "enum without initializer",
                        """
                        @Variable
                        Mode mode;""",
                        "[DSPJ-VARIABLE-NEEDS-INITIALIZER]",
                        "Mode mode;",
                        "@Variable field mode has no initializer, but its initializer is the variable's default and an "
                                + "enum has no natural one; initialize it, for example `Mode mode = Mode.FAST;`"),
                new Case(
                        "method call",
                        """
                        @Variable(min = 1, max = 3)
                        int hops = Math.max(1, 2);""",
                        unsupported,
                        "int hops",
                        "the initializer of @Variable field hops, `Math.max(1, 2)`, is the variable's default, but "
                                + "DSPJ cannot read it at compile time: it is a method call. " + forms),
                new Case(
                        "operation",
                        """
                        @Variable(min = 1, max = 9)
                        int hops = 2 * 3;""",
                        unsupported,
                        "int hops",
                        "the initializer of @Variable field hops, `2 * 3`, is the variable's default, but DSPJ cannot "
                                + "read it at compile time: it is an operation."),
                new Case(
                        "null",
                        """
                        @Variable(choices = {"plain"})
                        String format = null;""",
                        unsupported,
                        "String format",
                        "the initializer of @Variable field format, `null`, is the variable's default, but DSPJ cannot "
                                + "read it at compile time: null is not a value a variable can take."),
                new Case(
                        "field that is not a constant",
                        """
                        static int start = 2;

                        @Variable(min = 1, max = 3)
                        int hops = start;""",
                        unsupported,
                        "int hops = start",
                        "the initializer of @Variable field hops, `start`, is the variable's default, but DSPJ cannot "
                                + "read it at compile time: start is not a compile-time constant (a static final field "
                                + "with a constant initializer)."),
                new Case(
                        "int default outside the bounds",
                        """
                        @Variable(min = 1, max = 3)
                        int hops = 5;""",
                        "[DSPJ-VARIABLE-DEFAULT-OUT-OF-RANGE]",
                        "int hops",
                        "the default of @Variable field hops, 5 (its initializer), is outside [1, 3]; change the "
                                + "initializer or the bounds"),
                new Case(
                        "implicit default outside the bounds",
                        """
                        @Variable(min = 1, max = 3)
                        int hops;""",
                        "[DSPJ-VARIABLE-DEFAULT-OUT-OF-RANGE]",
                        "int hops",
                        "the default of @Variable field hops, 0 (Java's default, as it has no initializer), is outside "
                                + "[1, 3]"),
                new Case(
                        "double default outside the bounds",
                        """
                        @Variable(min = 0.01, max = 1, logScale = true)
                        double temperature = 2.5;""",
                        "[DSPJ-VARIABLE-DEFAULT-OUT-OF-RANGE]",
                        "double temperature",
                        "the default of @Variable field temperature, 2.5 (its initializer), is outside [0.01, 1]"),
                new Case(
                        "default off the step",
                        """
                        @Variable(min = 1, max = 9, step = 2)
                        int hops = 4;""",
                        "[DSPJ-VARIABLE-DEFAULT-OFF-STEP]",
                        "int hops",
                        "the default of @Variable field hops, 4 (its initializer), is not min plus a multiple of step "
                                + "(1 + k * 2); the nearest allowed values are 3 and 5"),
                new Case(
                        "default not a choice",
                        """
                        @Variable(choices = {"plain", "json"})
                        String format = "yaml";""",
                        "[DSPJ-VARIABLE-DEFAULT-NOT-A-CHOICE]",
                        "String format",
                        "the default of @Variable field format, \"yaml\" (its initializer), is not one of its choices "
                                + "[\"plain\", \"json\"]; add it to the choices or change the initializer"));
    }

    static Stream<Case> conditions() {
        String header = """
                @Variable
                Mode mode = Mode.FAST;
                @Variable(choices = {"plain", "json"})
                String format = "plain";
                @Variable(min = 1, max = 9, step = 2)
                int hops = 1;
                @Variable(min = 0, max = 1)
                double temperature = 0.5;
                """;
        String variables = "its variables are [\"mode\", \"format\", \"hops\", \"temperature\", \"verbose\"]";
        return Stream.of(
                malformed(header, "mode"),
                malformed(header, "mode="),
                malformed(header, "=FAST"),
                malformed(header, "mode=FAST=CAREFUL"),
                malformed(header, "mode=FAST||CAREFUL"),
                malformed(header, "two words=FAST"),
                new Case(
                        "condition on itself",
                        header + """
                        @Variable(
                                when = "verbose=true")
                        boolean verbose;""",
                        "[DSPJ-VARIABLE-SELF-CONDITION]",
                        "when = \"verbose=true\"",
                        "@Variable(when = \"verbose=true\") of field verbose names the variable itself; a condition "
                                + "names another variable of Knobs"),
                new Case(
                        "condition on an unknown variable",
                        header + """
                        @Variable(
                                when = "style=SHORT")
                        boolean verbose;""",
                        "[DSPJ-VARIABLE-UNKNOWN-CONDITION-VARIABLE]",
                        "when = \"style=SHORT\"",
                        "@Variable(when = \"style=SHORT\") of field verbose names the variable \"style\", which Knobs "
                                + "does not declare; " + variables),
                new Case(
                        "condition on a field name instead of its variable's",
                        """
                        @Variable(name = "tone")
                        Mode mode = Mode.FAST;
                        @Variable(
                                when = "mode=FAST")
                        boolean verbose;""",
                        "[DSPJ-VARIABLE-UNKNOWN-CONDITION-VARIABLE]",
                        "when = \"mode=FAST\"",
                        "@Variable(when = \"mode=FAST\") of field verbose names the variable \"mode\", which Knobs does "
                                + "not declare (did you mean \"tone\", the variable of field mode?); its variables are "
                                + "[\"tone\", \"verbose\"]"),
                new Case(
                        "condition on a double",
                        header + """
                        @Variable(
                                when = "temperature=0.5")
                        boolean verbose;""",
                        "[DSPJ-VARIABLE-CONTINUOUS-CONDITION]",
                        "when = \"temperature=0.5\"",
                        "@Variable(when = \"temperature=0.5\") of field verbose depends on \"temperature\", a double "
                                + "variable, whose values cannot be listed; a condition names a boolean, enum, String or "
                                + "integer variable"),
                unknownValue(header, "mode=FAST|SLOW", "SLOW", "mode", "the constants of Mode: FAST, CAREFUL"),
                unknownValue(header, "format=yaml", "yaml", "format", "[\"plain\", \"json\"]"),
                unknownValue(header, "hops=4", "4", "hops", "1, 3, ... 9 (from 1 in steps of 2)"),
                unknownValue(header, "hops=03", "03", "hops", "1, 3, ... 9 (from 1 in steps of 2)"),
                unknownValue("""
                        @Variable
                        boolean fast;
                        """, "fast=yes", "yes", "fast", "true and false"),
                new Case(
                        "cycle",
                        """
                        @Variable(when = "b=true")
                        boolean a;
                        @Variable(when = "c=true")
                        boolean b;
                        @Variable(when = "a=true")
                        boolean c;""",
                        "[DSPJ-VARIABLE-CONDITION-CYCLE]",
                        "when = \"b=true\"",
                        "@Variable conditions of Knobs form a cycle: a -> b -> c -> a (each depends on the next through "
                                + "when); a variable cannot depend on itself, even through others: remove one of the "
                                + "conditions"));
    }

    private static Case malformed(String header, String when) {
        return new Case(
                "malformed condition " + when,
                header + """
                @Variable(
                        when = "%s")
                boolean verbose;""".formatted(when),
                "[DSPJ-VARIABLE-INVALID-CONDITION]",
                "when = \"" + when + "\"",
                "@Variable(when = \"" + when + "\") of field verbose is not a condition: write \"other=value\" or "
                        + "\"other=value1|value2\", where other is the name of another variable of Knobs");
    }

    private static Case unknownValue(String header, String when, String value, String variable, String values) {
        return new Case(
                "condition on an unknown value " + when,
                header + """
                @Variable(
                        when = "%s")
                boolean verbose;""".formatted(when),
                "[DSPJ-VARIABLE-UNKNOWN-CONDITION-VALUE]",
                "when = \"" + when + "\"",
                "@Variable(when = \"" + when + "\") of field verbose names the value \"" + value
                        + "\", which variable \"" + variable + "\" never takes; its values are " + values);
    }

    // ---- around the fields

    @Test
    void aTypeNamedLikeTheGeneratedClassIsAClash() {
        JavaFileObject taken = JavaFileObjects.forSourceString("test.KnobsVariables", """
                package test;

                public class KnobsVariables {
                }
                """);
        JavaFileObject source = knobs("""
                @Variable
                boolean verbose;""");
        RecordingProcessor processor = new RecordingProcessor();
        Compilation compilation = Compiler.javac().withProcessors(processor).compile(taken, source);
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-VARIABLES-NAME-CLASH] cannot generate KnobsVariables: a type "
                        + "with that name already exists in package test; rename the class Knobs or that type")
                .inFile(source)
                .onLineContaining("public class Knobs");
        assertThat(compilation).hadErrorCount(1);
        assertEquals(List.of(), processor.created());
    }

    @Test
    void anErrorInAProgramsVariablesStopsItsDescriptorToo() {
        JavaFileObject source =
                ProgramsTest.program("Tuned", """
                import dev.dspj.annotations.Variable;

                @Program("Tuned.")
                public class Tuned extends ProgramModule<Tuned> {
                    Predict answer;

                    @Variable(min = 1, max = 3)
                    int hops = 7;

                    public Tuned() {
                        super(null);
                    }

                    @Override
                    public Prediction forward(Map<String, Object> inputs) {
                        return null;
                    }
                }
                """.replace("import dev.dspj.annotations.Variable;\n\n", ""));
        JavaFileObject withImport = JavaFileObjects.forSourceString(
                "test.Tuned",
                sourceText(source)
                        .replace(
                                "import dev.dspj.annotations.Program;",
                                "import dev.dspj.annotations.Program;\n" + "import dev.dspj.annotations.Variable;"));
        assertSingleError(
                withImport,
                "[DSPJ-VARIABLE-DEFAULT-OUT-OF-RANGE]",
                "int hops = 7;",
                "the default of @Variable field hops, 7 (its initializer), is outside [1, 3]");
    }

    @Test
    void aProgramsOwnErrorsAndItsVariablesErrorsAreReportedTogether() {
        JavaFileObject source = JavaFileObjects.forSourceString("test.Broken", """
                package test;

                import dev.dspj.annotations.Program;
                import dev.dspj.annotations.Variable;
                import dev.dspj.module.Predict;
                import dev.dspj.module.ProgramModule;

                @Program("Broken.")
                public abstract class Broken extends ProgramModule<Broken> {
                    private Predict answer;

                    @Variable
                    final boolean verbose = false;

                    protected Broken() {
                        super(null);
                    }
                }
                """);
        Compilation compilation =
                Compiler.javac().withProcessors(new SignatureProcessor()).compile(source);
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-ABSTRACT-PROGRAM]")
                .inFile(source)
                .onLineContaining("@Program(");
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-PRIVATE-MODULE-FIELD]")
                .inFile(source)
                .onLineContaining("private Predict answer;");
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-VARIABLE-FINAL-FIELD] @Variable field verbose is final, so "
                        + "the generated BrokenVariables cannot set it")
                .inFile(source)
                .onLineContaining("final boolean verbose");
        assertThat(compilation).hadErrorCount(3);
    }

    @Test
    void everyProblemOfAFieldIsReportedAtOnce() {
        JavaFileObject source = knobs("""
                @Variable(
                        choices = {"a"},
                        step = 2)
                private static boolean verbose;""");
        Compilation compilation =
                Compiler.javac().withProcessors(new SignatureProcessor()).compile(source);
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-VARIABLE-STATIC-FIELD]")
                .inFile(source)
                .onLineContaining("boolean verbose");
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-VARIABLE-PRIVATE-FIELD]")
                .inFile(source)
                .onLineContaining("boolean verbose");
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-VARIABLE-INAPPLICABLE-ATTRIBUTE] @Variable(choices)")
                .inFile(source)
                .onLineContaining("choices = {\"a\"}");
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-VARIABLE-INAPPLICABLE-ATTRIBUTE] @Variable(step)")
                .inFile(source)
                .onLineContaining("step = 2)");
        assertThat(compilation).hadErrorCount(4);
    }

    @Test
    void messagesStartWithTheirTag() {
        JavaFileObject source = knobs("""
                @Variable
                static boolean verbose;""");
        Compilation compilation =
                Compiler.javac().withProcessors(new SignatureProcessor()).compile(source);
        assertEquals(
                Message.VARIABLE_STATIC_FIELD.format("verbose"),
                compilation.errors().get(0).getMessage(Locale.ROOT));
    }

    private static String sourceText(JavaFileObject source) {
        try {
            return source.getCharContent(true).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
