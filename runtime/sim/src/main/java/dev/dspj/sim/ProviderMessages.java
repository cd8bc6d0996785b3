package dev.dspj.sim;

import java.time.Duration;

/** The error messages the simulated providers write, worded like the real ones (and never echoing an API key). */
final class ProviderMessages {

    static final String INVALID_KEY = "Incorrect API key provided. You can find your API key at "
            + "https://platform.openai.com/account/api-keys.";
    static final String ANTHROPIC_INVALID_KEY = "invalid x-api-key";

    private ProviderMessages() {}

    static String rateLimit(String model, Duration retryAfter) {
        return "Rate limit reached for " + model + " in organization org-dspj-sim on requests per min (RPM): "
                + "Limit 60, Used 60, Requested 1. Please try again in " + RateLimitHeaders.seconds(retryAfter) + "s.";
    }

    static String serverError(int status) {
        return switch (status) {
            case 503 -> "The server is overloaded or not ready yet.";
            case 529 -> "Overloaded";
            default -> "The server had an error while processing your request. Sorry about that!";
        };
    }

    static String openAiContextLength(int contextWindow, long promptTokens) {
        return "This model's maximum context length is " + contextWindow
                + " tokens. However, your messages resulted in " + promptTokens
                + " tokens. Please reduce the length of the messages.";
    }

    static String anthropicContextLength(int contextWindow, long promptTokens) {
        return "prompt is too long: " + promptTokens + " tokens > " + contextWindow + " maximum";
    }

    static String modelNotFound(String model) {
        return "The model `" + model + "` does not exist or you do not have access to it.";
    }
}
