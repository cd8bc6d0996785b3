package dev.dspj.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.dspj.adapter.ChatAdapter;
import dev.dspj.primitives.Completion;
import dev.dspj.primitives.Example;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.signature.TypedSignature;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A signature using every supported type compiles, and its generated descriptor renders and parses
 * back every value exactly, through the same Chat adapter the runtime uses.
 */
class SupportedTypesTest {

    static final JavaFileObject EVERY_TYPE = Sources.source("EveryType", """
            @Signature("Fill in every field.")
            public interface EveryType {
                @InputField
                String question();

                @InputField(desc = "a primitive input")
                int limit();

                @InputField
                Optional<Person> hint();

                @OutputField
                String text();

                @OutputField
                int count();

                @OutputField(name = "boxed_count")
                Integer boxedCount();

                @OutputField
                long big();

                @OutputField
                Long boxedBig();

                @OutputField
                double ratio();

                @OutputField
                Double boxedRatio();

                @OutputField
                float weight();

                @OutputField
                Float boxedWeight();

                @OutputField
                boolean flag();

                @OutputField
                Boolean boxedFlag();

                @OutputField
                BigDecimal price();

                @OutputField
                Color color();

                @OutputField
                List<String> tags();

                @OutputField
                Set<Integer> ids();

                @OutputField
                Map<String, Double> scores();

                @OutputField
                Optional<String> note();

                @OutputField
                Optional<String> noNote();

                @OutputField
                Person person();

                @OutputField
                List<Person> people();

                @OutputField
                Map<String, List<Integer>> groups();

                @OutputField
                Optional<Person> contact();

                enum Color { RED, GREEN, BLUE }

                record Address(String city, int zip, Optional<String> unit) {
                }

                record Person(String name, Address address, Color favorite, List<String> nicknames) {
                }
            }
            """);

    /** Values for every output, by wire name, built with the compiled types. */
    static final JavaFileObject VALUES = JavaFileObjects.forSourceString("test.EveryTypeValues", """
            package test;

            import java.math.BigDecimal;
            import java.util.LinkedHashMap;
            import java.util.LinkedHashSet;
            import java.util.List;
            import java.util.Map;
            import java.util.Optional;

            public final class EveryTypeValues {
                private EveryTypeValues() {
                }

                public static Map<String, Object> outputs() {
                    EveryType.Person ada = new EveryType.Person("Ada \\"the first\\" Lovelace",
                            new EveryType.Address("London", 10115, Optional.of("2b")), EveryType.Color.GREEN,
                            List.of("Countess", "Enchantress of Numbers"));
                    EveryType.Person alan = new EveryType.Person("Alan",
                            new EveryType.Address("Wilmslow", 9, Optional.empty()), EveryType.Color.BLUE, List.of());
                    Map<String, Object> values = new LinkedHashMap<>();
                    values.put("text", "line one\\nline two: [[ not a marker ]]");
                    values.put("count", -42);
                    values.put("boxed_count", 7);
                    values.put("big", 9_007_199_254_740_993L);
                    values.put("boxedBig", Long.MIN_VALUE);
                    values.put("ratio", 0.1);
                    values.put("boxedRatio", -2.5e-7);
                    values.put("weight", 1.25f);
                    values.put("boxedWeight", 3.0e10f);
                    values.put("flag", true);
                    values.put("boxedFlag", false);
                    values.put("price", new BigDecimal("12.50"));
                    values.put("color", EveryType.Color.RED);
                    values.put("tags", List.of("a", "b, c", "d \\"quoted\\""));
                    values.put("ids", new LinkedHashSet<>(List.of(3, 1, 2)));
                    Map<String, Double> scores = new LinkedHashMap<>();
                    scores.put("math", 0.5);
                    scores.put("art", 1.0);
                    values.put("scores", scores);
                    values.put("note", Optional.of("remember"));
                    values.put("noNote", Optional.empty());
                    values.put("person", ada);
                    values.put("people", List.of(ada, alan));
                    Map<String, List<Integer>> groups = new LinkedHashMap<>();
                    groups.put("odd", List.of(1, 3, 5));
                    groups.put("none", List.of());
                    values.put("groups", groups);
                    values.put("contact", Optional.of(alan));
                    return values;
                }

                public static Map<String, Object> inputs() {
                    Map<String, Object> values = new LinkedHashMap<>();
                    values.put("question", "Who?");
                    values.put("limit", 3);
                    values.put("hint", Optional.empty());
                    return values;
                }
            }
            """);

    private static Compilation compilation;
    private static ClassLoader loader;
    private static SignatureDescriptor descriptor;
    private static TypedSignature<?, ?, ?> signature;
    private static Map<String, Object> outputs;
    private static Map<String, Object> inputs;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void compile() throws ReflectiveOperationException {
        compilation = Sources.compile(EVERY_TYPE, VALUES);
        assertThat(compilation).succeededWithoutWarnings();
        loader = new CompilationClassLoader(compilation, SupportedTypesTest.class.getClassLoader());
        Class<?> signatureClass = loader.loadClass("test.EveryTypeSignature");
        descriptor = (SignatureDescriptor) signatureClass.getField("DESCRIPTOR").get(null);
        signature =
                (TypedSignature<?, ?, ?>) signatureClass.getField("INSTANCE").get(null);
        Class<?> values = loader.loadClass("test.EveryTypeValues");
        outputs = (Map<String, Object>) values.getMethod("outputs").invoke(null);
        inputs = (Map<String, Object>) values.getMethod("inputs").invoke(null);
    }

    @Test
    void everyOutputFieldHasAValue() {
        assertEquals(
                descriptor.outputFields().stream().map(FieldDescriptor::name).toList(), List.copyOf(outputs.keySet()));
        assertEquals(
                List.of("question", "limit", "hint"),
                descriptor.inputFields().stream().map(FieldDescriptor::name).toList());
    }

    @Test
    void everyValueSurvivesRenderingAndParsing() {
        String text = ChatAdapter.INSTANCE.assistantMessage(descriptor, outputs, "");
        Map<String, Object> parsed = ChatAdapter.INSTANCE.parse(descriptor, text);
        for (FieldDescriptor<?> field : descriptor.outputFields()) {
            assertEquals(
                    outputs.get(field.name()),
                    parsed.get(field.name()),
                    () -> "field " + field.name() + " did not round-trip through:\n" + text);
        }
        assertEquals(outputs, parsed);
    }

    @Test
    void absentOptionalOutputParsesAsEmpty() {
        Map<String, Object> withoutNote = new LinkedHashMap<>(outputs);
        withoutNote.remove("noNote");
        String text = ChatAdapter.INSTANCE.assistantMessage(descriptor, withoutNote, "");
        String withoutSection = text.replace("[[ ## noNote ## ]]\n", "");
        assertEquals(
                java.util.Optional.empty(),
                ChatAdapter.INSTANCE.parse(descriptor, withoutSection).get("noNote"));
    }

    @Test
    void outputRecordHoldsEveryValue() throws ReflectiveOperationException {
        Completion completion = new Completion("raw", "because", "test-model", null);
        Object output = outputOf(outputs, completion);
        Class<?> outputClass = output.getClass();
        assertEquals("test.EveryTypeOutput", outputClass.getName());
        RecordComponent[] components = outputClass.getRecordComponents();
        List<FieldDescriptor<?>> fields = descriptor.outputFields();
        assertEquals(fields.size() + 1, components.length);
        for (int i = 0; i < fields.size(); i++) {
            Object value = components[i].getAccessor().invoke(output);
            assertEquals(outputs.get(fields.get(i).name()), value, components[i].getName());
        }
        assertEquals("completion", components[fields.size()].getName());
        assertSame(completion, outputClass.getMethod("completion").invoke(output));
        assertEquals(
                java.util.Optional.of("because"),
                outputClass.getMethod("reasoning").invoke(output));
        assertEquals(Integer.valueOf(7), outputClass.getMethod("boxedCount").invoke(output));

        Object same = outputOf(outputs, Completion.none());
        assertNotSame(output, same);
        assertEquals(output, same, "equality covers the output fields only, not the completion");
        assertEquals(output.hashCode(), same.hashCode());
        assertTrue(output.toString().startsWith("EveryTypeOutput[text=line one"), output.toString());
    }

    @Test
    void parsedOutputEqualsOutputFromValues() {
        String text = ChatAdapter.INSTANCE.assistantMessage(descriptor, outputs, "");
        Object parsed = outputOf(ChatAdapter.INSTANCE.parse(descriptor, text), new Completion(text, null, "", null));
        assertEquals(outputOf(outputs, Completion.none()), parsed);
    }

    @Test
    void exampleRoundTripsThroughUntypedExample() throws ReflectiveOperationException {
        Map<String, Object> all = new LinkedHashMap<>(inputs);
        all.putAll(outputs);
        Object example = signature.fromExample(Example.of(all));
        Example back = (Example) example.getClass().getMethod("toExample").invoke(example);
        assertEquals(all.keySet(), back.values().keySet());
        for (Map.Entry<String, Object> entry : all.entrySet()) {
            assertEquals(entry.getValue(), back.values().get(entry.getKey()), entry.getKey());
        }
    }

    @Test
    void systemMessageNamesEveryTypeAsDspyDoes() {
        String system = ChatAdapter.INSTANCE.systemMessage(descriptor);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("question", "str");
        expected.put("limit", "int");
        expected.put("hint", "Union[Person, NoneType]");
        expected.put("text", "str");
        expected.put("count", "int");
        expected.put("boxed_count", "int");
        expected.put("big", "int");
        expected.put("boxedBig", "int");
        expected.put("ratio", "float");
        expected.put("boxedRatio", "float");
        expected.put("weight", "float");
        expected.put("boxedWeight", "float");
        expected.put("flag", "bool");
        expected.put("boxedFlag", "bool");
        expected.put("price", "Decimal");
        expected.put("color", "Color");
        expected.put("tags", "list[str]");
        expected.put("ids", "set[int]");
        expected.put("scores", "dict[str, float]");
        expected.put("note", "Union[str, NoneType]");
        expected.put("noNote", "Union[str, NoneType]");
        expected.put("person", "Person");
        expected.put("people", "list[Person]");
        expected.put("groups", "dict[str, list[int]]");
        expected.put("contact", "Union[Person, NoneType]");
        assertEquals(
                expected.keySet(),
                descriptor.fields().stream()
                        .map(FieldDescriptor::name)
                        .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)));
        for (Map.Entry<String, String> entry : expected.entrySet()) {
            String line = "`" + entry.getKey() + "` (" + entry.getValue() + ")";
            assertTrue(system.contains(line), () -> "no " + line + " in:\n" + system);
        }
    }

    @Test
    void descriptorKeepsDeclaredJavaTypesAndDescriptions() {
        FieldDescriptor<?> limit = descriptor.field("limit").orElseThrow();
        assertEquals("int", limit.javaType());
        assertEquals("a primitive input", limit.description());
        assertEquals(
                "java.util.Map<java.lang.String,java.util.List<java.lang.Integer>>",
                descriptor.field("groups").orElseThrow().javaType());
        assertEquals("Fill in every field.", descriptor.instructions());
        assertEquals("EveryType", descriptor.name());
    }

    private static Object outputOf(Map<String, Object> values, Completion completion) {
        return signature.output(values, completion);
    }
}
