package dev.dspj.adapter;

import static dev.dspj.adapter.AdapterFixtures.ADDRESS;
import static dev.dspj.adapter.AdapterFixtures.in;
import static dev.dspj.adapter.AdapterFixtures.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.adapter.AdapterFixtures.Address;
import dev.dspj.codec.Codecs;
import dev.dspj.lm.ChatMessage;
import dev.dspj.signature.SignatureDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The XML adapter's prompts, compared byte for byte with what DSPy's {@code XMLAdapter} produces
 * (texts derived from {@code xml_adapter.py}, including the expectation of DSPy's
 * {@code test_xml_adapter_full_prompt}), and its parsing of model answers.
 */
class XmlAdapterTest {

    private static final XmlAdapter ADAPTER = XmlAdapter.INSTANCE;

    @Test
    void formatsSystemDemosAndRequestExactlyAsDspy() {
        List<ChatMessage> messages = ADAPTER.format(
                AdapterFixtures.extract(),
                List.of(AdapterFixtures.completeDemo(), AdapterFixtures.incompleteDemo()),
                AdapterFixtures.extractInputs());

        String system = """
                Your input fields are:
                1. `question` (str): the question
                2. `context` (list[str]):
                Your output fields are:
                1. `answer` (str): a short answer
                2. `count` (int):\s
                3. `tags` (list[str]):\s
                4. `address` (Address):\s
                5. `sentiment` (Sentiment):
                All interactions will be structured in the following way, with the appropriate values filled in.

                <question>
                {question}
                </question>

                <context>
                {context}
                </context>

                <answer>
                {answer}
                </answer>

                <count>
                {count}        # note: the value you produce must be a single int value
                </count>

                <tags>
                {tags}        # note: the value you produce must adhere to the JSON schema: {"type": "array", "items": {"type": "string"}}
                </tags>

                <address>
                {address}        # note: the value you produce must adhere to the JSON schema: {"type": "object", "properties": {"street": {"type": "string", "title": "Street"}, "zip_code": {"type": "integer", "title": "Zip Code"}}, "required": ["street", "zip_code"], "title": "Address"}
                </address>

                <sentiment>
                {sentiment}        # note: the value you produce must be one of: POSITIVE; NEGATIVE; NEUTRAL
                </sentiment>
                In adhering to this structure, your objective is:\s
                        Extract the facts.
                        Be terse.""";
        String incompleteUser = """
                This is an example of the task, though some input or output fields are not supplied.

                <question>
                Q2
                </question>""";
        String incompleteAssistant = """
                <answer>
                A2
                </answer>

                <count>
                Not supplied for this particular example.\s
                </count>

                <tags>
                Not supplied for this particular example.\s
                </tags>

                <address>
                Not supplied for this particular example.\s
                </address>

                <sentiment>
                Not supplied for this particular example.\s
                </sentiment>""";
        String completeUser = """
                <question>
                Où est la Tour Eiffel?
                </question>

                <context>
                ["Paris"]
                </context>""";
        String completeAssistant = """
                <answer>
                À Paris
                </answer>

                <count>
                1
                </count>

                <tags>
                ["geo", "Zürich"]
                </tags>

                <address>
                {"street": "5 Av. Anatole", "zip_code": 75007}
                </address>

                <sentiment>
                POSITIVE
                </sentiment>""";
        String request = """
                <question>
                How many?
                </question>

                <context>
                ["a", "b"]
                </context>

                Respond with the corresponding output fields wrapped in XML tags `<answer>`, then `<count>`, \
                then `<tags>`, then `<address>`, then `<sentiment>`.""";

        assertMessages(
                List.of(
                        ChatMessage.system(system),
                        ChatMessage.user(incompleteUser),
                        ChatMessage.assistant(incompleteAssistant),
                        ChatMessage.user(completeUser),
                        ChatMessage.assistant(completeAssistant),
                        ChatMessage.user(request)),
                messages);
    }

    /** DSPy's {@code test_xml_adapter_full_prompt}: an optional input left out of the request. */
    @Test
    void matchesDspysFullPromptExpectation() {
        SignatureDescriptor signature = SignatureDescriptor.builder("QA")
                .field(in("query", Codecs.STRING))
                .field(in("context", Codecs.optional(Codecs.STRING)))
                .field(out("answer", Codecs.STRING))
                .build();

        List<ChatMessage> messages = ADAPTER.format(signature, List.of(), Map.of("query", "when was Marie Curie born"));

        assertMessages(
                List.of(
                        ChatMessage.system(
                                "Your input fields are:\n1. `query` (str): \n2. `context` (Union[str, NoneType]):\n"
                                        + "Your output fields are:\n1. `answer` (str):\n"
                                        + "All interactions will be structured in the following way, with the appropriate values filled in.\n\n"
                                        + "<query>\n{query}\n</query>\n\n<context>\n{context}\n</context>\n\n<answer>\n{answer}\n</answer>\n"
                                        + "In adhering to this structure, your objective is: \n"
                                        + "        Given the fields `query`, `context`, produce the fields `answer`."),
                        ChatMessage.user("<query>\nwhen was Marie Curie born\n</query>\n\n"
                                + "Respond with the corresponding output fields wrapped in XML tags `<answer>`.")),
                messages);
    }

    @Test
    void writesAFieldAsDspysTestExpects() {
        SignatureDescriptor signature = SignatureDescriptor.builder("T")
                .field(in("question", Codecs.STRING))
                .field(out("answer", Codecs.STRING))
                .build();

        assertEquals("<answer>\nParis\n</answer>", ADAPTER.assistantMessage(signature, Map.of("answer", "Paris"), ""));
        assertEquals(Map.of("answer", "Paris"), ADAPTER.parse(signature, "<answer>Paris</answer>"));
    }

    @Test
    void parsesSeveralFieldsAndCastsTypes() {
        SignatureDescriptor signature = SignatureDescriptor.builder("T")
                .field(out("answer", Codecs.STRING))
                .field(out("explanation", Codecs.STRING))
                .field(out("number", Codecs.INT))
                .field(out("flag", Codecs.BOOLEAN))
                .field(out("home", ADDRESS))
                .build();

        Map<String, Object> values = ADAPTER.parse(signature, """
                Let me think.
                <answer>Paris</answer>
                <explanation>
                  The capital of France
                  is Paris.
                </explanation>
                <number>42</number><flag>true</flag>
                <home>{"street": "Main", "zip_code": 9}</home>""");

        assertEquals("Paris", values.get("answer"));
        assertEquals("The capital of France\n  is Paris.", values.get("explanation"));
        assertEquals(42, values.get("number"));
        assertEquals(true, values.get("flag"));
        assertEquals(new Address("Main", 9), values.get("home"));
    }

    @Test
    void theFirstElementOfANameWinsAndOtherTagsAreIgnored() {
        SignatureDescriptor signature = SignatureDescriptor.builder("T")
                .field(out("answer", Codecs.STRING))
                .build();

        assertEquals(
                Map.of("answer", "first"),
                ADAPTER.parse(signature, "<note>hi</note>\n<answer>first</answer>\n<answer>second</answer>"));
        // matches do not overlap, as with DSPy's pattern: an element nested in another is not seen
        assertThrows(
                AdapterParseException.class, () -> ADAPTER.parse(signature, "<result><answer>inner</answer></result>"));
        assertEquals(
                Map.of("result", "<answer>inner</answer>"),
                XmlAdapter.elements("<result><answer>inner</answer></result>"));
    }

    @Test
    void reportsMissingAndMalformedFieldsTogether() {
        SignatureDescriptor signature = SignatureDescriptor.builder("Pair")
                .field(out("answer", Codecs.STRING))
                .field(out("explanation", Codecs.STRING))
                .field(out("number", Codecs.INT))
                .build();
        String completion = "<answer>Paris</answer>\n<number>not_a_number</number>";

        AdapterParseException e = assertThrows(AdapterParseException.class, () -> ADAPTER.parse(signature, completion));

        assertEquals("XMLAdapter", e.adapterName());
        assertEquals("Pair", e.signatureName());
        assertEquals(completion, e.completion());
        assertEquals(
                List.of("explanation", "number"),
                e.problems().stream()
                        .map(AdapterParseException.FieldProblem::field)
                        .toList());
        assertEquals(
                "missing: the answer has no <explanation>...</explanation> element",
                e.problems().get(0).problem());
        assertNull(e.problems().get(0).text());
        assertEquals("not_a_number", e.problems().get(1).text());
        assertEquals(
                "expected an int, got \"not_a_number\" (the field's type is int)",
                e.problems().get(1).problem());
    }

    @Test
    void aMissingOptionalFieldIsEmpty() {
        SignatureDescriptor signature = SignatureDescriptor.builder("T")
                .field(out("answer", Codecs.STRING))
                .field(out("note", Codecs.optional(Codecs.STRING)))
                .build();

        assertEquals(
                Optional.empty(), ADAPTER.parse(signature, "<answer>a</answer>").get("note"));
        assertEquals(
                Optional.empty(),
                ADAPTER.parse(signature, "<answer>a</answer><note>None</note>").get("note"));
    }

    @Test
    void hasNoFallbackAndDspysName() {
        assertEquals("XMLAdapter", ADAPTER.name());
        assertFalse(ADAPTER.fallback().isPresent());
        assertTrue(ADAPTER.systemMessage(AdapterFixtures.extract()).contains("<answer>\n{answer}\n</answer>"));
    }

    @Test
    void roundTripsEveryFieldType() {
        SignatureDescriptor signature = AdapterFixtures.everyType();
        Map<String, Object> values = AdapterFixtures.everyTypeValues();

        String answer = ADAPTER.assistantMessage(signature, values, "?");
        Map<String, Object> parsed = ADAPTER.parse(signature, answer);

        assertEquals(List.copyOf(values.keySet()), List.copyOf(parsed.keySet()), answer);
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            assertEquals(entry.getValue(), parsed.get(entry.getKey()), entry.getKey() + " in\n" + answer);
        }
    }

    private static void assertMessages(List<ChatMessage> expected, List<ChatMessage> actual) {
        assertEquals(expected.size(), actual.size(), "number of messages");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).role(), actual.get(i).role(), "role of message " + i);
            assertEquals(expected.get(i).content(), actual.get(i).content(), "content of message " + i);
        }
    }
}
