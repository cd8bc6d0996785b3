package dev.dspj.observe;

/** What a {@link CallStart} and its {@link CallEnd} are about: DSPy's callback events, plus compile. */
public enum EventKind {
    /** A module ran: a predictor, a built-in module or a program ({@code on_module_start/end}). */
    MODULE,
    /** A language model was called ({@code on_lm_start/end}); outputs are the model's response. */
    LM,
    /** An adapter turned inputs and demos into messages ({@code on_adapter_format_start/end}). */
    ADAPTER_FORMAT,
    /** An adapter read a model's answer into output values ({@code on_adapter_parse_start/end}). */
    ADAPTER_PARSE,
    /** A tool ran ({@code on_tool_start/end}). */
    TOOL,
    /** An evaluation ran over a dataset ({@code on_evaluate_start/end}). */
    EVALUATE,
    /** An optimizer compiled a program. */
    COMPILE;

    /**
     * The lower-case name used in span names and logs ({@code lm}, {@code adapter_format}).
     *
     * @return the name
     */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
