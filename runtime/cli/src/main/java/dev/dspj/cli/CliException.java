package dev.dspj.cli;

/**
 * A command that cannot go on, with the message the user sees (naming the option, file or row at
 * fault) and the exit code.
 */
public final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * A wrong command line, class, file or row: exit code {@value DspjCli#USAGE}.
     *
     * @param message what is wrong and what was expected
     */
    public CliException(String message) {
        this(message, DspjCli.USAGE, null);
    }

    /**
     * A command that cannot go on.
     *
     * @param message what is wrong and what was expected
     * @param exitCode the process's exit code
     * @param cause the underlying failure, or null
     */
    public CliException(String message, int exitCode, @org.jspecify.annotations.Nullable Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /**
     * The exit code.
     *
     * @return the code
     */
    public int exitCode() {
        return exitCode;
    }
}
