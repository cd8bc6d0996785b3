package dev.dspj.sim;

import java.util.Locale;

/** How the prompt asks the model to write its answer. */
enum AnswerFormat {
    /** DSPy's Chat format: {@code [[ ## field ## ]]} sections ending with {@code [[ ## completed ## ]]}. */
    CHAT,
    /** One JSON object with every output field. */
    JSON,
    /** {@code <field>...</field>} blocks. */
    XML,
    /** No structure asked for: the answer's text alone. */
    TEXT;

    /** The lower-case name shown in decisions. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
