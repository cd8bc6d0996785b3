package dev.dspj.spring;

import dev.dspj.observe.micrometer.ObservationCallback;
import dev.dspj.observe.micrometer.TokenUsageCallback;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * DSPJ's calls as Micrometer observations when the context has an {@link ObservationRegistry}
 * (Boot's actuator brings one), and the models' tokens as the {@value TokenUsageCallback#METER}
 * counter when it has a {@link MeterRegistry}: both are {@link dev.dspj.observe.Callback} beans,
 * registered with the others. Needs {@code dev.dspj:dspj-micrometer}; {@code
 * dspj.observations.enabled=false} turns it off.
 */
@AutoConfiguration(
        after = DspjAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnClass({ObservationRegistry.class, ObservationCallback.class})
@ConditionalOnProperty(prefix = "dspj.observations", name = "enabled", matchIfMissing = true)
public class DspjObservationAutoConfiguration {

    /** Creates the auto-configuration. */
    public DspjObservationAutoConfiguration() {}

    /**
     * The callback opening an observation per DSPJ call.
     *
     * @param registry the context's registry
     * @return the callback
     */
    @Bean
    @ConditionalOnBean(ObservationRegistry.class)
    @ConditionalOnMissingBean
    public ObservationCallback dspjObservationCallback(ObservationRegistry registry) {
        return new ObservationCallback(registry);
    }

    /** The token counter, when Micrometer's meters are there too. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Tokens {

        /**
         * The callback counting tokens.
         *
         * @param meters the context's meter registry
         * @return the callback
         */
        @Bean
        @ConditionalOnBean(MeterRegistry.class)
        @ConditionalOnMissingBean
        TokenUsageCallback dspjTokenUsageCallback(MeterRegistry meters) {
            return new TokenUsageCallback(meters);
        }
    }
}
