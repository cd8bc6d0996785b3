package dev.dspj.lm;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A language model: chat messages in, completions and token usage out. Implementations must be
 * safe to call from many threads at once.
 *
 * <p>A model may hold connections and threads; {@link #close()} releases them. Decorators (metering,
 * budgets) forward {@link #defaults()} and {@link #maxAttempts()} so that saved state and reports see
 * the settings of the model underneath.
 */
public interface LanguageModel extends AutoCloseable {

    /**
     * The model's name, for example {@code openai/gpt-4o-mini}.
     *
     * @return the name
     */
    String modelName();

    /**
     * Sends a request and waits for the answer.
     *
     * @param request the messages and settings
     * @return the completions
     * @throws LanguageModelException when the model cannot answer
     */
    LmResponse complete(LmRequest request);

    /**
     * Sends a request without blocking the caller. The default runs {@link #complete} on the
     * common pool; HTTP clients override it with truly non-blocking calls.
     *
     * @param request the messages and settings
     * @return the completions, later
     */
    default CompletableFuture<LmResponse> completeAsync(LmRequest request) {
        return CompletableFuture.supplyAsync(() -> complete(request));
    }

    /**
     * Streams a completion: text deltas as they are generated, then one {@link StreamEvent.End}
     * with the whole response and its usage. The default completes the request and emits it as
     * one delta; HTTP clients stream for real (server-sent events).
     *
     * @param request the messages and settings
     * @return the events
     */
    default Flow.Publisher<StreamEvent> stream(LmRequest request) {
        return subscriber -> {
            CompletableFuture<LmResponse> response = completeAsync(request);
            StreamSupport.single(subscriber, response);
        };
    }

    /**
     * What the model's API supports. The default claims nothing beyond plain text.
     *
     * @return the capabilities
     */
    default ModelCapabilities capabilities() {
        return ModelCapabilities.TEXT_ONLY;
    }

    /**
     * The settings every call of this model starts from, under the request's own: a client's
     * configured defaults. The default is {@link LmSettings#DEFAULTS}.
     *
     * @return the default settings
     */
    default LmSettings defaults() {
        return LmSettings.DEFAULTS;
    }

    /**
     * How many times a call may be attempted in all, the first try included (DSPy's
     * {@code num_retries} is this minus one). The default is 1: no retries.
     *
     * @return at least 1
     */
    default int maxAttempts() {
        return 1;
    }

    /**
     * Tells the model that about {@code calls} calls are about to be made at once (an evaluation
     * starting), so that it can get ready for many calls rather than for a single one. The default
     * does nothing; DSPJ's HTTP client starts its pooled Netty client at once instead of answering a
     * first call through the JDK's client while Netty starts (which suits a process that makes one
     * call and ends). Wrappers pass it on.
     *
     * @param calls the calls expected in flight at once, more than 1
     */
    default void expectConcurrentCalls(int calls) {}

    /**
     * Releases what the model holds (connections, threads). The default holds nothing. A closed
     * model may refuse further calls.
     */
    @Override
    default void close() {}
}
