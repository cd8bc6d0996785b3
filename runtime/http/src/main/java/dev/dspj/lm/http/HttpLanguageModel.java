package dev.dspj.lm.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LanguageModelException;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ModelCapabilities;
import dev.dspj.lm.RetriableModelException;
import dev.dspj.lm.StreamEvent;
import dev.dspj.lm.cache.CacheKey;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.history.CallHistory;
import dev.dspj.lm.history.CallRecord;
import dev.dspj.lm.limit.Limiter;
import dev.dspj.lm.limit.ModelLimits;
import dev.dspj.lm.retry.RetryPolicy;
import dev.dspj.lm.retry.Scheduler;
import dev.dspj.lm.usage.PriceTable;
import dev.dspj.lm.usage.PricedModel;
import dev.dspj.lm.usage.UsageTracker;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A language model behind an HTTP API (OpenAI-compatible or Anthropic), with production
 * behaviour: limits shared in the JVM, a response cache, retries with backoff that honour
 * {@code Retry-After}, usage and cost reporting, and call history. Non-blocking: a call in flight
 * holds no thread. Build one with {@link #builder(Provider)} or {@code LanguageModels}; close it
 * to release its connections.
 *
 * <p>The API key is only ever put in the request's authentication header: it is not in logs,
 * history, exception messages, cache keys or {@code toString()}.
 */
public final class HttpLanguageModel implements LanguageModel, PricedModel, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpLanguageModel.class);
    private static final JsonMapper MAPPER = ProviderProtocol.JSON;

    /** Connect timeout by default. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = HttpClientSettings.DEFAULT_CONNECT_TIMEOUT;
    /** The header carrying a request's rollout id (not sent when there is none). */
    public static final String ROLLOUT_HEADER = "X-DSPJ-Rollout-Id";

    /** Read timeout by default (a long completion can take minutes). */
    public static final Duration DEFAULT_READ_TIMEOUT = HttpClientSettings.DEFAULT_READ_TIMEOUT;

    private final HttpClientSettings options;
    private final String name;
    private final String apiModel;
    private final Provider provider;
    private final URI baseUrl;
    private final String requestPath;
    private final ProviderProtocol protocol;
    private final Secret apiKey;
    private final Map<String, String> headers;
    private final HttpTransport transport;
    /**
     * Streams go through the JDK's client whatever the transport: cancelling a stream must close
     * its connection so the server stops generating, and Micronaut's client instead reads a
     * cancelled stream's body to its end to keep the connection. Made at the first stream.
     */
    private final java.util.function.Supplier<HttpTransport> streams;

    private final RetryPolicy retry;
    private final Scheduler scheduler;
    private final Limiter limiter;
    private final ResponseCache cache;

    /** Cacheable requests on their way, by cache key: an identical request waits for the first. */
    private final java.util.concurrent.ConcurrentHashMap<String, CompletableFuture<LmResponse>> inFlight =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final PriceTable prices;
    /** {@link #apiModel}'s price in {@link #prices}, looked up once; null when it has none. */
    private final PriceTable.@Nullable Price price;

    private final CallHistory history;
    private final LmSettings defaults;
    private final ModelCapabilities capabilities;
    private final String endpointKey;

    private HttpLanguageModel(HttpClientSettings options, Builder builder) {
        this.options = options;
        this.provider = options.provider();
        this.apiModel = options.model();
        this.name = provider.prefix() + "/" + apiModel;
        this.baseUrl = options.baseUrl();
        this.protocol = provider.protocol(apiModel, options.apiVersion());
        this.requestPath = provider == Provider.AZURE_OPENAI
                ? "/openai/deployments/" + apiModel + "/chat/completions?api-version=" + options.apiVersion()
                : protocol.path();
        this.apiKey = options.apiKey();
        this.retry = options.retry();
        this.scheduler = options.scheduler();
        this.endpointKey = provider.prefix() + "|" + baseUrl;
        this.limiter = options.sharedLimits()
                ? Limiter.shared(endpointKey + "|" + apiModel, options.limits())
                : new Limiter(options.limits(), scheduler);
        this.cache = builder.cache != null ? builder.cache : builder.defaultCache.get();
        this.prices = options.prices();
        this.price = prices.price(apiModel).orElse(null);
        this.history = new CallHistory(builder.historySize);
        this.defaults = builder.defaults;
        this.capabilities = builder.capabilities != null ? builder.capabilities : provider.capabilities();
        Map<String, String> all = new LinkedHashMap<>(protocol.fixedHeaders());
        all.putAll(options.headers());
        all.putAll(protocol.authHeaders(apiKey));
        this.headers = Map.copyOf(all);
        int maxConnections = options.limits().maxConcurrentRequests();
        this.transport = HttpTransport.open(
                options.transport(), baseUrl, options.connectTimeout(), options.readTimeout(), maxConnections);
        this.streams = options.transport() == Transport.JDK
                ? () -> transport
                : new StreamTransport(() -> HttpTransport.open(
                        Transport.JDK, baseUrl, options.connectTimeout(), options.readTimeout(), maxConnections));
    }

    /** The JDK transport of a client whose plain calls use another, made once at the first stream. */
    private static final class StreamTransport implements java.util.function.Supplier<HttpTransport> {
        private final java.util.function.Supplier<HttpTransport> factory;
        private @Nullable HttpTransport opened;
        private boolean closed;

        StreamTransport(java.util.function.Supplier<HttpTransport> factory) {
            this.factory = factory;
        }

        @Override
        public synchronized HttpTransport get() {
            if (closed) {
                throw new IllegalStateException("the model is closed");
            }
            if (opened == null) {
                opened = factory.get();
            }
            return opened;
        }

        synchronized void close() {
            closed = true;
            if (opened != null) {
                opened.close();
            }
        }
    }

    /**
     * Starts configuring a client for a provider.
     *
     * @param provider the provider, which sets the protocol, default base URL and key variable
     * @return a builder
     */
    public static Builder builder(Provider provider) {
        return new Builder(provider);
    }

    /**
     * Starts configuring a client from a DSPy-style model string; the environment fills in the key,
     * base URL and response cache ({@code DSPJ_CACHE}), and the builder may override them.
     *
     * @param spec for example {@code openai/gpt-4o-mini} or {@code ollama/llama3.2}
     * @return the builder
     * @throws IllegalArgumentException naming what is wrong (not provider/model, unknown provider)
     */
    public static Builder builder(String spec) {
        return ModelStrings.builder(spec, System::getenv);
    }

    /**
     * As {@link #builder(String)}, reading variables from {@code environment} (for tests).
     *
     * @param spec the model string
     * @param environment variable name to value, or null when unset
     * @return the builder
     */
    public static Builder builder(String spec, Function<String, String> environment) {
        return ModelStrings.builder(spec, environment);
    }

    @Override
    public String modelName() {
        return name;
    }

    /**
     * The model's name at the provider (without the provider prefix).
     *
     * @return the API model name
     */
    public String apiModel() {
        return apiModel;
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
     * The provider.
     *
     * @return the provider
     */
    public Provider provider() {
        return provider;
    }

    /**
     * How this client reaches its API: provider, model, base URL, timeouts, retries, limits,
     * headers (the record an {@link HttpEmbedder} is configured with too). Its {@code toString()}
     * and {@link HttpClientSettings#toJson()} hold no secret.
     *
     * @return the settings
     */
    public HttpClientSettings options() {
        return options;
    }

    @Override
    public ModelCapabilities capabilities() {
        return capabilities;
    }

    /**
     * This client's recent calls (the JVM-wide history is {@link CallHistory#global()}).
     *
     * @return the history
     */
    public CallHistory history() {
        return history;
    }

    /**
     * The limiter this client's calls pass through.
     *
     * @return the limiter
     */
    public Limiter limiter() {
        return limiter;
    }

    /**
     * The response cache.
     *
     * @return the cache
     */
    public ResponseCache cache() {
        return cache;
    }

    /**
     * The settings every request starts from (a request's own settings win over them).
     *
     * @return the default settings
     */
    @Override
    public LmSettings defaults() {
        return defaults;
    }

    @Override
    public int maxAttempts() {
        return retry.maxAttempts();
    }

    /**
     * How failed calls are retried.
     *
     * @return the retry policy
     */
    public RetryPolicy retryPolicy() {
        return retry;
    }

    @Override
    public LmResponse complete(LmRequest request) {
        try {
            return completeAsync(request).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                runtime.addSuppressed(new CallSite());
                throw runtime;
            }
            throw e;
        }
    }

    @Override
    public CompletableFuture<LmResponse> completeAsync(LmRequest request) {
        LmRequest effective = new LmRequest(request.messages(), defaults.merge(request.settings()));
        if (provider == Provider.ANTHROPIC && effective.settings().n().orElse(1) > 1) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(name
                    + ": Anthropic returns one completion per request; ask for n=1 and use rollout ids (BestOfN) "
                    + "for several samples"));
        }
        Instant started = Instant.now();
        long startNanos = scheduler.nanoTime();
        boolean cached = effective.settings().cacheEnabled() && cache != ResponseCache.none();
        String key = cached ? CacheKey.of(endpointKey, apiModel, effective) : null;
        CompletableFuture<LmResponse> owned = null;
        if (key != null) {
            LmResponse hit = cache.get(key).orElse(null);
            if (hit != null) {
                record(effective, hit, started, startNanos, 0, null);
                return CompletableFuture.completedFuture(hit);
            }
            // the same request already on its way: its answer is what the cache will hold, so wait for it
            // instead of asking again (two callers racing past an empty cache would both pay)
            owned = new CompletableFuture<>();
            CompletableFuture<LmResponse> earlier = inFlight.putIfAbsent(key, owned);
            if (earlier != null) {
                return earlier.thenApply(response -> {
                    LmResponse shared = response.asCached();
                    record(effective, shared, started, startNanos, 0, null);
                    return shared;
                });
            }
        }
        try {
            return call(effective, key, owned, started, startNanos);
        } catch (RuntimeException e) {
            if (key != null && owned != null) {
                inFlight.remove(key, owned);
                owned.completeExceptionally(e);
            }
            throw e;
        }
    }

    /** Sends a request the cache did not answer; completes {@code leader} for the identical ones waiting. */
    private CompletableFuture<LmResponse> call(
            LmRequest effective,
            @Nullable String key,
            @Nullable CompletableFuture<LmResponse> leader,
            Instant started,
            long startNanos) {
        AtomicInteger attempts = new AtomicInteger();
        byte[] body = protocol.requestBytes(apiModel, effective, false);
        Map<String, String> requestHeaders = headersFor(effective);
        CompletableFuture<Limiter.Permit> acquired = limiter.acquire(estimateTokens(effective));
        CompletableFuture<LmResponse> answered = acquired.isDone() && !acquired.isCompletedExceptionally()
                ? attemptWithin(acquired.join(), body, requestHeaders, attempts)
                : acquired.thenCompose(permit -> attemptWithin(permit, body, requestHeaders, attempts));
        return answered.handle((answer, error) -> {
            LmResponse response = answer == null ? null : answer.withAttempts(attempts.get());
            Throwable failure = response == null ? unwrap(error) : null;
            if (response != null) {
                if (key != null) {
                    cache.put(key, response);
                }
                record(effective, response, started, startNanos, attempts.get(), null);
            } else {
                record(effective, null, started, startNanos, attempts.get(), failure);
            }
            if (key != null && leader != null) {
                inFlight.remove(key, leader);
                if (response != null) {
                    leader.complete(response);
                } else {
                    leader.completeExceptionally(failure);
                }
            }
            if (response == null) {
                throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
            }
            return response;
        });
    }

    /**
     * The request's headers: authentication, fixed and configured ones, and the rollout id (which
     * DSPJ's simulated model reads to draw independent samples; real providers ignore it).
     */
    private Map<String, String> headersFor(LmRequest request) {
        if (request.settings().rolloutId().isEmpty()) {
            return headers;
        }
        Map<String, String> withRollout = new LinkedHashMap<>(headers);
        withRollout.put(
                ROLLOUT_HEADER, String.valueOf(request.settings().rolloutId().get()));
        return withRollout;
    }

    /** The attempts of a request, the limiter's permit given back when they end. */
    private CompletableFuture<LmResponse> attemptWithin(
            Limiter.Permit permit, byte[] body, Map<String, String> requestHeaders, AtomicInteger attempts) {
        return attempt(body, requestHeaders, 1, attempts)
                .whenComplete((response, error) ->
                        permit.release(response == null ? -1 : response.usage().totalTokens()));
    }

    private CompletableFuture<LmResponse> attempt(
            byte[] body, Map<String, String> requestHeaders, int attempt, AtomicInteger attempts) {
        attempts.set(attempt);
        return transport
                .post(requestPath, requestHeaders, body)
                .handle((response, error) -> {
                    if (error != null) {
                        throw new CompletionException(transportFailure(unwrap(error)));
                    }
                    return parse(response);
                })
                .exceptionallyCompose(error -> {
                    Throwable cause = unwrap(error);
                    if (cause instanceof RetriableModelException retriable && attempt < retry.maxAttempts()) {
                        Duration wait = retry.delayBefore(
                                attempt, retriable.retryAfter().orElse(null));
                        LOG.debug(
                                "{}: attempt {} of {} failed ({}); retrying in {} ms",
                                name,
                                attempt,
                                retry.maxAttempts(),
                                cause.getMessage(),
                                wait.toMillis());
                        return scheduler
                                .delay(wait)
                                .thenCompose(ignored -> attempt(body, requestHeaders, attempt + 1, attempts));
                    }
                    if (cause instanceof LanguageModelException failure && failure.isRetriable()) {
                        return CompletableFuture.failedFuture(gaveUp(failure, attempt));
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    private LmResponse parse(HttpTransport.Response response) {
        if (response.status() < 300 && response.body().length > 0) {
            try {
                return protocol.parseResponse(response.body(), apiModel);
            } catch (IOException | RuntimeException e) {
                // fall through: the tree below names what is wrong with the body
            }
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
                    : protocol.errorDetails(json);
            Duration retryAfter = ErrorMapping.retryAfter(
                    response.headers().apply("retry-after-ms"),
                    response.headers().apply("Retry-After"));
            throw ErrorMapping.fromStatus(
                    response.status(), details.code(), apiKey.redact(details.message()), name, retryAfter);
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
        try {
            return protocol.parseResponse(json, apiModel);
        } catch (RuntimeException e) {
            throw new RetriableModelException.ServerError(
                    name + ": unexpected response shape (" + e.getMessage() + "): " + apiKey.redact(abbreviate(text)),
                    response.status(),
                    null,
                    name,
                    null);
        }
    }

    private LanguageModelException transportFailure(Throwable error) {
        if (error instanceof HttpTransport.StatusException status) {
            try {
                parse(status.response());
            } catch (LanguageModelException mapped) {
                return mapped;
            }
            return ErrorMapping.fromStatus(status.response().status(), null, null, name, null);
        }
        return ErrorMapping.transportFailure(error, name, baseUrl, apiKey);
    }

    private LanguageModelException gaveUp(LanguageModelException last, int attempts) {
        String message =
                last.getMessage() + " (gave up after " + attempts + " attempt" + (attempts == 1 ? "" : "s") + ")";
        if (last instanceof RetriableModelException.RateLimited limited) {
            return new RetriableModelException.RateLimited(
                    message,
                    limited.providerCode().orElse(null),
                    name,
                    limited.retryAfter().orElse(null));
        }
        if (last instanceof RetriableModelException.ServerError server) {
            return new RetriableModelException.ServerError(
                    message,
                    server.status(),
                    server.providerCode().orElse(null),
                    name,
                    server.retryAfter().orElse(null));
        }
        return new RetriableModelException.Timeout(message, last.getCause(), name);
    }

    /**
     * Streams a completion over server-sent events: text deltas as they arrive, then the whole
     * response with its usage. Streams are neither cached nor retried once started.
     *
     * @param request the messages and settings
     * @return the events
     */
    @Override
    public Flow.Publisher<StreamEvent> stream(LmRequest request) {
        LmRequest effective = new LmRequest(request.messages(), defaults.merge(request.settings()));
        byte[] body = protocol.requestBytes(apiModel, effective, true);
        Instant started = Instant.now();
        long startNanos = scheduler.nanoTime();
        Flux<StreamEvent> events = Mono.fromFuture(() -> limiter.acquire(estimateTokens(effective)))
                .flatMapMany(permit -> {
                    SseDecoder decoder = new SseDecoder();
                    ProviderProtocol.StreamParser parser = protocol.streamParser(apiModel);
                    Flux<StreamEvent> deltas = streams.get().stream(requestPath, headersFor(effective), body)
                            .concatMapIterable(
                                    bytes -> decode(parser, decoder.feed(new String(bytes, StandardCharsets.UTF_8))))
                            .concatWith(Flux.defer(() -> Flux.fromIterable(decode(parser, decoder.finish()))));
                    return deltas.concatWith(Mono.fromSupplier(() -> {
                                LmResponse response = parser.response();
                                record(effective, response, started, startNanos, 1, null);
                                return new StreamEvent.End(response);
                            }))
                            .doFinally(signal -> permit.release(-1));
                })
                .onErrorMap(error -> {
                    LanguageModelException failure = transportFailure(error);
                    record(effective, null, started, startNanos, 1, failure);
                    return failure;
                });
        return JdkFlowAdapter.publisherToFlowPublisher(events);
    }

    private static List<StreamEvent> decode(ProviderProtocol.StreamParser parser, List<SseDecoder.Event> events) {
        List<StreamEvent> out = new java.util.ArrayList<>();
        for (SseDecoder.Event event : events) {
            if (!parser.finished()) {
                out.addAll(parser.onEvent(event.event(), event.data()));
            }
        }
        return out;
    }

    private void record(
            LmRequest request,
            @Nullable LmResponse response,
            Instant started,
            long startNanos,
            int attempts,
            @Nullable Throwable error) {
        Duration latency = Duration.ofNanos(scheduler.nanoTime() - startNanos);
        if (response == null) {
            UsageTracker.recordFailure(name);
            CallRecord failed = new CallRecord(
                    started,
                    name,
                    request.messages(),
                    List.of(),
                    dev.dspj.primitives.Usage.NONE,
                    BigDecimal.ZERO,
                    latency,
                    false,
                    attempts,
                    apiKey.redact(String.valueOf(error == null ? "" : error.getMessage())));
            history.add(failed);
            CallHistory.global().add(failed);
            return;
        }
        BigDecimal cost = costOf(response);
        UsageTracker.recordCall(
                name, response.usage().promptTokens(), response.usage().completionTokens(), cost, response.cached());
        CallRecord call = new CallRecord(
                started,
                name,
                request.messages(),
                response.choices(),
                response.cached() ? dev.dspj.primitives.Usage.NONE : response.usage(),
                cost,
                latency,
                response.cached(),
                attempts,
                null);
        history.add(call);
        CallHistory.global().add(call);
    }

    private static long estimateTokens(LmRequest request) {
        long chars = 0;
        for (ChatMessage message : request.messages()) {
            chars += message.content().length();
        }
        return (chars + 3) / 4 + request.settings().maxTokens().orElse(512);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof java.util.concurrent.ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static String abbreviate(String text) {
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }

    /** Closes the HTTP connections and the cache. */
    @Override
    public void close() {
        transport.close();
        if (streams instanceof StreamTransport own) {
            own.close();
        }
        cache.close();
    }

    @Override
    public String toString() {
        return "HttpLanguageModel{" + name + " at " + baseUrl + ", key=" + apiKey + "}";
    }

    /** Marks where a synchronous call was made, added to the asynchronous failure's stack trace. */
    private static final class CallSite extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CallSite() {
            super("called from here", null, false, true);
        }
    }

    /**
     * Configures an {@link HttpLanguageModel}: the connection settings go into an
     * {@link HttpClientSettings.Builder} (shared with {@link HttpEmbedder.Builder}), the rest
     * (cache, history, defaults, capabilities) stay here. Every value is checked when
     * {@link #build()} runs.
     */
    public static final class Builder extends ClientBuilder<Builder> {
        private @Nullable ResponseCache cache;
        private java.util.function.Supplier<ResponseCache> defaultCache = () -> ResponseCache.memory(10_000);
        private int historySize = CallHistory.DEFAULT_CAPACITY;
        private LmSettings defaults = LmSettings.DEFAULTS;
        private @Nullable ModelCapabilities capabilities;

        private Builder(Provider provider) {
            super(provider);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * The API version (Azure OpenAI's {@code api-version}).
         *
         * @param value the version
         * @return this builder
         */
        public Builder apiVersion(String value) {
            settings.apiVersion(value);
            return this;
        }

        /**
         * Limits shared with every other client of the same model in the JVM.
         *
         * @param value the limits
         * @return this builder
         */
        public Builder limits(ModelLimits value) {
            settings.limits(value);
            return this;
        }

        /**
         * Limits for this client alone (not shared).
         *
         * @param value the limits
         * @return this builder
         */
        public Builder privateLimits(ModelLimits value) {
            settings.privateLimits(value);
            return this;
        }

        /**
         * The response cache ({@code ResponseCache.none()} to turn it off).
         *
         * @param value the cache
         * @return this builder
         */
        public Builder cache(ResponseCache value) {
            this.cache = Objects.requireNonNull(value, "cache");
            return this;
        }

        /**
         * The cache {@link #build()} opens when none was set: a model string's builder reads
         * {@code DSPJ_CACHE} then, so a client given its own cache never opens the disk one.
         */
        Builder defaultCache(java.util.function.Supplier<ResponseCache> value) {
            this.defaultCache = value;
            return this;
        }

        /**
         * How many calls this client's history keeps.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder historySize(int value) {
            this.historySize = value;
            return this;
        }

        /**
         * Settings sent with every request unless the request overrides them.
         *
         * @param value the settings
         * @return this builder
         */
        public Builder defaults(LmSettings value) {
            this.defaults = Objects.requireNonNull(value, "defaults");
            return this;
        }

        /**
         * Overrides what the model is assumed to support (for example a local server without
         * structured outputs).
         *
         * @param value the capabilities
         * @return this builder
         */
        public Builder capabilities(ModelCapabilities value) {
            this.capabilities = value;
            return this;
        }

        /**
         * Builds the client.
         *
         * @return the client
         * @throws IllegalArgumentException naming the missing or invalid setting
         */
        public HttpLanguageModel build() {
            Provider provider = settings.provider();
            HttpClientSettings options =
                    settings.build(provider.prefix(), provider.exampleModel(), "set " + provider.baseUrlVariable());
            if (provider == Provider.AZURE_OPENAI
                    && (options.apiVersion() == null || options.apiVersion().isBlank())) {
                throw new IllegalArgumentException(
                        "azure/" + options.model() + ": no API version; call apiVersion(\"2024-10-21\")");
            }
            return new HttpLanguageModel(options, this);
        }
    }

    /**
     * What a response cost at this client's prices: zero for one a cache answered.
     *
     * @param response the response
     * @return the cost in dollars
     */
    @Override
    public BigDecimal costOf(LmResponse response) {
        PriceTable.Price known = price;
        if (response.cached() || known == null) {
            return BigDecimal.ZERO;
        }
        return known.cost(response.usage().promptTokens(), response.usage().completionTokens());
    }

    /**
     * Starts the pooled (Micronaut) client now, so that the calls to come wait for it rather than
     * the first of them going through the JDK's client while it starts.
     *
     * @param calls the calls expected at once
     */
    @Override
    public void expectConcurrentCalls(int calls) {
        transport.expectConcurrentRequests();
    }
}
