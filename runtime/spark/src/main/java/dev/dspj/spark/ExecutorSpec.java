package dev.dspj.spark;

import dev.dspj.lm.http.Transport;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything an executor needs to run a program, fixed by the driver when a job is planned: the
 * program's class and saved state, the model client's settings with this executor's share of the
 * job's rate limits, and the fields. Its {@code toString()} and {@link #cacheKey()} never show the API
 * key (a {@link SealedKey} prints stars; the cache key holds its fingerprint).
 *
 * @param programClass the program's class name
 * @param stateJson the saved state's JSON, or null for none
 * @param model the model string
 * @param baseUrl the endpoint, or null for the provider's
 * @param apiKey the key, or null to read it from the environment
 * @param apiKeyVariable the executor's environment variable that holds the key, or null for the provider's
 * @param timeout the read timeout, or null for the default
 * @param maxRetries retries after the first attempt, or null for the default
 * @param maxConcurrency calls at once per executor JVM, 0 for no bound
 * @param requestsPerMinute this executor's share of the job's requests per minute, 0 for no limit
 * @param tokensPerMinute this executor's share of the job's tokens per minute, 0 for no limit
 * @param temperature the default temperature, or null
 * @param maxTokens the default completion limit, or null
 * @param cache whether the executor's client keeps a response cache in memory
 * @param transport the HTTP client, or null for the default (the JDK's)
 * @param inFlight calls in flight per partition
 * @param inputs the signature's input fields
 * @param outputs the signature's output fields
 */
record ExecutorSpec(
        String programClass,
        @Nullable String stateJson,
        String model,
        @Nullable String baseUrl,
        @Nullable SealedKey apiKey,
        @Nullable String apiKeyVariable,
        @Nullable Duration timeout,
        @Nullable Integer maxRetries,
        int maxConcurrency,
        int requestsPerMinute,
        long tokensPerMinute,
        @Nullable Double temperature,
        @Nullable Integer maxTokens,
        boolean cache,
        @Nullable Transport transport,
        int inFlight,
        List<FieldPlan> inputs,
        List<FieldPlan> outputs)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    ExecutorSpec {
        Objects.requireNonNull(programClass, "programClass");
        Objects.requireNonNull(model, "model");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * What identifies this spec's model client and program in an executor JVM: every setting, the
     * key by its fingerprint and the state by its hash.
     *
     * @return the key
     */
    String cacheKey() {
        return programClass + "|"
                + (stateJson == null ? "-" : Integer.toHexString(stateJson.hashCode()) + ":" + stateJson.length())
                + "|" + model + "|" + baseUrl + "|" + (apiKey == null ? "-" : apiKey.fingerprint()) + "|"
                + apiKeyVariable + "|" + timeout + "|" + maxRetries + "|" + maxConcurrency + "|" + requestsPerMinute
                + "|" + tokensPerMinute + "|" + temperature + "|" + maxTokens + "|" + cache + "|" + transport;
    }

    @Override
    public String toString() {
        return "ExecutorSpec[program=" + programClass + ", model=" + model + ", baseUrl=" + baseUrl + ", apiKey="
                + (apiKey == null
                        ? (apiKeyVariable == null ? "from the provider's variable" : "$" + apiKeyVariable)
                        : apiKey)
                + ", requestsPerMinute=" + requestsPerMinute + ", tokensPerMinute=" + tokensPerMinute
                + ", inFlight=" + inFlight + "]";
    }
}
