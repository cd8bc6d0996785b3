package dev.dspj.lm.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.lm.Embedder;
import dev.dspj.lm.LanguageModelException;
import dev.dspj.lm.RetriableModelException;
import dev.dspj.lm.retry.RetryPolicy;
import dev.dspj.lm.retry.Scheduler;
import dev.dspj.lm.usage.PriceTable;
import dev.dspj.lm.usage.UsageTracker;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Embedder} for any OpenAI-compatible embeddings API: {@code POST {baseUrl}/embeddings}
 * with {@code {"model": ..., "input": [...]}}, reading {@code data[i].embedding} (ordered by
 * {@code data[i].index}). Works with OpenAI, Azure-style gateways that speak the same shape,
 * Ollama, vLLM, LM Studio, llama.cpp, Together and DSPJ's simulated server
 * ({@code SimulatedModelServer}, model {@code sim-embed}).
 *
 * <p>Inputs are sent in batches ({@link Builder#batchSize(int)}); failed batches are retried as the
 * chat clients retry (429, 5xx, timeouts; never sooner than {@code Retry-After}), other errors fail
 * at once with {@link dev.dspj.lm.RejectedRequestException}. Usage is reported to
 * {@link UsageTracker} under {@code embeddings/<model>}. The API key only ever goes in the
 * {@code Authorization} header: it is not in logs, exceptions or {@code toString()}. Thread-safe;
 * close it to release its connections.
 *
 * <pre>{@code
 * try (HttpEmbedder embedder = HttpEmbedder.of("openai/text-embedding-3-small")) {
 *     float[][] vectors = embedder.embed(List.of("first text", "second text"));
 * }
 * }</pre>
 */
public final class HttpEmbedder implements Embedder, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEmbedder.class);
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final ProviderProtocol ERRORS = new OpenAiProtocol("openai", "/embeddings", false);

    /** Texts per request by default. */
    public static final int DEFAULT_BATCH_SIZE = 256;
    /** The request path, appended to the base URL. */
    public static final String PATH = "/embeddings";

    private final HttpClientSettings options;
    private final String model;
    private final String name;
    private final URI baseUrl;
    private final Secret apiKey;
    private final @Nullable Integer dimensions;
    private final int batchSize;
    private final RetryPolicy retry;
    private final Scheduler scheduler;
    private final PriceTable prices;
    private final Map<String, String> headers;
    private final HttpTransport transport;

    private HttpEmbedder(HttpClientSettings options, Builder builder) {
        this.options = options;
        this.model = options.model();
        this.name = "embeddings/" + model;
        this.baseUrl = options.baseUrl();
        this.apiKey = options.apiKey();
        this.dimensions = builder.dimensions;
        this.batchSize = builder.batchSize;
        this.retry = options.retry();
        this.scheduler = options.scheduler();
        this.prices = options.prices();
        Map<String, String> all = new LinkedHashMap<>(options.headers());
        all.putAll(ERRORS.authHeaders(apiKey));
        this.headers = Map.copyOf(all);
        this.transport =
                HttpTransport.open(options.transport(), baseUrl, options.connectTimeout(), options.readTimeout(), 0);
    }

    /**
     * Starts configuring an embedder for any OpenAI-compatible server (no key required; the base
     * URL must be given).
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder(Provider.OPENAI_COMPATIBLE);
    }

    /**
     * An embedder from a model string such as {@code openai/text-embedding-3-small} or
     * {@code sim/sim-embed}: the provider's base URL and key come from its environment variables
     * ({@code OPENAI_BASE_URL}, {@code OPENAI_API_KEY}, {@code DSPJ_SIM_BASE_URL}...), as for chat models.
     *
     * @param spec provider/model
     * @return the embedder
     * @throws IllegalArgumentException for an unknown provider, or when the base URL or a required key is missing
     */
    public static HttpEmbedder of(String spec) {
        return builder(spec, System::getenv).build();
    }

    /**
     * As {@link #of(String)}, returning the builder and reading variables from {@code environment}.
     *
     * @param spec provider/model
     * @param environment variable name to value, or null when unset
     * @return the builder
     */
    public static Builder builder(String spec, Function<String, String> environment) {
        Objects.requireNonNull(spec, "model string");
        int slash = spec.indexOf('/');
        if (slash <= 0 || slash == spec.length() - 1) {
            throw new IllegalArgumentException("embedding model string \"" + spec + "\" must be provider/model, for "
                    + "example openai/text-embedding-3-small");
        }
        String prefix = spec.substring(0, slash);
        Provider provider = Provider.byPrefix(prefix)
                .orElseThrow(() -> new IllegalArgumentException(
                        "embedding model string \"" + spec + "\" names an unknown provider \"" + prefix + "\""));
        if (provider == Provider.ANTHROPIC) {
            throw new IllegalArgumentException(
                    "embedding model string \"" + spec + "\": Anthropic has no embeddings API");
        }
        Builder builder = new Builder(provider).model(spec.substring(slash + 1).strip());
        builder.missingBaseUrlHint = "set " + provider.baseUrlVariable();
        String baseUrl = environment.apply(provider.baseUrlVariable());
        if (baseUrl != null && !baseUrl.isBlank()) {
            builder.baseUrl(baseUrl);
        }
        String key = environment.apply(provider.keyVariable());
        if (key != null && !key.isBlank()) {
            builder.apiKey(key);
        }
        return builder;
    }

    /**
     * The model's name at the provider.
     *
     * @return the model
     */
    public String model() {
        return model;
    }

    /**
     * The base URL requests go to.
     *
     * @return the URL
     */
    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * How this embedder reaches its API: the same record a chat model's {@link HttpLanguageModel#options()}
     * is. Its {@code toString()} and {@link HttpClientSettings#toJson()} hold no secret.
     *
     * @return the settings
     */
    public HttpClientSettings options() {
        return options;
    }

    /**
     * Texts sent per request.
     *
     * @return the batch size
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Embeds texts, {@link Builder#batchSize(int)} per request.
     *
     * @param texts the texts
     * @return one vector per text, in order
     * @throws LanguageModelException when the API fails (after retries for retriable errors)
     */
    @Override
    public float[][] embed(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        float[][] vectors = new float[texts.size()][];
        for (int start = 0; start < texts.size(); start += batchSize) {
            List<String> batch = texts.subList(start, Math.min(texts.size(), start + batchSize));
            float[][] embedded = embedBatch(batch);
            System.arraycopy(embedded, 0, vectors, start, embedded.length);
        }
        return vectors;
    }

    private float[][] embedBatch(List<String> batch) {
        ObjectNode body = MAPPER.createObjectNode().put("model", model);
        ArrayNode input = body.putArray("input");
        for (String text : batch) {
            input.add(Objects.requireNonNull(text, "a text to embed is null"));
        }
        if (dimensions != null) {
            body.put("dimensions", dimensions);
        }
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an embeddings request body", e);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return send(bytes, batch.size());
            } catch (RetriableModelException failure) {
                if (attempt >= retry.maxAttempts()) {
                    UsageTracker.recordFailure(name);
                    LOG.debug("{}: gave up after {} attempt(s)", name, attempt);
                    throw failure;
                }
                Duration wait = retry.delayBefore(attempt, failure.retryAfter().orElse(null));
                LOG.debug(
                        "{}: attempt {} of {} failed ({}); retrying in {} ms",
                        name,
                        attempt,
                        retry.maxAttempts(),
                        failure.getMessage(),
                        wait.toMillis());
                scheduler.delay(wait).join();
            } catch (LanguageModelException failure) {
                UsageTracker.recordFailure(name);
                throw failure;
            }
        }
    }

    private float[][] send(byte[] body, int expected) {
        HttpTransport.Response response;
        try {
            response = transport.post(PATH, headers, body).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LanguageModelException(name + ": interrupted while waiting for embeddings", e, 0, null, name);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw ErrorMapping.transportFailure(cause, name, baseUrl, apiKey);
        }
        String text = new String(response.body(), StandardCharsets.UTF_8);
        JsonNode json;
        try {
            json = text.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(text);
        } catch (IOException e) {
            json = null;
        }
        if (response.status() >= 400) {
            ProviderProtocol.ErrorDetails details = json == null
                    ? new ProviderProtocol.ErrorDetails(null, abbreviate(text))
                    : ERRORS.errorDetails(json);
            throw ErrorMapping.fromStatus(
                    response.status(),
                    details.code(),
                    apiKey.redact(details.message()),
                    name,
                    ErrorMapping.retryAfter(
                            response.headers().apply("retry-after-ms"),
                            response.headers().apply("Retry-After")));
        }
        if (json == null) {
            throw new RetriableModelException.ServerError(
                    name + ": HTTP " + response.status() + " with a body that is not JSON: "
                            + apiKey.redact(abbreviate(text)),
                    response.status(),
                    null,
                    name,
                    null);
        }
        float[][] vectors = parse(json, expected, text);
        long promptTokens = json.path("usage").path("prompt_tokens").asLong(0);
        BigDecimal cost = prices.cost(model, promptTokens, 0);
        UsageTracker.recordCall(name, promptTokens, 0, cost, false);
        return vectors;
    }

    private float[][] parse(JsonNode json, int expected, String text) {
        JsonNode data = json.path("data");
        if (!data.isArray() || data.size() != expected) {
            throw new RetriableModelException.ServerError(
                    name + ": expected " + expected + " embeddings in \"data\", got "
                            + (data.isArray() ? data.size() : "none") + ": " + apiKey.redact(abbreviate(text)),
                    200,
                    null,
                    name,
                    null);
        }
        float[][] vectors = new float[expected][];
        for (int i = 0; i < expected; i++) {
            JsonNode item = data.get(i);
            int index = item.path("index").asInt(i);
            JsonNode embedding = item.path("embedding");
            if (index < 0 || index >= expected || vectors[index] != null || !embedding.isArray()) {
                throw new RetriableModelException.ServerError(
                        name + ": malformed embedding at data[" + i + "]: " + apiKey.redact(abbreviate(text)),
                        200,
                        null,
                        name,
                        null);
            }
            float[] vector = new float[embedding.size()];
            for (int j = 0; j < vector.length; j++) {
                vector[j] = (float) embedding.get(j).asDouble();
            }
            vectors[index] = vector;
        }
        return vectors;
    }

    private static String abbreviate(String text) {
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }

    /** Closes the HTTP connections. */
    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "HttpEmbedder{" + model + " at " + baseUrl + ", key=" + apiKey + "}";
    }

    /**
     * Configures an {@link HttpEmbedder}: the connection settings go into an
     * {@link HttpClientSettings.Builder} (as {@link HttpLanguageModel.Builder}'s do), the batch
     * size and dimensions stay here. {@link #build()} checks every value.
     */
    public static final class Builder extends ClientBuilder<Builder> {
        private @Nullable Integer dimensions;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private @Nullable String missingBaseUrlHint;

        private Builder(Provider provider) {
            super(provider);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Asks for vectors of this length (OpenAI's {@code dimensions}; not every server supports it).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder dimensions(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("embedding dimensions must be at least 1, got " + value);
            }
            this.dimensions = value;
            return this;
        }

        /**
         * Texts per request (default {@value HttpEmbedder#DEFAULT_BATCH_SIZE}).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder batchSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("embedding batch size must be at least 1, got " + value);
            }
            this.batchSize = value;
            return this;
        }

        /**
         * Builds the embedder.
         *
         * @return the embedder
         * @throws IllegalArgumentException naming the missing or invalid setting
         */
        public HttpEmbedder build() {
            return new HttpEmbedder(settings.build("embeddings", "text-embedding-3-small", missingBaseUrlHint), this);
        }
    }
}
