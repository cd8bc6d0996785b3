package dev.dspj.samples.program;

import dev.dspj.annotations.InputField;
import dev.dspj.annotations.OutputField;
import dev.dspj.annotations.Signature;

/** First step of {@link TwoStepQa}: turn a question into a search query. */
@Signature("Write a short search query that finds the passage answering the question.")
public interface GenerateSearchQuery {

    /** @return the question */
    @InputField
    String question();

    /** @return the query */
    @OutputField(desc = "a few keywords")
    String query();
}
