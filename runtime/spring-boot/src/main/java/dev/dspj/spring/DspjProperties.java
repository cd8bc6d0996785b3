package dev.dspj.spring;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * DSPJ's settings under {@code dspj.*}. The API key is never printed: {@link #toString()} leaves
 * it out.
 *
 * <pre>
 * dspj.model=openai/gpt-4o-mini
 * dspj.api-key=${OPENAI_API_KEY}          # the default: the provider's variable
 * dspj.temperature=0.2
 * dspj.limits.requests-per-minute=500
 * dspj.cache.disk-path=/var/cache/dspj/lm.sqlite
 * dspj.programs.qa.type=com.example.QaProgram
 * dspj.programs.qa.state=classpath:qa-optimized.json
 * </pre>
 */
@ConfigurationProperties(prefix = DspjProperties.PREFIX)
public class DspjProperties {

    /** The properties' prefix. */
    public static final String PREFIX = "dspj";

    /** The model, as a DSPy-style model string: provider/model, for example openai/gpt-4o-mini. */
    private @Nullable String model;

    /** The API's base URL; the default is the provider's (or its base-URL environment variable). */
    private @Nullable String baseUrl;

    /** The API key; the default is the provider's environment variable (OPENAI_API_KEY, ...). */
    private @Nullable String apiKey;

    /** The sampling temperature sent with every request unless a request sets its own. */
    private @Nullable Double temperature;

    /** The most tokens a completion may have, sent with every request unless a request sets its own. */
    private @Nullable Integer maxTokens;

    /** How long to wait for a model's answer (the connect timeout is the smaller of this and 10s). */
    private @Nullable Duration timeout;

    /** Retries after a failed call (0 for none); the default is 3. */
    private @Nullable Integer maxRetries;

    /** Client-side rate limits. */
    private final Limits limits = new Limits();

    /** The response cache. */
    private final Cache cache = new Cache();

    /** Programs to create as beans, by bean name. */
    private final Map<String, Program> programs = new LinkedHashMap<>();

    /**
     * The model string.
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
     * The base URL.
     *
     * @return it, or null for the provider's
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
     * The API key.
     *
     * @return it, or null for the provider's environment variable
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
     * The default temperature.
     *
     * @return it, or null for the provider's
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
     * The default completion length limit.
     *
     * @return it, or null for the provider's
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
     * The read timeout.
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
     * The retries after a failure.
     *
     * @return them, or null for the default (3)
     */
    public @Nullable Integer getMaxRetries() {
        return maxRetries;
    }

    /**
     * Sets the retries after a failure.
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
     * The cache settings.
     *
     * @return them
     */
    public Cache getCache() {
        return cache;
    }

    /**
     * The programs, by bean name.
     *
     * @return them
     */
    public Map<String, Program> getPrograms() {
        return programs;
    }

    @Override
    public String toString() {
        return "DspjProperties{model=" + model + ", baseUrl=" + baseUrl + ", apiKey="
                + (apiKey == null || apiKey.isBlank() ? "(unset)" : "****") + ", temperature=" + temperature
                + ", maxTokens=" + maxTokens + ", timeout=" + timeout + ", maxRetries=" + maxRetries
                + ", programs=" + programs.keySet() + "}";
    }

    /** Client-side rate limits, shared by every client of the same model in the JVM; 0 means none. */
    public static class Limits {

        /** The most requests in flight at once (0: no limit); the default is 64. */
        private @Nullable Integer maxConcurrency;

        /** The most requests started per minute (0: no limit). */
        private int requestsPerMinute;

        /** The most tokens (prompt and completion) per minute (0: no limit). */
        private long tokensPerMinute;

        /**
         * The most requests in flight.
         *
         * @return it, or null for the default
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
         * The requests per minute.
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
         * The tokens per minute.
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

    /** The response cache: memory, with a SQLite file behind it when a disk path is set. */
    public static class Cache {

        /** Whether responses are cached at all. */
        private boolean enabled = true;

        /** The most responses kept in memory. */
        private long memoryEntries = 10_000;

        /** A SQLite file behind the memory cache (needs dev.dspj:dspj-studies); unset for memory only. */
        private @Nullable String diskPath;

        /**
         * Whether responses are cached.
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
         * The most responses in memory.
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
         * The SQLite file.
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

    /** A program to create as a bean. */
    public static class Program {

        /** The program's class: a Module with a no-arg constructor (a generated predictor or a @Program class). */
        private @Nullable String type;

        /** Where its saved state (JSON, from ProgramState.save) is: a Spring resource location; unset for none. */
        private @Nullable String state;

        /**
         * The program's class name.
         *
         * @return it
         */
        public @Nullable String getType() {
            return type;
        }

        /**
         * Sets the program's class name.
         *
         * @param type the class name
         */
        public void setType(@Nullable String type) {
            this.type = type;
        }

        /**
         * The saved state's location.
         *
         * @return it, or null
         */
        public @Nullable String getState() {
            return state;
        }

        /**
         * Sets the saved state's location.
         *
         * @param state a resource location ({@code classpath:qa.json}, {@code file:/srv/qa.json})
         */
        public void setState(@Nullable String state) {
            this.state = state;
        }
    }
}
