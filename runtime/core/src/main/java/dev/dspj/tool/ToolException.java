package dev.dspj.tool;

import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * A tool call that could not run or failed: arguments that are unknown, missing or of the wrong
 * type ({@link #isArgumentError()}), or an exception thrown by the tool. The message names the
 * tool and what was wrong, in words a model can act on (an agent shows it as the observation).
 */
public final class ToolException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String tool;
    private final boolean argumentError;

    ToolException(String tool, String message, boolean argumentError, @Nullable Throwable cause) {
        super(message, cause);
        this.tool = tool;
        this.argumentError = argumentError;
    }

    /**
     * The tool's name.
     *
     * @return the name
     */
    public String tool() {
        return tool;
    }

    /**
     * Whether the arguments were wrong (the tool did not run), rather than the tool failing.
     *
     * @return true for an argument error
     */
    public boolean isArgumentError() {
        return argumentError;
    }
}
