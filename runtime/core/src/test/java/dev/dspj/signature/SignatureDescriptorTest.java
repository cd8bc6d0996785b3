package dev.dspj.signature;

import static dev.dspj.TestTypes.in;
import static dev.dspj.TestTypes.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.codec.Codecs;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignatureDescriptorTest {

    private static final SignatureDescriptor QA = SignatureDescriptor.builder("QA")
            .field(in("question", Codecs.STRING))
            .field(out("answer", Codecs.STRING))
            .field(in("context", Codecs.list(Codecs.STRING)))
            .field(out("score", Codecs.DOUBLE))
            .build();

    private static List<String> names(List<FieldDescriptor<?>> fields) {
        return fields.stream().map(FieldDescriptor::name).toList();
    }

    @Test
    void fieldsAreSortedByRoleKeepingTheirOrder() {
        assertEquals(List.of("question", "context"), names(QA.inputFields()));
        assertEquals(List.of("answer", "score"), names(QA.outputFields()));
        assertEquals(List.of("question", "context", "answer", "score"), names(QA.fields()));
        assertEquals("QA(question, context -> answer, score)", QA.toString());
        assertThrows(UnsupportedOperationException.class, () -> QA.fields().add(in("x", Codecs.STRING)));
    }

    @Test
    void defaultInstructionsAsDspyWritesThem() {
        assertEquals(
                "Given the fields `question`, `context`, produce the fields `answer`, `score`.", QA.instructions());
        assertEquals(QA.instructions(), QA.withInstructions(null).instructions());
        assertEquals(QA.instructions(), QA.withInstructions(" \n ").instructions());
        assertEquals("Do it.", QA.withInstructions("Do it.").instructions());
    }

    @Test
    void fieldLookup() {
        assertEquals("list[str]", QA.field("context").orElseThrow().typeName());
        assertTrue(QA.field("score").orElseThrow().codec() == Codecs.DOUBLE);
        assertFalse(QA.field("context").orElseThrow().codec().isText());
        assertEquals(Optional.empty(), QA.field("nope"));
    }

    @Test
    void invalidSignaturesAreRejected() {
        IllegalArgumentException noOutput = assertThrows(
                IllegalArgumentException.class,
                () -> SignatureDescriptor.builder("Empty")
                        .field(in("q", Codecs.STRING))
                        .build());
        assertTrue(noOutput.getMessage().contains("no output field"), noOutput.getMessage());

        IllegalArgumentException duplicate = assertThrows(
                IllegalArgumentException.class,
                () -> SignatureDescriptor.builder("Dup")
                        .field(in("q", Codecs.STRING))
                        .field(out("q", Codecs.STRING))
                        .build());
        assertTrue(duplicate.getMessage().contains("\"q\""), duplicate.getMessage());
    }

    @Test
    void invalidFieldNamesAreRejected() {
        IllegalArgumentException reserved =
                assertThrows(IllegalArgumentException.class, () -> out("completed", Codecs.STRING));
        assertTrue(reserved.getMessage().contains("reserved"), reserved.getMessage());
        IllegalArgumentException spaced =
                assertThrows(IllegalArgumentException.class, () -> in("two words", Codecs.STRING));
        assertTrue(spaced.getMessage().contains("\"two words\""), spaced.getMessage());
        assertThrows(IllegalArgumentException.class, () -> in("1st", Codecs.STRING));
        assertThrows(NullPointerException.class, () -> in("ok", null));
    }

    @Test
    void prependOutputPutsTheFieldFirstAndKeepsInstructions() {
        SignatureDescriptor extended = QA.prependOutput(out("reasoning", Codecs.STRING));

        assertEquals(List.of("reasoning", "answer", "score"), names(extended.outputFields()));
        assertEquals(QA.instructions(), extended.instructions());
        assertEquals(List.of("answer", "score"), names(QA.outputFields()));
        assertThrows(IllegalArgumentException.class, () -> QA.prependOutput(out("answer", Codecs.STRING)));
    }

    @Test
    void withFieldReplacesByNameAndRole() {
        FieldDescriptor<?> described = QA.field("answer").orElseThrow().withDescription("one word");

        SignatureDescriptor changed = QA.withField(described);

        assertSame(described, changed.field("answer").orElseThrow());
        assertEquals("", QA.field("answer").orElseThrow().description());
        assertEquals(names(QA.fields()), names(changed.fields()));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> QA.withField(in("answer", Codecs.STRING)));
        assertTrue(e.getMessage().contains("no input field named \"answer\""), e.getMessage());
    }

    @Test
    void fieldDescribesItself() {
        FieldDescriptor<Integer> field = FieldDescriptor.output("count", Codecs.INT, null, "int");

        assertEquals("", field.description());
        assertEquals("int", field.javaType());
        assertEquals(FieldRole.OUTPUT, field.role());
        assertFalse(field.isInput());
        assertEquals("count (output, int)", field.toString());
        assertEquals(
                "java.util.List<java.lang.String>",
                FieldDescriptor.input("c", Codecs.list(Codecs.STRING), "", "java.util.List<java.lang.String>")
                        .javaType());
        assertEquals(
                "list[str]",
                FieldDescriptor.input("c", Codecs.list(Codecs.STRING), "", "").javaType());
    }
}
