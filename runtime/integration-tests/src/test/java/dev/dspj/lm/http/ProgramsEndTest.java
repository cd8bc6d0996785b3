package dev.dspj.lm.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dspj.sim.SimulatedModelServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A program whose {@code main} uses the HTTP client and returns ends its JVM by itself, whether or
 * not it closed its models: no thread DSPJ starts keeps a JVM alive. The simulated server runs in
 * this JVM (it would keep the child alive legitimately); the child ({@link ProgramThatEnds}) finds it
 * through {@code DSPJ_SIM_BASE_URL}.
 */
@Execution(ExecutionMode.CONCURRENT) // each test waits on its own child JVM; the server is shared and thread-safe
class ProgramsEndTest {

    /** Generous for a cold JVM on a busy machine; a program that hangs never ends. */
    private static final long LIMIT_SECONDS = 30;
    /** From main's return to the JVM's end: closing at exit, but no waiting for idle threads. */
    private static final long EXIT_LIMIT_MILLIS = 5_000;

    private static SimulatedModelServer server;

    @BeforeAll
    static void startServer() {
        server = SimulatedModelServer.builder().latencyScale(0).build().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aProgramThatClosesNothingEndsWhenMainReturns(@TempDir Path directory) throws Exception {
        runToTheEnd(directory);
    }

    @Test
    void aProgramThatClosesItsModelsEndsWhenMainReturns(@TempDir Path directory) throws Exception {
        runToTheEnd(directory, "close");
    }

    @Test
    void aProgramThatConfiguresTheDefaultModelInCodeEnds(@TempDir Path directory) throws Exception {
        runToTheEnd(directory, "configure");
    }

    private static void runToTheEnd(Path directory, String... args) throws Exception {
        Path output = directory.resolve("out.txt");
        Path errors = directory.resolve("err.txt");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ProgramThatEnds.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile());
        builder.environment().put("DSPJ_LM", "sim/sim-small");
        builder.environment().put("DSPJ_SIM_BASE_URL", server.baseUrl());
        builder.environment().put("DSPJ_CACHE", "disk");
        builder.environment().put("DSPJ_CACHE_DIR", directory.resolve("cache").toString());
        long started = System.nanoTime();
        Process process = builder.start();
        boolean ended = process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
        long endedAt = System.currentTimeMillis();
        if (!ended) {
            String threads = threadDump(process);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("the program did not end within " + LIMIT_SECONDS + " s after main; output:\n" + read(output)
                    + "\nerrors:\n" + read(errors) + "\nthreads:\n" + threads);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        String printed = read(output);
        assertEquals(0, process.exitValue(), () -> "exit code; output:\n" + printed + "\nerrors:\n" + read(errors));
        String returned = printed.lines()
                .filter(line -> line.startsWith(ProgramThatEnds.DONE))
                .findFirst()
                .orElseThrow(() -> new AssertionError("main did not return; output:\n" + printed));
        long exitMillis = endedAt
                - Long.parseLong(
                        returned.substring(ProgramThatEnds.DONE.length()).strip());
        assertTrue(exitMillis < EXIT_LIMIT_MILLIS, () -> "the JVM ended " + exitMillis + " ms after main returned");
        long answers = printed.lines()
                .filter(line ->
                        line.startsWith(ProgramThatEnds.ANSWER) && line.length() > ProgramThatEnds.ANSWER.length())
                .count();
        assertEquals(4, answers, () -> "a blocking, an asynchronous, a streamed answer and an embedding:\n" + printed);
        assertTrue(
                cachedResponses(directory.resolve("cache")) >= 2,
                "the disk cache holds the blocking and the asynchronous answers: closing at exit wrote them out");
        System.out.println(
                "program " + List.of(args) + " ran " + millis + " ms, ended " + exitMillis + " ms after main returned");
    }

    private static int cachedResponses(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            Path file = files.filter(
                            path -> path.getFileName().toString().equals(dev.dspj.lm.cache.ResponseCache.CACHE_FILE))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no cache file in " + directory));
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM responses")) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** The child's threads, for the failure message (jcmd ships with the JDK that runs the tests). */
    private static String threadDump(Process process) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return "(no jcmd)";
        }
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "Thread.print")
                    .redirectErrorStream(true)
                    .start();
            String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            dump.waitFor(10, TimeUnit.SECONDS);
            return text.lines().filter(line -> line.startsWith("\"")).reduce("", (a, b) -> a + b + "\n");
        } catch (IOException e) {
            return "(jcmd failed: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
