package dev.dspj.signature;

/** Whether a field is supplied by the caller or produced by the model. */
public enum FieldRole {
    /** Supplied by the caller, shown in the prompt. */
    INPUT,
    /** Produced by the model, parsed from its answer. */
    OUTPUT
}
