package dev.dspj.samples.docs;

import dev.dspj.annotations.InputField;
import dev.dspj.annotations.OutputField;
import dev.dspj.annotations.Signature;

/**
 * The question answerer of every snippet in the README and the docs: a bare {@code question -> answer}
 * with instructions that say nothing about what a good answer looks like, so optimizers have
 * something to find. The simulated model's factoid QA task answers it.
 */
// snippet:question-answer
@Signature("Answer the question.")
public interface QuestionAnswer {
    @InputField
    String question();

    @OutputField
    String answer();
}
// end-snippet
