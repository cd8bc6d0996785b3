package dev.dspj.lm;

/** The model declined to answer (a safety refusal); trying again with the same prompt will not help. */
public final class ModelRefusedException extends LanguageModelException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param model the model
     * @param refusal the model's refusal message
     */
    public ModelRefusedException(String model, String refusal) {
        super(model + " refused to answer: " + refusal, null, 200, "refusal", model);
    }
}
