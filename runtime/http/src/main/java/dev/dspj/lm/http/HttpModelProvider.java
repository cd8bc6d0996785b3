package dev.dspj.lm.http;

import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LanguageModelProvider;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Serves {@link dev.dspj.lm.LanguageModels#of(String)} for every {@link Provider} prefix with an
 * {@link HttpLanguageModel}; registered with {@link java.util.ServiceLoader}.
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
}
