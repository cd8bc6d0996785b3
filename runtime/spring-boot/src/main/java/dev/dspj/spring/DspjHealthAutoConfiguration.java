package dev.dspj.spring;

import dev.dspj.lm.http.EndpointProbe;
import dev.dspj.lm.http.HttpLanguageModel;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * A health indicator named {@code dspjModel} for the model's endpoint, when the context has an
 * HTTP model and Boot's health support is on the class path; {@code
 * management.health.dspj.enabled=false} turns it off.
 */
@AutoConfiguration(after = DspjAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(HttpLanguageModel.class)
@ConditionalOnEnabledHealthIndicator("dspj")
public class DspjHealthAutoConfiguration {

    /** Creates the auto-configuration. */
    public DspjHealthAutoConfiguration() {}

    /**
     * The indicator.
     *
     * @param model the model
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "dspjModelHealthIndicator")
    public ModelHealthIndicator dspjModelHealthIndicator(HttpLanguageModel model) {
        return new ModelHealthIndicator(model, EndpointProbe.DEFAULT_TIMEOUT);
    }
}
