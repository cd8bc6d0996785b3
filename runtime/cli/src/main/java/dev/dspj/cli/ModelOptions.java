package dev.dspj.cli;

import dev.dspj.lm.LanguageModels;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.Transport;
import dev.dspj.lm.limit.ModelLimits;
import dev.dspj.lm.retry.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The model a command calls and its limits: {@code --model} (else {@code DSPJ_LM}), {@code
 * --base-url}, {@code --api-key-env}, {@code --rpm}, {@code --tpm}, {@code --max-retries}, {@code
 * --timeout}, {@code --cache}. The key is read from the environment and never printed.
 */
final class ModelOptions {

    @Option(
            names = "--model",
            paramLabel = "MODEL",
            description = "the model string, for example openai/gpt-4o-mini or sim/sim-medium (default: $DSPJ_LM)")
    @Nullable
    String model;

    @Option(
            names = "--base-url",
            paramLabel = "URL",
            description = "the endpoint, when not the provider's (a local server, a proxy, `dspj sim`)")
    @Nullable
    String baseUrl;

    @Option(
            names = "--api-key-env",
            paramLabel = "VARIABLE",
            description = "the environment variable holding the API key (default: the provider's, e.g. OPENAI_API_KEY)")
    @Nullable
    String apiKeyVariable;

    @Option(
            names = "--rpm",
            paramLabel = "N",
            defaultValue = "0",
            description = "requests a minute at most, 0 for no limit (default: ${DEFAULT-VALUE})")
    int requestsPerMinute;

    @Option(
            names = "--tpm",
            paramLabel = "N",
            defaultValue = "0",
            description = "tokens a minute at most, 0 for no limit (default: ${DEFAULT-VALUE})")
    long tokensPerMinute;

    @Option(
            names = "--max-retries",
            paramLabel = "N",
            description = "retries of a failed call (rate limits, server errors, timeouts) after the first attempt")
    @Nullable
    Integer maxRetries;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "the read timeout of one call")
    @Nullable
    Double timeoutSeconds;

    @Option(
            names = "--transport",
            paramLabel = "NAME",
            defaultValue = "MICRONAUT",
            description = "the HTTP client: MICRONAUT (Netty; the least CPU a call, for long runs) or JDK (starts at"
                    + " once; for a few calls) (default: ${DEFAULT-VALUE})")
    Transport transport = Transport.MICRONAUT;

    @Option(
            names = "--cache",
            paramLabel = "FILE",
            description = "a SQLite file of responses: a call made before is answered from it")
    @Nullable
    Path cacheFile;

    /**
     * Builds the client.
     *
     * @param concurrency calls at once
     * @param environment the environment's variables
     * @param memoryCache whether to keep responses in memory when no cache file is given
     * @return the client
     * @throws CliException naming the option at fault
     */
    HttpLanguageModel build(int concurrency, Function<String, @Nullable String> environment, boolean memoryCache) {
        return build(model, "--model", concurrency, environment, memoryCache);
    }

    /**
     * Builds a client of another model with the same endpoint, key and limits.
     *
     * @param modelString the model, or null for {@code --model}
     * @param option the option that named it, for messages
     * @param concurrency calls at once
     * @param environment the environment's variables
     * @param memoryCache whether to keep responses in memory when no cache file is given
     * @return the client
     * @throws CliException naming the option at fault
     */
    HttpLanguageModel build(
            @Nullable String modelString,
            String option,
            int concurrency,
            Function<String, @Nullable String> environment,
            boolean memoryCache) {
        String spec = modelString == null ? model : modelString;
        String source = modelString == null ? "--model" : option;
        if (spec == null || spec.isBlank()) {
            spec = environment.apply(LanguageModels.DEFAULT_MODEL_VARIABLE);
            source = LanguageModels.DEFAULT_MODEL_VARIABLE;
        }
        if (spec == null || spec.isBlank()) {
            throw new CliException("no model: give --model (for example --model openai/gpt-4o-mini) or set "
                    + LanguageModels.DEFAULT_MODEL_VARIABLE);
        }
        if (requestsPerMinute < 0 || tokensPerMinute < 0) {
            throw new CliException("--rpm and --tpm must be 0 (no limit) or positive, got --rpm " + requestsPerMinute
                    + " --tpm " + tokensPerMinute);
        }
        HttpLanguageModel.Builder builder;
        try {
            builder = HttpLanguageModel.builder(spec.strip());
            builder.transport(transport);
            if (baseUrl != null && !baseUrl.isBlank()) {
                builder.baseUrl(baseUrl.strip());
            }
            if (apiKeyVariable != null) {
                String key = environment.apply(apiKeyVariable);
                if (key == null || key.isBlank()) {
                    throw new CliException("--api-key-env " + apiKeyVariable + ": the variable is not set");
                }
                builder.apiKey(key);
            }
            if (timeoutSeconds != null) {
                if (!(timeoutSeconds > 0)) {
                    throw new CliException("--timeout must be a positive number of seconds, got " + timeoutSeconds);
                }
                Duration read = Duration.ofMillis(Math.round(timeoutSeconds * 1000));
                builder.timeouts(
                        read.compareTo(HttpLanguageModel.DEFAULT_CONNECT_TIMEOUT) < 0
                                ? read
                                : HttpLanguageModel.DEFAULT_CONNECT_TIMEOUT,
                        read);
            }
            if (maxRetries != null) {
                if (maxRetries < 0) {
                    throw new CliException("--max-retries must be 0 or more, got " + maxRetries);
                }
                builder.retry(RetryPolicy.DEFAULT.withMaxAttempts(maxRetries + 1));
            }
            builder.privateLimits(new ModelLimits(concurrency, requestsPerMinute, tokensPerMinute));
            builder.cache(cache(memoryCache));
            return builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CliException(source + " " + spec + ": " + e.getMessage());
        }
    }

    private ResponseCache cache(boolean memory) {
        if (cacheFile != null) {
            try {
                return ResponseCache.layered(ResponseCache.memory(10_000), ResponseCache.sqlite(cacheFile));
            } catch (RuntimeException e) {
                throw new CliException("--cache " + cacheFile + ": " + DspjCli.describe(e));
            }
        }
        return memory ? ResponseCache.memory(100_000) : ResponseCache.none();
    }
}
