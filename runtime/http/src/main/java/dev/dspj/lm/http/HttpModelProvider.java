package dev.dspj.lm.http;

import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LanguageModelBuilder;
import dev.dspj.lm.LanguageModelProvider;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ModelCapabilities;
import dev.dspj.lm.ResponseStore;
import dev.dspj.lm.cache.ResponseCache;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Serves {@link dev.dspj.lm.LanguageModels#of(String)} and {@link
 * dev.dspj.lm.LanguageModels#builder(String)} for every {@link Provider} prefix with an {@link
 * HttpLanguageModel}; registered with {@link java.util.ServiceLoader}.
 */
public final class HttpModelProvider implements LanguageModelProvider {

    private static final Set<String> PREFIXES =
            Arrays.stream(Provider.values()).map(Provider::prefix).collect(Collectors.toUnmodifiableSet());

    /** Creates the provider (the service loader calls this). */
    public HttpModelProvider() {}

    @Override
    public Set<String> prefixes() {
        return PREFIXES;
    }

    @Override
    public LanguageModel create(String spec, Function<String, String> environment) {
        return ModelStrings.builder(spec, environment).build();
    }

    @Override
    public LanguageModelBuilder builder(String spec, Function<String, String> environment) {
        return new Configured(ModelStrings.builder(spec, environment));
    }

    /** The provider-neutral builder over an {@link HttpLanguageModel.Builder}. */
    private static final class Configured implements LanguageModelBuilder {
        private final HttpLanguageModel.Builder builder;

        Configured(HttpLanguageModel.Builder builder) {
            this.builder = builder;
        }

        @Override
        public LanguageModelBuilder baseUrl(String value) {
            builder.baseUrl(value);
            return this;
        }

        @Override
        public LanguageModelBuilder apiKey(String value) {
            builder.apiKey(value);
            return this;
        }

        @Override
        public LanguageModelBuilder header(String name, String value) {
            builder.header(name, value);
            return this;
        }

        @Override
        public LanguageModelBuilder timeouts(Duration connect, Duration read) {
            builder.timeouts(connect, read);
            return this;
        }

        @Override
        public LanguageModelBuilder cache(ResponseStore value) {
            builder.cache(ResponseCache.of(value));
            return this;
        }

        @Override
        public LanguageModelBuilder defaults(LmSettings value) {
            builder.defaults(value);
            return this;
        }

        @Override
        public LanguageModelBuilder capabilities(ModelCapabilities value) {
            builder.capabilities(value);
            return this;
        }

        @Override
        @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
        public <L extends LanguageModel> L build() {
            return (L) builder.build();
        }
    }
}
