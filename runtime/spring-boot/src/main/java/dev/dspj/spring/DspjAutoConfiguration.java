package dev.dspj.spring;

import dev.dspj.Dspj;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.limit.ModelLimits;
import dev.dspj.lm.retry.RetryPolicy;
import dev.dspj.observe.Callback;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * DSPJ's beans from {@code dspj.*} ({@link DspjProperties}): the response cache, the model (also
 * made DSPJ's default with {@link Dspj#configure}, and closed with the context), one bean per
 * configured program ({@link ProgramBeans}) and the registration of every {@link Callback} bean.
 * Each bean backs off when the application defines its own.
 */
@AutoConfiguration
@EnableConfigurationProperties(DspjProperties.class)
@Import(ProgramBeans.class)
public class DspjAutoConfiguration {

    /** Creates the auto-configuration. */
    public DspjAutoConfiguration() {}

    /**
     * The response cache: none when {@code dspj.cache.enabled=false}, memory, and a SQLite file
     * behind it when {@code dspj.cache.disk-path} is set.
     *
     * @param properties the settings
     * @return the cache, closed with the context
     */
    @Bean
    @ConditionalOnMissingBean
    public ResponseCache dspjResponseCache(DspjProperties properties) {
        DspjProperties.Cache cache = properties.getCache();
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
     * The model {@code dspj.model} names, configured from the other properties (the key from the
     * provider's environment variable unless {@code dspj.api-key} is set), and made DSPJ's
     * default model.
     *
     * @param properties the settings
     * @param cache the response cache
     * @return the model, closed (and no longer the default) with the context
     */
    @Bean
    @ConditionalOnMissingBean(LanguageModel.class)
    @ConditionalOnProperty(prefix = DspjProperties.PREFIX, name = "model")
    public HttpLanguageModel dspjLanguageModel(DspjProperties properties, ResponseCache cache) {
        return buildModel(properties, cache);
    }

    /**
     * Makes the context's model (this configuration's or the application's own) DSPJ's default
     * model while the context lives.
     *
     * @param model the model bean, if there is one
     * @return the binding
     */
    @Bean
    public DefaultModelBinding dspjDefaultModel(ObjectProvider<LanguageModel> model) {
        return new DefaultModelBinding(model.getIfUnique());
    }

    /**
     * Registers every {@link Callback} bean for the whole process once the context is up, and
     * removes them when it closes.
     *
     * @param callbacks the callback beans
     * @return the registrations
     */
    @Bean
    public CallbackRegistrations dspjCallbackRegistrations(ObjectProvider<Callback> callbacks) {
        return new CallbackRegistrations(callbacks);
    }

    /**
     * Builds a client from the settings.
     *
     * @param properties the settings
     * @param cache the response cache, which the client uses but does not close
     * @return the client
     * @throws IllegalStateException naming the property that is wrong
     */
    static HttpLanguageModel buildModel(DspjProperties properties, ResponseCache cache) {
        String spec = properties.getModel();
        if (spec == null || spec.isBlank()) {
            throw new IllegalStateException("dspj.model is not set: name a model, for example openai/gpt-4o-mini");
        }
        try {
            HttpLanguageModel.Builder builder = HttpLanguageModel.builder(spec.strip());
            String baseUrl = properties.getBaseUrl();
            if (baseUrl != null && !baseUrl.isBlank()) {
                builder.baseUrl(baseUrl.strip());
            }
            String key = properties.getApiKey();
            if (key != null && !key.isBlank()) {
                builder.apiKey(key);
            }
            Duration timeout = properties.getTimeout();
            if (timeout != null) {
                Duration connect = timeout.compareTo(HttpLanguageModel.DEFAULT_CONNECT_TIMEOUT) < 0
                        ? timeout
                        : HttpLanguageModel.DEFAULT_CONNECT_TIMEOUT;
                builder.timeouts(connect, timeout);
            }
            Integer retries = properties.getMaxRetries();
            if (retries != null) {
                builder.retry(RetryPolicy.DEFAULT.withMaxAttempts(retries + 1));
            }
            // this client's own limits: shared ones are set once per model in the JVM, and a context started again
            // (tests, devtools) must get the values it is configured with
            builder.privateLimits(limits(properties.getLimits()));
            LmSettings defaults = LmSettings.DEFAULTS;
            Double temperature = properties.getTemperature();
            if (temperature != null) {
                defaults = defaults.withTemperature(temperature);
            }
            Integer maxTokens = properties.getMaxTokens();
            if (maxTokens != null) {
                defaults = defaults.withMaxTokens(maxTokens);
            }
            return builder.defaults(defaults).cache(new SharedCache(cache)).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("dspj.model=" + spec + ": " + e.getMessage(), e);
        }
    }

    private static ModelLimits limits(DspjProperties.Limits limits) {
        Integer concurrency = limits.getMaxConcurrency();
        return new ModelLimits(
                concurrency == null ? ModelLimits.DEFAULT_MAX_CONCURRENT_REQUESTS : concurrency,
                limits.getRequestsPerMinute(),
                limits.getTokensPerMinute());
    }

    /** A cache handed to a client that must not close it: the cache bean closes itself. */
    private record SharedCache(ResponseCache cache) implements ResponseCache {

        @Override
        public java.util.Optional<dev.dspj.lm.LmResponse> get(String key) {
            return cache.get(key);
        }

        @Override
        public void put(String key, dev.dspj.lm.LmResponse response) {
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

    /** Registrations of the callback beans, made once every singleton exists. */
    public static final class CallbackRegistrations
            implements org.springframework.beans.factory.SmartInitializingSingleton,
                    org.springframework.beans.factory.DisposableBean {

        private final ObjectProvider<Callback> callbacks;
        private volatile List<dev.dspj.observe.Registration> registrations = List.of();

        CallbackRegistrations(ObjectProvider<Callback> callbacks) {
            this.callbacks = callbacks;
        }

        @Override
        public void afterSingletonsInstantiated() {
            registrations = callbacks
                    .orderedStream()
                    .map(dev.dspj.observe.Callbacks::register)
                    .toList();
        }

        /**
         * How many callbacks are registered.
         *
         * @return the count
         */
        public int size() {
            return registrations.size();
        }

        @Override
        public void destroy() {
            registrations.forEach(dev.dspj.observe.Registration::close);
            registrations = List.of();
        }
    }

    /**
     * Holds the context's model as DSPJ's default model ({@link Dspj#configure}) from its creation
     * until the context closes.
     */
    public static final class DefaultModelBinding implements org.springframework.beans.factory.DisposableBean {

        private final @Nullable LanguageModel model;

        DefaultModelBinding(@Nullable LanguageModel model) {
            this.model = model;
            if (model != null) {
                Dspj.configure(model);
            }
        }

        /**
         * The model made the default.
         *
         * @return it, or null when the context has no single model
         */
        public @Nullable LanguageModel model() {
            return model;
        }

        @Override
        @SuppressWarnings("NullAway") // Dspj.configure(null) clears the default, as its javadoc says
        public void destroy() {
            if (model != null && Dspj.defaultModel().orElse(null) == model) {
                Dspj.configure(null);
            }
        }
    }
}
