package dev.dspj.module;

import static dev.dspj.TestTypes.in;
import static dev.dspj.TestTypes.out;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dspj.TestTypes;
import dev.dspj.codec.Codecs;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The text Refine and SIMBA show their feedback models: module definitions and values as JSON. */
class FeedbackTextTest {

    public record Hop(String query, int rank) {}

    /** A record whose accessor fails. */
    public record Unreadable(String secret) {
        @Override
        public String secret() {
            throw new IllegalStateException("sealed");
        }
    }

    @Test
    void valuesAreWrittenByTheirStructure() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("none", null);
        values.put("char", 'c');
        values.put("flag", true);
        values.put("short", (short) 2);
        values.put("long", 3L);
        values.put("float", 0.5f);
        values.put("exact", new BigDecimal("1.10"));
        values.put("huge", new BigInteger("100000000000000000000"));
        values.put("maybe", Optional.of("x"));
        values.put("empty", Optional.empty());
        values.put("color", TestTypes.Color.RED);
        values.put("tags", Set.of("only"));
        values.put("array", new Object[] {1, "a"});
        values.put("hop", new Hop("capital of France", 1));
        values.put("prediction", new Prediction(Map.of("answer", "Paris"), null));
        values.put("node", dev.dspj.codec.Codecs.STRING.toJson("raw"));
        assertEquals(
                "{\"none\":null,\"char\":\"c\",\"flag\":true,\"short\":2,\"long\":3,\"float\":0.5,\"exact\":1.10,"
                        + "\"huge\":100000000000000000000,\"maybe\":\"x\",\"empty\":null,\"color\":\"RED\","
                        + "\"tags\":[\"only\"],\"array\":[1,\"a\"],\"hop\":{\"query\":\"capital of France\",\"rank\":1},"
                        + "\"prediction\":{\"answer\":\"Paris\"},\"node\":\"raw\"}",
                FeedbackText.toJson(values).toString());
    }

    @Test
    void whatCannotBeReadIsAPlaceholderNamingItsType() {
        assertEquals(
                "\"<non-serializable: Object>\"",
                FeedbackText.toJson(new Object()).toString());
        assertEquals(
                "\"<non-serializable: Unreadable>\"",
                FeedbackText.toJson(new Unreadable("s")).toString(),
                "a record whose accessor throws");
    }

    @Test
    void aFieldsValueGoesThroughItsCodecUnlessItIsOfAnotherType() {
        FieldDescriptor<TestTypes.Address> address = in("address", TestTypes.ADDRESS);
        assertEquals(
                "{\"street\":\"1 Main St\",\"zip_code\":12345}",
                FeedbackText.toJson(new TestTypes.Address("1 Main St", 12345), address)
                        .toString());
        assertEquals(
                "\"not an address\"",
                FeedbackText.toJson("not an address", address).toString(),
                "a value of another type is described by its structure");
        assertEquals("null", FeedbackText.toJson(null, address).toString());
    }

    @Test
    void modulesAreListedWithTheirFieldsAndInstructions() {
        SignatureDescriptor qa = SignatureDescriptor.builder("QA")
                .instructions("\n\nAnswer the question.\n\n")
                .field(in("question", Codecs.STRING, "${question}"))
                .field(out("answer", Codecs.STRING, "a short answer"))
                .build();
        String text = FeedbackText.inspectModules(List.of(new NamedPredictor("qa", new Predict(qa))));
        String separator = "-".repeat(80);
        assertEquals(
                // as DSPy: the description list is stripped, and the instructions' blank lines are kept, indented
                separator + "\nModule qa\n\tInput Fields:\n\t\t1. `question` (str):\n\tOutput Fields:\n\t\t1. `answer` "
                        + "(str): a short answer\n\tOriginal Instructions: \n\t\t\n\t\t\n\t\tAnswer the question.\n\t\t\n"
                        + separator,
                text);
    }

    @Test
    void indentedJsonIsOrjsonsLayout() {
        assertEquals(
                "{\n  \"a\": [\n    1,\n    2\n  ]\n}",
                FeedbackText.indentedJson(FeedbackText.toJson(Map.of("a", List.of(1, 2)))));
    }
}
