package dev.dspj.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.Dspj;
import dev.dspj.adapter.AdapterParseException;
import dev.dspj.adapter.ChatAdapter;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.Role;
import dev.dspj.module.CallOptions;
import dev.dspj.module.NamedPredictor;
import dev.dspj.primitives.Example;
import dev.dspj.samples.sentiment.ReviewSentiment.Sentiment;
import dev.dspj.samples.sentiment.ReviewSentimentExample;
import dev.dspj.samples.sentiment.ReviewSentimentInput;
import dev.dspj.samples.sentiment.ReviewSentimentOutput;
import dev.dspj.samples.sentiment.ReviewSentimentPredictor;
import dev.dspj.samples.sentiment.ReviewSentimentSignature;
import dev.dspj.testing.ScriptedModel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** End to end through the generated sentiment predictor, compiled by the real processor. */
class SentimentPredictorTest {

    private static final String POSITIVE = ScriptedModel.chatAnswer("sentiment", "POSITIVE", "confidence", "0.92");

    @AfterEach
    void clearDefaultModel() {
        Dspj.configure(null);
    }

    @Test
    void callReturnsTypedOutputsAndTheRawCompletion() {
        ScriptedModel model = ScriptedModel.replying(POSITIVE);
        ReviewSentimentOutput out =
                ReviewSentimentPredictor.predict().withModel(model).call("Love it!");

        assertEquals(Sentiment.POSITIVE, out.sentiment());
        assertEquals(0.92, out.confidence(), 1e-12);
        assertEquals(POSITIVE, out.completion().text());
        assertEquals("scripted", out.completion().model());
        assertTrue(out.completion().usage().totalTokens() > 0);
        assertFalse(out.reasoning().isPresent());
        assertEquals(new ReviewSentimentOutput(Sentiment.POSITIVE, 0.92), out, "equality ignores the completion");
    }

    @Test
    void promptIsDspyChatFormatWithDemosAsTurns() {
        ScriptedModel model = ScriptedModel.replying(POSITIVE);
        ReviewSentimentPredictor predictor = ReviewSentimentPredictor.predict()
                .withModel(model)
                .withDemos(List.of(
                        ReviewSentimentExample.builder()
                                .review("Awful.")
                                .sentiment(Sentiment.NEGATIVE)
                                .confidence(0.9)
                                .build(),
                        ReviewSentimentExample.builder()
                                .review("Meh, fine.")
                                .sentiment(Sentiment.NEUTRAL)
                                .build()));
        predictor.call("Love it!");

        List<ChatMessage> messages = model.lastRequest().messages();
        assertEquals(6, messages.size());
        assertEquals("""
                Your input fields are:
                1. `review` (str): the review text
                Your output fields are:
                1. `sentiment` (Sentiment): the overall sentiment
                2. `confidence` (float): between 0 and 1
                All interactions will be structured in the following way, with the appropriate values filled in.

                [[ ## review ## ]]
                {review}

                [[ ## sentiment ## ]]
                {sentiment}        # note: the value you produce must be one of: POSITIVE; NEGATIVE; NEUTRAL

                [[ ## confidence ## ]]
                {confidence}        # note: the value you produce must be a single float value

                [[ ## completed ## ]]
                In adhering to this structure, your objective is:\s
                        Classify the sentiment of a product review.""", messages.get(0).content());
        // The incomplete demo (no confidence) comes first, as DSPy orders them.
        assertEquals(Role.USER, messages.get(1).role());
        assertEquals("""
                This is an example of the task, though some input or output fields are not supplied.

                [[ ## review ## ]]
                Meh, fine.""", messages.get(1).content());
        assertEquals("""
                [[ ## sentiment ## ]]
                NEUTRAL

                [[ ## confidence ## ]]
                Not supplied for this particular example.

                [[ ## completed ## ]]
                """, messages.get(2).content());
        assertEquals("[[ ## review ## ]]\nAwful.", messages.get(3).content());
        assertEquals(
                "[[ ## sentiment ## ]]\nNEGATIVE\n\n[[ ## confidence ## ]]\n0.9\n\n[[ ## completed ## ]]\n",
                messages.get(4).content());
        assertEquals("""
                [[ ## review ## ]]
                Love it!

                Respond with the corresponding output fields, starting with the field `[[ ## sentiment ## ]]` \
                (must be formatted as a valid Python Sentiment), then `[[ ## confidence ## ]]` (must be formatted \
                as a valid Python float), and then ending with the marker for `[[ ## completed ## ]]`.""", messages.get(5).content());
    }

    @Test
    void parsesTolerantlyReorderedAndChattyAnswers() {
        ScriptedModel model = ScriptedModel.replying("""
                Sure! Here is my answer.
                [[ ## confidence ## ]] 0.75.
                [[ ## sentiment ## ]]
                **Negative**

                [[ ## completed ## ]]""");
        ReviewSentimentOutput out =
                ReviewSentimentPredictor.predict().withModel(model).call("Broke on day one.");
        assertEquals(Sentiment.NEGATIVE, out.sentiment());
        assertEquals(0.75, out.confidence(), 1e-12);
    }

    @Test
    void parseFailureNamesSignatureFieldsAndKeepsCompletion() {
        String bad = "[[ ## sentiment ## ]]\nthrilled\n\n[[ ## completed ## ]]";
        // the Chat adapter's own error: without its fallback, no JSON retry
        ReviewSentimentPredictor predictor = ReviewSentimentPredictor.predict()
                .withModel(ScriptedModel.replying(bad))
                .withAdapter(ChatAdapter.withoutFallback());
        AdapterParseException e = assertThrows(AdapterParseException.class, () -> predictor.call("Wow"));
        assertEquals("ReviewSentiment", e.signatureName());
        assertEquals(bad, e.completion());
        assertEquals(2, e.problems().size());
        assertEquals("sentiment", e.problems().get(0).field());
        assertTrue(
                e.getMessage().contains("expected one of POSITIVE, NEGATIVE, NEUTRAL, got \"thrilled\""),
                e.getMessage());
        assertTrue(e.getMessage().contains("field 'confidence': missing"), e.getMessage());
    }

    @Test
    void chainOfThoughtAddsReasoningFirstAndExposesIt() {
        ScriptedModel model = ScriptedModel.replying(ScriptedModel.chatAnswer(
                "reasoning", "The reviewer praises the product.", "sentiment", "POSITIVE", "confidence", "1"));
        ReviewSentimentPredictor cot = ReviewSentimentPredictor.chainOfThought().withModel(model);
        ReviewSentimentOutput out = cot.call("Best purchase this year.");

        assertEquals(Sentiment.POSITIVE, out.sentiment());
        assertEquals("The reviewer praises the product.", out.reasoning().orElseThrow());
        String system = model.lastRequest().messages().get(0).content();
        assertTrue(
                system.contains("Your output fields are:\n1. `reasoning` (str): \n2. `sentiment` (Sentiment)"), system);
        assertEquals(List.of(new NamedPredictor("predict", cot.predictor())), cot.namedPredictors());
        assertEquals(
                "self",
                ReviewSentimentPredictor.predict().namedPredictors().get(0).name());
    }

    @Test
    void modelResolutionPerCallThenPredictorThenDefault() {
        ScriptedModel fallback = ScriptedModel.replying(POSITIVE).named("default");
        ScriptedModel own = ScriptedModel.replying(POSITIVE).named("own");
        ScriptedModel perCall = ScriptedModel.replying(POSITIVE).named("per-call");
        Dspj.configure(fallback);

        assertEquals(
                "default",
                ReviewSentimentPredictor.predict().call("a").completion().model());
        ReviewSentimentPredictor withOwn = ReviewSentimentPredictor.predict().withModel(own);
        assertEquals("own", withOwn.call("b").completion().model());
        assertEquals(
                "per-call",
                withOwn.call(new ReviewSentimentInput("c"), CallOptions.model(perCall))
                        .completion()
                        .model());
    }

    @Test
    void noModelAnywhereIsAClearError() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> ReviewSentimentPredictor.predict().call("x"));
        assertTrue(e.getMessage().contains("No language model for signature ReviewSentiment"), e.getMessage());
        assertTrue(e.getMessage().contains("Dspj.configure"), e.getMessage());
    }

    @Test
    void withMethodsReturnNewPredictorsAndLeaveTheOriginal() {
        ReviewSentimentPredictor base = ReviewSentimentPredictor.predict();
        ReviewSentimentPredictor tuned =
                base.withInstructions("Be strict.").withTemperature(0.3).withMaxTokens(50);
        assertNotSame(base, tuned);
        assertEquals("Classify the sentiment of a product review.", base.instructions());
        assertEquals("Be strict.", tuned.instructions());
        assertFalse(base.predictor().settings().temperature().isPresent());

        ScriptedModel model = ScriptedModel.replying(POSITIVE);
        tuned.withModel(model).call("ok");
        LmRequest request = model.lastRequest();
        assertEquals(0.3, request.settings().temperature().orElseThrow());
        assertEquals(50, request.settings().maxTokens().orElseThrow());
        assertTrue(request.messages().get(0).content().endsWith("\n        Be strict."));
    }

    @Test
    void examplesConvertBothWaysWithInputsMarked() {
        ReviewSentimentExample typed = ReviewSentimentExample.builder()
                .review("Great")
                .sentiment(Sentiment.POSITIVE)
                .build();
        Example untyped = typed.toExample();
        assertEquals(java.util.Set.of("review"), untyped.inputKeys());
        assertFalse(untyped.has("confidence"));
        assertEquals(typed, ReviewSentimentExample.fromExample(untyped));
        // Untyped values from a dataset file arrive as text and are parsed by the field's codec.
        assertEquals(
                new ReviewSentimentExample("Bad", Sentiment.NEGATIVE, 0.5),
                ReviewSentimentExample.fromExample(
                        Example.of("review", "Bad", "sentiment", "negative", "confidence", "0.5")));

        ReviewSentimentPredictor predictor = ReviewSentimentPredictor.predict().withDemos(List.of(typed));
        assertEquals(List.of(typed), predictor.demos());
        assertEquals(List.of(untyped), predictor.predictor().demos());
    }

    @Test
    void inputRecordRejectsNullWithFieldName() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> new ReviewSentimentInput(null));
        assertTrue(e.getMessage().contains("ReviewSentimentInput.review must not be null"), e.getMessage());
    }

    @Test
    void asyncAndConcurrentCallsShareOnePredictor() throws Exception {
        ScriptedModel model = ScriptedModel.answering(request -> POSITIVE);
        ReviewSentimentPredictor predictor = ReviewSentimentPredictor.predict().withModel(model);
        List<java.util.concurrent.CompletableFuture<ReviewSentimentOutput>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) {
            futures.add(predictor.callAsync("review " + i));
        }
        for (var future : futures) {
            assertEquals(Sentiment.POSITIVE, future.get(10, TimeUnit.SECONDS).sentiment());
        }
        assertEquals(64, model.requests().size());
        assertEquals(ReviewSentimentSignature.DESCRIPTOR, predictor.predictor().signature());
    }
}
