package dev.dspj.samples.qa;

import dev.dspj.annotations.InputField;
import dev.dspj.annotations.OutputField;
import dev.dspj.annotations.Signature;

/**
 * A question answerer with bare instructions: unlike {@link FactoidQuestion} it says nothing about
 * what a good answer looks like, which is what the instruction optimizers are there to find out.
 */
@Signature("Answer the question.")
public interface PlainQuestion {

    /** @return the question */
    @InputField
    String question();

    /** @return the answer */
    @OutputField
    String answer();
}
