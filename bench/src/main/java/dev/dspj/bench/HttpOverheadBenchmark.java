package dev.dspj.bench;

import dev.dspj.adapter.ChatAdapter;
import dev.dspj.adapter.JsonAdapter;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.Provider;
import dev.dspj.lm.limit.ModelLimits;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What DSPJ adds to one model call over HTTP, against the simulated model on loopback with no
 * simulated latency ({@code latencyScale(0)}), so the time is the client's work, the loopback
 * round trip and the server's work.
 *
 * <ul>
 *   <li>{@link #dspj()}: a generated predictor ({@code FactoidQuestionPredictor}) calling an
 *       {@link HttpLanguageModel} with the cache off: formats the Chat prompt, builds and writes
 *       the OpenAI request JSON, passes the limiter, POSTs it with the Micronaut client, reads the
 *       response JSON, records usage, cost and history, and parses the answer into the typed
 *       output record.</li>
 *   <li>{@link #dspjModelOnly()}: the {@link HttpLanguageModel} alone, given the prompt already
 *       formatted: the same without the adapter and the predictor.</li>
 *   <li>{@link #bareClient()}: a bare Micronaut {@link HttpClient} with its default configuration
 *       posting the exact bytes DSPJ sends (captured from the server in setup) and reading the
 *       response body as bytes, nothing else.</li>
 * </ul>
 *
 * <p>The server is the same for all three and answers the same question each time, so it does the
 * same work per call. It runs in the benchmark's JVM on a pool of {@value #SERVER_THREADS}
 * threads. Run: {@code java -jar bench/target/benchmarks.jar HttpOverheadBenchmark -f 1}; add
 * {@code -t 4} for four calling threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HttpOverheadBenchmark {

    /** The simulated model called (latency is zero whichever it is). */
    public static final String MODEL = "sim-medium";
    /** Threads serving HTTP in the simulated server. */
    public static final int SERVER_THREADS = 8;

    private static final String PATH = "/v1/chat/completions";

    SimulatedModelServer server;
    ExecutorService serverThreads;
    HttpLanguageModel model;
    FactoidQuestionPredictor predictor;
    FactoidQuestionPredictor jsonPredictor;
    HttpClient bare;
    BlockingHttpClient bareBlocking;

    private final com.fasterxml.jackson.databind.ObjectMapper handParser =
            new com.fasterxml.jackson.databind.ObjectMapper();
    String question;
    LmRequest request;
    byte[] body;

    /** Starts the server and both clients, and captures the request body DSPJ sends. */
    @Setup(Level.Trial)
    public void start() {
        AtomicInteger count = new AtomicInteger();
        serverThreads = Executors.newFixedThreadPool(SERVER_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "sim-server-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server = SimulatedModelServer.builder()
                .latencyScale(0)
                .executor(serverThreads)
                .build()
                .start();
        model = HttpLanguageModel.builder(Provider.SIM)
                .model(MODEL)
                .baseUrl(server.baseUrl())
                .cache(ResponseCache.none())
                .privateLimits(ModelLimits.DEFAULT)
                .build();
        predictor = FactoidQuestionPredictor.predict().withModel(model);
        jsonPredictor = FactoidQuestionPredictor.predict().withModel(model).withAdapter(JsonAdapter.INSTANCE);
        question = SimTasks.factoidQa().examples().get(0).inputs().get("question");
        request = new LmRequest(
                ChatAdapter.INSTANCE.format(
                        FactoidQuestionSignature.DESCRIPTOR, java.util.List.of(), Map.of("question", question)),
                LmSettings.DEFAULTS);

        FactoidQuestionOutput first = predictor.call(question);
        if (first.answer().isBlank()) {
            throw new IllegalStateException("the simulated model gave no answer to \"" + question + "\"");
        }
        body = server.lastRequestBody().getBytes(StandardCharsets.UTF_8);

        try {
            bare = HttpClient.create(new URL(server.rootUrl()));
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        bareBlocking = bare.toBlocking();
    }

    /** Stops the clients and the server. */
    @TearDown(Level.Trial)
    public void stop() {
        if (bare != null) {
            bare.close();
        }
        if (model != null) {
            model.close();
        }
        if (server != null) {
            server.close();
        }
        if (serverThreads != null) {
            serverThreads.shutdownNow();
        }
    }

    /**
     * DSPJ end to end: format, HTTP, parse into the typed output.
     *
     * @return the typed answer
     */
    @Benchmark
    public FactoidQuestionOutput dspj() {
        return predictor.call(question);
    }

    /**
     * DSPJ end to end with the JSON adapter: a strict {@code json_schema} request, the answer read
     * from the JSON object the model returns.
     *
     * @return the typed answer
     */
    @Benchmark
    public FactoidQuestionOutput dspjJson() {
        return jsonPredictor.call(question);
    }

    /**
     * The DSPJ client alone, with the prompt already formatted.
     *
     * @return the response
     */
    @Benchmark
    public LmResponse dspjModelOnly() {
        return model.complete(request);
    }

    /**
     * The DSPJ client with a prompt formatted for this call, as a predictor sends it.
     *
     * @return the response
     */
    @Benchmark
    public LmResponse dspjModelFresh() {
        return model.complete(new LmRequest(
                ChatAdapter.INSTANCE.format(
                        FactoidQuestionSignature.DESCRIPTOR, java.util.List.of(), Map.of("question", question)),
                LmSettings.DEFAULTS));
    }

    /**
     * The bare Micronaut client posting the same bytes, its answer read by hand as the peer
     * benchmark's {@code micronaut-raw-chat} does: Jackson's tree, the message's content, the text
     * after the {@code answer} field's marker.
     *
     * @return the answer
     */
    @Benchmark
    public String bareParsed() {
        try {
            String content = handParser
                    .readTree(bareClient())
                    .path("choices")
                    .path(0)
                    .path("message")
                    .path("content")
                    .asText();
            String marker = "[[ ## answer ## ]]";
            int start = content.indexOf(marker) + marker.length();
            int end = content.indexOf("[[ ##", start);
            return content.substring(start, end < 0 ? content.length() : end).trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The bare Micronaut client posting the same bytes.
     *
     * @return the response body
     */
    @Benchmark
    public byte[] bareClient() {
        return bareBlocking
                .exchange(HttpRequest.POST(PATH, body).contentType(MediaType.APPLICATION_JSON_TYPE), byte[].class)
                .body();
    }
}
