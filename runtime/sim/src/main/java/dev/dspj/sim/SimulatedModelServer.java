package dev.dspj.sim;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The simulated model served over HTTP on the loopback interface, speaking OpenAI's Chat
 * Completions ({@code POST /v1/chat/completions}, plain and streamed), Anthropic's Messages
 * ({@code POST /v1/messages}, plain and streamed), {@code GET /v1/models} and OpenAI's embeddings
 * ({@code POST /v1/embeddings}, model {@value #EMBEDDING_MODEL}: deterministic
 * {@link dev.dspj.lm.HashingEmbedder} vectors). Errors come in each
 * provider's error shape; faults are injected per model ({@link Builder#fault(String, Fault)}) or
 * per call ({@code #sim-fault:} directives in the last user message).
 *
 * <pre>{@code
 * try (SimulatedModelServer server = SimulatedModelServer.builder().latencyScale(0).build().start()) {
 *     String openAiBaseUrl = server.baseUrl();      // http://127.0.0.1:PORT/v1
 *     String anthropicBaseUrl = server.rootUrl();   // http://127.0.0.1:PORT
 * }
 * }</pre>
 *
 * <p>Every request is recorded ({@link #requestsReceived()}) so tests can check what a client sent.
 * A rollout id can be sent in the {@value #ROLLOUT_HEADER} header: requests that differ only by it
 * get independent draws. Thread-safe.
 */
public final class SimulatedModelServer implements AutoCloseable {

    /** The port {@link #main(String[])} listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 8765;
    /** Threads of the default executor: enough for this many concurrent requests (more wait in a queue). */
    public static final int DEFAULT_THREADS = 512;
    /** The default latency scale: the profiles' latencies as they are. */
    public static final double DEFAULT_LATENCY_SCALE = 1.0;
    /** How many received requests are kept for {@link #requestsReceived()}, unless set. */
    public static final int DEFAULT_REQUEST_LOG_CAPACITY = 1_000;
    /** The engine's seed, unless set. */
    public static final long DEFAULT_SEED = SimulatedModel.DEFAULT_SEED;
    /** The request header that carries a rollout id (not a standard header; real providers ignore it). */
    public static final String ROLLOUT_HEADER = "X-DSPJ-Rollout-Id";
    /** The embedding model {@code POST /v1/embeddings} serves. */
    public static final String EMBEDDING_MODEL = EmbeddingsEndpoint.MODEL;

    private final int requestedPort;
    private final ServerCore core;
    private final List<SimTask> tasks;
    private final Executor executor;
    private final boolean ownsExecutor;
    private @Nullable HttpServer server;
    private boolean closed;

    private SimulatedModelServer(Builder builder) {
        this.requestedPort = builder.port;
        this.tasks = builder.tasks.isEmpty() ? SimTasks.builtIns() : List.copyOf(builder.tasks);
        List<SimModelProfile> profiles =
                builder.models.isEmpty() ? SimModelProfile.builtIns() : new ArrayList<>(builder.models.values());
        Set<String> names = new LinkedHashSet<>();
        profiles.forEach(p -> names.add(p.name()));
        for (String model : builder.faults.keySet()) {
            if (!names.contains(model)) {
                throw new IllegalArgumentException("a fault is configured for model \"" + model
                        + "\", which this server does not serve; its models are " + names);
            }
        }
        this.core = new ServerCore(
                profiles,
                new SimEngine(tasks, builder.seed),
                new FaultGate(builder.seed, builder.faults),
                new LatencyModel(builder.latencyScale, builder.fixedLatency),
                builder.apiKey,
                new RequestLog(builder.requestLogCapacity));
        Executor given = builder.executor;
        this.ownsExecutor = given == null;
        this.executor = given == null ? defaultExecutor() : given;
    }

    /**
     * Starts configuring a server.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the loopback port and starts serving.
     *
     * @return this server
     * @throws IllegalStateException when already started or closed
     * @throws UncheckedIOException when the port cannot be bound
     */
    public synchronized SimulatedModelServer start() {
        if (closed) {
            throw new IllegalStateException("this simulated model server is closed; build a new one");
        }
        if (server != null) {
            throw new IllegalStateException("this simulated model server is already running at " + rootUrl());
        }
        // without TCP_NODELAY the JDK server's separate header and body writes meet the client's
        // delayed ACK, adding ~40 ms to every small response; read once, when the server first starts
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on 127.0.0.1:" + requestedPort
                            + (requestedPort == 0 ? "" : " (is the port in use? use port 0 for any free port)"),
                    e);
        }
        server.createContext(OpenAiEndpoint.PATH, new OpenAiEndpoint(core));
        server.createContext(AnthropicEndpoint.PATH, new AnthropicEndpoint(core));
        server.createContext(ModelsEndpoint.PATH, new ModelsEndpoint(core));
        server.createContext(EmbeddingsEndpoint.PATH, new EmbeddingsEndpoint(core));
        server.createContext("/", new ModelsEndpoint(core));
        server.setExecutor(executor);
        server.start();
        return this;
    }

    /**
     * The OpenAI-style base URL: {@code http://127.0.0.1:PORT/v1} (clients append {@code /chat/completions}).
     *
     * @return the URL
     * @throws IllegalStateException when not started
     */
    public String baseUrl() {
        return rootUrl() + "/v1";
    }

    /**
     * The server's root URL: {@code http://127.0.0.1:PORT}, the base URL of Anthropic clients
     * (which append {@code /v1/messages}).
     *
     * @return the URL
     * @throws IllegalStateException when not started
     */
    public String rootUrl() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * The port the server listens on.
     *
     * @return the port
     * @throws IllegalStateException when not started
     */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("the simulated model server is not started; call start() first");
        }
        return server.getAddress().getPort();
    }

    /**
     * The models served.
     *
     * @return the profiles, by name
     */
    public Map<String, SimModelProfile> models() {
        return core.profiles();
    }

    /**
     * The tasks the models know.
     *
     * @return the tasks
     */
    public List<SimTask> tasks() {
        return tasks;
    }

    /**
     * How many HTTP requests the server has received, on any path, failed ones included.
     *
     * @return the count
     */
    public long requestCount() {
        return core.log().count();
    }

    /**
     * How many streamed answers were cut short because the client closed the connection (a
     * cancelled stream), on the OpenAI endpoint.
     *
     * @return the count
     */
    public long streamsAbandoned() {
        return core.streamsAbandoned();
    }

    /**
     * The most recent requests received, oldest first (at most the log's capacity).
     *
     * @return the requests
     */
    public List<ReceivedRequest> requestsReceived() {
        return core.log().recent();
    }

    /**
     * The most recent request received.
     *
     * @return the request, if any was received (and the log keeps any)
     */
    public Optional<ReceivedRequest> lastRequest() {
        List<ReceivedRequest> recent = core.log().recent();
        return recent.isEmpty() ? Optional.empty() : Optional.of(recent.get(recent.size() - 1));
    }

    /**
     * The body of the most recent request received.
     *
     * @return the body text
     * @throws IllegalStateException when no request has been received
     */
    public String lastRequestBody() {
        return lastRequest()
                .map(ReceivedRequest::body)
                .orElseThrow(() -> new IllegalStateException("the simulated model server has received no request yet"));
    }

    /**
     * Forgets the received requests and resets the count.
     */
    public void clearRequestLog() {
        core.log().clear();
    }

    /**
     * Forgets how many times each fault has struck, so counted faults strike again.
     */
    public void resetFaults() {
        core.faults().reset();
    }

    /**
     * Stops serving: hung and delayed responses end at once, the port is released and the default
     * executor's threads stop. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        core.pauser().close();
        if (server != null) {
            server.stop(0);
        }
        if (ownsExecutor) {
            ((ExecutorService) executor).shutdownNow();
        }
    }

    @Override
    public String toString() {
        synchronized (this) {
            return "SimulatedModelServer(" + (server == null ? "not started" : rootUrl()) + ", models "
                    + core.profiles().keySet() + ")";
        }
    }

    private static ExecutorService defaultExecutor() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, "dspj-sim-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                DEFAULT_THREADS, DEFAULT_THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Runs a server with the built-in models and tasks until the process is stopped.
     * Arguments: {@code [port] [--latency-scale X] [--seed N] [--api-key KEY]}; port defaults to
     * {@value #DEFAULT_PORT}. Prints the base URL.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        Builder builder = builder().port(DEFAULT_PORT);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--latency-scale" -> builder.latencyScale(Double.parseDouble(value(args, ++i, arg)));
                case "--seed" -> builder.seed(Long.parseLong(value(args, ++i, arg)));
                case "--api-key" -> builder.requireApiKey(value(args, ++i, arg));
                case "-h", "--help" -> {
                    System.out.println(
                            "usage: SimulatedModelServer [port] [--latency-scale X] [--seed N] [--api-key KEY]");
                    return;
                }
                default -> builder.port(Integer.parseInt(arg));
            }
        }
        SimulatedModelServer server = builder.build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "dspj-sim-shutdown"));
        System.out.println("DSPJ simulated model " + server.models().keySet() + " serving "
                + server.tasks().stream().map(SimTask::name).toList() + " at " + server.baseUrl());
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    /** Configures a {@link SimulatedModelServer}. */
    public static final class Builder {
        private final List<SimTask> tasks = new ArrayList<>();
        private final Map<String, SimModelProfile> models = new LinkedHashMap<>();
        private final Map<String, List<Fault>> faults = new LinkedHashMap<>();
        private long seed = DEFAULT_SEED;
        private int port;
        private @Nullable Executor executor;
        private double latencyScale = DEFAULT_LATENCY_SCALE;
        private @Nullable Duration fixedLatency;
        private @Nullable String apiKey;
        private int requestLogCapacity = DEFAULT_REQUEST_LOG_CAPACITY;

        private Builder() {}

        /**
         * Adds a task the models know; without any, they know {@link SimTasks#builtIns()}.
         *
         * @param value the task
         * @return this builder
         */
        public Builder task(SimTask value) {
            tasks.add(Objects.requireNonNull(value, "task"));
            return this;
        }

        /**
         * Adds tasks the models know.
         *
         * @param values the tasks
         * @return this builder
         */
        public Builder tasks(List<SimTask> values) {
            values.forEach(this::task);
            return this;
        }

        /**
         * Adds a model to serve; without any, the server serves {@link SimModelProfile#builtIns()}.
         * A model of the same name replaces the earlier one.
         *
         * @param value the profile
         * @return this builder
         */
        public Builder model(SimModelProfile value) {
            models.put(Objects.requireNonNull(value, "model").name(), value);
            return this;
        }

        /**
         * Adds models to serve.
         *
         * @param values the profiles
         * @return this builder
         */
        public Builder models(List<SimModelProfile> values) {
            values.forEach(this::model);
            return this;
        }

        /**
         * Sets the seed of every draw (default {@value SimulatedModelServer#DEFAULT_SEED}).
         *
         * @param value the seed
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Sets the port (default 0: any free port).
         *
         * @param value 0 to 65535
         * @return this builder
         */
        public Builder port(int value) {
            if (value < 0 || value > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + value);
            }
            this.port = value;
            return this;
        }

        /**
         * Serves requests on this executor instead of the default pool of
         * {@value SimulatedModelServer#DEFAULT_THREADS} daemon threads. The server does not shut it down.
         *
         * @param value the executor
         * @return this builder
         */
        public Builder executor(Executor value) {
            this.executor = Objects.requireNonNull(value, "executor");
            return this;
        }

        /**
         * Scales the profiles' latencies: 1 (the default) as the profiles say, 0 never waits.
         *
         * @param value at least 0
         * @return this builder
         */
        public Builder latencyScale(double value) {
            this.latencyScale = LatencyModel.checkScale(value);
            return this;
        }

        /**
         * Answers every completion after exactly this latency instead of the profiles' (for throughput benchmarks).
         *
         * @param value the latency
         * @return this builder
         */
        public Builder fixedLatency(Duration value) {
            this.fixedLatency = LatencyModel.checkFixed(Objects.requireNonNull(value, "fixedLatency"));
            return this;
        }

        /**
         * Injects a fault into a model's responses. Faults apply in the order added; each counts the
         * requests to its model.
         *
         * @param model the model's name
         * @param value the fault
         * @return this builder
         */
        public Builder fault(String model, Fault value) {
            faults.computeIfAbsent(Objects.requireNonNull(model, "model"), m -> new ArrayList<>())
                    .add(Objects.requireNonNull(value, "fault"));
            return this;
        }

        /**
         * Requires an API key: {@code Authorization: Bearer KEY} on the OpenAI endpoint,
         * {@code x-api-key: KEY} on the Anthropic one; others get a 401. By default no key is needed.
         *
         * @param value the key
         * @return this builder
         */
        public Builder requireApiKey(String value) {
            if (Objects.requireNonNull(value, "apiKey").isBlank()) {
                throw new IllegalArgumentException("the required API key must not be blank");
            }
            this.apiKey = value;
            return this;
        }

        /**
         * How many received requests to keep for {@link SimulatedModelServer#requestsReceived()}
         * (default {@value SimulatedModelServer#DEFAULT_REQUEST_LOG_CAPACITY}; 0 keeps none).
         *
         * @param value at least 0
         * @return this builder
         */
        public Builder requestLogCapacity(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("requestLogCapacity must not be negative, got " + value);
            }
            this.requestLogCapacity = value;
            return this;
        }

        /**
         * Builds the server, not yet started.
         *
         * @return the server
         * @throws IllegalArgumentException when a fault names a model the server does not serve
         */
        public SimulatedModelServer build() {
            return new SimulatedModelServer(this);
        }
    }
}
