package dev.dspj.tool;

import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link Tool} runs. Generated tools call the annotated method directly.
 *
 * @param <R> what it returns
 */
@FunctionalInterface
public interface ToolFunction<R> {

    /**
     * Runs the tool.
     *
     * @param arguments the call's checked arguments
     * @return the result (null for none)
     * @throws Exception whatever the tool throws; the caller reports it to the model
     */
    @Nullable
    R apply(ToolArguments arguments) throws Exception;

    /**
     * A tool that runs elsewhere and completes later (a remote call, an MCP server's tool).
     *
     * @param <R> what it completes with
     */
    @FunctionalInterface
    interface Async<R> {

        /**
         * Starts the tool.
         *
         * @param arguments the call's checked arguments
         * @return its result, later
         * @throws Exception whatever the tool throws before it starts
         */
        CompletionStage<? extends @Nullable R> apply(ToolArguments arguments) throws Exception;
    }
}
