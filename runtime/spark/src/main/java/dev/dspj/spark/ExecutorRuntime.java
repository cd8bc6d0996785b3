package dev.dspj.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.Transport;
import dev.dspj.lm.limit.ModelLimits;
import dev.dspj.lm.retry.RetryPolicy;
import dev.dspj.module.CallOptions;
import dev.dspj.module.Module;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.state.ConfiguredPrograms;
import dev.dspj.state.ProgramState;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The model client and program of one {@link ExecutorSpec} in this JVM: made by the first task that
 * needs them and reused by every later task of every job with the same spec, so an executor has one
 * client (one connection pool, one limiter, one cache) whatever its number of cores and partitions.
 */
final class ExecutorRuntime {

    private static final Map<String, ExecutorRuntime> RUNTIMES = new ConcurrentHashMap<>();
    private static final AtomicInteger CREATED = new AtomicInteger();
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Entries of an executor client's memory cache. */
    static final int CACHE_ENTRIES = 10_000;

    private final ExecutorSpec spec;
    private final Module program;
    private final HttpLanguageModel model;
    private final CallOptions options;
    private final Map<String, FieldDescriptor<?>> fields;
    private volatile @Nullable ExecutorService pool;

    private ExecutorRuntime(ExecutorSpec spec) {
        this.spec = spec;
        this.program = loadProgram(spec, Thread.currentThread().getContextClassLoader());
        this.model = buildModel(spec);
        this.options = CallOptions.model(model);
        Map<String, FieldDescriptor<?>> byName = new HashMap<>();
        DspjSpark.signatureOf(program).ifPresent(signature -> signature.fields().forEach(f -> byName.put(f.name(), f)));
        this.fields = Map.copyOf(byName);
        CREATED.incrementAndGet();
    }

    /**
     * The runtime of a spec in this JVM, made on first use.
     *
     * @param spec the spec
     * @return its runtime
     */
    static ExecutorRuntime of(ExecutorSpec spec) {
        return RUNTIMES.computeIfAbsent(spec.cacheKey(), key -> new ExecutorRuntime(spec));
    }

    /**
     * How many runtimes this JVM has made (for tests: one per spec, however many tasks ran).
     *
     * @return the count
     */
    static int created() {
        return CREATED.get();
    }

    /**
     * Makes a program of a class and loads its saved state, with messages that name both.
     *
     * @param spec the spec
     * @param loader where to find the class
     * @return the program
     */
    static Module loadProgram(ExecutorSpec spec, @Nullable ClassLoader loader) {
        ClassLoader classes = loader != null ? loader : ExecutorRuntime.class.getClassLoader();
        Class<? extends Module> type =
                ConfiguredPrograms.programClass("DspjSpark.program", spec.programClass(), classes);
        Module program = ConfiguredPrograms.create("DspjSpark.program", type);
        String state = spec.stateJson();
        if (state != null) {
            JsonNode tree;
            try {
                tree = JSON.readTree(state);
            } catch (IOException e) {
                throw new IllegalStateException(
                        "DspjSpark.state for " + spec.programClass() + ": cannot read it as JSON: " + e.getMessage(),
                        e);
            }
            try {
                ProgramState.fromJson(program, tree);
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "DspjSpark.state for " + spec.programClass() + ": the saved state does not fit the program: "
                                + e.getMessage(),
                        e);
            }
        }
        return program;
    }

    private static HttpLanguageModel buildModel(ExecutorSpec spec) {
        String key = null;
        SealedKey sealed = spec.apiKey();
        String variable = spec.apiKeyVariable();
        if (sealed != null) {
            key = sealed.reveal();
        } else if (variable != null) {
            key = System.getenv(variable);
            if (key == null || key.isBlank()) {
                throw new IllegalStateException("DspjSpark: the executor's environment has no " + variable
                        + " (set it on the executors, for example with spark.executorEnv." + variable + ")");
            }
        }
        String modelString = spec.model();
        try {
            HttpLanguageModel.Builder builder = HttpLanguageModel.builder(modelString);
            String baseUrl = spec.baseUrl();
            if (baseUrl != null) {
                builder.baseUrl(baseUrl);
            }
            if (key != null && !key.isBlank()) {
                builder.apiKey(key);
            }
            // Spark brings its own Netty, often not the one Micronaut's client needs: the JDK's client unless asked
            Transport transport = spec.transport();
            builder.transport(transport != null ? transport : Transport.JDK);
            Duration timeout = spec.timeout();
            if (timeout != null) {
                Duration connect = timeout.compareTo(HttpLanguageModel.DEFAULT_CONNECT_TIMEOUT) < 0
                        ? timeout
                        : HttpLanguageModel.DEFAULT_CONNECT_TIMEOUT;
                builder.timeouts(connect, timeout);
            }
            Integer maxRetries = spec.maxRetries();
            if (maxRetries != null) {
                builder.retry(RetryPolicy.DEFAULT.withMaxAttempts(maxRetries + 1));
            }
            // this executor's share of the job's limits, for this client alone (not the JVM-wide limiter of
            // its model, which the first client of a model would fix for every later job)
            builder.privateLimits(
                    new ModelLimits(spec.maxConcurrency(), spec.requestsPerMinute(), spec.tokensPerMinute()));
            LmSettings defaults = LmSettings.DEFAULTS;
            Double temperature = spec.temperature();
            if (temperature != null) {
                defaults = defaults.withTemperature(temperature);
            }
            Integer maxTokens = spec.maxTokens();
            if (maxTokens != null) {
                defaults = defaults.withMaxTokens(maxTokens);
            }
            return builder.defaults(defaults)
                    .cache(spec.cache() ? ResponseCache.memory(CACHE_ENTRIES) : ResponseCache.none())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("DspjSpark.model=" + modelString + ": " + e.getMessage(), e);
        }
    }

    /**
     * The spec.
     *
     * @return the spec
     */
    ExecutorSpec spec() {
        return spec;
    }

    /**
     * The program, shared by every task (modules run concurrently, as {@code Parallel} runs them).
     *
     * @return the program
     */
    Module program() {
        return program;
    }

    /**
     * The options every call runs with: this executor's model client.
     *
     * @return the options
     */
    CallOptions options() {
        return options;
    }

    /**
     * The program's field of a name, when its signature is known.
     *
     * @param name the field's name
     * @return the field
     */
    Optional<FieldDescriptor<?>> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /**
     * Threads for programs that have no asynchronous path: made on first use, daemon threads that
     * end when idle. Each partition bounds its own calls in flight.
     *
     * @return the pool
     */
    ExecutorService pool() {
        ExecutorService current = pool;
        if (current == null) {
            synchronized (this) {
                current = pool;
                if (current == null) {
                    current = Executors.newCachedThreadPool(runnable -> {
                        Thread thread = new Thread(runnable, "dspj-spark-" + THREADS.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    });
                    pool = current;
                }
            }
        }
        return current;
    }

    /**
     * Redacts the key from a text (provider messages sometimes echo it).
     *
     * @param text the text
     * @return the text without the key
     */
    String redact(String text) {
        SealedKey sealed = spec.apiKey();
        if (sealed == null) {
            return text;
        }
        String key = sealed.reveal();
        return key.isEmpty() ? text : text.replace(key, "[redacted]");
    }
}
