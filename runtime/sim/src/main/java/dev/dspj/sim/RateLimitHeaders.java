package dev.dspj.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The rate-limit headers the simulated providers send, with {@code Retry-After} on a 429. */
final class RateLimitHeaders {

    /** The simulated request limit per minute. */
    static final int REQUESTS_PER_MINUTE = 60;
    /** The simulated token limit per minute. */
    static final int TOKENS_PER_MINUTE = 150_000;

    private RateLimitHeaders() {}

    /** Whole seconds for {@code Retry-After}: rounded up, 0 only for a zero wait. */
    static long seconds(Duration wait) {
        long millis = wait.toMillis();
        return (millis + 999) / 1000;
    }

    /** OpenAI's {@code x-ratelimit-*} headers; with a wait, also {@code Retry-After} and {@code retry-after-ms}. */
    static Map<String, String> openAi(@Nullable Duration retryAfter) {
        Map<String, String> headers = new LinkedHashMap<>();
        boolean limited = retryAfter != null;
        headers.put("x-ratelimit-limit-requests", Integer.toString(REQUESTS_PER_MINUTE));
        headers.put("x-ratelimit-limit-tokens", Integer.toString(TOKENS_PER_MINUTE));
        headers.put("x-ratelimit-remaining-requests", limited ? "0" : Integer.toString(REQUESTS_PER_MINUTE - 1));
        headers.put("x-ratelimit-remaining-tokens", limited ? "0" : Integer.toString(TOKENS_PER_MINUTE - 1000));
        headers.put("x-ratelimit-reset-requests", retryAfter != null ? seconds(retryAfter) + "s" : "1s");
        headers.put("x-ratelimit-reset-tokens", retryAfter != null ? seconds(retryAfter) + "s" : "6ms");
        if (retryAfter != null) {
            headers.put("Retry-After", Long.toString(seconds(retryAfter)));
            headers.put("retry-after-ms", Long.toString(retryAfter.toMillis()));
        }
        return headers;
    }

    /** Anthropic's {@code anthropic-ratelimit-*} headers; with a wait, also {@code retry-after}. */
    static Map<String, String> anthropic(@Nullable Duration retryAfter) {
        Map<String, String> headers = new LinkedHashMap<>();
        boolean limited = retryAfter != null;
        String reset = DateTimeFormatter.ISO_INSTANT.format(Instant.now()
                .plus(retryAfter != null ? retryAfter : Duration.ofSeconds(1))
                .truncatedTo(ChronoUnit.SECONDS));
        headers.put("anthropic-ratelimit-requests-limit", Integer.toString(REQUESTS_PER_MINUTE));
        headers.put(
                "anthropic-ratelimit-requests-remaining", limited ? "0" : Integer.toString(REQUESTS_PER_MINUTE - 1));
        headers.put("anthropic-ratelimit-requests-reset", reset);
        if (retryAfter != null) {
            headers.put("retry-after", Long.toString(seconds(retryAfter)));
        }
        return headers;
    }
}
