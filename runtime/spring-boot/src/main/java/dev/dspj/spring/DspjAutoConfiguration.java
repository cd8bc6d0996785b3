package dev.dspj.spring;

import dev.dspj.Dspj;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.ModelProperties;
import dev.dspj.observe.Callback;
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
        return ModelProperties.cache(cache.isEnabled(), cache.getMemoryEntries(), cache.getDiskPath());
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
        DspjProperties.Limits limits = properties.getLimits();
        return new ModelProperties(
                        properties.getModel(),
                        properties.getBaseUrl(),
                        properties.getApiKey(),
                        properties.getTimeout(),
                        properties.getMaxRetries(),
                        limits.getMaxConcurrency(),
                        limits.getRequestsPerMinute(),
                        limits.getTokensPerMinute(),
                        properties.getTemperature(),
                        properties.getMaxTokens())
                .build(cache);
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
