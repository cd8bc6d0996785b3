package dev.dspj.lm.http;

import dev.dspj.lm.LanguageModelException;
import dev.dspj.lm.RejectedRequestException;
import dev.dspj.lm.RetriableModelException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Maps an HTTP error response to the exception family that drives retries, in one place. */
final class ErrorMapping {

    private ErrorMapping() {}

    static LanguageModelException fromStatus(
            int status,
            @Nullable String providerCode,
            @Nullable String providerMessage,
            String model,
            @Nullable Duration retryAfter) {
        String message = model + ": HTTP " + status + (providerCode == null ? "" : " " + providerCode)
                + (providerMessage == null ? "" : ": " + providerMessage);
        if (status == 429) {
            return new RetriableModelException.RateLimited(message, providerCode, model, retryAfter);
        }
        if (status >= 500 || status == 408 || status == 409) {
            return new RetriableModelException.ServerError(message, status, providerCode, model, retryAfter);
        }
        if (status == 401 || status == 403) {
            return new RejectedRequestException.Authentication(message, status, providerCode, model);
        }
        if (status == 404) {
            return new RejectedRequestException.NotFound(message, providerCode, model);
        }
        if (isContextWindow(providerCode, providerMessage)) {
            return new RejectedRequestException.ContextWindowExceeded(message, status, providerCode, model);
        }
        return new RejectedRequestException(message, status, providerCode, model);
    }

    /**
     * What a request that got no HTTP answer failed with, in the exception family retries read:
     * the transports report such failures in the types {@link HttpTransport} names.
     *
     * @param error the failure, unwrapped
     * @param model the client's name, for the message
     * @param baseUrl where the request went
     * @param apiKey redacted from any text the failure carries
     * @return the failure to throw
     */
    static LanguageModelException transportFailure(Throwable error, String model, URI baseUrl, Secret apiKey) {
        if (error instanceof LanguageModelException known) {
            return known;
        }
        if (error instanceof HttpTimeoutException && !(error instanceof HttpConnectTimeoutException)) {
            return new RetriableModelException.Timeout(
                    model + ": no answer from " + baseUrl + " within the read timeout", null, model);
        }
        if (error instanceof IOException) {
            return new RetriableModelException.Timeout(
                    model + ": cannot reach " + baseUrl + ": " + apiKey.redact(String.valueOf(error.getMessage())),
                    null,
                    model);
        }
        return new LanguageModelException(
                model + ": request failed: " + apiKey.redact(String.valueOf(error)), null, 0, null, model);
    }

    private static boolean isContextWindow(@Nullable String code, @Nullable String message) {
        if ("context_length_exceeded".equals(code)) {
            return true;
        }
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return text.contains("maximum context length")
                || text.contains("context window")
                || text.contains("prompt is too long")
                || text.contains("context_length_exceeded");
    }

    /**
     * Reads {@code retry-after-ms} (OpenAI) or {@code Retry-After} (seconds or an HTTP date).
     *
     * @return the wait, or null when none is given or it cannot be read
     */
    static @Nullable Duration retryAfter(@Nullable String retryAfterMs, @Nullable String retryAfter) {
        if (retryAfterMs != null) {
            try {
                return Duration.ofMillis((long) Double.parseDouble(retryAfterMs.strip()));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        if (retryAfter == null || retryAfter.isBlank()) {
            return null;
        }
        try {
            return Duration.ofMillis((long) (Double.parseDouble(retryAfter.strip()) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(retryAfter.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(when.getZone()), when);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }
}
