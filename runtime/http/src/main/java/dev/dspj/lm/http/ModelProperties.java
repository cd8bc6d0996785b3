package dev.dspj.lm.http;

import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.limit.ModelLimits;
import dev.dspj.lm.retry.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code dspj.*} model settings an application's configuration gives (Spring Boot's and
 * Micronaut's integrations read them from their properties), and the client and cache they make.
 * Every message names the property at fault.
 *
 * @param model the model string ({@code dspj.model}), required to build a client
 * @param baseUrl the endpoint, or null for the provider's
 * @param apiKey the key, or null for the provider's environment variable
 * @param timeout the read timeout (the connect timeout is the smaller of it and the default), or null
 * @param maxRetries retries after the first attempt, or null for the default policy
 * @param maxConcurrency calls at once, or null for the default
 * @param requestsPerMinute requests a minute, 0 for no limit
 * @param tokensPerMinute tokens a minute, 0 for no limit
 * @param temperature the default temperature, or null
 * @param maxTokens the default completion limit, or null
 */
public record ModelProperties(
        @Nullable String model,
        @Nullable String baseUrl,
        @Nullable String apiKey,
        @Nullable Duration timeout,
        @Nullable Integer maxRetries,
        @Nullable Integer maxConcurrency,
        int requestsPerMinute,
        long tokensPerMinute,
        @Nullable Double temperature,
        @Nullable Integer maxTokens) {

    /**
     * The response cache the {@code dspj.cache.*} settings describe: none, memory, or memory over
     * SQLite (which needs {@code dspj-studies}).
     *
     * @param enabled {@code dspj.cache.enabled}
     * @param memoryEntries {@code dspj.cache.memory-entries}
     * @param diskPath {@code dspj.cache.disk-path}, or null for memory only
     * @return the cache
     * @throws IllegalStateException naming {@code dspj.cache.disk-path} when the disk cache cannot open
     */
    public static ResponseCache cache(boolean enabled, long memoryEntries, @Nullable String diskPath) {
        if (!enabled) {
            return ResponseCache.none();
        }
        ResponseCache memory = ResponseCache.memory(memoryEntries);
        if (diskPath == null || diskPath.isBlank()) {
            return memory;
        }
        try {
            return ResponseCache.layered(memory, ResponseCache.sqlite(Path.of(diskPath.strip())));
        } catch (RuntimeException e) {
            throw new IllegalStateException("dspj.cache.disk-path=" + diskPath + ": " + e.getMessage(), e);
        }
    }

    /**
     * Builds the client, with its own limits (not the JVM-wide ones of its model, which the first
     * client of a model fixes, so that a second application context gets the values it asks for)
     * and a cache it uses but never closes (the cache's owner does).
     *
     * @param cache the response cache
     * @return the client
     * @throws IllegalStateException naming the setting that is wrong
     */
    public HttpLanguageModel build(ResponseCache cache) {
        String spec = model;
        if (spec == null || spec.isBlank()) {
            throw new IllegalStateException("dspj.model is not set: name a model, for example openai/gpt-4o-mini");
        }
        try {
            HttpLanguageModel.Builder builder = HttpLanguageModel.builder(spec.strip());
            if (baseUrl != null && !baseUrl.isBlank()) {
                builder.baseUrl(baseUrl.strip());
            }
            if (apiKey != null && !apiKey.isBlank()) {
                builder.apiKey(apiKey);
            }
            if (timeout != null) {
                Duration connect = timeout.compareTo(HttpLanguageModel.DEFAULT_CONNECT_TIMEOUT) < 0
                        ? timeout
                        : HttpLanguageModel.DEFAULT_CONNECT_TIMEOUT;
                builder.timeouts(connect, timeout);
            }
            if (maxRetries != null) {
                builder.retry(RetryPolicy.DEFAULT.withMaxAttempts(maxRetries + 1));
            }
            builder.privateLimits(new ModelLimits(
                    maxConcurrency == null ? ModelLimits.DEFAULT_MAX_CONCURRENT_REQUESTS : maxConcurrency,
                    requestsPerMinute,
                    tokensPerMinute));
            LmSettings defaults = LmSettings.DEFAULTS;
            if (temperature != null) {
                defaults = defaults.withTemperature(temperature);
            }
            if (maxTokens != null) {
                defaults = defaults.withMaxTokens(maxTokens);
            }
            return builder.defaults(defaults).cache(new SharedCache(cache)).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("dspj.model=" + spec + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ModelProperties[model=" + model + ", baseUrl=" + baseUrl + ", apiKey="
                + (apiKey == null ? "null" : "****") + "]";
    }

    /** A cache handed to a client that must not close it: the cache's owner closes it. */
    private record SharedCache(ResponseCache cache) implements ResponseCache {

        @Override
        public Optional<LmResponse> get(String key) {
            return cache.get(key);
        }

        @Override
        public void put(String key, LmResponse response) {
            cache.put(key, response);
        }

        @Override
        public void flush() {
            cache.flush();
        }

        @Override
        public void close() {
            cache.flush();
        }
    }
}
