package dev.dspj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dspj run} killed with SIGKILL in the middle of a file, then started again: the second run
 * calls the model only for the rows the first did not write, and the file ends with every row once.
 */
class RunKillTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 300;

    @TempDir
    Path dir;

    @Test
    void aKilledRunStartedAgainCallsTheModelOnlyForUnfinishedRows() throws Exception {
        List<String> lines = new ArrayList<>();
        for (Example example : SimTasks.factoidQa().dataset().take(ROWS)) {
            lines.add(JSON.createObjectNode()
                    .put("question", example.getString("question"))
                    .toString());
        }
        Path input = Files.write(dir.resolve("questions.jsonl"), lines);
        Path output = dir.resolve("answers.jsonl");

        try (SimulatedModelServer server = SimulatedModelServer.builder()
                .fixedLatency(Duration.ofMillis(50))
                .build()
                .start()) {
            List<String> args = List.of(
                    "run",
                    "--program",
                    "dev.dspj.cli.fixture.Factoid",
                    "--input",
                    input.toString(),
                    "--output",
                    output.toString(),
                    "--model",
                    "sim/sim-medium",
                    "--base-url",
                    server.baseUrl(),
                    "--concurrency",
                    "4",
                    "--no-progress");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    System.getProperty("java.class.path"),
                    DspjCli.class.getName()));
            command.addAll(args);
            Process child = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("child.log").toFile())
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lineCount(output) < 60) {
                assertTrue(child.isAlive(), () -> "the run ended before it was killed: " + log());
                assertTrue(System.nanoTime() < deadline, "no 60 rows written in a minute");
                Thread.sleep(20);
            }
            child.destroyForcibly(); // SIGKILL on Linux and macOS
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            Thread.sleep(300); // requests already on the wire reach the server's count
            long sentBeforeKill = server.requestCount();

            CliRun rerun = CliRun.of(args.toArray(String[]::new));

            assertEquals(0, rerun.exitCode(), rerun::toString);
            String started = rerun.err()
                    .lines()
                    .filter(line -> line.contains("written by an earlier run"))
                    .findFirst()
                    .orElseThrow();
            int written = Integer.parseInt(started.replaceAll(".*, (\\d+) written by an earlier run.*", "$1"));
            assertTrue(written >= 60 && written < ROWS, started);
            assertEquals(
                    ROWS - written, server.requestCount() - sentBeforeKill, "the rerun calls only unfinished rows");
            assertTrue(sentBeforeKill >= written, "every written row was a call of the first run");

            List<String> finished = Files.readAllLines(output, StandardCharsets.UTF_8);
            assertEquals(ROWS, finished.size());
            Set<Integer> rows = new HashSet<>();
            for (int i = 0; i < finished.size(); i++) {
                int row = JSON.readTree(finished.get(i)).get(RunOutput.ROW).asInt();
                assertEquals(i + 1, row, "in input order");
                assertTrue(rows.add(row), "row " + row + " written once");
                assertTrue(JSON.readTree(finished.get(i)).hasNonNull("answer"));
            }
        }
    }

    private static long lineCount(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] bytes = Files.readAllBytes(file);
        long count = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                count++;
            }
        }
        return count;
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("child.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
