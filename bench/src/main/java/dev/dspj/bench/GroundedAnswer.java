package dev.dspj.bench;

import dev.dspj.annotations.InputField;
import dev.dspj.annotations.OutputField;
import dev.dspj.annotations.Signature;
import java.util.List;

/**
 * The benchmarked signature: three inputs and three outputs of the common kinds (text, a list of
 * text, a number and a list of numbers). DSPJ generates {@code GroundedAnswerSignature},
 * {@code GroundedAnswerInput}, {@code GroundedAnswerOutput}, {@code GroundedAnswerExample} and
 * {@code GroundedAnswerPredictor} from it at compile time.
 */
@Signature("Answer the question from the context passages, following the hint, and cite the passages used.")
public interface GroundedAnswer {

    /** @return the question */
    @InputField(desc = "the question to answer")
    String question();

    /** @return the passages */
    @InputField(desc = "passages that may contain the answer")
    List<String> context();

    /** @return the hint */
    @InputField(desc = "a hint about the expected answer")
    String hint();

    /** @return the answer */
    @OutputField(desc = "a short factoid answer, often between 1 and 5 words")
    String answer();

    /** @return the confidence */
    @OutputField(desc = "how sure the answer is, between 0 and 1")
    double confidence();

    /** @return the cited passages */
    @OutputField(desc = "1-based numbers of the passages that support the answer")
    List<Integer> citations();
}
