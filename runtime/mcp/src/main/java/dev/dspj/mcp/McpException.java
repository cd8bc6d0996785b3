package dev.dspj.mcp;

import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * An MCP server could not be reached or a call to it failed. Connecting names the server and what
 * went wrong (a command that is not found, a server that does not answer, a protocol version it
 * refuses); a tool call that fails reads {@code Failed to call a MCP tool: ...}, as DSPy's does, so
 * an agent shows the server's words to the model.
 */
public final class McpException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * A failure.
     *
     * @param message what went wrong
     * @param cause the underlying failure, or null
     */
    public McpException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
