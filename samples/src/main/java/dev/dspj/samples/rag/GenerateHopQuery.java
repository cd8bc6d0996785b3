package dev.dspj.samples.rag;

import dev.dspj.annotations.InputField;
import dev.dspj.annotations.OutputField;
import dev.dspj.annotations.Signature;
import java.util.List;

/** A hop of {@link MultiHopRag}: the next search query, from the question and what earlier hops found. */
@Signature("Write a search query that finds the passage still needed to answer the question.")
public interface GenerateHopQuery {

    /** @return the passages found so far */
    @InputField(desc = "passages found by earlier searches; may be empty")
    List<String> context();

    /** @return the question */
    @InputField
    String question();

    /** @return the query */
    @OutputField(desc = "a few keywords")
    String query();
}
