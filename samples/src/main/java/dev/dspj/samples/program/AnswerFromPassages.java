package dev.dspj.samples.program;

import dev.dspj.annotations.InputField;
import dev.dspj.annotations.OutputField;
import dev.dspj.annotations.Signature;
import java.util.List;

/** Second step of {@link TwoStepQa}: answer from the passages the search found. */
@Signature("Answer the question from the passages.")
public interface AnswerFromPassages {

    /** @return the question */
    @InputField
    String question();

    /** @return the passages */
    @InputField(desc = "passages that may contain the answer")
    List<String> passages();

    /** @return the answer */
    @OutputField(desc = "often between 1 and 5 words")
    String answer();

    /** @return the confidence */
    @OutputField(desc = "between 0 and 1")
    double confidence();
}
