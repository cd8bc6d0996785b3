package dev.dspj.bench;

import dev.dspj.annotations.InputField;
import dev.dspj.annotations.OutputField;
import dev.dspj.annotations.Signature;

/**
 * The signature of the evaluation and optimizer benchmarks ({@link EvaluateThroughput},
 * {@link RandomSearchBench}): one question in, one answer out, the shape of the simulated model's
 * factoid QA task. Its instructions and field descriptions deliberately carry none of the task's
 * hint phrases ({@code short factoid}, {@code 1-5 words}), so the only help a prompt of this
 * program can give the simulated model is its demos, which is what the optimizer tunes. DSPJ
 * generates {@code PlainQuestionPredictor} and the records from it.
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
