package dev.dspj.samples.arithmetic;

import dev.dspj.annotations.InputField;
import dev.dspj.annotations.OutputField;
import dev.dspj.annotations.Signature;

/** Sample signature: solve a one-line arithmetic question. */
@Signature("Solve the arithmetic question. Give the exact integer result.")
public interface SolveArithmetic {

    /** @return the question */
    @InputField(desc = "a question such as \"What is 12 + 30?\"")
    String question();

    /** @return the result */
    @OutputField(desc = "the result")
    long answer();
}
