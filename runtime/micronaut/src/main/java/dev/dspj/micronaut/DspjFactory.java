package dev.dspj.micronaut;

import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.ModelProperties;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

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
        return ModelProperties.cache(cache.isEnabled(), cache.getMemoryEntries(), cache.getDiskPath());
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
        DspjConfiguration.Limits limits = configuration.getLimits();
        return new ModelProperties(
                        configuration.getModel(),
                        configuration.getBaseUrl(),
                        configuration.getApiKey(),
                        configuration.getTimeout(),
                        configuration.getMaxRetries(),
                        limits.getMaxConcurrency(),
                        limits.getRequestsPerMinute(),
                        limits.getTokensPerMinute(),
                        configuration.getTemperature(),
                        configuration.getMaxTokens())
                .build(cache);
    }
}
