package dev.dspj.micronaut;

import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.limit.ModelLimits;
import dev.dspj.lm.retry.RetryPolicy;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * DSPJ's beans from {@code dspj.*} ({@link DspjConfiguration}): the response cache and, when
 * {@code dspj.model} is set, the model. {@link DefaultModelBinding} makes the model DSPJ's default;
 * both are closed with the context.
 */
@Factory
public class DspjFactory {

    /** Creates the factory. */
    public DspjFactory() {}

    /**
     * The response cache: none when {@code dspj.cache.enabled=false}, memory, and a SQLite file
     * behind it when {@code dspj.cache.disk-path} is set.
     *
     * @param configuration the settings
     * @return the cache
     */
    @Singleton
    @Bean(preDestroy = "close")
    public ResponseCache dspjResponseCache(DspjConfiguration configuration) {
        DspjConfiguration.Cache cache = configuration.getCache();
        if (!cache.isEnabled()) {
            return ResponseCache.none();
        }
        ResponseCache memory = ResponseCache.memory(cache.getMemoryEntries());
        String disk = cache.getDiskPath();
        if (disk == null || disk.isBlank()) {
            return memory;
        }
        try {
            return ResponseCache.layered(memory, ResponseCache.sqlite(Path.of(disk.strip())));
        } catch (RuntimeException e) {
            throw new IllegalStateException("dspj.cache.disk-path=" + disk + ": " + e.getMessage(), e);
        }
    }

    /**
     * The model {@code dspj.model} names, configured from the other settings.
     *
     * @param configuration the settings
     * @param cache the response cache, which the model uses but does not close
     * @return the model
     */
    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "dspj.model")
    public HttpLanguageModel dspjLanguageModel(DspjConfiguration configuration, ResponseCache cache) {
        return buildModel(configuration, cache);
    }

    /**
     * Builds a client from the settings.
     *
     * @param configuration the settings
     * @param cache the response cache
     * @return the client
     * @throws IllegalStateException naming the setting that is wrong
     */
    static HttpLanguageModel buildModel(DspjConfiguration configuration, ResponseCache cache) {
        String spec = configuration.getModel();
        if (spec == null || spec.isBlank()) {
            throw new IllegalStateException("dspj.model is not set: name a model, for example openai/gpt-4o-mini");
        }
        try {
            HttpLanguageModel.Builder builder = HttpLanguageModel.builder(spec.strip());
            String baseUrl = configuration.getBaseUrl();
            if (baseUrl != null && !baseUrl.isBlank()) {
                builder.baseUrl(baseUrl.strip());
            }
            String key = configuration.getApiKey();
            if (key != null && !key.isBlank()) {
                builder.apiKey(key);
            }
            Duration timeout = configuration.getTimeout();
            if (timeout != null) {
                Duration connect = timeout.compareTo(HttpLanguageModel.DEFAULT_CONNECT_TIMEOUT) < 0
                        ? timeout
                        : HttpLanguageModel.DEFAULT_CONNECT_TIMEOUT;
                builder.timeouts(connect, timeout);
            }
            Integer retries = configuration.getMaxRetries();
            if (retries != null) {
                builder.retry(RetryPolicy.DEFAULT.withMaxAttempts(retries + 1));
            }
            DspjConfiguration.Limits limits = configuration.getLimits();
            Integer concurrency = limits.getMaxConcurrency();
            builder.privateLimits(new ModelLimits(
                    concurrency == null ? ModelLimits.DEFAULT_MAX_CONCURRENT_REQUESTS : concurrency,
                    limits.getRequestsPerMinute(),
                    limits.getTokensPerMinute()));
            LmSettings defaults = LmSettings.DEFAULTS;
            Double temperature = configuration.getTemperature();
            if (temperature != null) {
                defaults = defaults.withTemperature(temperature);
            }
            Integer maxTokens = configuration.getMaxTokens();
            if (maxTokens != null) {
                defaults = defaults.withMaxTokens(maxTokens);
            }
            return builder.defaults(defaults).cache(new SharedCache(cache)).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("dspj.model=" + spec + ": " + e.getMessage(), e);
        }
    }

    /** A cache handed to a client that must not close it: the cache bean closes itself. */
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
