package dev.dspj.samples.docs;

// snippet:quick-start
import dev.dspj.Dspj;
import dev.dspj.sim.SimulatedModel;
import java.util.List;

public class QuickStart {
    public static void main(String[] args) {
        // DSPJ's simulated model, in process (dspj-sim): no key, no network. For a real model:
        // Dspj.configure(LanguageModels.of("openai/gpt-4o-mini")), or set DSPJ_LM=openai/gpt-4o-mini
        Dspj.configure(SimulatedModel.of("sim-medium"));

        ReviewSentimentPredictor classify = ReviewSentimentPredictor.predict() // or .chainOfThought()
                .withDemos(List.of(ReviewSentimentExample.builder()
                        .review("Broke after two days.")
                        .sentiment(ReviewSentiment.Sentiment.NEGATIVE)
                        .confidence(0.95)
                        .build()))
                .withTemperature(0.2);

        ReviewSentimentOutput out =
                classify.call("Best rain jacket I have ever owned; the packaging exceeded my expectations.");
        System.out.println(out.sentiment()); // POSITIVE: typed, parsed tolerantly ("**Positive.**" works too)
        System.out.println(out.confidence()); // 0.8
        System.out.println(out.completion().text()); // the raw answer; out.reasoning() for chain of thought
    }
}
// end-snippet
