package dev.dspj.variable.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dspj.study.Study;
import dev.dspj.study.StudyStore;
import dev.dspj.study.Trial;
import dev.dspj.study.TrialState;
import dev.dspj.testing.pg.PostgresServer;
import dev.dspj.variable.Configuration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search killed with {@code kill -9} mid-run and started again at once finishes its budget: the
 * restarted run skips what was finished, waits for the dead process's in-flight trials and takes
 * them over when their 2 s lease lapses, and reports the budget spent only when every trial is done.
 */
class TunerCrashTest {

    private static final int COMPLETE_BEFORE_KILL = 8;

    @Test
    void aSearchKilledMidRunOnASqliteStudyIsFinishedByARunStartedAtOnce(@TempDir Path directory) throws Exception {
        killAndRestart("jdbc:sqlite:" + directory.resolve("studies.db"), directory);
    }

    @Test
    void aSearchKilledMidRunOnAPostgresStudyIsFinishedByARunStartedAtOnce(@TempDir Path directory) throws Exception {
        String url = PostgresServer.shared().createDatabase("crash");
        killAndRestart(url, directory);
    }

    private static void killAndRestart(String url, Path directory) throws Exception {
        Path out = directory.resolve("first.out");
        Path err = directory.resolve("first.err");
        Process first = TunerCrashWorkerMain.launch(url, "first", out, err);
        Set<Configuration> completeAtKill = new HashSet<>();
        Set<Configuration> runningAtKill = new HashSet<>();
        long killedAt;
        try (StudyStore store = StudyStore.open(url)) {
            awaitStarted(first, out, err);
            Study study = store.study(TunerCrashWorkerMain.STUDY, "{}");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                List<Trial> trials = study.trials();
                long complete = trials.stream()
                        .filter(t -> t.state() == TrialState.COMPLETE)
                        .count();
                long running = trials.stream()
                        .filter(t -> t.state() == TrialState.RUNNING)
                        .count();
                if (complete >= COMPLETE_BEFORE_KILL && running >= 2) {
                    break;
                }
                if (!first.isAlive() || System.nanoTime() > deadline) {
                    first.destroyForcibly();
                    fail("the first run never had " + COMPLETE_BEFORE_KILL + " trials complete and 2 running; trials: "
                            + trials + "; its errors: " + read(err));
                }
                Thread.sleep(10);
            }
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no finally, leases left as they are
            first.waitFor();
            killedAt = System.nanoTime();
            for (Trial trial : study.trials()) {
                (trial.state() == TrialState.COMPLETE ? completeAtKill : runningAtKill).add(trial.configuration());
                assertFalse(trial.state() == TrialState.FAILED, "nothing failed: " + trial);
            }
        }
        assertTrue(runningAtKill.size() >= 1, "the killed run had trials in flight");

        // started again at once, as a user does after a crash
        Map<Configuration, Long> secondStarts = new ConcurrentHashMap<>();
        List<Configuration> secondRun = java.util.Collections.synchronizedList(new ArrayList<>());
        ByteArrayOutputStream progressBytes = new ByteArrayOutputStream();
        TuningResult result;
        long secondStarted = System.nanoTime();
        try (StudyStore store = StudyStore.open(url);
                PrintStream progress = new PrintStream(progressBytes, true, StandardCharsets.UTF_8)) {
            result = TunerCrashWorkerMain.tuner(
                            store,
                            TunerCrashWorkerMain.STUDY,
                            "second",
                            configuration -> {
                                secondRun.add(configuration);
                                secondStarts.putIfAbsent(configuration, System.nanoTime());
                            },
                            progress)
                    .run();
        }
        long secondNanos = System.nanoTime() - secondStarted;
        String progress = progressBytes.toString(StandardCharsets.UTF_8);

        assertEquals("the budget of 24 trials is spent", result.stopReason(), progress);
        for (Configuration configuration : secondRun) {
            assertFalse(
                    completeAtKill.contains(configuration), "a finished trial was evaluated again: " + configuration);
        }
        assertEquals(
                secondRun.size(), new HashSet<>(secondRun).size(), "each configuration evaluated once: " + secondRun);
        assertTrue(
                secondRun.containsAll(runningAtKill),
                "the dead run's in-flight trials were taken over: " + runningAtKill + " vs " + secondRun);
        assertEquals(TunerCrashWorkerMain.TRIALS - completeAtKill.size(), secondRun.size());
        assertTrue(progress.contains("waiting for") && progress.contains("lease ends"), progress);

        try (StudyStore store = StudyStore.open(url)) {
            List<Trial> trials = store.study(TunerCrashWorkerMain.STUDY, "{}").trials();
            assertEquals(TunerCrashWorkerMain.TRIALS, trials.size());
            assertEquals(
                    new HashSet<>(TunerWorkerMain.SPACE.grid(6)),
                    new HashSet<>(trials.stream().map(Trial::configuration).toList()),
                    "the whole grid");
            for (Trial trial : trials) {
                assertEquals(TrialState.COMPLETE, trial.state(), trial.toString());
                if (runningAtKill.contains(trial.configuration())) {
                    assertEquals(2, trial.attempt(), "taken over: " + trial);
                    assertEquals("second", trial.worker());
                } else {
                    assertEquals(1, trial.attempt(), trial.toString());
                    assertEquals(completeAtKill.contains(trial.configuration()) ? "first" : "second", trial.worker());
                }
            }
        }

        long takeOverMillis = runningAtKill.stream()
                        .mapToLong(c -> secondStarts.get(c) - killedAt)
                        .max()
                        .orElseThrow()
                / 1_000_000;
        long lease = TunerCrashWorkerMain.LEASE.toMillis();
        System.out.printf(
                "%s: %d complete and %d running at the kill; the restarted run took the last over %d ms after "
                        + "the kill and finished in %d ms (lease %d ms)%n",
                url.startsWith("jdbc:sqlite") ? "SQLite" : "PostgreSQL",
                completeAtKill.size(),
                runningAtKill.size(),
                takeOverMillis,
                secondNanos / 1_000_000,
                lease);
        assertTrue(takeOverMillis < 2 * lease + 1_000, "taken over within about a lease: " + takeOverMillis + " ms");
        assertTrue(
                secondNanos < Duration.ofMillis(5 * lease).toNanos(),
                "bounded by a few leases: " + secondNanos / 1_000_000 + " ms");
    }

    /** Waits until the child has started its first trial, so the study exists with its description. */
    private static void awaitStarted(Process process, Path out, Path err) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!read(out).contains(TunerCrashWorkerMain.STARTED)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                fail("the first run did not start a trial: " + read(err));
            }
            Thread.sleep(10);
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
