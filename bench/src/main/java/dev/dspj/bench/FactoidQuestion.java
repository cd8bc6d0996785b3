package dev.dspj.bench;

import dev.dspj.annotations.InputField;
import dev.dspj.annotations.OutputField;
import dev.dspj.annotations.Signature;

/**
 * The signature of the HTTP benchmarks: one question in, one short answer out, in the shape of
 * the simulated model's built-in factoid QA task, so the simulated server recognises each question
 * and answers it. DSPJ generates {@code FactoidQuestionPredictor} and the records from it.
 */
@Signature("Answer questions with a short factoid answer.")
public interface FactoidQuestion {

    /** @return the question */
    @InputField(desc = "a question about a place or a person")
    String question();

    /** @return the answer */
    @OutputField(desc = "often between 1 and 5 words")
    String answer();
}
