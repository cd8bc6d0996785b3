package dev.dspj.bench.baseline;

import java.util.List;

/**
 * The same signature as {@link dev.dspj.bench.GroundedAnswer}, declared for the reflection
 * baseline: runtime-retained annotations on a marker interface, the fields as the components of
 * two records (record components keep their declaration order under reflection, interface
 * methods do not).
 */
@RtSignature(
        instructions = "Answer the question from the context passages, following the hint, and cite the passages used.",
        inputs = GroundedAnswerSpec.In.class,
        outputs = GroundedAnswerSpec.Out.class)
public interface GroundedAnswerSpec {

    /**
     * The inputs.
     *
     * @param question the question
     * @param context the passages
     * @param hint the hint
     */
    record In(
            @RtField(desc = "the question to answer") String question,

            @RtField(desc = "passages that may contain the answer")
            List<String> context,

            @RtField(desc = "a hint about the expected answer")
            String hint) {}

    /**
     * The outputs.
     *
     * @param answer the answer
     * @param confidence the confidence
     * @param citations the cited passages
     */
    record Out(
            @RtField(desc = "a short factoid answer, often between 1 and 5 words")
            String answer,

            @RtField(desc = "how sure the answer is, between 0 and 1")
            double confidence,

            @RtField(desc = "1-based numbers of the passages that support the answer")
            List<Integer> citations) {}
}
