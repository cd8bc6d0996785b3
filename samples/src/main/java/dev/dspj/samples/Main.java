package dev.dspj.samples;

import dev.dspj.Dspj;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.samples.qa.AnswerQuestionInput;
import dev.dspj.samples.qa.AnswerQuestionSignature;
import dev.dspj.samples.qa.AnswerQuestionOutput;
import dev.dspj.samples.qa.AnswerQuestionPredictor;
import dev.dspj.samples.sentiment.ReviewSentiment.Sentiment;
import dev.dspj.samples.sentiment.ReviewSentimentExample;
import dev.dspj.samples.sentiment.ReviewSentimentOutput;
import dev.dspj.samples.sentiment.ReviewSentimentPredictor;
import dev.dspj.testing.ScriptedModel;
import java.util.List;
import java.util.Locale;

/**
 * Runs the samples end to end: a sentiment classifier with demos, and a chain-of-thought question
 * answerer, both through generated typed predictors. Offline: the model is a scripted stand-in
 * that reads the prompt like a model would (DSPJ's simulated model over HTTP replaces it once
 * the language-model clients land).
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the samples and prints what they send and receive.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        Dspj.configure(ScriptedModel.answering(Main::answer).named("scripted/sample"));

        ReviewSentimentPredictor classify = ReviewSentimentPredictor.predict()
                .withDemos(List.of(
                        ReviewSentimentExample.builder().review("Broke after two days.")
                                .sentiment(Sentiment.NEGATIVE).confidence(0.95).build(),
                        ReviewSentimentExample.builder().review("Does what it says, nothing more.")
                                .sentiment(Sentiment.NEUTRAL).confidence(0.7).build()));
        for (String review : List.of("I love this blender, it crushes ice in seconds!",
                "Terrible customer service and the lid leaks.",
                "It arrived on Tuesday.")) {
            ReviewSentimentOutput out = classify.call(review);
            System.out.printf(Locale.ROOT, "%-50s -> %-8s (confidence %.2f)%n", review, out.sentiment(), out.confidence());
        }

        AnswerQuestionPredictor qa = AnswerQuestionPredictor.chainOfThought();
        AnswerQuestionOutput answer = qa.call("What is the capital of France?",
                List.of("Berlin is the capital of Germany.", "Paris is the capital and largest city of France."));
        System.out.println();
        System.out.println("Q: What is the capital of France?");
        System.out.println("A: " + answer.answer() + " (supported by passage " + answer.supportingPassages() + ")");
        System.out.println("Reasoning: " + answer.reasoning().orElse("-"));
        System.out.println();
        System.out.println("The prompt sent for the question, in DSPy's Chat format:");
        System.out.println("----------------------------------------------------------------");
        AnswerQuestionInput input = new AnswerQuestionInput("What is the capital of France?",
                List.of("Paris is the capital and largest city of France."));
        for (ChatMessage message : qa.predictor().formatPrompt(AnswerQuestionSignature.INSTANCE.inputValues(input))) {
            System.out.println("<" + message.role().wireName() + ">");
            System.out.println(message.content());
        }
    }

    /** A stand-in model that reads the prompt's last user message and answers in the Chat format. */
    static String answer(LmRequest request) {
        String prompt = request.messages().get(request.messages().size() - 1).content();
        if (prompt.contains("[[ ## review ## ]]")) {
            String review = prompt.toLowerCase(Locale.ROOT);
            String sentiment = review.contains("love") || review.contains("great") ? "POSITIVE"
                    : review.contains("terrible") || review.contains("broke") ? "NEGATIVE" : "NEUTRAL";
            return ScriptedModel.chatAnswer("sentiment", sentiment, "confidence", sentiment.equals("NEUTRAL") ? "0.6" : "0.9");
        }
        return ScriptedModel.chatAnswer("reasoning", "The passages say Paris is the capital of France.",
                "answer", "Paris", "supporting_passages", "[2]");
    }
}
