package dev.dspj.state;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A saved program that cannot be loaded (or a program that cannot be saved): the message names
 * the predictor (by its path, such as {@code generateQuery.predict}) and the field at fault, and
 * says what was expected.
 */
public final class ProgramStateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final @Nullable String predictor;
    private final @Nullable String field;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the predictor and field
     * @param predictor the predictor's path, or {@code null} when the problem is not in one predictor
     * @param field the field (of the signature, the demo or the model settings), or {@code null}
     * @param cause the underlying failure, or {@code null}
     */
    public ProgramStateException(
            String message, @Nullable String predictor, @Nullable String field, @Nullable Throwable cause) {
        super(message, cause);
        this.predictor = predictor;
        this.field = field;
    }

    /**
     * The path of the predictor at fault, when there is one.
     *
     * @return the path, for example {@code answer} or {@code self}
     */
    public Optional<String> predictor() {
        return Optional.ofNullable(predictor);
    }

    /**
     * The field at fault, when there is one: a signature field's name, or a key of the model
     * settings such as {@code lm.temperature}.
     *
     * @return the field
     */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** The same problem, with the file it was found in at the front of the message. */
    ProgramStateException inFile(Object file) {
        ProgramStateException located =
                new ProgramStateException(file + ": " + getMessage(), predictor, field, getCause());
        located.setStackTrace(getStackTrace());
        return located;
    }
}
