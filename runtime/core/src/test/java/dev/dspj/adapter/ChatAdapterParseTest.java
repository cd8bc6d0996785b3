package dev.dspj.adapter;

import static dev.dspj.TestTypes.ADDRESS;
import static dev.dspj.TestTypes.SENTIMENT;
import static dev.dspj.TestTypes.in;
import static dev.dspj.TestTypes.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.TestTypes.Address;
import dev.dspj.TestTypes.Sentiment;
import dev.dspj.codec.Codecs;
import dev.dspj.signature.SignatureDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading a model's answer in the Chat format back into typed output values. */
class ChatAdapterParseTest {

    private static final ChatAdapter ADAPTER = ChatAdapter.INSTANCE;

    private static final SignatureDescriptor SIGNATURE = SignatureDescriptor.builder("Survey")
            .field(in("question", Codecs.STRING))
            .field(out("answer", Codecs.STRING))
            .field(out("count", Codecs.INT))
            .field(out("tags", Codecs.list(Codecs.STRING)))
            .field(out("note", Codecs.optional(Codecs.STRING)))
            .build();

    @Test
    void wellFormedAnswer() {
        String completion = "[[ ## answer ## ]]\nParis is the capital.\nIt is in France.\n\n"
                + "[[ ## count ## ]]\n3\n\n"
                + "[[ ## tags ## ]]\n[\"geo\", \"europe\"]\n\n"
                + "[[ ## note ## ]]\nchecked\n\n"
                + "[[ ## completed ## ]]\n";

        Map<String, Object> values = ADAPTER.parse(SIGNATURE, completion);

        assertEquals(List.of("answer", "count", "tags", "note"), new ArrayList<>(values.keySet()));
        assertEquals("Paris is the capital.\nIt is in France.", values.get("answer"));
        assertEquals(3, values.get("count"));
        assertEquals(List.of("geo", "europe"), values.get("tags"));
        assertEquals(Optional.of("checked"), values.get("note"));
    }

    @Test
    void fieldsInAnotherOrderAreReadAndReturnedInSignatureOrder() {
        String completion =
                "[[ ## tags ## ]]\n[]\n\n[[ ## count ## ]]\n0\n\n[[ ## answer ## ]]\nnone\n\n[[ ## completed ## ]]";

        Map<String, Object> values = ADAPTER.parse(SIGNATURE, completion);

        assertEquals(List.of("answer", "count", "tags", "note"), new ArrayList<>(values.keySet()));
        assertEquals("none", values.get("answer"));
        assertEquals(0, values.get("count"));
        assertEquals(List.of(), values.get("tags"));
    }

    @Test
    void textAroundTheSectionsAndOnHeaderLines() {
        String completion = "Sure! Here is my answer.\n\n"
                + "[[ ## answer ## ]] Paris   \n"
                + "  [[ ## count ## ]]   42\n"
                + "[[ ## tags ## ]]\n```json\n[\"a\"]\n```\n"
                + "[[ ## completed ## ]]\nThanks for asking, anything else?";

        Map<String, Object> values = ADAPTER.parse(SIGNATURE, completion);

        assertEquals("Paris", values.get("answer"));
        assertEquals(42, values.get("count"));
        assertEquals(List.of("a"), values.get("tags"));
        assertEquals(Optional.empty(), values.get("note"));
    }

    @Test
    void textOnTheHeaderLineContinuesOnTheNextLines() {
        String completion = "[[ ## answer ## ]] first line\nsecond line\n[[ ## count ## ]]\n1\n[[ ## tags ## ]]\n[]";

        assertEquals(
                "first line\nsecond line", ADAPTER.parse(SIGNATURE, completion).get("answer"));
    }

    @Test
    void unknownHeadersStartTheirOwnIgnoredSection() {
        String completion = "[[ ## thoughts ## ]]\nlet me think\n\n"
                + "[[ ## answer ## ]]\nyes\n\n"
                + "[[ ## scratch ## ]]\nnot part of the answer\n\n"
                + "[[ ## count ## ]]\n2\n[[ ## tags ## ]]\n[\"x\"]\n[[ ## completed ## ]]";

        Map<String, Object> values = ADAPTER.parse(SIGNATURE, completion);

        assertEquals("yes", values.get("answer"));
        assertEquals(2, values.get("count"));
        assertEquals(4, values.size());
    }

    @Test
    void firstOccurrenceOfAHeaderWins() {
        String completion = "[[ ## answer ## ]]\nfirst\n[[ ## count ## ]]\n1\n[[ ## tags ## ]]\n[]\n"
                + "[[ ## answer ## ]]\nsecond\n[[ ## count ## ]]\nnot a number\n[[ ## completed ## ]]";

        Map<String, Object> values = ADAPTER.parse(SIGNATURE, completion);

        assertEquals("first", values.get("answer"));
        assertEquals(1, values.get("count"));
    }

    @Test
    void markerNotAtTheStartOfALineIsText() {
        String completion =
                "[[ ## answer ## ]]\nuse the [[ ## count ## ]] marker\n[[ ## count ## ]]\n5\n[[ ## tags ## ]]\n[]";

        Map<String, Object> values = ADAPTER.parse(SIGNATURE, completion);

        assertEquals("use the [[ ## count ## ]] marker", values.get("answer"));
        assertEquals(5, values.get("count"));
    }

    @Test
    void windowsLineEndings() {
        String completion =
                "[[ ## answer ## ]]\r\nyes\r\n\r\n[[ ## count ## ]]\r\n7\r\n[[ ## tags ## ]]\r\n[\"a\"]\r\n[[ ## completed ## ]]\r\n";

        Map<String, Object> values = ADAPTER.parse(SIGNATURE, completion);

        assertEquals("yes", values.get("answer"));
        assertEquals(7, values.get("count"));
        assertEquals(List.of("a"), values.get("tags"));
    }

    @Test
    void missingFieldIsReportedWithTheCompletion() {
        String completion = "[[ ## answer ## ]]\nParis\n\n[[ ## tags ## ]]\n[]\n\n[[ ## completed ## ]]";

        AdapterParseException e = assertThrows(AdapterParseException.class, () -> ADAPTER.parse(SIGNATURE, completion));

        assertEquals(1, e.problems().size());
        AdapterParseException.FieldProblem problem = e.problems().get(0);
        assertEquals("count", problem.field());
        assertNull(problem.text());
        assertTrue(problem.problem().contains("[[ ## count ## ]]"), problem.problem());
        assertEquals(completion, e.completion());
        assertEquals("ChatAdapter", e.adapterName());
        assertEquals("Survey", e.signatureName());
        assertTrue(e.getMessage().contains("field 'count'"), e.getMessage());
        assertTrue(e.getMessage().contains("Survey"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Completion:\n" + completion), e.getMessage());
    }

    @Test
    void emptyCompletionMissesEveryRequiredField() {
        AdapterParseException e = assertThrows(AdapterParseException.class, () -> ADAPTER.parse(SIGNATURE, ""));

        assertEquals(
                List.of("answer", "count", "tags"),
                e.problems().stream()
                        .map(AdapterParseException.FieldProblem::field)
                        .toList());
    }

    @Test
    void malformedIntNamesTheFieldAndTheText() {
        String completion =
                "[[ ## answer ## ]]\nok\n[[ ## count ## ]]\nforty-two\n[[ ## tags ## ]]\n[]\n[[ ## completed ## ]]";

        AdapterParseException e = assertThrows(AdapterParseException.class, () -> ADAPTER.parse(SIGNATURE, completion));

        assertEquals(1, e.problems().size());
        AdapterParseException.FieldProblem problem = e.problems().get(0);
        assertEquals("count", problem.field());
        assertEquals("forty-two", problem.text());
        assertTrue(problem.problem().contains("int"), problem.problem());
        assertTrue(problem.problem().contains("\"forty-two\""), problem.problem());
        assertTrue(e.getMessage().contains("field 'count': expected an int, got \"forty-two\""), e.getMessage());
    }

    @Test
    void malformedListNamesThePathInsideTheValue() {
        SignatureDescriptor signature = SignatureDescriptor.builder("Route")
                .field(in("q", Codecs.STRING))
                .field(out("stops", Codecs.list(ADDRESS)))
                .build();
        String completion =
                "[[ ## stops ## ]]\n[{\"street\": \"A\", \"zip_code\": 1}, {\"street\": \"B\", \"zip_code\": \"x\"}]";

        AdapterParseException e = assertThrows(AdapterParseException.class, () -> ADAPTER.parse(signature, completion));

        assertEquals("stops", e.problems().get(0).field());
        assertTrue(
                e.problems().get(0).problem().startsWith("at [1].zip_code: "),
                e.problems().get(0).problem());
    }

    @Test
    void optionalFieldLeftOutIsEmpty() {
        String completion = "[[ ## answer ## ]]\nok\n[[ ## count ## ]]\n1\n[[ ## tags ## ]]\n[]\n[[ ## completed ## ]]";

        assertEquals(Optional.empty(), ADAPTER.parse(SIGNATURE, completion).get("note"));
    }

    @Test
    void optionalFieldWrittenAsNoneIsEmpty() {
        String completion =
                "[[ ## answer ## ]]\nok\n[[ ## count ## ]]\n1\n[[ ## tags ## ]]\n[]\n[[ ## note ## ]]\nNone";

        assertEquals(Optional.empty(), ADAPTER.parse(SIGNATURE, completion).get("note"));
    }

    @Test
    void emptySectionOfAStringIsAnEmptyString() {
        String completion = "[[ ## answer ## ]]\n\n[[ ## count ## ]]\n1\n[[ ## tags ## ]]\n[]";

        assertEquals("", ADAPTER.parse(SIGNATURE, completion).get("answer"));
    }

    @Test
    void everyProblemIsReportedTogetherInFieldOrder() {
        String completion = "[[ ## tags ## ]]\nnot a list\n\n[[ ## count ## ]]\n3.5\n\n[[ ## completed ## ]]";

        AdapterParseException e = assertThrows(AdapterParseException.class, () -> ADAPTER.parse(SIGNATURE, completion));

        assertEquals(
                List.of("answer", "count", "tags"),
                e.problems().stream()
                        .map(AdapterParseException.FieldProblem::field)
                        .toList());
        assertNull(e.problems().get(0).text());
        assertEquals("3.5", e.problems().get(1).text());
        assertEquals("not a list", e.problems().get(2).text());
        String message = e.getMessage();
        assertTrue(message.indexOf("field 'answer'") < message.indexOf("field 'count'"), message);
        assertTrue(message.indexOf("field 'count'") < message.indexOf("field 'tags'"), message);
        assertTrue(message.contains("JSON array of strings"), message);
    }

    @Test
    void longCompletionIsShortenedInTheMessageButKeptWhole() {
        String completion = "x".repeat(5_000);

        AdapterParseException e = assertThrows(AdapterParseException.class, () -> ADAPTER.parse(SIGNATURE, completion));

        assertEquals(completion, e.completion());
        assertTrue(
                e.getMessage().contains("[... 3000 more characters]"),
                e.getMessage().substring(0, 300));
    }

    @Test
    void typedScalarsAndRecordsAreReadTolerantly() {
        SignatureDescriptor signature = SignatureDescriptor.builder("Typed")
                .field(in("q", Codecs.STRING))
                .field(out("mood", SENTIMENT))
                .field(out("spam", Codecs.BOOLEAN))
                .field(out("score", Codecs.DOUBLE))
                .field(out("home", ADDRESS))
                .build();
        String completion = "[[ ## mood ## ]]\n**Positive**\n\n[[ ## spam ## ]]\nFalse.\n\n[[ ## score ## ]]\n0.75\n\n"
                + "[[ ## home ## ]]\nHere it is: {'street': 'Elm', 'zip_code': 9}\n\n[[ ## completed ## ]]";

        Map<String, Object> values = ADAPTER.parse(signature, completion);

        assertEquals(Sentiment.POSITIVE, values.get("mood"));
        assertEquals(false, values.get("spam"));
        assertEquals(0.75, values.get("score"));
        assertEquals(new Address("Elm", 9), values.get("home"));
    }

    @Test
    void sectionsSplitsAtHeaders() {
        Map<String, String> sections =
                ChatAdapter.sections("preamble\n[[ ## a ## ]]\n  one  \n\n[[ ## b_2 ## ]] two\n[[ ## a ## ]]\nagain");

        assertEquals(Map.of("a", "one", "b_2", "two"), sections);
    }

    @Test
    void malformedHeadersAreText() {
        Map<String, String> sections =
                ChatAdapter.sections("[[ ## a ## ]]\n[[ ## ## ]]\n[[ ## b c ## ]]\n[[## d ##]]\n[ ## e ## ]");

        assertEquals(Map.of("a", "[[ ## ## ]]\n[[ ## b c ## ]]\n[[## d ##]]\n[ ## e ## ]"), sections);
    }
}
