package dev.dspj.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpServer;
import dev.dspj.agent.ReAct;
import dev.dspj.agent.Trajectory;
import dev.dspj.codec.Codecs;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.Provider;
import dev.dspj.lm.limit.ModelLimits;
import dev.dspj.module.CallOptions;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.tool.Tool;
import dev.dspj.tool.ToolArgument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * DSPJ's cost per ReAct step against a hand-written agent loop over the same HTTP calls.
 *
 * <p>A loopback server answers as a model would, instantly and always alike: a first step that
 * calls {@code lookup} for a name, a second that calls {@code finish}, then the extraction's
 * answer. One run is those three calls and one tool call. {@code dspj} runs {@link ReAct} with an
 * {@link HttpLanguageModel} (no cache) and a tool declared non-blocking ({@code blocking(false)}: a
 * lookup in memory), which the agent calls on its own thread, as the hand loop does; {@code
 * dspjToolThread} is the same agent with the tool left blocking, the default for a synchronous
 * function, which runs it on a tool thread within its timeout. {@code handLoop} is what a developer writes without a
 * framework: the same three request bodies (the bytes DSPJ sent, captured once, so the hand loop
 * spends nothing on writing prompts), posted with a bare Micronaut client, answers read with
 * Jackson and {@code indexOf}, the tool called directly. Interleaved rounds in one JVM; wall time
 * and the CPU time of the client's threads per run (the server's threads are not counted).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.dspj.bench.ReActOverhead [runs per
 * round=300] [rounds=10] [warm-up rounds=5]}.
 */
public final class ReActOverhead {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String QUESTION = "Where was Ada Varrow born?";
    private static final String ANSWER = "Lyon";

    private static final SignatureDescriptor QA = SignatureDescriptor.builder("QA")
            .instructions("Answer the question with the tools.")
            .field(FieldDescriptor.input("question", Codecs.STRING, "", "java.lang.String"))
            .field(FieldDescriptor.output("answer", Codecs.STRING, "", "java.lang.String"))
            .build();

    private static final ToolArgument<String> NAME = ToolArgument.of("name", Codecs.STRING, "a person's full name");

    private ReActOverhead() {}

    static String lookup(String name) {
        return name + " was born in " + ANSWER + ".";
    }

    private static String chat(String... namesAndValues) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.append("[[ ## ")
                    .append(namesAndValues[i])
                    .append(" ## ]]\n")
                    .append(namesAndValues[i + 1])
                    .append("\n\n");
        }
        return out.append("[[ ## completed ## ]]").toString();
    }

    private static byte[] completion(String content) {
        var body = JSON.createObjectNode();
        body.put("id", "chatcmpl-bench").put("object", "chat.completion").put("model", "bench-model");
        var choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", "stop");
        body.putObject("usage")
                .put("prompt_tokens", 400)
                .put("completion_tokens", 30)
                .put("total_tokens", 430);
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The loopback "model": answers from what the request asks, records the bodies when asked. */
    static final class ScriptedServer implements AutoCloseable {
        final HttpServer server;
        final List<byte[]> recorded = new CopyOnWriteArrayList<>();
        volatile boolean recording;
        private final byte[] firstStep = completion(chat(
                "next_thought", "I should look the person up.",
                "next_tool_name", "lookup",
                "next_tool_args", "{\"name\": \"Ada Varrow\"}"));
        private final byte[] secondStep = completion(
                chat("next_thought", "I know the answer.", "next_tool_name", "finish", "next_tool_args", "{}"));
        private final byte[] extraction = completion(chat("reasoning", "The lookup says so.", "answer", ANSWER));

        ScriptedServer() throws IOException {
            // as the simulated server does: without it, a client that writes a request in two packets
            // waits out the delayed acknowledgement (about 40 ms) on every call
            System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "react-bench-server");
                thread.setDaemon(true);
                return thread;
            }));
            server.createContext("/v1/chat/completions", exchange -> {
                byte[] request = exchange.getRequestBody().readAllBytes();
                if (recording) {
                    recorded.add(request);
                }
                String text = new String(request, StandardCharsets.UTF_8);
                byte[] answer = !text.contains("next_tool_name")
                        ? extraction
                        : text.contains("observation_0") ? secondStep : firstStep;
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            });
            server.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** The two ways to run the agent, on one server. */
    static final class Variants implements AutoCloseable {
        final ScriptedServer server;
        final HttpLanguageModel model;
        final ReAct agent;
        final ReAct agentToolThread;
        final HttpClient bare;
        final BlockingHttpClient blocking;
        final List<byte[]> bodies;

        Variants() throws IOException {
            server = new ScriptedServer();
            model = HttpLanguageModel.builder(Provider.OPENAI_COMPATIBLE)
                    .model("bench-model")
                    .baseUrl(server.baseUrl())
                    .cache(ResponseCache.none())
                    .privateLimits(ModelLimits.DEFAULT)
                    .build();
            Tool tool = Tool.builder("lookup")
                    .description("Finds what is known about a person.")
                    .arguments(NAME)
                    .blocking(false)
                    .function(Codecs.STRING, args -> lookup(args.get(NAME)));
            agent = new ReAct(QA, List.of(tool));
            Tool blockingTool = Tool.builder("lookup")
                    .description("Finds what is known about a person.")
                    .arguments(NAME)
                    .function(Codecs.STRING, args -> lookup(args.get(NAME)));
            agentToolThread = new ReAct(QA, List.of(blockingTool));
            server.recording = true;
            String first = dspj();
            server.recording = false;
            if (!ANSWER.equals(first) || server.recorded.size() != 3) {
                throw new IllegalStateException(
                        "the ReAct run went wrong: answer " + first + ", " + server.recorded.size() + " requests");
            }
            bodies = List.copyOf(server.recorded);
            server.recording = true;
            String onToolThread = dspjToolThread();
            server.recording = false;
            for (int i = 0; i < 3; i++) {
                if (!java.util.Arrays.equals(bodies.get(i), server.recorded.get(3 + i))) {
                    throw new IllegalStateException("a blocking tool changed request " + i);
                }
            }
            if (!ANSWER.equals(onToolThread)) {
                throw new IllegalStateException("the ReAct run with a blocking tool went wrong: " + onToolThread);
            }
            bare = HttpClient.create(
                    new URL("http://127.0.0.1:" + server.server.getAddress().getPort()));
            blocking = bare.toBlocking();
            if (!ANSWER.equals(handLoop())) {
                throw new IllegalStateException("the hand loop went wrong");
            }
        }

        String dspj() {
            return run(agent);
        }

        String dspjToolThread() {
            return run(agentToolThread);
        }

        private String run(ReAct react) {
            Prediction prediction = react.forward(Map.of("question", QUESTION), CallOptions.model(model));
            if (((Trajectory) prediction.values().get("trajectory")).steps().size() != 2) {
                throw new IllegalStateException("expected two steps: " + prediction);
            }
            return prediction.getString("answer");
        }

        String handLoop() {
            String step = content(post(bodies.get(0)));
            String tool = field(step, "next_tool_name");
            JsonNode args = read(field(step, "next_tool_args"));
            String observation =
                    "lookup".equals(tool) ? lookup(args.path("name").asText()) : "";
            if (observation.isEmpty()) {
                throw new IllegalStateException("unexpected tool " + tool);
            }
            // a hand loop appends the observation to its trajectory text; the captured body already holds it
            String second = content(post(bodies.get(1)));
            if (!"finish".equals(field(second, "next_tool_name"))) {
                throw new IllegalStateException("expected finish: " + second);
            }
            return field(content(post(bodies.get(2))), "answer");
        }

        private byte[] post(byte[] body) {
            return blocking.exchange(
                            HttpRequest.POST("/v1/chat/completions", body).contentType(MediaType.APPLICATION_JSON_TYPE),
                            byte[].class)
                    .body();
        }

        private static String content(byte[] response) {
            return read(response)
                    .path("choices")
                    .path(0)
                    .path("message")
                    .path("content")
                    .asText();
        }

        private static JsonNode read(byte[] bytes) {
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static JsonNode read(String text) {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String field(String content, String name) {
            String marker = "[[ ## " + name + " ## ]]";
            int start = content.indexOf(marker);
            if (start < 0) {
                throw new IllegalStateException("no " + name + " in " + content);
            }
            start += marker.length();
            int end = content.indexOf("[[ ##", start);
            return content.substring(start, end < 0 ? content.length() : end).strip();
        }

        @Override
        public void close() {
            bare.close();
            model.close();
            server.close();
        }
    }

    /**
     * Runs interleaved rounds.
     *
     * @param variants the variants
     * @param runs agent runs per variant per round
     * @param rounds rounds
     * @return per variant, per round: {wall µs per run, client CPU µs per run}
     */
    static Map<String, List<double[]>> rounds(Variants variants, int runs, int rounds) {
        Map<String, Supplier<String>> all = new LinkedHashMap<>();
        all.put("handLoop", variants::handLoop);
        all.put("dspj", variants::dspj);
        all.put("dspjToolThread", variants::dspjToolThread);
        List<String> names = new ArrayList<>(all.keySet());
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        names.forEach(name -> results.put(name, new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((round + k) % names.size());
                long cpu = clientCpu();
                long start = System.nanoTime();
                for (int i = 0; i < runs; i++) {
                    if (!ANSWER.equals(all.get(name).get())) {
                        throw new IllegalStateException(name + " gave a wrong answer");
                    }
                }
                long wall = System.nanoTime() - start;
                results.get(name).add(new double[] {wall / 1e3 / runs, (clientCpu() - cpu) / 1e3 / runs});
            }
        }
        return results;
    }

    private static long clientCpu() {
        long total = 0;
        long[] ids = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(ids, 0);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null || infos[i].getThreadName().equals("react-bench-server")) {
                continue;
            }
            long time = THREADS.getThreadCpuTime(ids[i]);
            if (time > 0) {
                total += time;
            }
        }
        return total;
    }

    /**
     * Prints the medians and the ratios.
     *
     * @param args {@code [runs per round] [rounds] [warm-up rounds]}
     * @throws IOException when the server cannot start
     */
    public static void main(String[] args) throws IOException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        System.out.printf(
                Locale.ROOT,
                "%d agent runs (3 model calls, 1 tool call each) per variant per round, %d rounds after %d warm-up; "
                        + "load average %.2f%n",
                runs,
                rounds,
                warmups,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (Variants variants = new Variants()) {
            rounds(variants, runs, warmups);
            Map<String, List<double[]>> results = rounds(variants, runs, rounds);
            double[] hand = medians(results.get("handLoop"));
            System.out.printf(Locale.ROOT, "variant         median µs per run: wall  client CPU   (per step: ÷3)%n");
            System.out.printf(Locale.ROOT, "handLoop        %27.1f %11.1f%n", hand[0], hand[1]);
            for (String name : List.of("dspj", "dspjToolThread")) {
                double[] dspj = medians(results.get(name));
                System.out.printf(Locale.ROOT, "%-15s %27.1f %11.1f%n", name, dspj[0], dspj[1]);
            }
            for (String name : List.of("dspj", "dspjToolThread")) {
                double[] dspj = medians(results.get(name));
                double[] ratios = new double[rounds];
                for (int i = 0; i < rounds; i++) {
                    ratios[i] = results.get(name).get(i)[0]
                            / results.get("handLoop").get(i)[0];
                }
                System.out.printf(
                        Locale.ROOT,
                        "%s / handLoop: wall %.3f (median of per-round ratios %.3f), client CPU %.3f; "
                                + "+%.1f µs wall and +%.1f µs CPU per step%n",
                        name,
                        dspj[0] / hand[0],
                        RunMonitor.median(ratios),
                        dspj[1] / hand[1],
                        (dspj[0] - hand[0]) / 3,
                        (dspj[1] - hand[1]) / 3);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "load average at the end: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static double[] medians(List<double[]> rows) {
        return new double[] {
            RunMonitor.median(rows.stream().mapToDouble(row -> row[0]).toArray()),
            RunMonitor.median(rows.stream().mapToDouble(row -> row[1]).toArray())
        };
    }
}
