package dev.dspj.micronaut;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * DSPJ's settings under {@code dspj.*}, the same as the Spring Boot starter's: {@code dspj.model},
 * {@code dspj.base-url}, {@code dspj.api-key} (default: the provider's environment variable),
 * {@code dspj.temperature}, {@code dspj.max-tokens}, {@code dspj.timeout}, {@code
 * dspj.max-retries}, {@code dspj.limits.*} and {@code dspj.cache.*}. The API key is never printed:
 * {@link #toString()} leaves it out.
 */
@ConfigurationProperties(DspjConfiguration.PREFIX)
public class DspjConfiguration {

    /** The settings' prefix. */
    public static final String PREFIX = "dspj";

    private @Nullable String model;
    private @Nullable String baseUrl;
    private @Nullable String apiKey;
    private @Nullable Double temperature;
    private @Nullable Integer maxTokens;
    private @Nullable Duration timeout;
    private @Nullable Integer maxRetries;
    private Limits limits = new Limits();
    private Cache cache = new Cache();

    /** Creates empty settings. */
    public DspjConfiguration() {}

    /**
     * The model, as a DSPy-style model string: provider/model, for example openai/gpt-4o-mini.
     *
     * @return it, or null when unset
     */
    public @Nullable String getModel() {
        return model;
    }

    /**
     * Sets the model string.
     *
     * @param model provider/model
     */
    public void setModel(@Nullable String model) {
        this.model = model;
    }

    /**
     * The API's base URL; the default is the provider's (or its base-URL environment variable).
     *
     * @return it, or null
     */
    public @Nullable String getBaseUrl() {
        return baseUrl;
    }

    /**
     * Sets the base URL.
     *
     * @param baseUrl the URL
     */
    public void setBaseUrl(@Nullable String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /**
     * The API key; the default is the provider's environment variable (OPENAI_API_KEY, ...).
     *
     * @return it, or null
     */
    public @Nullable String getApiKey() {
        return apiKey;
    }

    /**
     * Sets the API key.
     *
     * @param apiKey the key
     */
    public void setApiKey(@Nullable String apiKey) {
        this.apiKey = apiKey;
    }

    /**
     * The sampling temperature sent with every request unless a request sets its own.
     *
     * @return it, or null
     */
    public @Nullable Double getTemperature() {
        return temperature;
    }

    /**
     * Sets the default temperature.
     *
     * @param temperature the temperature
     */
    public void setTemperature(@Nullable Double temperature) {
        this.temperature = temperature;
    }

    /**
     * The most tokens a completion may have, unless a request sets its own.
     *
     * @return it, or null
     */
    public @Nullable Integer getMaxTokens() {
        return maxTokens;
    }

    /**
     * Sets the default completion length limit.
     *
     * @param maxTokens the limit
     */
    public void setMaxTokens(@Nullable Integer maxTokens) {
        this.maxTokens = maxTokens;
    }

    /**
     * How long to wait for a model's answer.
     *
     * @return it, or null for the client's default (2 minutes)
     */
    public @Nullable Duration getTimeout() {
        return timeout;
    }

    /**
     * Sets the read timeout.
     *
     * @param timeout the timeout
     */
    public void setTimeout(@Nullable Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Retries after a failed call (0 for none).
     *
     * @return them, or null for the default (3)
     */
    public @Nullable Integer getMaxRetries() {
        return maxRetries;
    }

    /**
     * Sets the retries.
     *
     * @param maxRetries 0 or more
     */
    public void setMaxRetries(@Nullable Integer maxRetries) {
        this.maxRetries = maxRetries;
    }

    /**
     * The rate limits.
     *
     * @return them
     */
    public Limits getLimits() {
        return limits;
    }

    /**
     * Sets the rate limits.
     *
     * @param limits the limits
     */
    public void setLimits(Limits limits) {
        this.limits = limits;
    }

    /**
     * The cache settings.
     *
     * @return them
     */
    public Cache getCache() {
        return cache;
    }

    /**
     * Sets the cache settings.
     *
     * @param cache the settings
     */
    public void setCache(Cache cache) {
        this.cache = cache;
    }

    @Override
    public String toString() {
        return "DspjConfiguration{model=" + model + ", baseUrl=" + baseUrl + ", apiKey="
                + (apiKey == null || apiKey.isBlank() ? "(unset)" : "****") + ", temperature=" + temperature
                + ", maxTokens=" + maxTokens + ", timeout=" + timeout + ", maxRetries=" + maxRetries + "}";
    }

    /** Client-side rate limits ({@code dspj.limits.*}); 0 means none. */
    @ConfigurationProperties("limits")
    public static class Limits {

        private @Nullable Integer maxConcurrency;
        private int requestsPerMinute;
        private long tokensPerMinute;

        /** Creates no limits. */
        public Limits() {}

        /**
         * The most requests in flight at once.
         *
         * @return it, or null for the default (64)
         */
        public @Nullable Integer getMaxConcurrency() {
            return maxConcurrency;
        }

        /**
         * Sets the most requests in flight.
         *
         * @param maxConcurrency the limit
         */
        public void setMaxConcurrency(@Nullable Integer maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
        }

        /**
         * The most requests started per minute.
         *
         * @return the limit
         */
        public int getRequestsPerMinute() {
            return requestsPerMinute;
        }

        /**
         * Sets the requests per minute.
         *
         * @param requestsPerMinute the limit
         */
        public void setRequestsPerMinute(int requestsPerMinute) {
            this.requestsPerMinute = requestsPerMinute;
        }

        /**
         * The most tokens per minute.
         *
         * @return the limit
         */
        public long getTokensPerMinute() {
            return tokensPerMinute;
        }

        /**
         * Sets the tokens per minute.
         *
         * @param tokensPerMinute the limit
         */
        public void setTokensPerMinute(long tokensPerMinute) {
            this.tokensPerMinute = tokensPerMinute;
        }
    }

    /** The response cache ({@code dspj.cache.*}): memory, with a SQLite file behind it when a disk path is set. */
    @ConfigurationProperties("cache")
    public static class Cache {

        private boolean enabled = true;
        private long memoryEntries = 10_000;
        private @Nullable String diskPath;

        /** Creates the default cache settings. */
        public Cache() {}

        /**
         * Whether responses are cached at all.
         *
         * @return true by default
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether responses are cached.
         *
         * @param enabled whether
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * The most responses kept in memory.
         *
         * @return the count
         */
        public long getMemoryEntries() {
            return memoryEntries;
        }

        /**
         * Sets the most responses in memory.
         *
         * @param memoryEntries the count
         */
        public void setMemoryEntries(long memoryEntries) {
            this.memoryEntries = memoryEntries;
        }

        /**
         * A SQLite file behind the memory cache (needs dev.dspj:dspj-studies).
         *
         * @return its path, or null for memory only
         */
        public @Nullable String getDiskPath() {
            return diskPath;
        }

        /**
         * Sets the SQLite file.
         *
         * @param diskPath its path
         */
        public void setDiskPath(@Nullable String diskPath) {
            this.diskPath = diskPath;
        }
    }
}
