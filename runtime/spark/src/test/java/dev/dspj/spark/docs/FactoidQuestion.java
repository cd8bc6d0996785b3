package dev.dspj.spark.docs;

import dev.dspj.annotations.InputField;
import dev.dspj.annotations.OutputField;
import dev.dspj.annotations.Signature;

/** The README's Spark snippet's signature: the simulated model's factoid task. */
@Signature("Answer questions with short factoid answers.")
public interface FactoidQuestion {

    /** @return the question */
    @InputField
    String question();

    /** @return the answer */
    @OutputField(desc = "often between 1 and 5 words")
    String answer();
}
