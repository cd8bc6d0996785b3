package dev.dspj.samples.rag;

import dev.dspj.annotations.InputField;
import dev.dspj.annotations.OutputField;
import dev.dspj.annotations.Signature;
import java.util.List;

/** The last step of {@link MultiHopRag}: answer from the passages both hops found. */
@Signature("Answer the question from the passages.")
public interface AnswerFromContext {

    /** @return the passages */
    @InputField(desc = "passages that may contain the answer")
    List<String> context();

    /** @return the question */
    @InputField
    String question();

    /** @return the answer */
    @OutputField(desc = "often between 1 and 5 words")
    String answer();
}
