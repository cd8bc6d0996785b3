package dev.dspj.samples.sentiment;

import dev.dspj.annotations.InputField;
import dev.dspj.annotations.OutputField;
import dev.dspj.annotations.Signature;

/** Sample signature: classify a product review. */
@Signature("Classify the sentiment of a product review.")
public interface ReviewSentiment {

    /** @return the review */
    @InputField(desc = "the review text")
    String review();

    /** @return the sentiment */
    @OutputField(desc = "the overall sentiment")
    Sentiment sentiment();

    /** @return the confidence */
    @OutputField(desc = "between 0 and 1")
    double confidence();

    /** The sentiments a review can have. */
    enum Sentiment {
        POSITIVE,
        NEGATIVE,
        NEUTRAL
    }
}
