package dev.dspj.lm.http;

import dev.dspj.lm.retry.RetryPolicy;
import dev.dspj.lm.retry.Scheduler;
import dev.dspj.lm.usage.PriceTable;
import java.time.Duration;

/**
 * The connection setters that {@link HttpLanguageModel.Builder} and {@link HttpEmbedder.Builder}
 * share, written once: each fills the builder's {@link HttpClientSettings}.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class ClientBuilder<B extends ClientBuilder<B>> {

    /** The settings being built. */
    protected final HttpClientSettings.Builder settings;

    ClientBuilder(Provider provider) {
        this.settings = HttpClientSettings.builder(provider);
    }

    /**
     * This builder, typed as the concrete builder.
     *
     * @return this
     */
    protected abstract B self();

    /**
     * Timeouts.
     *
     * @param connect to open a connection
     * @param read to wait for the answer
     * @return this builder
     */
    public B timeouts(Duration connect, Duration read) {
        settings.timeouts(connect, read);
        return self();
    }

    /**
     * Takes every connection setting from existing settings (for example another client's
     * {@link HttpLanguageModel#options()}), the provider included.
     *
     * @param value the settings
     * @return this builder
     */
    public B settings(HttpClientSettings value) {
        settings.settings(value);
        return self();
    }

    /**
     * The clock for retry waits (tests pass a fake one).
     *
     * @param value the scheduler
     * @return this builder
     */
    public B scheduler(Scheduler value) {
        settings.scheduler(value);
        return self();
    }

    /**
     * How failed calls are retried.
     *
     * @param value the policy
     * @return this builder
     */
    public B retry(RetryPolicy value) {
        settings.retry(value);
        return self();
    }

    /**
     * Prices for cost reporting.
     *
     * @param value the price table
     * @return this builder
     */
    public B prices(PriceTable value) {
        settings.prices(value);
        return self();
    }

    /**
     * The model's name at the provider, for example {@code gpt-4o-mini} (for Azure, the deployment).
     *
     * @param value the model
     * @return this builder
     */
    public B model(String value) {
        settings.model(value);
        return self();
    }

    /**
     * Adds a header to every request (for example an organization id or a gateway token).
     *
     * @param name the header
     * @param value its value
     * @return this builder
     */
    public B header(String name, String value) {
        settings.header(name, value);
        return self();
    }

    /**
     * The API's base URL, for example {@code http://localhost:11434/v1}.
     *
     * @param value the URL
     * @return this builder
     */
    public B baseUrl(String value) {
        settings.baseUrl(value);
        return self();
    }

    /**
     * Which HTTP client sends the requests: {@link Transport#MICRONAUT} by default (or what
     * {@value Transport#ENVIRONMENT_VARIABLE} names), {@link Transport#JDK} for a faster first call
     * in a cold process.
     *
     * @param value the transport
     * @return this builder
     */
    public B transport(Transport value) {
        settings.transport(value);
        return self();
    }

    /**
     * The API key (never logged or stored).
     *
     * @param value the key; null or blank for none
     * @return this builder
     */
    public B apiKey(String value) {
        settings.apiKey(value);
        return self();
    }
}
