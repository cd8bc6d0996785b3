package dev.dspj.adapter;

import static dev.dspj.TestTypes.ADDRESS;
import static dev.dspj.TestTypes.CUSTOMER;
import static dev.dspj.TestTypes.CUSTOMER_SCHEMA;
import static dev.dspj.TestTypes.SENTIMENT;
import static dev.dspj.TestTypes.in;
import static dev.dspj.TestTypes.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.TestTypes;
import dev.dspj.TestTypes.Address;
import dev.dspj.codec.Codecs;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.Role;
import dev.dspj.primitives.Example;
import dev.dspj.signature.SignatureDescriptor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The prompts the Chat adapter writes, compared byte for byte with what DSPy 3.x's ChatAdapter
 * produces for the same signature, demos and inputs.
 */
class ChatAdapterFormatTest {

    private static final ChatAdapter ADAPTER = ChatAdapter.INSTANCE;

    private static SignatureDescriptor qaWithContext() {
        return SignatureDescriptor.builder("AnswerWithContext")
                .instructions("Answer the question using the context.")
                .field(in("question", Codecs.STRING, "the question"))
                .field(in("context", Codecs.list(Codecs.STRING)))
                .field(out("answer", Codecs.STRING, "a short answer"))
                .field(out("confidence", Codecs.DOUBLE))
                .field(out("tags", Codecs.list(Codecs.STRING)))
                .build();
    }

    @Test
    void formatsSystemDemosAndRequestExactly() {
        Example france = Example.of(
                "question",
                "What is the capital of France?",
                "context",
                List.of("Paris is the capital of France.", "France is in Europe."),
                "answer",
                "Paris",
                "confidence",
                0.9,
                "tags",
                List.of("geography", "Zürich"));
        Example hamlet = Example.of("question", "Who wrote Hamlet?", "answer", "Shakespeare");
        Example onlyInput = Example.of("question", "orphan input");
        Example onlyOutput = Example.of("answer", "orphan output");
        Example arithmetic = Example.of(
                "question", "2+2?", "context", List.of(), "answer", "4", "confidence", 1.0, "tags", List.of());
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("question", "Where is the Eiffel Tower?");
        inputs.put("context", List.of("The Eiffel Tower is in Paris."));

        List<ChatMessage> messages =
                ADAPTER.format(qaWithContext(), List.of(france, hamlet, onlyInput, onlyOutput, arithmetic), inputs);

        String system = """
                Your input fields are:
                1. `question` (str): the question
                2. `context` (list[str]):
                Your output fields are:
                1. `answer` (str): a short answer
                2. `confidence` (float):\s
                3. `tags` (list[str]):
                All interactions will be structured in the following way, with the appropriate values filled in.

                [[ ## question ## ]]
                {question}

                [[ ## context ## ]]
                {context}

                [[ ## answer ## ]]
                {answer}

                [[ ## confidence ## ]]
                {confidence}        # note: the value you produce must be a single float value

                [[ ## tags ## ]]
                {tags}        # note: the value you produce must adhere to the JSON schema: {"type": "array", "items": {"type": "string"}}

                [[ ## completed ## ]]
                In adhering to this structure, your objective is:\s
                        Answer the question using the context.""";
        String incompleteUser = """
                This is an example of the task, though some input or output fields are not supplied.

                [[ ## question ## ]]
                Who wrote Hamlet?""";
        String incompleteAssistant = """
                [[ ## answer ## ]]
                Shakespeare

                [[ ## confidence ## ]]
                Not supplied for this particular example.\s

                [[ ## tags ## ]]
                Not supplied for this particular example.

                [[ ## completed ## ]]
                """;
        String franceUser = """
                [[ ## question ## ]]
                What is the capital of France?

                [[ ## context ## ]]
                ["Paris is the capital of France.", "France is in Europe."]""";
        String franceAssistant = """
                [[ ## answer ## ]]
                Paris

                [[ ## confidence ## ]]
                0.9

                [[ ## tags ## ]]
                ["geography", "Zürich"]

                [[ ## completed ## ]]
                """;
        String arithmeticUser = """
                [[ ## question ## ]]
                2+2?

                [[ ## context ## ]]
                []""";
        String arithmeticAssistant = """
                [[ ## answer ## ]]
                4

                [[ ## confidence ## ]]
                1.0

                [[ ## tags ## ]]
                []

                [[ ## completed ## ]]
                """;
        String request = """
                [[ ## question ## ]]
                Where is the Eiffel Tower?

                [[ ## context ## ]]
                ["The Eiffel Tower is in Paris."]

                Respond with the corresponding output fields, starting with the field `[[ ## answer ## ]]`, \
                then `[[ ## confidence ## ]]` (must be formatted as a valid Python float), \
                then `[[ ## tags ## ]]` (must be formatted as a valid Python list[str]), \
                and then ending with the marker for `[[ ## completed ## ]]`.""";

        assertMessages(
                List.of(
                        ChatMessage.system(system),
                        ChatMessage.user(incompleteUser),
                        ChatMessage.assistant(incompleteAssistant),
                        ChatMessage.user(franceUser),
                        ChatMessage.assistant(franceAssistant),
                        ChatMessage.user(arithmeticUser),
                        ChatMessage.assistant(arithmeticAssistant),
                        ChatMessage.user(request)),
                messages);
    }

    @Test
    void minimalSignatureWithDefaultInstructions() {
        SignatureDescriptor signature = SignatureDescriptor.builder("QA")
                .field(in("question", Codecs.STRING))
                .field(out("answer", Codecs.STRING))
                .build();

        List<ChatMessage> messages = ADAPTER.format(signature, List.of(), Map.of("question", "What is 2+2?"));

        assertMessages(
                List.of(
                        ChatMessage.system(
                                "Your input fields are:\n1. `question` (str):\nYour output fields are:\n1. `answer` (str):\n"
                                        + "All interactions will be structured in the following way, with the appropriate values filled in.\n\n"
                                        + "[[ ## question ## ]]\n{question}\n\n[[ ## answer ## ]]\n{answer}\n\n[[ ## completed ## ]]\n"
                                        + "In adhering to this structure, your objective is: \n"
                                        + "        Given the fields `question`, produce the fields `answer`."),
                        ChatMessage.user("[[ ## question ## ]]\nWhat is 2+2?\n\n"
                                + "Respond with the corresponding output fields, starting with the field `[[ ## answer ## ]]`, "
                                + "and then ending with the marker for `[[ ## completed ## ]]`.")),
                messages);
    }

    @Test
    void defaultInstructionsListEveryField() {
        SignatureDescriptor signature = SignatureDescriptor.builder("Multi")
                .field(in("question", Codecs.STRING))
                .field(in("context", Codecs.STRING))
                .field(out("answer", Codecs.STRING))
                .field(out("confidence", Codecs.DOUBLE))
                .build();

        assertEquals(
                "Given the fields `question`, `context`, produce the fields `answer`, `confidence`.",
                signature.instructions());
        assertTrue(
                ADAPTER.systemMessage(signature)
                        .endsWith(
                                "In adhering to this structure, your objective is: \n"
                                        + "        Given the fields `question`, `context`, produce the fields `answer`, `confidence`."));
    }

    @Test
    void typedOutputsGetConstraintsAndTypeHints() {
        SignatureDescriptor signature = SignatureDescriptor.builder("Classify")
                .instructions("\n    Classify the sentiment.\n\n    Be concise:\n      - one word\n    ")
                .field(in("text", Codecs.STRING))
                .field(out("sentiment", SENTIMENT))
                .field(out("is_spam", Codecs.BOOLEAN))
                .field(out("word_count", Codecs.INT))
                .field(out("customer", CUSTOMER))
                .field(out("rating", Codecs.optional(Codecs.INT)))
                .build();

        List<ChatMessage> messages = ADAPTER.format(signature, List.of(), Map.of("text", "Great product!"));

        String system = "Your input fields are:\n"
                + "1. `text` (str):\n"
                + "Your output fields are:\n"
                + "1. `sentiment` (Sentiment): \n"
                + "2. `is_spam` (bool): \n"
                + "3. `word_count` (int): \n"
                + "4. `customer` (Customer): \n"
                + "5. `rating` (Union[int, NoneType]):\n"
                + "All interactions will be structured in the following way, with the appropriate values filled in.\n\n"
                + "[[ ## text ## ]]\n{text}\n\n"
                + "[[ ## sentiment ## ]]\n"
                + "{sentiment}        # note: the value you produce must be one of: POSITIVE; NEGATIVE; NEUTRAL\n\n"
                + "[[ ## is_spam ## ]]\n"
                + "{is_spam}        # note: the value you produce must be True or False\n\n"
                + "[[ ## word_count ## ]]\n"
                + "{word_count}        # note: the value you produce must be a single int value\n\n"
                + "[[ ## customer ## ]]\n"
                + "{customer}        # note: the value you produce must adhere to the JSON schema: " + CUSTOMER_SCHEMA
                + "\n\n"
                + "[[ ## rating ## ]]\n"
                + "{rating}        # note: the value you produce must adhere to the JSON schema: "
                + "{\"anyOf\": [{\"type\": \"integer\"}, {\"type\": \"null\"}]}\n\n"
                + "[[ ## completed ## ]]\n"
                + "In adhering to this structure, your objective is: \n"
                + "        \n"
                + "        Classify the sentiment.\n"
                + "        \n"
                + "        Be concise:\n"
                + "          - one word";
        String request = "[[ ## text ## ]]\nGreat product!\n\n"
                + "Respond with the corresponding output fields, starting with the field "
                + "`[[ ## sentiment ## ]]` (must be formatted as a valid Python Sentiment), "
                + "then `[[ ## is_spam ## ]]` (must be formatted as a valid Python bool), "
                + "then `[[ ## word_count ## ]]` (must be formatted as a valid Python int), "
                + "then `[[ ## customer ## ]]` (must be formatted as a valid Python Customer), "
                + "then `[[ ## rating ## ]]` (must be formatted as a valid Python Union[int, NoneType]), "
                + "and then ending with the marker for `[[ ## completed ## ]]`.";
        assertMessages(List.of(ChatMessage.system(system), ChatMessage.user(request)), messages);
    }

    @Test
    void longAndFloatOutputsUsePythonTypeNames() {
        SignatureDescriptor signature = SignatureDescriptor.builder("Numbers")
                .field(in("text", Codecs.STRING))
                .field(out("big", Codecs.LONG))
                .field(out("ratio", Codecs.FLOAT))
                .build();

        String structure = ADAPTER.fieldStructure(signature);

        assertTrue(
                structure.contains("{big}        # note: the value you produce must be a single int value\n"),
                structure);
        assertTrue(
                structure.endsWith("{ratio}        # note: the value you produce must be a single float value\n\n"
                        + "[[ ## completed ## ]]"),
                structure);
        assertTrue(ADAPTER.outputRequirements(signature)
                .contains("`[[ ## big ## ]]` (must be formatted as a valid Python int), "
                        + "then `[[ ## ratio ## ]]` (must be formatted as a valid Python float)"));
    }

    @Test
    void collectionAndDecimalOutputsShowTheirSchemas() {
        SignatureDescriptor signature = SignatureDescriptor.builder("Shapes")
                .field(in("text", Codecs.STRING))
                .field(out("scores", Codecs.map(Codecs.INT)))
                .field(out("ids", Codecs.set(Codecs.LONG)))
                .field(out("price", Codecs.DECIMAL))
                .field(out("stops", Codecs.list(ADDRESS)))
                .build();

        String structure = ADAPTER.fieldStructure(signature);

        assertTrue(
                structure.contains(
                        "[[ ## scores ## ]]\n{scores}        # note: the value you produce must adhere to the "
                                + "JSON schema: {\"type\": \"object\", \"additionalProperties\": {\"type\": \"integer\"}}\n\n"),
                structure);
        assertTrue(
                structure.contains(
                        "[[ ## ids ## ]]\n{ids}        # note: the value you produce must adhere to the "
                                + "JSON schema: {\"type\": \"array\", \"items\": {\"type\": \"integer\"}, \"uniqueItems\": true}\n\n"),
                structure);
        assertTrue(
                structure.contains("[[ ## price ## ]]\n{price}        # note: the value you produce must adhere to the "
                        + "JSON schema: {\"anyOf\": [{\"type\": \"number\"}, {\"type\": \"string\", "
                        + "\"pattern\": \"^(?!^[-+.]*$)[+-]?0*\\\\d*\\\\.?\\\\d*$\"}]}\n\n"),
                structure);
        assertTrue(
                structure.contains("[[ ## stops ## ]]\n{stops}        # note: the value you produce must adhere to the "
                        + "JSON schema: {\"type\": \"array\", \"$defs\": {\"Address\": {\"type\": \"object\", \"properties\": "
                        + "{\"street\": {\"type\": \"string\", \"title\": \"Street\"}, \"zip_code\": {\"type\": \"integer\", "
                        + "\"title\": \"Zip Code\"}}, \"required\": [\"street\", \"zip_code\"], \"title\": \"Address\"}}, "
                        + "\"items\": {\"$ref\": \"#/$defs/Address\"}}\n\n"),
                structure);
        assertEquals(
                "Respond with the corresponding output fields, starting with the field "
                        + "`[[ ## scores ## ]]` (must be formatted as a valid Python dict[str, int]), "
                        + "then `[[ ## ids ## ]]` (must be formatted as a valid Python set[int]), "
                        + "then `[[ ## price ## ]]` (must be formatted as a valid Python Decimal), "
                        + "then `[[ ## stops ## ]]` (must be formatted as a valid Python list[Address]), "
                        + "and then ending with the marker for `[[ ## completed ## ]]`.",
                ADAPTER.outputRequirements(signature));
    }

    @Test
    void recordInputIsRenderedAsJson() {
        SignatureDescriptor signature = SignatureDescriptor.builder("Reply")
                .instructions("Reply politely.")
                .field(in("customer", CUSTOMER, "who is asking"))
                .field(out("reply", Codecs.STRING))
                .build();

        List<ChatMessage> messages = ADAPTER.format(signature, List.of(), Map.of("customer", TestTypes.ada()));

        assertMessages(
                List.of(
                        ChatMessage.system("Your input fields are:\n1. `customer` (Customer): who is asking\n"
                                + "Your output fields are:\n1. `reply` (str):\n"
                                + "All interactions will be structured in the following way, with the appropriate values filled in.\n\n"
                                + "[[ ## customer ## ]]\n{customer}\n\n[[ ## reply ## ]]\n{reply}\n\n[[ ## completed ## ]]\n"
                                + "In adhering to this structure, your objective is: \n        Reply politely."),
                        ChatMessage.user("[[ ## customer ## ]]\n"
                                + "{\"name\": \"Ada\", \"address\": {\"street\": \"1 Main St\", \"zip_code\": 12345}, "
                                + "\"favorite_color\": \"RED\", \"nickname\": \"Countess\", \"billing\": null}\n\n"
                                + "Respond with the corresponding output fields, starting with the field `[[ ## reply ## ]]`, "
                                + "and then ending with the marker for `[[ ## completed ## ]]`.")),
                messages);
    }

    @Test
    void scalarValuesAreRenderedAsPythonPrintsThem() {
        SignatureDescriptor signature = SignatureDescriptor.builder("Scalars")
                .field(in("flag", Codecs.BOOLEAN))
                .field(in("ratio", Codecs.DOUBLE))
                .field(in("tiny", Codecs.DOUBLE))
                .field(in("count", Codecs.INT))
                .field(in("price", Codecs.DECIMAL))
                .field(in("mood", SENTIMENT))
                .field(in("maybe", Codecs.optional(Codecs.INT)))
                .field(in("weights", Codecs.map(Codecs.FLOAT)))
                .field(out("answer", Codecs.STRING))
                .build();
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("flag", false);
        inputs.put("ratio", 100.0);
        inputs.put("tiny", 1e-5);
        inputs.put("count", 7);
        inputs.put("price", new BigDecimal("19.90"));
        inputs.put("mood", TestTypes.Sentiment.NEUTRAL);
        inputs.put("maybe", Optional.empty());
        inputs.put("weights", Map.of("a", 0.1f));

        String user = ADAPTER.userMessage(signature, inputs, "", false);

        assertEquals(
                "[[ ## flag ## ]]\nFalse\n\n[[ ## ratio ## ]]\n100.0\n\n[[ ## tiny ## ]]\n1e-05\n\n"
                        + "[[ ## count ## ]]\n7\n\n[[ ## price ## ]]\n19.90\n\n[[ ## mood ## ]]\nNEUTRAL\n\n"
                        + "[[ ## maybe ## ]]\nNone\n\n[[ ## weights ## ]]\n{\"a\": 0.1}",
                user);
    }

    @Test
    void decimalInsideStructuresIsAStringAsInPydanticJsonMode() {
        SignatureDescriptor signature = SignatureDescriptor.builder("Prices")
                .field(in("prices", Codecs.list(Codecs.DECIMAL)))
                .field(out("answer", Codecs.STRING))
                .build();

        String user = ADAPTER.userMessage(
                signature, Map.of("prices", List.of(new BigDecimal("19.90"), new BigDecimal("1E+3"))), "", false);

        assertEquals("[[ ## prices ## ]]\n[\"19.90\", \"1E+3\"]", user);
    }

    @Test
    void demoDroppedUnlessItHasAnInputAndAnOutput() {
        SignatureDescriptor signature = SignatureDescriptor.builder("QA")
                .field(in("question", Codecs.STRING))
                .field(out("answer", Codecs.STRING))
                .build();

        List<ChatMessage> messages = ADAPTER.format(
                signature,
                List.of(Example.of("question", "only input"), Example.of("answer", "only output"), Example.of()),
                Map.of("question", "Q"));

        assertEquals(2, messages.size());
        assertEquals(Role.SYSTEM, messages.get(0).role());
        assertEquals(Role.USER, messages.get(1).role());
    }

    @Test
    void incompleteDemosComeFirstInTheirOwnOrder() {
        SignatureDescriptor signature = SignatureDescriptor.builder("QA")
                .field(in("question", Codecs.STRING))
                .field(in("hint", Codecs.STRING))
                .field(out("answer", Codecs.STRING))
                .build();
        List<Example> demos = List.of(
                Example.of("question", "c1", "hint", "h", "answer", "a1"),
                Example.of("question", "i1", "answer", "b1"),
                Example.of("question", "c2", "hint", "h", "answer", "a2"),
                Example.of("hint", "i2", "answer", "b2"));

        List<ChatMessage> messages = ADAPTER.format(signature, demos, Map.of("question", "Q", "hint", "H"));

        List<String> users = new ArrayList<>();
        for (ChatMessage message : messages.subList(1, messages.size() - 1)) {
            if (message.role() == Role.USER) {
                users.add(message.content());
            }
        }
        assertEquals(
                List.of(
                        ChatAdapter.INCOMPLETE_DEMO_PREFIX + "\n\n[[ ## question ## ]]\ni1",
                        ChatAdapter.INCOMPLETE_DEMO_PREFIX + "\n\n[[ ## hint ## ]]\ni2",
                        "[[ ## question ## ]]\nc1\n\n[[ ## hint ## ]]\nh",
                        "[[ ## question ## ]]\nc2\n\n[[ ## hint ## ]]\nh"),
                users);
        assertEquals(
                "[[ ## answer ## ]]\nb1\n\n[[ ## completed ## ]]\n",
                messages.get(2).content());
    }

    @Test
    void demoWithAllFieldsButExtraKeysIsComplete() {
        SignatureDescriptor signature = SignatureDescriptor.builder("QA")
                .field(in("question", Codecs.STRING))
                .field(out("answer", Codecs.STRING))
                .build();

        List<ChatMessage> messages = ADAPTER.format(
                signature,
                List.of(Example.of("question", "Q1", "answer", "A1", "source", "wiki")),
                Map.of("question", "Q2"));

        assertEquals("[[ ## question ## ]]\nQ1", messages.get(1).content());
        assertEquals(
                "[[ ## answer ## ]]\nA1\n\n[[ ## completed ## ]]\n",
                messages.get(2).content());
    }

    @Test
    void listDemosAreRenderedWithTheirCodec() {
        SignatureDescriptor signature = SignatureDescriptor.builder("Multi")
                .instructions("Answer the question with multiple answers and scores")
                .field(in("question", Codecs.STRING))
                .field(out("answers", Codecs.list(Codecs.STRING)))
                .field(out("scores", Codecs.list(Codecs.DOUBLE)))
                .build();

        List<ChatMessage> messages = ADAPTER.format(
                signature,
                List.of(Example.of("question", "Q1", "answers", List.of("A1", "A2"), "scores", List.of(0.1, 0.9))),
                Map.of("question", "Q2"));

        assertEquals(
                "Your input fields are:\n1. `question` (str):\nYour output fields are:\n"
                        + "1. `answers` (list[str]): \n2. `scores` (list[float]):\n"
                        + "All interactions will be structured in the following way, with the appropriate values filled in.\n\n"
                        + "[[ ## question ## ]]\n{question}\n\n"
                        + "[[ ## answers ## ]]\n{answers}        # note: the value you produce must adhere to the JSON schema: "
                        + "{\"type\": \"array\", \"items\": {\"type\": \"string\"}}\n\n"
                        + "[[ ## scores ## ]]\n{scores}        # note: the value you produce must adhere to the JSON schema: "
                        + "{\"type\": \"array\", \"items\": {\"type\": \"number\"}}\n\n"
                        + "[[ ## completed ## ]]\n"
                        + "In adhering to this structure, your objective is: \n"
                        + "        Answer the question with multiple answers and scores",
                messages.get(0).content());
        assertEquals(
                "[[ ## answers ## ]]\n[\"A1\", \"A2\"]\n\n[[ ## scores ## ]]\n[0.1, 0.9]\n\n[[ ## completed ## ]]\n",
                messages.get(2).content());
    }

    @Test
    void tabIndentedAndBlankLinedInstructionsAreDedented() {
        SignatureDescriptor signature = SignatureDescriptor.builder("Tabs")
                .instructions("\tFirst line.\n\t\tIndented.\n\n\tLast.")
                .field(in("q", Codecs.STRING))
                .field(out("a", Codecs.STRING))
                .build();

        assertEquals(
                "In adhering to this structure, your objective is: \n"
                        + "        First line.\n"
                        + "        \tIndented.\n"
                        + "        \n"
                        + "        Last.",
                ADAPTER.taskDescription(signature));
    }

    @Test
    void instructionsWithoutCommonIndentAreKept() {
        SignatureDescriptor signature = SignatureDescriptor.builder("Mixed")
                .instructions("Line one.\n    indented line.\n")
                .field(in("q", Codecs.STRING))
                .field(out("a", Codecs.STRING))
                .build();

        assertEquals(
                "In adhering to this structure, your objective is: \n"
                        + "        Line one.\n"
                        + "            indented line.",
                ADAPTER.taskDescription(signature));
    }

    @Test
    void assistantMessageIsTheAnswerAModelShouldGive() {
        SignatureDescriptor signature = SignatureDescriptor.builder("Pair")
                .field(in("q", Codecs.STRING))
                .field(out("answer", Codecs.STRING))
                .field(out("home", ADDRESS))
                .build();
        Map<String, Object> values = Map.of("answer", "  padded  ", "home", new Address("Elm", 1));

        String message = ADAPTER.assistantMessage(signature, values, "missing");

        assertEquals(
                "[[ ## answer ## ]]\n  padded  \n\n[[ ## home ## ]]\n{\"street\": \"Elm\", \"zip_code\": 1}\n\n"
                        + "[[ ## completed ## ]]\n",
                message);
        assertEquals(Map.of("answer", "padded", "home", new Address("Elm", 1)), ADAPTER.parse(signature, message));
    }

    @Test
    void valueOfAnotherTypeThanDeclaredFallsBackToItsText() {
        SignatureDescriptor signature = SignatureDescriptor.builder("Loose")
                .field(in("count", Codecs.INT))
                .field(out("a", Codecs.STRING))
                .build();

        assertEquals("[[ ## count ## ]]\n42", ADAPTER.userMessage(signature, Map.of("count", "42"), "", false));
    }

    @Test
    void adapterName() {
        assertEquals("ChatAdapter", ADAPTER.name());
    }

    private static void assertMessages(List<ChatMessage> expected, List<ChatMessage> actual) {
        assertEquals(expected.size(), actual.size(), () -> "message count; actual: " + actual);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).role(), actual.get(i).role(), "role of message " + i);
            assertEquals(expected.get(i).content(), actual.get(i).content(), "content of message " + i);
        }
    }
}
