package dev.dspj.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.primitives.Example;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code dspj run} over a file against its ideal bound: N rows of factoid questions, the simulated
 * model in this JVM answering every call after exactly L ms, and the {@code dspj} launcher run as
 * a child process with C rows in flight. The ideal is {@code N × L / C}; the wall time is the
 * child's, from its start to its exit (JVM start, loading the program and the file, writing the
 * output in input order and all). A second, resumed run over the finished file is timed too: it
 * makes no call.
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar dev.dspj.bench.CliRunBench [rows] [latencyMs] [concurrency] [launcher]
 * }</pre>
 *
 * Defaults: 100,000 rows, 50 ms, 64 in flight, {@code runtime/cli/target/dspj}.
 */
public final class CliRunBench {

    private CliRunBench() {}

    /**
     * Runs the measurement.
     *
     * @param args rows, latency in ms, concurrency, the launcher's path
     * @throws Exception when a file, the server or the child fails
     */
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int latencyMs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        Path launcher = Path.of(args.length > 3 ? args[3] : "runtime/cli/target/dspj");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalArgumentException(launcher + " is not the dspj launcher: build it with mvn package");
        }
        Path dir = Files.createTempDirectory("dspj-cli-bench");
        Path input = writeQuestions(dir.resolve("questions.jsonl"), rows);
        Path output = dir.resolve("answers.jsonl");
        String classes = Path.of(CliRunBench.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        try (SimulatedModelServer server = SimulatedModelServer.builder()
                .fixedLatency(Duration.ofMillis(latencyMs))
                .build()
                .start()) {
            List<String> command = List.of(
                    launcher.toString(),
                    "run",
                    "--classpath",
                    classes,
                    "--program",
                    FactoidQuestion.class.getName(),
                    "--input",
                    input.toString(),
                    "--output",
                    output.toString(),
                    "--model",
                    "sim/sim-medium",
                    "--base-url",
                    server.baseUrl(),
                    "--concurrency",
                    Integer.toString(concurrency),
                    "--no-progress");
            double ideal = (double) rows * latencyMs / concurrency / 1000;
            long calls = server.requestCount();
            double wall = runChild(command, dir.resolve("run.log"));
            long made = server.requestCount() - calls;
            double resumed = runChild(command, dir.resolve("resume.log"));
            long lines;
            try (var stream = Files.lines(output)) {
                lines = stream.count();
            }

            System.out.printf(
                    Locale.ROOT,
                    "dspj run: %d rows, %d ms latency, %d in flight: %.2f s wall, ideal %.2f s, ratio %.3f"
                            + " (%.0f rows/s; %d calls, %d lines)%n",
                    rows,
                    latencyMs,
                    concurrency,
                    wall,
                    ideal,
                    wall / ideal,
                    rows / wall,
                    made,
                    lines);
            long resumedCalls = server.requestCount() - calls - made;
            double roundTrip = ServerRoundTrip.medianSeconds(server, 200);
            double measuredIdeal = rows * roundTrip / concurrency;
            System.out.printf(
                    Locale.ROOT,
                    "the server's own round trip (a bare JDK client posting the run's last request, median of 200):"
                            + " %.2f ms; ideal at that latency %.2f s, ratio %.3f%n",
                    roundTrip * 1000,
                    measuredIdeal,
                    wall / measuredIdeal);
            System.out.printf(Locale.ROOT, "resumed over the finished file: %.2f s, %d calls%n", resumed, resumedCalls);
        }
    }

    private static Path writeQuestions(Path file, int rows) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> questions = new ArrayList<>();
        for (Example example : SimTasks.factoidQa().dataset()) {
            questions.add(example.getString("question"));
        }
        List<String> lines = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            lines.add(json.createObjectNode()
                    .put("id", i)
                    .put("question", questions.get(i % questions.size()))
                    .toString());
        }
        return Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static double runChild(List<String> command, Path log) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process child = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        int code = child.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            throw new IllegalStateException("dspj run exited with " + code + ": " + Files.readString(log));
        }
        return seconds;
    }
}
