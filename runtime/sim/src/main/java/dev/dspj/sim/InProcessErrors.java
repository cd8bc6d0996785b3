package dev.dspj.sim;

import dev.dspj.lm.LanguageModelException;
import dev.dspj.lm.RejectedRequestException;
import dev.dspj.lm.RetriableModelException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The exceptions the in-process model throws for injected faults: the same families the HTTP clients map statuses to. */
final class InProcessErrors {

    private InProcessErrors() {}

    static LanguageModelException of(Fault fault, String model, long promptTokens, int contextWindow) {
        return switch (fault.kind()) {
            case RATE_LIMIT ->
                new RetriableModelException.RateLimited(
                        model + ": HTTP 429 rate_limit_exceeded: "
                                + ProviderMessages.rateLimit(
                                        model, fault.duration().orElse(Fault.DEFAULT_RETRY_AFTER)),
                        "rate_limit_exceeded",
                        model,
                        fault.duration().orElse(Fault.DEFAULT_RETRY_AFTER));
            case SERVER_ERROR ->
                new RetriableModelException.ServerError(
                        model + ": HTTP " + fault.status() + ": " + ProviderMessages.serverError(fault.status()),
                        fault.status(),
                        null,
                        model,
                        null);
            case UNAUTHORIZED ->
                new RejectedRequestException.Authentication(
                        model + ": HTTP 401 invalid_api_key: " + ProviderMessages.INVALID_KEY,
                        401,
                        "invalid_api_key",
                        model);
            case CONTEXT_LENGTH -> contextLength(model, promptTokens, contextWindow);
            default -> throw new IllegalArgumentException(fault + " is not an error fault");
        };
    }

    static LanguageModelException contextLength(String model, long promptTokens, int contextWindow) {
        return new RejectedRequestException.ContextWindowExceeded(
                model + ": HTTP 400 context_length_exceeded: "
                        + ProviderMessages.openAiContextLength(contextWindow, promptTokens),
                400,
                "context_length_exceeded",
                model);
    }

    static LanguageModelException badDirective(String model, @Nullable String message) {
        return new RejectedRequestException(
                model + ": HTTP 400 invalid_sim_fault: " + message, 400, "invalid_sim_fault", model);
    }

    static LanguageModelException timeout(String model, Duration waited) {
        return new RetriableModelException.Timeout(
                model + ": no answer within " + waited.toMillis() + " ms (simulated hang)", null, model);
    }
}
