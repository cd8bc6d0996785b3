package dev.dspj.observe.micrometer;

import dev.dspj.lm.LmResponse;
import dev.dspj.observe.CallEnd;
import dev.dspj.observe.Callback;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * A {@link Callback} that counts the tokens of every model call into a Micrometer counter
 * {@value #METER} (OpenTelemetry's GenAI metric name), tagged {@value #TOKEN_TYPE} {@code
 * input} or {@code output} and {@value ObservationCallback#MODEL} with the model's name. Responses a
 * cache answered cost no tokens and are not counted.
 */
public final class TokenUsageCallback implements Callback {

    /** The counter's name. */
    public static final String METER = "gen_ai.client.token.usage";
    /** The tag telling input (prompt) from output (completion) tokens. */
    public static final String TOKEN_TYPE = "gen_ai.token.type";

    private final MeterRegistry meters;

    /**
     * A callback counting into a registry.
     *
     * @param meters the registry
     */
    public TokenUsageCallback(MeterRegistry meters) {
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    @Override
    public void onLmEnd(CallEnd end) {
        if (!(end.outputs() instanceof LmResponse response) || response.cached()) {
            return;
        }
        String model = end.start().name();
        count(model, "input", response.usage().promptTokens());
        count(model, "output", response.usage().completionTokens());
    }

    private void count(String model, String type, long tokens) {
        if (tokens <= 0) {
            return;
        }
        Counter.builder(METER)
                .description("Tokens used by DSPJ's model calls")
                .baseUnit("tokens")
                .tag(TOKEN_TYPE, type)
                .tag(ObservationCallback.MODEL, model)
                .register(meters)
                .increment((double) tokens);
    }
}
