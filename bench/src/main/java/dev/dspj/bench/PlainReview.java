package dev.dspj.bench;

import dev.dspj.annotations.InputField;
import dev.dspj.annotations.OutputField;
import dev.dspj.annotations.Signature;

/**
 * A bare review classifier for {@link OptimizerTasksBench}: the shape of the simulated model's
 * sentiment task, with instructions and field descriptions that carry none of its hint phrases
 * ({@code sarcasm}, {@code overall tone}).
 */
@Signature("Classify the review.")
public interface PlainReview {

    /** @return the review */
    @InputField
    String review();

    /** @return POSITIVE, NEGATIVE or NEUTRAL */
    @OutputField
    String sentiment();
}
