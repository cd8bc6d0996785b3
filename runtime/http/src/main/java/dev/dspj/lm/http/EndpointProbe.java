package dev.dspj.lm.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Checks that a model's endpoint answers: {@code GET {base URL}/models} (OpenAI-compatible servers,
 * the simulated model; {@code /v1/models} for Anthropic) with the client's own authentication
 * headers, within a short timeout. What health checks (Spring Boot's, Micronaut's) call; the result
 * never holds the API key, and error messages have it redacted.
 */
public final class EndpointProbe {

    /** The timeout health checks use by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    /** One client for every probe (a JDK 17 client cannot be shut down; the request timeout bounds each probe). */
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(DEFAULT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private EndpointProbe() {}

    /**
     * The outcome of one probe.
     *
     * @param up whether the endpoint answered 2xx in time
     * @param url the URL probed
     * @param status the HTTP status, or 0 when no answer came
     * @param error why it is down (the status or the failure), or null when up
     * @param elapsed how long the probe took
     */
    public record Result(
            boolean up, URI url, int status, @Nullable String error, Duration elapsed) {

        /**
         * Validates the result.
         *
         * @param up whether it is up
         * @param url the URL
         * @param status the status
         * @param error the error, or null
         * @param elapsed the time taken
         */
        public Result {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(elapsed, "elapsed");
        }

        /**
         * The result as details for a health report: url, status, elapsed milliseconds, error.
         *
         * @return the details, in that order
         */
        public Map<String, Object> details() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("url", url.toString());
            if (status != 0) {
                details.put("status", status);
            }
            details.put("elapsedMillis", elapsed.toMillis());
            if (error != null) {
                details.put("error", error);
            }
            return details;
        }
    }

    /**
     * Probes a model's endpoint.
     *
     * @param model the model whose base URL and key to use
     * @param timeout how long to wait for the connection and the answer
     * @return the result
     */
    public static Result check(HttpLanguageModel model, Duration timeout) {
        HttpClientSettings options = model.options();
        URI url = modelsUrl(options.provider(), options.baseUrl());
        ProviderProtocol protocol = options.provider().protocol(options.model(), options.apiVersion());
        Secret key = options.apiKey();
        long start = System.nanoTime();
        try {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(url).timeout(timeout).GET();
            protocol.fixedHeaders().forEach(request::header);
            options.headers().forEach(request::header);
            protocol.authHeaders(key).forEach(request::header);
            HttpResponse<Void> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.discarding());
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            int status = response.statusCode();
            boolean up = status >= 200 && status < 300;
            return new Result(up, url, status, up ? null : "HTTP " + status, elapsed);
        } catch (IOException | RuntimeException e) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new Result(false, url, 0, key.redact(message), elapsed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, url, 0, "interrupted", Duration.ofNanos(System.nanoTime() - start));
        }
    }

    static URI modelsUrl(Provider provider, URI baseUrl) {
        String base = baseUrl.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + (provider == Provider.ANTHROPIC ? "/v1/models" : "/models"));
    }
}
