package dev.dspj.lm.http;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.lm.limit.ModelLimits;
import dev.dspj.lm.retry.RetryPolicy;
import dev.dspj.lm.retry.Scheduler;
import dev.dspj.lm.usage.PriceTable;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How an HTTP client reaches its API: one immutable record shared by the chat client
 * ({@link HttpLanguageModel#options()}) and the embedding client ({@link HttpEmbedder#options()}),
 * filled in by their builders through one {@link Builder}. A chat model's settings can seed an
 * embedder on the same endpoint: {@code HttpEmbedder.builder().settings(model.options()).model("...")}.
 *
 * <p>The API key is held as a {@link Secret}: {@link #toString()} and {@link #toJson()} say only
 * whether there is one, and show header names without their values (a gateway token is a secret too).
 *
 * @param provider the provider (protocol, default base URL, key variable)
 * @param model the model's name at the provider (for Azure, the deployment); null until set
 * @param baseUrl the API's base URL; null until set or defaulted from the provider
 * @param apiKey the API key, {@link Secret#none()} for none
 * @param apiVersion Azure OpenAI's {@code api-version}; null for other providers
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for an answer
 * @param retry how failed calls are retried
 * @param scheduler the clock retries and rate limits wait on
 * @param limits concurrency and rate limits (chat models; an embedder sends one request per caller at a time)
 * @param sharedLimits whether the limits are shared with every client of the same model in the JVM
 * @param prices prices for cost reporting
 * @param headers extra headers sent with every request, in order
 * @param transport which HTTP client sends the requests
 */
public record HttpClientSettings(
        Provider provider,
        String model,
        URI baseUrl,
        Secret apiKey,
        @Nullable String apiVersion,
        Duration connectTimeout,
        Duration readTimeout,
        RetryPolicy retry,
        Scheduler scheduler,
        ModelLimits limits,
        boolean sharedLimits,
        PriceTable prices,
        Map<String, String> headers,
        Transport transport) {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** Connect timeout by default. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Read timeout by default (a long completion can take minutes). */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(2);

    /**
     * Checks the values that must always be present and copies the headers.
     *
     * @throws NullPointerException naming a missing value
     */
    public HttpClientSettings {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(apiKey, "API key (Secret.none() for none)");
        Objects.requireNonNull(connectTimeout, "connect timeout");
        Objects.requireNonNull(readTimeout, "read timeout");
        Objects.requireNonNull(retry, "retry policy");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(prices, "prices");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
        Objects.requireNonNull(transport, "transport");
    }

    /**
     * Starts settings for a provider, with its default base URL (and Azure's default API version).
     *
     * @param provider the provider
     * @return a builder
     */
    public static Builder builder(Provider provider) {
        return new Builder(provider);
    }

    /**
     * A builder holding these settings, to change some of them.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(provider).settings(this);
    }

    /**
     * The settings as JSON, for logs and run records: everything but secrets. The key appears as
     * {@code "apiKey": "present"} or {@code "none"}; headers by name only.
     *
     * @return a JSON object
     */
    public String toJson() {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("provider", provider.prefix());
        json.put("model", model);
        json.put("baseUrl", baseUrl == null ? null : baseUrl.toString());
        json.put("apiKey", apiKey.isPresent() ? "present" : "none");
        if (apiVersion != null) {
            json.put("apiVersion", apiVersion);
        }
        json.put("connectTimeoutMillis", connectTimeout.toMillis());
        json.put("readTimeoutMillis", readTimeout.toMillis());
        json.put("maxAttempts", retry.maxAttempts());
        json.put("retry", retry.toString());
        ObjectNode limitsJson = json.putObject("limits");
        limitsJson.put("maxConcurrentRequests", limits.maxConcurrentRequests());
        limitsJson.put("requestsPerMinute", limits.requestsPerMinute());
        limitsJson.put("tokensPerMinute", limits.tokensPerMinute());
        limitsJson.put("shared", sharedLimits);
        headers.keySet().forEach(json.putArray("headers")::add);
        json.put("transport", transport.name().toLowerCase(java.util.Locale.ROOT));
        return json.toString();
    }

    /**
     * The settings without secrets: the key as {@code Secret[redacted]} or {@code Secret[none]},
     * headers by name only.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return "HttpClientSettings{" + provider.prefix() + "/" + model + " at " + baseUrl + ", key=" + apiKey
                + (apiVersion == null ? "" : ", apiVersion=" + apiVersion) + ", timeouts=" + connectTimeout + "/"
                + readTimeout + ", " + retry + ", " + limits + (sharedLimits ? " shared" : " private") + ", headers="
                + headers.keySet() + ", transport=" + transport + "}";
    }

    /**
     * Fills in {@link HttpClientSettings}; the chat and embedding builders delegate their common
     * setters to one of these. Values are checked when the client is built.
     */
    public static final class Builder {
        private Provider provider;
        private @Nullable String model;
        private @Nullable URI baseUrl;
        private Secret apiKey = Secret.none();
        private @Nullable String apiVersion;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private Scheduler scheduler = Scheduler.SYSTEM;
        private ModelLimits limits = ModelLimits.DEFAULT;
        private boolean sharedLimits = true;
        private PriceTable prices = PriceTable.defaults();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private @Nullable Transport transport;

        private Builder(Provider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            String defaultBaseUrl = provider.defaultBaseUrl();
            this.baseUrl = defaultBaseUrl == null ? null : URI.create(defaultBaseUrl);
            this.apiVersion = provider == Provider.AZURE_OPENAI ? Provider.DEFAULT_AZURE_API_VERSION : null;
        }

        /**
         * Copies every value of existing settings, the provider included.
         *
         * @param value the settings
         * @return this builder
         */
        public Builder settings(HttpClientSettings value) {
            this.provider = value.provider();
            this.model = value.model();
            this.baseUrl = value.baseUrl();
            this.apiKey = value.apiKey();
            this.apiVersion = value.apiVersion();
            this.connectTimeout = value.connectTimeout();
            this.readTimeout = value.readTimeout();
            this.retry = value.retry();
            this.scheduler = value.scheduler();
            this.limits = value.limits();
            this.sharedLimits = value.sharedLimits();
            this.prices = value.prices();
            this.headers.clear();
            this.headers.putAll(value.headers());
            this.transport = value.transport();
            return this;
        }

        /**
         * Which HTTP client sends the requests; by default {@link Transport#MICRONAUT}, or what
         * {@value Transport#ENVIRONMENT_VARIABLE} names.
         *
         * @param value the transport
         * @return this builder
         */
        public Builder transport(Transport value) {
            this.transport = Objects.requireNonNull(value, "transport");
            return this;
        }

        /**
         * The provider being configured.
         *
         * @return the provider
         */
        public Provider provider() {
            return provider;
        }

        /**
         * The model's name at the provider.
         *
         * @param value the model
         * @return this builder
         */
        public Builder model(String value) {
            this.model = value;
            return this;
        }

        /**
         * The API's base URL. A URL without a path gets the provider's {@linkplain Provider#apiPath()
         * API path} when the client is built: {@code http://localhost:8080} for {@code sim/} or
         * {@code vllm/} means {@code http://localhost:8080/v1}, as the provider's requests
         * ({@code /chat/completions}) are answered only under it.
         *
         * @param value the URL
         * @return this builder
         * @throws IllegalArgumentException when the text is not a URL
         */
        public Builder baseUrl(String value) {
            this.baseUrl = HttpTransport.baseUrl(value);
            return this;
        }

        /**
         * The API key (never logged or stored).
         *
         * @param value the key; null or blank for none
         * @return this builder
         */
        public Builder apiKey(String value) {
            this.apiKey = Secret.of(value);
            return this;
        }

        /**
         * The API version (Azure OpenAI's {@code api-version}).
         *
         * @param value the version
         * @return this builder
         */
        public Builder apiVersion(String value) {
            this.apiVersion = value;
            return this;
        }

        /**
         * Timeouts.
         *
         * @param connect to open a connection
         * @param read to wait for the answer
         * @return this builder
         */
        public Builder timeouts(Duration connect, Duration read) {
            this.connectTimeout = Objects.requireNonNull(connect, "connect timeout");
            this.readTimeout = Objects.requireNonNull(read, "read timeout");
            return this;
        }

        /**
         * How failed calls are retried.
         *
         * @param value the policy
         * @return this builder
         */
        public Builder retry(RetryPolicy value) {
            this.retry = Objects.requireNonNull(value, "retry policy");
            return this;
        }

        /**
         * The clock retries wait on (tests pass a fake one).
         *
         * @param value the scheduler
         * @return this builder
         */
        public Builder scheduler(Scheduler value) {
            this.scheduler = Objects.requireNonNull(value, "scheduler");
            return this;
        }

        /**
         * Limits shared with every other client of the same model in the JVM.
         *
         * @param value the limits
         * @return this builder
         */
        public Builder limits(ModelLimits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            this.sharedLimits = true;
            return this;
        }

        /**
         * Limits for this client alone (not shared).
         *
         * @param value the limits
         * @return this builder
         */
        public Builder privateLimits(ModelLimits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            this.sharedLimits = false;
            return this;
        }

        /**
         * Prices for cost reporting.
         *
         * @param value the price table
         * @return this builder
         */
        public Builder prices(PriceTable value) {
            this.prices = Objects.requireNonNull(value, "prices");
            return this;
        }

        /**
         * Adds a header to every request (for example an organization id or a gateway token).
         *
         * @param name the header
         * @param value its value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "header name"), Objects.requireNonNull(value, "header value"));
            return this;
        }

        /**
         * The settings, checked for what every HTTP client needs: a model, an absolute http(s)
         * base URL, a key when the provider requires one, positive timeouts.
         *
         * @return the settings
         * @throws IllegalArgumentException naming the missing or invalid setting
         */
        public HttpClientSettings build() {
            return build(provider.prefix(), provider.exampleModel(), "set " + provider.baseUrlVariable());
        }

        /**
         * As {@link #build()}, with the words a particular client's messages use.
         *
         * @param kind what the messages call the client before the model ({@code openai}, {@code embeddings})
         * @param exampleModel a model name for the "missing model" message
         * @param baseUrlHint how else to give a base URL ({@code set OPENAI_BASE_URL}); null for none
         */
        HttpClientSettings build(String kind, String exampleModel, @Nullable String baseUrlHint) {
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException(kind + " model: the model name is missing; call model(\"...\"), for "
                        + "example model(\"" + exampleModel + "\")");
            }
            String name = kind + "/" + model;
            if (baseUrl == null) {
                throw new IllegalArgumentException(
                        name + ": no base URL; call baseUrl(...)" + (baseUrlHint == null ? "" : " or " + baseUrlHint));
            }
            if ((!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme()))
                    || baseUrl.getHost() == null) {
                throw new IllegalArgumentException(
                        name + ": base URL \"" + baseUrl + "\" must be an absolute http:// or https:// URL");
            }
            URI base = withApiPath(baseUrl, provider);
            Transport chosen;
            try {
                chosen = transport != null ? transport : Transport.fromEnvironment();
                if (chosen == Transport.JDK) {
                    JdkTransport.checkHeaders(headers.keySet());
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
            }
            if (provider.requiresKey() && !apiKey.isPresent()) {
                throw new IllegalArgumentException(
                        name + ": no API key; call apiKey(...) or set " + provider.keyVariable());
            }
            if (connectTimeout.isNegative()
                    || connectTimeout.isZero()
                    || readTimeout.isNegative()
                    || readTimeout.isZero()) {
                throw new IllegalArgumentException(name + ": timeouts must be positive, got connect " + connectTimeout
                        + " and read " + readTimeout);
            }
            return new HttpClientSettings(
                    provider,
                    model,
                    base,
                    apiKey,
                    apiVersion,
                    connectTimeout,
                    readTimeout,
                    retry,
                    scheduler,
                    limits,
                    sharedLimits,
                    prices,
                    headers,
                    chosen);
        }

        /** A base URL without a path ({@code http://host:port} or {@code http://host:port/}) with the provider's API path. */
        private static URI withApiPath(URI url, Provider provider) {
            String path = url.getRawPath();
            if ((path != null && !path.isEmpty() && !"/".equals(path))
                    || provider.apiPath().isEmpty()) {
                return url;
            }
            try {
                return new URI(
                        url.getScheme(),
                        url.getUserInfo(),
                        url.getHost(),
                        url.getPort(),
                        provider.apiPath(),
                        url.getQuery(),
                        url.getFragment());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException(
                        "base URL \"" + url + "\" with the path " + provider.apiPath() + " is not a valid URL: "
                                + e.getReason(),
                        e);
            }
        }
    }
}
