package dev.dspj.micronaut;

import dev.dspj.observe.micrometer.ObservationCallback;
import dev.dspj.observe.micrometer.TokenUsageCallback;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * DSPJ's calls as Micrometer observations and its models' tokens as the {@value
 * TokenUsageCallback#METER} counter: callback beans, registered by {@link CallbackRegistrar}.
 * Observations go to the context's {@link ObservationRegistry} when it has one, else to one built
 * over its {@link MeterRegistry} with a {@link DefaultMeterObservationHandler} (a timer per
 * observation name). Needs {@code dev.dspj:dspj-micrometer}; {@code
 * dspj.observations.enabled=false} turns it off.
 */
@Factory
@Requires(classes = {ObservationCallback.class, ObservationRegistry.class})
@Requires(property = "dspj.observations.enabled", notEquals = "false")
public class MicrometerFactory {

    /** Creates the factory. */
    public MicrometerFactory() {}

    /**
     * Observations into the context's registry.
     *
     * @param registry the registry
     * @return the callback
     */
    @Singleton
    @Requires(beans = ObservationRegistry.class)
    public ObservationCallback dspjObservationCallback(ObservationRegistry registry) {
        return new ObservationCallback(registry);
    }

    /**
     * Observations timed by the context's meter registry, when it has no observation registry.
     *
     * @param meters the meter registry
     * @return the callback
     */
    @Singleton
    @Requires(classes = MeterRegistry.class)
    @Requires(beans = MeterRegistry.class)
    @Requires(missingBeans = ObservationRegistry.class)
    public ObservationCallback dspjMeteredObservationCallback(MeterRegistry meters) {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        return new ObservationCallback(registry);
    }

    /**
     * The token counter.
     *
     * @param meters the meter registry
     * @return the callback
     */
    @Singleton
    @Requires(classes = MeterRegistry.class)
    @Requires(beans = MeterRegistry.class)
    public TokenUsageCallback dspjTokenUsageCallback(MeterRegistry meters) {
        return new TokenUsageCallback(meters);
    }
}
