package dev.dspj.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The warnings, where instructions come from, and how generated types are named. */
class WarningsAndNamingTest {

    private static final JavaFileObject THINKING = Sources.source("Thinking", """
            @Signature("Answer, explaining why.")
            public interface Thinking {
                @InputField
                String question();

                @OutputField(desc = "why")
                String reasoning();

                @OutputField
                String answer();
            }
            """);

    @Test
    void reasoningFieldWarnsAndHasNoChainOfThought() {
        Compilation compilation = Sources.compile(THINKING);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .hadWarningContaining(
                        "[DSPJ-RESERVED-REASONING] field name \"reasoning\" of "
                                + "reasoning() is the field chain of thought adds, so no chainOfThought() is generated for Thinking")
                .inFile(THINKING)
                .onLineContaining("desc = \"why\"");
        assertThat(compilation).hadWarningCount(1);
        String predictor = Sources.generated(compilation, "test.ThinkingPredictor");
        assertFalse(predictor.contains("chainOfThought"), predictor);
        assertTrue(predictor.contains("public static ThinkingPredictor predict()"), predictor);
    }

    @Test
    void callingChainOfThoughtOnSignatureWithReasoningFieldDoesNotCompile() {
        JavaFileObject predictCaller = JavaFileObjects.forSourceString("test.PredictCaller", """
                package test;

                class PredictCaller {
                    ThinkingPredictor predictor = ThinkingPredictor.predict();
                    String reasoning(ThinkingOutput output) {
                        return output.reasoning();
                    }
                }
                """);
        assertThat(Sources.compile(THINKING, predictCaller)).succeeded();

        JavaFileObject chainCaller = JavaFileObjects.forSourceString("test.ChainCaller", """
                package test;

                class ChainCaller {
                    ThinkingPredictor predictor = ThinkingPredictor.chainOfThought();
                }
                """);
        Compilation compilation = Sources.compile(THINKING, chainCaller);
        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("chainOfThought")
                .inFile(chainCaller)
                .onLineContaining("ThinkingPredictor.chainOfThought()");
    }

    @Test
    void reasoningWireNameThroughOverrideWarnsOnTheName() {
        JavaFileObject source = Sources.source("Why", """
                @Signature("Answer, explaining why.")
                public interface Why {
                    @OutputField(desc = "why",
                            name = "reasoning")
                    String why();

                    @OutputField
                    String answer();
                }
                """);
        Compilation compilation = Sources.compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .hadWarningContaining("[DSPJ-RESERVED-REASONING] field name \"reasoning\" of why()")
                .inFile(source)
                .onLineContaining("@OutputField(desc = \"why\",");
        String predictor = Sources.generated(compilation, "test.WhyPredictor");
        assertFalse(predictor.contains("chainOfThought"), predictor);
        // Without chain of thought the completion never has reasoning, so no always-empty reasoning() is generated.
        String output = Sources.generated(compilation, "test.WhyOutput");
        assertFalse(output.contains("reasoning()"), output);
    }

    @Test
    void outputMethodNamedReasoningWithOtherWireNameKeepsChainOfThought() {
        JavaFileObject source = Sources.source("Rationale", """
                @Signature("Answer, explaining why.")
                public interface Rationale {
                    @OutputField(name = "rationale")
                    String reasoning();

                    @OutputField
                    String answer();
                }
                """);
        Compilation compilation = Sources.compile(source);
        assertThat(compilation).succeededWithoutWarnings();
        assertTrue(Sources.generated(compilation, "test.RationalePredictor").contains("chainOfThought()"));
        // The component accessor is the user's field; no second reasoning() is generated.
        assertFalse(Sources.generated(compilation, "test.RationaleOutput").contains("completion.reasoning()"));
    }

    @Test
    void emptyInstructionsWarn() {
        JavaFileObject source = Sources.source("Bare", """
                @Signature
                public interface Bare {
                    @InputField
                    String question();

                    @OutputField
                    String answer();
                }
                """);
        Compilation compilation = Sources.compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .hadWarningContaining("[DSPJ-EMPTY-INSTRUCTIONS] @Signature Bare has no instructions "
                        + "(empty value and no javadoc), so DSPy's default \"Given the fields `question`, produce the fields "
                        + "`answer`.\" is used")
                .inFile(source)
                .onLineContaining("@Signature");
        assertThat(compilation).hadWarningCount(1);
        assertTrue(Sources.generated(compilation, "test.BareSignature")
                .contains("public static final String INSTRUCTIONS = \"\";"));
    }

    @Test
    void blankInstructionsWarn() {
        JavaFileObject source = Sources.source("Blank", """
                @Signature("   ")
                public interface Blank {
                    @OutputField
                    String answer();
                }
                """);
        Compilation compilation = Sources.compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .hadWarningContaining("[DSPJ-EMPTY-INSTRUCTIONS]")
                .inFile(source)
                .onLineContaining("@Signature");
    }

    @Test
    void javadocIsTheInstructionsWhenValueIsEmpty() throws ReflectiveOperationException {
        JavaFileObject source = Sources.source("Factoid", """
                /**
                 * Answer questions with short factoid answers.
                 * Keep them short.
                 *
                 * @see String
                 */
                @Signature
                public interface Factoid {
                    @InputField
                    String question();

                    @OutputField
                    String answer();
                }
                """);
        Compilation compilation = Sources.compile(source);
        assertThat(compilation).succeededWithoutWarnings();
        String signature = Sources.generated(compilation, "test.FactoidSignature");
        assertTrue(
                signature.contains("INSTRUCTIONS = \"Answer questions with short factoid answers.\\n\"\n"
                        + "            + \"Keep them short.\";"),
                signature);
        ClassLoader loader = new CompilationClassLoader(compilation, getClass().getClassLoader());
        assertEquals(
                "Answer questions with short factoid answers.\nKeep them short.",
                loader.loadClass("test.FactoidSignature")
                        .getField("INSTRUCTIONS")
                        .get(null));
    }

    @Test
    void valueWinsOverJavadoc() {
        JavaFileObject source = Sources.source("Explicit", """
                /** Not the instructions. */
                @Signature("The instructions.")
                public interface Explicit {
                    @OutputField
                    String answer();
                }
                """);
        Compilation compilation = Sources.compile(source);
        assertThat(compilation).succeededWithoutWarnings();
        String signature = Sources.generated(compilation, "test.ExplicitSignature");
        assertTrue(signature.contains("INSTRUCTIONS = \"The instructions.\";"), signature);
        assertFalse(signature.contains("Not the instructions"), signature);
    }

    @Test
    void nestedSignatureGetsPrefixedNames() {
        JavaFileObject source = Sources.source("Outer", """
                public class Outer {
                    public interface Middle {
                        @Signature("Answer.")
                        interface Inner {
                            @InputField
                            String question();

                            @OutputField
                            Kind kind();

                            enum Kind { A, B }
                        }
                    }
                }
                """);
        JavaFileObject caller = JavaFileObjects.forSourceString("test.Caller", """
                package test;

                class Caller {
                    Outer_Middle_InnerPredictor predictor = Outer_Middle_InnerPredictor.chainOfThought();
                    Outer_Middle_InnerOutput output = new Outer_Middle_InnerOutput(Outer.Middle.Inner.Kind.A);
                    Outer_Middle_InnerInput input = new Outer_Middle_InnerInput("q");
                    Outer_Middle_InnerExample example = Outer_Middle_InnerExample.builder().question("q").build();
                    String name = Outer_Middle_InnerSignature.DESCRIPTOR.name();
                }
                """);
        Compilation compilation = Sources.compile(source, caller);
        assertThat(compilation).succeededWithoutWarnings();
        for (String suffix : new String[] {"Signature", "Input", "Output", "Example", "Predictor"}) {
            assertThat(compilation).generatedSourceFile("test.Outer_Middle_Inner" + suffix);
        }
        assertTrue(Sources.generated(compilation, "test.Outer_Middle_InnerSignature")
                .contains("super(\"Outer_Middle_Inner\", INSTRUCTIONS"));
    }

    @Test
    void signatureInTheUnnamedPackage() {
        JavaFileObject source = JavaFileObjects.forSourceString("Root", """
                import dev.dspj.annotations.OutputField;
                import dev.dspj.annotations.Signature;

                @Signature("Answer.")
                public interface Root {
                    @OutputField
                    String answer();
                }
                """);
        Compilation compilation = Sources.compile(source);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("RootPredictor");
    }

    @Test
    void nonAsciiFieldNamesAreAllowed() {
        JavaFileObject source = Sources.source("Sizes", """
                @Signature("Answer.")
                public interface Sizes {
                    @OutputField
                    int größe();

                    @OutputField(name = "taille_é")
                    int taille();
                }
                """);
        Compilation compilation = Sources.compile(source);
        assertThat(compilation).succeededWithoutWarnings();
        assertTrue(Sources.generated(compilation, "test.SizesSignature").contains("\"taille_é\""));
    }

    @Test
    void signatureWithoutInputs() {
        JavaFileObject source = Sources.source("Invent", """
                @Signature("Invent a name.")
                public interface Invent {
                    @OutputField
                    String name();
                }
                """);
        JavaFileObject caller = JavaFileObjects.forSourceString("test.InventCaller", """
                package test;

                class InventCaller {
                    InventOutput call() {
                        return InventPredictor.predict().call();
                    }
                }
                """);
        assertThat(Sources.compile(source, caller)).succeededWithoutWarnings();
    }

    @Test
    void methodsWithBodiesAreNotFields() {
        JavaFileObject source = Sources.source("Helpers", """
                @Signature("Answer.")
                public interface Helpers {
                    @InputField
                    String completion();

                    @OutputField
                    String answer();

                    default String shout() {
                        return answer().toUpperCase();
                    }

                    static String whisper(String text) {
                        return text.toLowerCase();
                    }
                }
                """);
        Compilation compilation = Sources.compile(source);
        assertThat(compilation).succeededWithoutWarnings();
        String signature = Sources.generated(compilation, "test.HelpersSignature");
        assertFalse(signature.contains("shout") || signature.contains("whisper"), signature);
    }

    @Test
    void constantNamesDoNotCollide() {
        JavaFileObject source = Sources.source("Constants", """
                @Signature("Answer.")
                public interface Constants {
                    @InputField
                    String instanceField();

                    @InputField
                    String instance();

                    @InputField
                    String zipCode();

                    @InputField
                    String zip_code();

                    @OutputField
                    Color colorCodec();

                    @OutputField
                    Color color();

                    enum Color { RED }
                }
                """);
        assertThat(Sources.compile(source)).succeededWithoutWarnings();
    }

    @Test
    void recordsWithTheSameSimpleNameAreNotRecursive() {
        JavaFileObject source = Sources.source("Shop", """
                @Signature("Answer.")
                public interface Shop {
                    @OutputField
                    Left.Item left();
                }

                interface Left {
                    record Item(String name, Right.Item other) {
                    }
                }

                interface Right {
                    record Item(int count) {
                    }
                }
                """);
        Compilation compilation = Sources.compile(source);
        assertThat(compilation).failed();
        // Not a recursion: two distinct records. But the model would see both as "Item", so that is refused.
        assertThat(compilation)
                .hadErrorContaining("[DSPJ-DUPLICATE-TYPE-NAME] left() uses test.Right.Item, but this "
                        + "signature also uses test.Left.Item")
                .inFile(source)
                .onLineContaining("Left.Item left();");
        assertEquals(1, compilation.errors().size(), compilation.errors().toString());
    }
}
