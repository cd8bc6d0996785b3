package dev.dspj.spring;

import dev.dspj.lm.http.EndpointProbe;
import dev.dspj.lm.http.HttpLanguageModel;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The model endpoint's health: UP when {@code GET {base URL}/models} answers 2xx within the
 * timeout, DOWN with the status or the error otherwise. Details: the model, the URL probed, the
 * status, the time taken; never the API key.
 */
public class ModelHealthIndicator implements HealthIndicator {

    private final HttpLanguageModel model;
    private final Duration timeout;

    /**
     * An indicator for a model.
     *
     * @param model the model
     * @param timeout how long the probe waits
     */
    public ModelHealthIndicator(HttpLanguageModel model, Duration timeout) {
        this.model = Objects.requireNonNull(model, "model");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public Health health() {
        EndpointProbe.Result result = EndpointProbe.check(model, timeout);
        Health.Builder builder = result.up() ? Health.up() : Health.down();
        return builder.withDetail("model", model.modelName())
                .withDetails(result.details())
                .build();
    }
}
