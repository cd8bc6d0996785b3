package dev.dspj.lm;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Sampling settings of a model call. Immutable: each {@code withX} returns a new instance, and
 * every value is checked when it is set. An unset value (empty) leaves the provider's default.
 */
public final class LmSettings {

    /** No setting: every value is the provider's default. */
    public static final LmSettings DEFAULTS =
            new LmSettings(null, null, null, List.of(), null, null, null, null, null, null);

    /** Highest temperature accepted (OpenAI's and Anthropic's upper bound). */
    public static final double MAX_TEMPERATURE = 2.0;

    private final @Nullable Double temperature;
    private final @Nullable Integer maxTokens;
    private final @Nullable Double topP;
    private final List<String> stop;
    private final @Nullable Integer n;
    private final @Nullable Long seed;
    private final @Nullable ResponseFormat responseFormat;
    private final @Nullable Boolean cache;
    private final @Nullable Integer rolloutId;
    private final @Nullable FunctionTools tools;

    private LmSettings(
            @Nullable Double temperature,
            @Nullable Integer maxTokens,
            @Nullable Double topP,
            List<String> stop,
            @Nullable Integer n,
            @Nullable Long seed,
            @Nullable ResponseFormat responseFormat,
            @Nullable Boolean cache,
            @Nullable Integer rolloutId,
            @Nullable FunctionTools tools) {
        if (temperature != null && (temperature.isNaN() || temperature < 0 || temperature > MAX_TEMPERATURE)) {
            throw new IllegalArgumentException(
                    "temperature must be between 0 and " + MAX_TEMPERATURE + ", got " + temperature);
        }
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
        }
        if (topP != null && (topP.isNaN() || topP <= 0 || topP > 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        if (n != null && n < 1) {
            throw new IllegalArgumentException("n (number of completions) must be at least 1, got " + n);
        }
        this.temperature = temperature;
        this.maxTokens = maxTokens;
        this.topP = topP;
        this.stop = List.copyOf(stop);
        this.n = n;
        this.seed = seed;
        this.responseFormat = responseFormat;
        this.cache = cache;
        this.rolloutId = rolloutId;
        this.tools = tools;
    }

    /**
     * Returns a copy offering tools through native function calling.
     *
     * @param value the tools
     * @return the copy
     */
    public LmSettings withTools(FunctionTools value) {
        return new LmSettings(
                temperature,
                maxTokens,
                topP,
                stop,
                n,
                seed,
                responseFormat,
                cache,
                rolloutId,
                java.util.Objects.requireNonNull(value, "tools"));
    }

    /**
     * The tools offered through native function calling, if any.
     *
     * @return the tools
     */
    public Optional<FunctionTools> tools() {
        return Optional.ofNullable(tools);
    }

    /**
     * Returns a copy with a temperature.
     *
     * @param value between 0 and {@value #MAX_TEMPERATURE}
     * @return the copy
     */
    public LmSettings withTemperature(double value) {
        return new LmSettings(value, maxTokens, topP, stop, n, seed, responseFormat, cache, rolloutId, tools);
    }

    /**
     * Returns a copy with a maximum number of generated tokens.
     *
     * @param value at least 1
     * @return the copy
     */
    public LmSettings withMaxTokens(int value) {
        return new LmSettings(temperature, value, topP, stop, n, seed, responseFormat, cache, rolloutId, tools);
    }

    /**
     * Returns a copy with a nucleus-sampling bound.
     *
     * @param value in (0, 1]
     * @return the copy
     */
    public LmSettings withTopP(double value) {
        return new LmSettings(temperature, maxTokens, value, stop, n, seed, responseFormat, cache, rolloutId, tools);
    }

    /**
     * Returns a copy with stop sequences.
     *
     * @param sequences where generation stops
     * @return the copy
     */
    public LmSettings withStop(List<String> sequences) {
        return new LmSettings(
                temperature, maxTokens, topP, sequences, n, seed, responseFormat, cache, rolloutId, tools);
    }

    /**
     * Returns a copy asking for several completions.
     *
     * @param value at least 1
     * @return the copy
     */
    public LmSettings withN(int value) {
        return new LmSettings(temperature, maxTokens, topP, stop, value, seed, responseFormat, cache, rolloutId, tools);
    }

    /**
     * Returns a copy with a sampling seed.
     *
     * @param value the seed
     * @return the copy
     */
    public LmSettings withSeed(long value) {
        return new LmSettings(temperature, maxTokens, topP, stop, n, value, responseFormat, cache, rolloutId, tools);
    }

    /**
     * Returns a copy asking for a response format (JSON mode or a JSON schema).
     *
     * @param value the format
     * @return the copy
     */
    public LmSettings withResponseFormat(ResponseFormat value) {
        return new LmSettings(
                temperature,
                maxTokens,
                topP,
                stop,
                n,
                seed,
                Objects.requireNonNull(value, "responseFormat"),
                cache,
                rolloutId,
                tools);
    }

    /**
     * Returns a copy that reads and writes the response cache ({@code true}, the default) or
     * bypasses it ({@code false}). Not sent to the provider.
     *
     * @param value whether to use the cache
     * @return the copy
     */
    public LmSettings withCache(boolean value) {
        return new LmSettings(temperature, maxTokens, topP, stop, n, seed, responseFormat, value, rolloutId, tools);
    }

    /**
     * Returns a copy with a rollout id: requests that differ only by rollout id are cached
     * separately, so optimizers get fresh samples for the same prompt (DSPy's {@code rollout_id}).
     * Not sent to the provider.
     *
     * @param value the rollout id, at least 0
     * @return the copy
     */
    public LmSettings withRolloutId(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("rolloutId must not be negative, got " + value);
        }
        return new LmSettings(temperature, maxTokens, topP, stop, n, seed, responseFormat, cache, value, tools);
    }

    /**
     * The response format, if set.
     *
     * @return the format
     */
    public Optional<ResponseFormat> responseFormat() {
        return Optional.ofNullable(responseFormat);
    }

    /**
     * Whether the cache is used (true unless set to false).
     *
     * @return the flag
     */
    public boolean cacheEnabled() {
        return cache == null || cache;
    }

    /**
     * The rollout id, if set.
     *
     * @return the rollout id
     */
    public Optional<Integer> rolloutId() {
        return Optional.ofNullable(rolloutId);
    }

    /**
     * Returns these settings overridden by every value that {@code overrides} sets.
     *
     * @param overrides the settings that win
     * @return the merged settings
     */
    public LmSettings merge(@Nullable LmSettings overrides) {
        if (overrides == null || overrides.equals(DEFAULTS)) {
            return this;
        }
        return new LmSettings(
                overrides.temperature != null ? overrides.temperature : temperature,
                overrides.maxTokens != null ? overrides.maxTokens : maxTokens,
                overrides.topP != null ? overrides.topP : topP,
                !overrides.stop.isEmpty() ? overrides.stop : stop,
                overrides.n != null ? overrides.n : n,
                overrides.seed != null ? overrides.seed : seed,
                overrides.responseFormat != null ? overrides.responseFormat : responseFormat,
                overrides.cache != null ? overrides.cache : cache,
                overrides.rolloutId != null ? overrides.rolloutId : rolloutId,
                overrides.tools != null ? overrides.tools : tools);
    }

    /**
     * The temperature, if set.
     *
     * @return the temperature
     */
    public Optional<Double> temperature() {
        return Optional.ofNullable(temperature);
    }

    /**
     * The maximum number of generated tokens, if set.
     *
     * @return the bound
     */
    public Optional<Integer> maxTokens() {
        return Optional.ofNullable(maxTokens);
    }

    /**
     * The nucleus-sampling bound, if set.
     *
     * @return top_p
     */
    public Optional<Double> topP() {
        return Optional.ofNullable(topP);
    }

    /**
     * The stop sequences; empty when unset.
     *
     * @return the sequences
     */
    public List<String> stop() {
        return stop;
    }

    /**
     * The number of completions asked for, if set.
     *
     * @return n
     */
    public Optional<Integer> n() {
        return Optional.ofNullable(n);
    }

    /**
     * The sampling seed, if set.
     *
     * @return the seed
     */
    public Optional<Long> seed() {
        return Optional.ofNullable(seed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LmSettings other
                && Objects.equals(temperature, other.temperature)
                && Objects.equals(maxTokens, other.maxTokens)
                && Objects.equals(topP, other.topP)
                && stop.equals(other.stop)
                && Objects.equals(n, other.n)
                && Objects.equals(seed, other.seed)
                && Objects.equals(responseFormat, other.responseFormat)
                && Objects.equals(cache, other.cache)
                && Objects.equals(rolloutId, other.rolloutId)
                && Objects.equals(tools, other.tools);
    }

    @Override
    public int hashCode() {
        return Objects.hash(temperature, maxTokens, topP, stop, n, seed, responseFormat, cache, rolloutId, tools);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("LmSettings{");
        if (temperature != null) {
            s.append("temperature=").append(temperature).append(' ');
        }
        if (maxTokens != null) {
            s.append("maxTokens=").append(maxTokens).append(' ');
        }
        if (topP != null) {
            s.append("topP=").append(topP).append(' ');
        }
        if (!stop.isEmpty()) {
            s.append("stop=").append(stop).append(' ');
        }
        if (n != null) {
            s.append("n=").append(n).append(' ');
        }
        if (seed != null) {
            s.append("seed=").append(seed).append(' ');
        }
        if (responseFormat != null) {
            s.append("responseFormat=").append(responseFormat).append(' ');
        }
        if (cache != null) {
            s.append("cache=").append(cache).append(' ');
        }
        if (rolloutId != null) {
            s.append("rolloutId=").append(rolloutId).append(' ');
        }
        if (tools != null) {
            s.append("tools=").append(tools).append(' ');
        }
        return s.toString().strip() + "}";
    }
}
