package dev.dspj.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.TestTypes;
import dev.dspj.adapter.ChatAdapter;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ResponseFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The simulated model reads the Chat, JSON and XML formats and answers in the one asked for, with typed values. */
class PromptFormatsTest {

    private static final SimulatedModel MODEL = SimulatedModel.of(SimModelProfile.LARGE);
    private static final Pattern XML_FIELD = Pattern.compile("<(\\w+)>\\n(.*?)\\n</\\1>", Pattern.DOTALL);

    private static LmResponse ask(List<ChatMessage> messages) {
        return MODEL.complete(new LmRequest(messages, LmSettings.DEFAULTS));
    }

    @Test
    void chatAnswersParseWithTheChatAdapterIntoTypedValues() {
        SimExample review = SimPrompts.SENTIMENT.examples().get(3);
        LmResponse response = ask(SimPrompts.chat(SimPrompts.REVIEW_SIGNATURE, review, List.of()));
        assertTrue(response.text().endsWith("[[ ## completed ## ]]"), response.text());
        Map<String, Object> values = ChatAdapter.INSTANCE.parse(SimPrompts.REVIEW_SIGNATURE, response.text());
        assertInstanceOf(TestTypes.Sentiment.class, values.get("sentiment"));
        assertEquals(0.8, values.get("confidence"));
        assertEquals(List.of(), values.get("keywords"));
        assertEquals(true, values.get("sarcastic"));

        SimExample sum = SimPrompts.ARITHMETIC.examples().get(0);
        Map<String, Object> math = ChatAdapter.INSTANCE.parse(
                SimPrompts.MATH_SIGNATURE,
                ask(SimPrompts.chat(SimPrompts.MATH_SIGNATURE, sum, List.of())).text());
        assertInstanceOf(Integer.class, math.get("answer"));
    }

    @Test
    void enumAnswersAreAlwaysOneOfTheAllowedValues() {
        Set<Object> seen = new HashSet<>();
        for (SimExample review : SimPrompts.SENTIMENT.examples().subList(0, 60)) {
            Map<String, Object> values = ChatAdapter.INSTANCE.parse(
                    SimPrompts.REVIEW_SIGNATURE,
                    ask(SimPrompts.chat(SimPrompts.REVIEW_SIGNATURE, review, List.of()))
                            .text());
            seen.add(values.get("sentiment"));
        }
        assertEquals(Set.of(TestTypes.Sentiment.values()), seen);
    }

    @Test
    void jsonModeAnswersOneObjectWithTypedValues() {
        SimExample review = SimPrompts.SENTIMENT.examples().get(3);
        List<ChatMessage> messages = SimPrompts.chat(SimPrompts.REVIEW_SIGNATURE, review, List.of());
        LmResponse response = MODEL.complete(
                new LmRequest(messages, LmSettings.DEFAULTS.withResponseFormat(ResponseFormat.JSON_OBJECT)));
        JsonNode json = SimHttp.parse(response.text());
        assertEquals(List.of("sentiment", "confidence", "keywords", "sarcastic"), fieldNames(json));
        assertTrue(json.get("sentiment").isTextual());
        assertTrue(json.get("confidence").isNumber());
        assertTrue(json.get("keywords").isArray());
        assertTrue(json.get("sarcastic").isBoolean());

        JsonNode math = SimHttp.parse(ask(SimPrompts.json(
                        SimPrompts.MATH_SIGNATURE,
                        SimPrompts.ARITHMETIC.examples().get(2)))
                .text());
        assertTrue(math.get("answer").isIntegralNumber(), math.toString());
    }

    @Test
    void jsonSchemaAloneDefinesTheFields() {
        ObjectNode schema = SimHttp.JSON.createObjectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("answer").put("type", "string");
        properties.putObject("confidence").put("type", "number");
        properties
                .putObject("label")
                .put("type", "string")
                .putArray("enum")
                .add("yes")
                .add("no");
        SimExample example = SimPrompts.QA.examples().get(1);
        List<ChatMessage> messages = List.of(ChatMessage.user(example.inputs().get("question")));
        LmResponse response = MODEL.complete(new LmRequest(
                messages, LmSettings.DEFAULTS.withResponseFormat(ResponseFormat.jsonSchema("qa", schema, true))));
        JsonNode json = SimHttp.parse(response.text());
        assertEquals(List.of("answer", "confidence", "label"), fieldNames(json));
        assertTrue(json.get("confidence").isNumber());
        assertEquals("yes", json.get("label").asText());
        assertEquals(
                example.id(),
                MODEL.explain(new LmRequest(messages, LmSettings.DEFAULTS)).exampleId());
    }

    @Test
    void xmlPromptsGetXmlBlocks() {
        SimExample review = SimPrompts.SENTIMENT.examples().get(5);
        LmResponse response = ask(SimPrompts.xml(SimPrompts.REVIEW_SIGNATURE, review));
        Matcher field = XML_FIELD.matcher(response.text());
        List<String> names = new ArrayList<>();
        while (field.find()) {
            names.add(field.group(1));
        }
        assertEquals(List.of("sentiment", "confidence", "keywords", "sarcastic"), names, response.text());
        assertFalse(response.text().contains("[[ ##"));
        SimDecision decision =
                MODEL.explain(new LmRequest(SimPrompts.xml(SimPrompts.REVIEW_SIGNATURE, review), LmSettings.DEFAULTS));
        assertEquals(review.id(), decision.exampleId());
        assertEquals("xml", decision.answerFormat());
    }

    @Test
    void plainPromptsGetPlainAnswersAndUnknownPromptsAHedge() {
        SimExample example = SimPrompts.QA.examples().get(7);
        LmResponse plain = ask(
                List.of(ChatMessage.user("Please answer: " + example.inputs().get("question"))));
        SimDecision decision = MODEL.explain(new LmRequest(
                List.of(ChatMessage.user("Please answer: " + example.inputs().get("question"))), LmSettings.DEFAULTS));
        assertEquals(example.id(), decision.exampleId());
        assertEquals("text", decision.answerFormat());
        assertEquals(
                decision.correct().get(0), plain.text().equals(example.gold().get("answer")), plain.text());

        LmResponse unknown = ask(List.of(ChatMessage.user("Tell me a joke.")));
        assertEquals("I'm not sure how to answer that.", unknown.text());
        SimExample stranger =
                new SimExample("x", Map.of("question", "What is the capital of Nowhere?"), Map.of("answer", "X"), 0);
        Map<String, Object> chat = ChatAdapter.INSTANCE.parse(
                SimPrompts.QA_SIGNATURE,
                ask(SimPrompts.chat(SimPrompts.QA_SIGNATURE, stranger, List.of()))
                        .text());
        assertEquals("unknown", chat.get("answer"));
    }

    @Test
    void reasoningMentionsTheAnswerWhenCorrect() {
        var signature = SimPrompts.withReasoning(SimPrompts.QA_SIGNATURE);
        int checked = 0;
        for (SimExample example : SimPrompts.QA.examples().subList(0, 40)) {
            Map<String, Object> values = ChatAdapter.INSTANCE.parse(
                    signature,
                    ask(SimPrompts.chat(signature, example, List.of())).text());
            if (example.gold().get("answer").equals(values.get("answer"))) {
                assertTrue(
                        ((String) values.get("reasoning"))
                                .contains(example.gold().get("answer")),
                        values.toString());
                checked++;
            }
        }
        assertTrue(checked > 10);
    }

    @Test
    void sameRequestSameAnswerAndRolloutsDrawIndependently() {
        SimTask task = SimPrompts.QA;
        int differ = 0;
        for (SimExample example : task.examples().subList(0, 60)) {
            List<ChatMessage> messages = SimPrompts.chat(SimPrompts.QA_SIGNATURE, example, List.of());
            LmSettings settings = LmSettings.DEFAULTS.withTemperature(0.7);
            String first = MODEL.complete(new LmRequest(messages, settings)).text();
            assertEquals(
                    first, MODEL.complete(new LmRequest(messages, settings)).text());
            assertEquals(
                    first,
                    SimulatedModel.of(SimModelProfile.LARGE)
                            .complete(new LmRequest(messages, settings))
                            .text());
            if (!first.equals(MODEL.complete(new LmRequest(messages, settings.withRolloutId(1)))
                    .text())) {
                differ++;
            }
        }
        assertTrue(differ > 5, "rollout 1 changes some answers: " + differ);
        SimulatedModel otherSeed =
                SimulatedModel.builder().model(SimModelProfile.LARGE).seed(99).build();
        int seedDiffers = 0;
        for (SimExample example : task.examples().subList(0, 60)) {
            List<ChatMessage> messages = SimPrompts.chat(SimPrompts.QA_SIGNATURE, example, List.of());
            if (!ask(messages)
                    .text()
                    .equals(otherSeed
                            .complete(new LmRequest(messages, LmSettings.DEFAULTS))
                            .text())) {
                seedDiffers++;
            }
        }
        assertTrue(seedDiffers > 5, "another seed changes some answers: " + seedDiffers);
    }

    @Test
    void severalChoicesAreDrawnIndependentlyAndTheFirstIsTheSingleAnswer() {
        int mixed = 0;
        for (SimExample example : SimPrompts.QA.examples().subList(0, 40)) {
            List<ChatMessage> messages = SimPrompts.chat(SimPrompts.QA_SIGNATURE, example, List.of());
            LmResponse three = MODEL.complete(new LmRequest(messages, LmSettings.DEFAULTS.withN(3)));
            assertEquals(3, three.choices().size());
            assertEquals(ask(messages).text(), three.choices().get(0));
            if (new HashSet<>(three.choices()).size() > 1) {
                mixed++;
            }
            assertEquals(
                    3,
                    MODEL.explain(new LmRequest(messages, LmSettings.DEFAULTS.withN(3)))
                            .correct()
                            .size());
        }
        assertTrue(mixed > 3, "some examples get different choices: " + mixed);
    }

    @Test
    void demosAreCountedGoodOrBadAndHintsAreFound() {
        SimExample example = SimPrompts.QA.examples().get(10);
        var good = SimPrompts.goodDemos(SimPrompts.QA, 10, 3);
        var bad = SimPrompts.badDemos(SimPrompts.QA, 20, 2);
        List<dev.dspj.primitives.Example> demos = new ArrayList<>(good);
        demos.addAll(bad);
        var signature =
                SimPrompts.QA_SIGNATURE.withInstructions("Give a short factoid answer, 1-5 words. Mind the SARCASM.");
        SimDecision decision = MODEL.explain(
                new LmRequest(SimPrompts.chat(signature, example, demos), LmSettings.DEFAULTS.withTemperature(0.3)));
        assertEquals(new SimConditions(3, 2, false, 2, 0.3), decision.conditions());
        assertEquals(
                Competence.probability(SimModelProfile.LARGE, example.difficulty(), decision.conditions()),
                decision.probability(),
                1e-12);

        SimDecision sentiment = MODEL.explain(new LmRequest(
                SimPrompts.chat(
                        SimPrompts.REVIEW_SIGNATURE.withInstructions("Mind the SARCASM."),
                        SimPrompts.SENTIMENT.examples().get(0),
                        List.of()),
                LmSettings.DEFAULTS));
        assertEquals(1, sentiment.conditions().hintsFound());
    }

    @Test
    void aDemoOfTheSameExampleIsCopied() {
        SimExample example = SimPrompts.QA.examples().get(12);
        String wrong = SimPrompts.QA.examples().get(13).gold().get("answer");
        var demo = dev.dspj.primitives.Example.of("question", example.inputs().get("question"), "answer", wrong);
        for (SimModelProfile profile : SimModelProfile.builtIns()) {
            Map<String, Object> values = ChatAdapter.INSTANCE.parse(
                    SimPrompts.QA_SIGNATURE,
                    SimulatedModel.of(profile)
                            .complete(new LmRequest(
                                    SimPrompts.chat(SimPrompts.QA_SIGNATURE, example, List.of(demo)),
                                    LmSettings.DEFAULTS))
                            .text());
            assertEquals(wrong, values.get("answer"));
        }
    }

    @Test
    void matchingIgnoresWhitespaceCaseJsonSpacingAndDirectives() {
        SimExample example = SimPrompts.QA.examples().get(21);
        List<ChatMessage> messages = SimPrompts.chat(SimPrompts.QA_SIGNATURE, example, List.of());
        String user = messages.get(1).content();
        String question = example.inputs().get("question");
        List<ChatMessage> shouted = List.of(
                messages.get(0),
                ChatMessage.user(user.replace(
                        question, "  " + question.toUpperCase(Locale.ROOT).replace(" ", "   \n") + "  ")));
        assertEquals(
                example.id(),
                MODEL.explain(new LmRequest(shouted, LmSettings.DEFAULTS)).exampleId());

        List<ChatMessage> directed =
                List.of(messages.get(0), ChatMessage.user(user.replace(question, question + " #sim-fault:slow=1ms")));
        assertEquals(
                example.id(),
                MODEL.explain(new LmRequest(directed, LmSettings.DEFAULTS)).exampleId());
        assertEquals(
                ask(messages).text(), ask(directed).text(), "a directive changes neither the match nor the answer");

        SimTask lists = new SimTask(
                "lists",
                List.of(
                        new SimExample("l1", Map.of("items", "[\"apple\", \"pear\"]"), Map.of("first", "apple"), 0.1),
                        new SimExample("l2", Map.of("items", "[\"kiwi\", \"fig\"]"), Map.of("first", "kiwi"), 0.1)),
                List.of());
        SimulatedModel model = SimulatedModel.builder().task(lists).build();
        for (String rendering : List.of("[\"kiwi\",\"fig\"]", "[ \"kiwi\" ,\n \"fig\" ]", "[1] «kiwi»\n[2] «fig»")) {
            String prompt = "[[ ## items ## ]]\n" + rendering + "\n\nRespond with the corresponding output fields, "
                    + "starting with the field `[[ ## first ## ]]`, and then ending with the marker for `[[ ## completed ## ]]`.";
            assertEquals(
                    "l2",
                    model.explain(new LmRequest(List.of(ChatMessage.user(prompt)), LmSettings.DEFAULTS))
                            .exampleId(),
                    rendering);
        }
    }

    @Test
    void maxTokensTruncatesAndStopSequencesCut() {
        SimExample example = SimPrompts.QA.examples().get(2);
        List<ChatMessage> messages =
                SimPrompts.chat(SimPrompts.withReasoning(SimPrompts.QA_SIGNATURE), example, List.of());
        LmResponse cut = MODEL.complete(new LmRequest(messages, LmSettings.DEFAULTS.withMaxTokens(5)));
        assertEquals("length", cut.finishReason());
        assertEquals(20, cut.text().length());
        assertEquals(5, cut.usage().completionTokens());
        LmResponse stopped =
                MODEL.complete(new LmRequest(messages, LmSettings.DEFAULTS.withStop(List.of("[[ ## answer"))));
        assertEquals("stop", stopped.finishReason());
        assertTrue(stopped.text().startsWith("[[ ## reasoning ## ]]")
                && !stopped.text().contains("answer ##"));
        LmResponse full = ask(messages);
        assertNotEquals(full.text(), stopped.text());
        assertEquals(SimTokens.ofMessages(messages), full.usage().promptTokens());
        assertEquals(SimTokens.ofText(full.text()), full.usage().completionTokens());
    }

    private static List<String> fieldNames(JsonNode json) {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
