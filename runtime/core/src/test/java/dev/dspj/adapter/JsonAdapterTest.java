package dev.dspj.adapter;

import static dev.dspj.adapter.AdapterFixtures.ADDRESS;
import static dev.dspj.adapter.AdapterFixtures.SENTIMENT;
import static dev.dspj.adapter.AdapterFixtures.TAGGED;
import static dev.dspj.adapter.AdapterFixtures.in;
import static dev.dspj.adapter.AdapterFixtures.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.dspj.adapter.AdapterFixtures.Address;
import dev.dspj.adapter.AdapterFixtures.Sentiment;
import dev.dspj.codec.Codecs;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ModelCapabilities;
import dev.dspj.lm.ResponseFormat;
import dev.dspj.primitives.Example;
import dev.dspj.signature.SignatureDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The JSON adapter's prompts, compared byte for byte with what DSPy's {@code JSONAdapter}
 * produces (texts derived from {@code json_adapter.py} with Python's own {@code json.dumps}, and
 * checked against the expectations of DSPy's {@code tests/adapters/test_json_adapter.py}), its
 * parsing of model answers, and the response format it asks for.
 */
class JsonAdapterTest {

    private static final JsonAdapter ADAPTER = JsonAdapter.INSTANCE;
    private static final JsonMapper MAPPER = new JsonMapper();

    private static SignatureDescriptor qa() {
        return SignatureDescriptor.builder("QA")
                .field(in("question", Codecs.STRING))
                .field(out("answer", Codecs.STRING))
                .field(out("count", Codecs.INT))
                .build();
    }

    @Test
    void formatsSystemDemosAndRequestExactlyAsDspy() {
        List<ChatMessage> messages = ADAPTER.format(
                AdapterFixtures.extract(),
                List.of(
                        AdapterFixtures.completeDemo(),
                        AdapterFixtures.incompleteDemo(),
                        Example.of("question", "lonely")),
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

                Inputs will have the following structure:

                [[ ## question ## ]]
                {question}

                [[ ## context ## ]]
                {context}

                Outputs will be a JSON object with the following fields.

                {
                  "answer": "{answer}",
                  "count": "{count}        # note: the value you produce must be a single int value",
                  "tags": "{tags}        # note: the value you produce must adhere to the JSON schema: {\\"type\\": \\"array\\", \\"items\\": {\\"type\\": \\"string\\"}}",
                  "address": "{address}        # note: the value you produce must adhere to the JSON schema: {\\"type\\": \\"object\\", \\"properties\\": {\\"street\\": {\\"type\\": \\"string\\", \\"title\\": \\"Street\\"}, \\"zip_code\\": {\\"type\\": \\"integer\\", \\"title\\": \\"Zip Code\\"}}, \\"required\\": [\\"street\\", \\"zip_code\\"], \\"title\\": \\"Address\\"}",
                  "sentiment": "{sentiment}        # note: the value you produce must be one of: POSITIVE; NEGATIVE; NEUTRAL"
                }
                In adhering to this structure, your objective is:\s
                        Extract the facts.
                        Be terse.""";
        String incompleteUser = """
                This is an example of the task, though some input or output fields are not supplied.

                [[ ## question ## ]]
                Q2""";
        String incompleteAssistant = """
                {
                  "answer": "A2",
                  "count": "Not supplied for this particular example. ",
                  "tags": "Not supplied for this particular example. ",
                  "address": "Not supplied for this particular example. ",
                  "sentiment": "Not supplied for this particular example. "
                }""";
        String completeUser = """
                [[ ## question ## ]]
                Où est la Tour Eiffel?

                [[ ## context ## ]]
                ["Paris"]""";
        // json.dumps(indent=2) with Python's default ensure_ascii=True escapes non-ASCII text
        String completeAssistant = """
                {
                  "answer": "\\u00c0 Paris",
                  "count": 1,
                  "tags": [
                    "geo",
                    "Z\\u00fcrich"
                  ],
                  "address": {
                    "street": "5 Av. Anatole",
                    "zip_code": 75007
                  },
                  "sentiment": "POSITIVE"
                }""";
        String request = """
                [[ ## question ## ]]
                How many?

                [[ ## context ## ]]
                ["a", "b"]

                Respond with a JSON object in the following order of fields: `answer`, \
                then `count` (must be formatted as a valid Python int), \
                then `tags` (must be formatted as a valid Python list[str]), \
                then `address` (must be formatted as a valid Python Address), \
                then `sentiment` (must be formatted as a valid Python Sentiment).""";

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

    /** DSPy's {@code test_json_adapter_format_exact_messages_with_demo_and_typed_output}. */
    @Test
    void matchesDspysOwnExpectationForATypedDemo() {
        SignatureDescriptor signature = SignatureDescriptor.builder("MultiAnswer")
                .field(in("question", Codecs.STRING))
                .field(out("answer", Codecs.STRING))
                .field(out("confidence", Codecs.DOUBLE))
                .build();

        List<ChatMessage> messages = ADAPTER.format(
                signature,
                List.of(Example.of("question", "Q1", "answer", "A1", "confidence", 0.9)),
                Map.of("question", "Q2"));

        assertMessages(
                List.of(
                        ChatMessage.system("Your input fields are:\n1. `question` (str):\nYour output fields are:\n"
                                + "1. `answer` (str): \n2. `confidence` (float):\n"
                                + "All interactions will be structured in the following way, with the appropriate values filled in.\n\n"
                                + "Inputs will have the following structure:\n\n[[ ## question ## ]]\n{question}\n\n"
                                + "Outputs will be a JSON object with the following fields.\n\n"
                                + "{\n  \"answer\": \"{answer}\",\n"
                                + "  \"confidence\": \"{confidence}        # note: the value you produce must be a single float value\"\n}\n"
                                + "In adhering to this structure, your objective is: \n"
                                + "        Given the fields `question`, produce the fields `answer`, `confidence`."),
                        ChatMessage.user("[[ ## question ## ]]\nQ1"),
                        ChatMessage.assistant("{\n  \"answer\": \"A1\",\n  \"confidence\": 0.9\n}"),
                        ChatMessage.user(
                                "[[ ## question ## ]]\nQ2\n\nRespond with a JSON object in the following order of "
                                        + "fields: `answer`, then `confidence` (must be formatted as a valid Python float).")),
                messages);
    }

    @Test
    void emptyContainersAndBooleansAreWrittenAsPythonDoes() {
        SignatureDescriptor signature = SignatureDescriptor.builder("S")
                .field(in("q", Codecs.STRING))
                .field(out("tags", Codecs.list(Codecs.STRING)))
                .field(out("scores", Codecs.map(Codecs.INT)))
                .field(out("ok", Codecs.BOOLEAN))
                .field(out("maybe", Codecs.optional(Codecs.STRING)))
                .field(out("tab", Codecs.STRING))
                .build();

        String text = ADAPTER.assistantMessage(
                signature,
                Map.of(
                        "tags",
                        List.of(),
                        "scores",
                        Map.of(),
                        "ok",
                        true,
                        "maybe",
                        Optional.empty(),
                        "tab",
                        "a\tb\u007f\u2028😀"),
                "?");

        assertEquals(
                "{\n  \"tags\": [],\n  \"scores\": {},\n  \"ok\": true,\n  \"maybe\": null,\n"
                        + "  \"tab\": \"a\\tb\\u007f\\u2028\\ud83d\\ude00\"\n}",
                text);
    }

    @Test
    void aDemoValueOfAnotherJavaTypeIsShownAsText() {
        String text = ADAPTER.assistantMessage(qa(), Map.of("answer", "x", "count", "seven"), "?");

        assertEquals("{\n  \"answer\": \"x\",\n  \"count\": \"seven\"\n}", text);
    }

    // ---- parsing ----

    @Test
    void parsesAFencedObject() {
        Map<String, Object> values = ADAPTER.parse(qa(), "```json\n{\"answer\": \"Paris\", \"count\": 3}\n```");

        assertEquals(Map.of("answer", "Paris", "count", 3), values);
    }

    @Test
    void parsesAnObjectInsideChattyText() {
        Map<String, Object> values = ADAPTER.parse(
                qa(),
                "Sure! Here's the answer you asked for:\n{\"answer\": \"Paris\", \"count\": 3}\nLet me know if that helps.");

        assertEquals(Map.of("answer", "Paris", "count", 3), values);
    }

    @Test
    void findsTheObjectAfterAnotherJsonValue() {
        Map<String, Object> values =
                ADAPTER.parse(qa(), "I considered [1, 2] first, then decided: {\"answer\": \"Lyon\", \"count\": 2}.");

        assertEquals(Map.of("answer", "Lyon", "count", 2), values);
    }

    @Test
    void parsesAPythonLiteral() {
        SignatureDescriptor signature = SignatureDescriptor.builder("S")
                .field(in("q", Codecs.STRING))
                .field(out("answer", Codecs.STRING))
                .field(out("flag", Codecs.BOOLEAN))
                .field(out("note", Codecs.optional(Codecs.STRING)))
                .build();

        Map<String, Object> values = ADAPTER.parse(signature, "{'answer': 'Paris', 'flag': True, 'note': None}");

        assertEquals("Paris", values.get("answer"));
        assertEquals(true, values.get("flag"));
        assertEquals(Optional.empty(), values.get("note"));
    }

    @Test
    void ignoresKeysThatAreNotOutputFieldsAndKeepsOutputOrder() {
        Map<String, Object> values = ADAPTER.parse(
                qa(), "{\"reasoning\": \"because\", \"count\": 1, \"question\": \"echo\", \"answer\": \"x\"}");

        assertEquals(List.of("answer", "count"), new ArrayList<>(values.keySet()));
        assertEquals("x", values.get("answer"));
        assertEquals(1, values.get("count"));
    }

    @Test
    void reportsEveryMissingKeyWithExpectedAndFoundKeys() {
        SignatureDescriptor signature = SignatureDescriptor.builder("Triple")
                .field(in("q", Codecs.STRING))
                .field(out("answer", Codecs.STRING))
                .field(out("count", Codecs.INT))
                .field(out("tags", Codecs.list(Codecs.STRING)))
                .build();
        String completion = "{\"answer\": \"x\", \"extra\": 1}";

        AdapterParseException e = assertThrows(AdapterParseException.class, () -> ADAPTER.parse(signature, completion));

        assertEquals("JSONAdapter", e.adapterName());
        assertEquals("Triple", e.signatureName());
        assertEquals(completion, e.completion());
        assertEquals(
                List.of("count", "tags"),
                e.problems().stream()
                        .map(AdapterParseException.FieldProblem::field)
                        .toList());
        assertEquals(
                "missing: the JSON object has no key \"count\"; expected the keys \"answer\", \"count\", \"tags\", "
                        + "found \"answer\", \"extra\"",
                e.problems().get(0).problem());
        assertNull(e.problems().get(0).text());
        assertTrue(
                e.getMessage().startsWith("JSONAdapter could not parse the answer for signature Triple:"),
                e.getMessage());
        assertTrue(e.getMessage().contains("field 'tags': missing"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Completion:\n" + completion), e.getMessage());
    }

    @Test
    void anAnswerWithNoObjectReportsEveryRequiredField() {
        AdapterParseException e = assertThrows(AdapterParseException.class, () -> ADAPTER.parse(qa(), "I don't know."));

        assertEquals(
                List.of("answer", "count"),
                e.problems().stream()
                        .map(AdapterParseException.FieldProblem::field)
                        .toList());
        assertEquals(
                "missing: the answer holds no JSON object; expected one with the keys \"answer\", \"count\"",
                e.problems().get(1).problem());
        assertEquals("I don't know.", e.completion());
    }

    @Test
    void aMissingOptionalFieldIsEmpty() {
        SignatureDescriptor signature = SignatureDescriptor.builder("S")
                .field(in("q", Codecs.STRING))
                .field(out("answer", Codecs.STRING))
                .field(out("note", Codecs.optional(Codecs.STRING)))
                .build();

        assertEquals(
                Optional.empty(),
                ADAPTER.parse(signature, "{\"answer\": \"a\"}").get("note"));
        AdapterParseException e = assertThrows(AdapterParseException.class, () -> ADAPTER.parse(signature, "no json"));
        assertEquals(
                List.of("answer"),
                e.problems().stream()
                        .map(AdapterParseException.FieldProblem::field)
                        .toList(),
                "only the required field is reported");
    }

    @Test
    void readsTypedValuesFromJsonValuesAndFromStrings() {
        SignatureDescriptor signature = SignatureDescriptor.builder("Typed")
                .field(in("q", Codecs.STRING))
                .field(out("n", Codecs.INT))
                .field(out("m", Codecs.INT))
                .field(out("x", Codecs.DOUBLE))
                .field(out("y", Codecs.DOUBLE))
                .field(out("flag", Codecs.BOOLEAN))
                .field(out("yes", Codecs.BOOLEAN))
                .field(out("tags", Codecs.list(Codecs.STRING)))
                .field(out("tags_text", Codecs.list(Codecs.STRING)))
                .field(out("mood", SENTIMENT))
                .field(out("address", ADDRESS))
                .field(out("address_text", ADDRESS))
                .field(out("label", Codecs.STRING))
                .field(out("shout", Codecs.STRING))
                .field(out("ratio_text", Codecs.STRING))
                .build();

        Map<String, Object> values = ADAPTER.parse(signature, """
                {"n": 42, "m": "7", "x": 0.5, "y": "2.25", "flag": false, "yes": "true",
                 "tags": ["a", "b"], "tags_text": "[\\"c\\", \\"d\\"]", "mood": "positive",
                 "address": {"street": "Main", "zip_code": 1}, "address_text": "{\\"street\\": \\"Side\\", \\"zip_code\\": \\"2\\"}",
                 "label": 42, "shout": true, "ratio_text": 0.1}""");

        assertEquals(42, values.get("n"));
        assertEquals(7, values.get("m"));
        assertEquals(0.5, values.get("x"));
        assertEquals(2.25, values.get("y"));
        assertEquals(false, values.get("flag"));
        assertEquals(true, values.get("yes"));
        assertEquals(List.of("a", "b"), values.get("tags"));
        assertEquals(List.of("c", "d"), values.get("tags_text"));
        assertEquals(Sentiment.POSITIVE, values.get("mood"));
        assertEquals(new Address("Main", 1), values.get("address"));
        assertEquals(new Address("Side", 2), values.get("address_text"));
        // a text field takes any scalar as Python's str() prints it
        assertEquals("42", values.get("label"));
        assertEquals("True", values.get("shout"));
        assertEquals("0.1", values.get("ratio_text"));
    }

    @Test
    void anIntegralFloatIsAnIntButAFractionIsNot() {
        assertEquals(
                3, ADAPTER.parse(qa(), "{\"answer\": \"a\", \"count\": 3.0}").get("count"));

        AdapterParseException e = assertThrows(
                AdapterParseException.class, () -> ADAPTER.parse(qa(), "{\"answer\": \"a\", \"count\": 3.5}"));
        assertEquals(1, e.problems().size());
        assertEquals("count", e.problems().get(0).field());
        assertEquals("3.5", e.problems().get(0).text());
        assertTrue(
                e.problems().get(0).problem().contains("expected an int"),
                e.problems().get(0).problem());
        assertTrue(
                e.problems().get(0).problem().endsWith("(the field's type is int)"),
                e.problems().get(0).problem());
    }

    @Test
    void reportsMalformedValuesWithTheirTextAndPath() {
        SignatureDescriptor signature = SignatureDescriptor.builder("Bad")
                .field(in("q", Codecs.STRING))
                .field(out("count", Codecs.INT))
                .field(out("address", ADDRESS))
                .field(out("answer", Codecs.STRING))
                .build();

        AdapterParseException e = assertThrows(
                AdapterParseException.class,
                () -> ADAPTER.parse(
                        signature,
                        "{\"count\": \"many\", \"address\": {\"street\": \"Main\", \"zip_code\": \"x\"}, \"answer\": null}"));

        assertEquals(
                List.of("count", "address", "answer"),
                e.problems().stream()
                        .map(AdapterParseException.FieldProblem::field)
                        .toList());
        assertEquals("many", e.problems().get(0).text());
        assertTrue(
                e.problems().get(0).problem().startsWith("expected an int, got \"many\""),
                e.problems().get(0).problem());
        assertEquals(
                "{\"street\": \"Main\", \"zip_code\": \"x\"}",
                e.problems().get(1).text());
        assertTrue(
                e.problems().get(1).problem().startsWith("at .zip_code: expected an int"),
                e.problems().get(1).problem());
        assertEquals(
                "expected a string, got null (the field's type is str)",
                e.problems().get(2).problem());
    }

    @Test
    void readsWhatItWritesForADemo() {
        SignatureDescriptor signature = AdapterFixtures.extract();
        Example demo = AdapterFixtures.completeDemo();

        Map<String, Object> parsed = ADAPTER.parse(signature, ADAPTER.assistantMessage(signature, demo.values(), "?"));

        for (String field : List.of("answer", "count", "tags", "address", "sentiment")) {
            assertEquals(demo.values().get(field), parsed.get(field), field);
        }
    }

    // ---- request settings ----

    @Test
    void asksForAStrictSchemaWhenTheModelSupportsStructuredOutputs() throws Exception {
        LmSettings settings = ADAPTER.requestSettings(AdapterFixtures.extract(), ModelCapabilities.FULL);

        ResponseFormat format = settings.responseFormat().orElseThrow();
        assertEquals(ResponseFormat.Kind.JSON_SCHEMA, format.kind());
        assertEquals(Optional.of("DSPyProgramOutputs"), format.name());
        assertTrue(format.strict());
        JsonNode expected = MAPPER.readTree("""
                {"type": "object",
                 "properties": {
                   "answer": {"type": "string", "title": "Answer"},
                   "count": {"type": "integer", "title": "Count"},
                   "tags": {"type": "array", "items": {"type": "string"}, "title": "Tags"},
                   "address": {"$ref": "#/$defs/Address"},
                   "sentiment": {"$ref": "#/$defs/Sentiment"}},
                 "required": ["answer", "count", "tags", "address", "sentiment"],
                 "additionalProperties": false,
                 "title": "DSPyProgramOutputs",
                 "$defs": {
                   "Address": {"type": "object",
                     "properties": {"street": {"type": "string", "title": "Street"},
                                    "zip_code": {"type": "integer", "title": "Zip Code"}},
                     "required": ["street", "zip_code"], "title": "Address", "additionalProperties": false},
                   "Sentiment": {"type": "string", "enum": ["POSITIVE", "NEGATIVE", "NEUTRAL"], "title": "Sentiment"}}}""");
        assertEquals(expected, format.schema().orElseThrow());
        assertEquals(settings, LmSettings.DEFAULTS.withResponseFormat(format));
    }

    @Test
    void optionalOutputsAreRequiredButNullableInTheStrictSchema() throws Exception {
        SignatureDescriptor signature = SignatureDescriptor.builder("S")
                .field(in("q", Codecs.STRING))
                .field(out("note", Codecs.optional(Codecs.STRING)))
                .field(out("home", Codecs.optional(ADDRESS)))
                .build();

        JsonNode schema = ADAPTER.structuredOutputSchema(signature).orElseThrow();

        assertEquals(MAPPER.readTree("[\"note\", \"home\"]"), schema.get("required"));
        assertEquals(
                MAPPER.readTree("{\"anyOf\": [{\"type\": \"string\"}, {\"type\": \"null\"}], \"title\": \"Note\"}"),
                schema.get("properties").get("note"));
        assertEquals(
                MAPPER.readTree("{\"anyOf\": [{\"$ref\": \"#/$defs/Address\"}, {\"type\": \"null\"}]}"),
                schema.get("properties").get("home"));
    }

    @Test
    void asksForJsonModeWhenAnOutputIsAnOpenEndedMap() {
        SignatureDescriptor topLevel = SignatureDescriptor.builder("S")
                .field(in("q", Codecs.STRING))
                .field(out("answer", Codecs.STRING))
                .field(out("counts", Codecs.map(Codecs.INT)))
                .build();
        SignatureDescriptor nested = SignatureDescriptor.builder("S")
                .field(in("q", Codecs.STRING))
                .field(out("items", Codecs.list(TAGGED)))
                .build();

        assertEquals(Optional.empty(), ADAPTER.structuredOutputSchema(topLevel));
        assertEquals(Optional.empty(), ADAPTER.structuredOutputSchema(nested));
        assertEquals(
                Optional.of(ResponseFormat.JSON_OBJECT),
                ADAPTER.requestSettings(topLevel, ModelCapabilities.FULL).responseFormat());
        assertEquals(
                Optional.of(ResponseFormat.JSON_OBJECT),
                ADAPTER.requestSettings(nested, ModelCapabilities.FULL).responseFormat());
        assertEquals(LmSettings.DEFAULTS, ADAPTER.requestSettings(topLevel, new ModelCapabilities(true, false, false)));
    }

    @Test
    void asksForJsonModeOrNothingByCapability() {
        SignatureDescriptor signature = qa();

        assertEquals(
                Optional.of(ResponseFormat.JSON_OBJECT),
                ADAPTER.requestSettings(signature, new ModelCapabilities(false, true, true))
                        .responseFormat());
        assertEquals(LmSettings.DEFAULTS, ADAPTER.requestSettings(signature, ModelCapabilities.TEXT_ONLY));
        assertEquals(
                ResponseFormat.Kind.JSON_SCHEMA,
                ADAPTER.requestSettings(signature, new ModelCapabilities(true, false, false))
                        .responseFormat()
                        .orElseThrow()
                        .kind());
        assertEquals(LmSettings.DEFAULTS, ChatAdapter.INSTANCE.requestSettings(signature, ModelCapabilities.FULL));
        assertEquals(LmSettings.DEFAULTS, XmlAdapter.INSTANCE.requestSettings(signature, ModelCapabilities.FULL));
    }

    @Test
    void hasNoFallbackAndDspysName() {
        assertEquals("JSONAdapter", ADAPTER.name());
        assertFalse(ADAPTER.fallback().isPresent());
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
