package dev.dspj.samples.docs;

// snippet:quick-start-signature
import dev.dspj.annotations.InputField;
import dev.dspj.annotations.OutputField;
import dev.dspj.annotations.Signature;

@Signature("Classify the sentiment of a product review.")
public interface ReviewSentiment {
    @InputField(desc = "the review text")
    String review();

    @OutputField(desc = "the overall sentiment")
    Sentiment sentiment();

    @OutputField(desc = "between 0 and 1")
    double confidence();

    enum Sentiment {
        POSITIVE,
        NEGATIVE,
        NEUTRAL
    }
}
// end-snippet
