package dev.dspj.samples.qa;

import dev.dspj.annotations.InputField;
import dev.dspj.annotations.OutputField;
import dev.dspj.annotations.Signature;
import java.util.List;

/**
 * Answer questions with short factoid answers.
 */
@Signature
public interface AnswerQuestion {

    /** @return the question */
    @InputField
    String question();

    /** @return passages that may help */
    @InputField(desc = "passages that may contain the answer")
    List<String> context();

    /** @return the answer */
    @OutputField(desc = "often between 1 and 5 words")
    String answer();

    /** @return supporting passage numbers */
    @OutputField(name = "supporting_passages", desc = "1-based numbers of the passages that support the answer")
    List<Integer> supportingPassages();
}
