package dev.dspj.samples.qa;

import dev.dspj.annotations.InputField;
import dev.dspj.annotations.OutputField;
import dev.dspj.annotations.Signature;

/** Sample signature: answer a factoid question. */
@Signature("Answer questions with short factoid answers.")
public interface FactoidQuestion {

    /** @return the question */
    @InputField
    String question();

    /** @return the answer */
    @OutputField(desc = "often between 1 and 5 words")
    String answer();
}
