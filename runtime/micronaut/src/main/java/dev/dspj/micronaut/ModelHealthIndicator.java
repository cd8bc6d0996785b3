package dev.dspj.micronaut;

import dev.dspj.lm.http.EndpointProbe;
import dev.dspj.lm.http.HttpLanguageModel;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The model endpoint's health, as {@code dspjModel} in Micronaut's health endpoint: UP when {@code
 * GET {base URL}/models} answers 2xx within {@link EndpointProbe#DEFAULT_TIMEOUT}, DOWN with the
 * status or the error otherwise; never the API key. {@code endpoints.health.dspj.enabled=false}
 * turns it off.
 */
@Singleton
@Requires(classes = HealthIndicator.class)
@Requires(beans = HttpLanguageModel.class)
@Requires(property = "endpoints.health.dspj.enabled", notEquals = "false")
public class ModelHealthIndicator implements HealthIndicator {

    /** The indicator's name in health results. */
    public static final String NAME = "dspjModel";

    private final HttpLanguageModel model;

    /**
     * An indicator for the context's model.
     *
     * @param model the model
     */
    public ModelHealthIndicator(HttpLanguageModel model) {
        this.model = model;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.fromCallable(this::check).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Probes the endpoint now, on this thread.
     *
     * @return the result
     */
    public HealthResult check() {
        EndpointProbe.Result result = EndpointProbe.check(model, EndpointProbe.DEFAULT_TIMEOUT);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("model", model.modelName());
        details.putAll(result.details());
        return HealthResult.builder(NAME, result.up() ? HealthStatus.UP : HealthStatus.DOWN)
                .details(details)
                .build();
    }
}
