package dev.dspj.bench;

import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.Transport;
import dev.dspj.module.ChainOfThought;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.streaming.StreamListener;
import dev.dspj.streaming.StreamMessage;
import dev.dspj.streaming.Streaming;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time to the first piece of a streamed field against the server's own stream, in one JVM: the
 * same chain-of-thought request (the prompt DSPJ sends) is streamed by a bare JDK client that
 * times the first byte of the body and the first byte of the {@code reasoning} field's value, and
 * by {@link Streaming} listening to {@code reasoning}, which times its first {@link
 * StreamMessage.FieldChunk}. Rounds alternate; medians are reported.
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar dev.dspj.bench.StreamingFirstChunk [rounds] [latencyScale]
 * }</pre>
 */
public final class StreamingFirstChunk {

    private StreamingFirstChunk() {}

    /**
     * Runs the comparison.
     *
     * @param args rounds (default 40) and the simulated latency scale (default 1)
     * @throws Exception when the server or a request fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        double scale = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        List<String> questions = new ArrayList<>();
        SimTasks.factoidQa().toExamples().forEach(e -> questions.add(String.valueOf(e.get("question"))));
        try (SimulatedModelServer server = SimulatedModelServer.builder()
                        .latencyScale(scale)
                        .build()
                        .start();
                HttpLanguageModel model = HttpLanguageModel.builder("sim/sim-small")
                        .baseUrl(server.baseUrl())
                        .transport(Transport.JDK)
                        .cache(ResponseCache.none())
                        .build()) {
            ChainOfThought cot = new ChainOfThought(FactoidQuestionSignature.DESCRIPTOR);
            cot.namedPredictors().get(0).predictor().setModel(model);
            HttpClient raw = HttpClient.newHttpClient();
            double[] firstByte = new double[rounds];
            double[] firstFieldByte = new double[rounds];
            double[] firstChunk = new double[rounds];
            for (int warm = 0; warm < 5; warm++) {
                streamed(cot, questions.get(warm));
            }
            for (int round = 0; round < rounds; round++) {
                String question = questions.get(10 + round % (questions.size() - 10));
                String body = server.lastRequestBody();
                if (round % 2 == 0) {
                    firstChunk[round] = streamed(cot, question);
                    double[] rawTimes = rawStream(raw, server.baseUrl(), server.lastRequestBody());
                    firstByte[round] = rawTimes[0];
                    firstFieldByte[round] = rawTimes[1];
                } else {
                    streamed(cot, question);
                    body = server.lastRequestBody();
                    double[] rawTimes = rawStream(raw, server.baseUrl(), body);
                    firstByte[round] = rawTimes[0];
                    firstFieldByte[round] = rawTimes[1];
                    firstChunk[round] = streamed(cot, question);
                }
            }
            double byteMedian = RunMonitor.median(firstByte);
            double fieldByteMedian = RunMonitor.median(firstFieldByte);
            double chunkMedian = RunMonitor.median(firstChunk);
            System.out.printf(
                    Locale.ROOT,
                    "rounds %d, latency scale %.2f%n"
                            + "first byte of the body (bare JDK client):              %8.2f ms%n"
                            + "first byte of the reasoning value (bare JDK client):   %8.2f ms%n"
                            + "first reasoning FieldChunk (Streaming):                %8.2f ms (%.3fx the field's first byte, +%.2f ms)%n",
                    rounds,
                    scale,
                    byteMedian,
                    fieldByteMedian,
                    chunkMedian,
                    chunkMedian / fieldByteMedian,
                    chunkMedian - fieldByteMedian);
        }
    }

    /** Milliseconds from the call to the first reasoning piece. */
    private static double streamed(ChainOfThought cot, String question) {
        long start = System.nanoTime();
        AtomicLong first = new AtomicLong();
        Streaming.of(cot).listen(StreamListener.field("reasoning")).run(Map.of("question", question), message -> {
            if (message instanceof StreamMessage.FieldChunk && first.get() == 0) {
                first.set(System.nanoTime());
            }
        });
        return (first.get() - start) / 1e6;
    }

    /** Milliseconds to the first byte of the body and to the first byte of the reasoning value. */
    private static double[] rawStream(HttpClient client, String baseUrl, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        double firstByte = -1;
        double firstField = -1;
        StringBuilder text = new StringBuilder();
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (firstByte < 0 && read > 0) {
                    firstByte = (System.nanoTime() - start) / 1e6;
                }
                text.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                if (firstField < 0 && valueStarted(text)) {
                    firstField = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        return new double[] {firstByte, firstField};
    }

    /** Whether the streamed deltas so far hold a character of the reasoning value. */
    private static boolean valueStarted(StringBuilder events) {
        StringBuilder joined = new StringBuilder();
        for (String line : events.toString().split("\n")) {
            int at = line.indexOf("\"content\":\"");
            if (line.startsWith("data: {") && at >= 0) {
                int end = line.indexOf('"', at + 11);
                while (end > 0 && line.charAt(end - 1) == '\\') {
                    end = line.indexOf('"', end + 1);
                }
                if (end > 0) {
                    joined.append(line, at + 11, end);
                }
            }
        }
        String content = joined.toString().replace("\\n", "\n");
        int header = content.indexOf("[[ ## reasoning ## ]]");
        return header >= 0 && !content.substring(header + 21).isBlank();
    }
}
