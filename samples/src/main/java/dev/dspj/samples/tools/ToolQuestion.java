package dev.dspj.samples.tools;

import dev.dspj.annotations.InputField;
import dev.dspj.annotations.OutputField;
import dev.dspj.annotations.Signature;

/** Sample signature for an agent: a question that needs a tool, and its exact answer. */
@Signature("Answer the question exactly.")
public interface ToolQuestion {

    /** @return the question */
    @InputField
    String question();

    /** @return the exact answer, nothing else */
    @OutputField(desc = "the exact answer, nothing else")
    String answer();
}
