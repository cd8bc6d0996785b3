package dev.dspj.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dspj.execution.RunRecord;
import dev.dspj.study.StudyStore;
import dev.dspj.study.Trial;
import dev.dspj.study.TrialState;
import dev.dspj.testing.pg.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An optimizer run killed with {@code kill -9} mid-step and started again at once: finished steps
 * are replayed without computing, the steps the dead process was computing are computed again once
 * their 2 s lease lapses, and every step ends recorded once.
 */
class RunRecordCrashTest {

    @Test
    void aRunKilledMidStepOnSqliteIsFinishedByARunStartedAtOnce(@TempDir Path directory) throws Exception {
        killAndRestart("jdbc:sqlite:" + directory.resolve("runs.db"), directory);
    }

    @Test
    void aRunKilledMidStepOnPostgresIsFinishedByARunStartedAtOnce(@TempDir Path directory) throws Exception {
        killAndRestart(PostgresServer.shared().createDatabase("runcrash"), directory);
    }

    private static void killAndRestart(String url, Path directory) throws Exception {
        Path out = directory.resolve("first.out");
        Path err = directory.resolve("first.err");
        Process first = RunRecordCrashWorkerMain.launch(url, out, err);
        Set<Integer> completeAtKill = new HashSet<>();
        Set<Integer> runningAtKill = new HashSet<>();
        long killedAt;
        try (StudyStore store = StudyStore.open(url)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                if (read(out).contains(RunRecordCrashWorkerMain.COMPUTING)) {
                    List<Trial> steps =
                            RunRecord.in(store, RunRecordCrashWorkerMain.RECORD).steps();
                    long complete = steps.stream()
                            .filter(t -> t.state() == TrialState.COMPLETE)
                            .count();
                    long running = steps.stream()
                            .filter(t -> t.state() == TrialState.RUNNING)
                            .count();
                    if (complete >= 4 && running >= 1) { // a running step from the fifth on takes 1.5 s
                        break;
                    }
                }
                if (!first.isAlive() || System.nanoTime() > deadline) {
                    first.destroyForcibly();
                    fail("the first run never had 4 steps complete and one running; its errors: " + read(err));
                }
                Thread.sleep(10);
            }
            first.destroyForcibly(); // SIGKILL
            first.waitFor();
            killedAt = System.nanoTime();
            for (Trial step :
                    RunRecord.in(store, RunRecordCrashWorkerMain.RECORD).steps()) {
                int index = (int) step.configuration().getLong("candidate");
                assertFalse(step.state() == TrialState.FAILED, step.toString());
                (step.state() == TrialState.COMPLETE ? completeAtKill : runningAtKill).add(index);
            }
        }

        Set<Integer> computed = ConcurrentHashMap.newKeySet();
        ConcurrentHashMap<Integer, Long> computedAt = new ConcurrentHashMap<>();
        double[] scores;
        RunRecord record;
        long started = System.nanoTime();
        try (StudyStore store = StudyStore.open(url)) {
            record = RunRecord.in(store, RunRecordCrashWorkerMain.RECORD)
                    .leases(RunRecordCrashWorkerMain.LEASE, RunRecordCrashWorkerMain.HEARTBEAT);
            scores = RunRecordCrashWorkerMain.run(record, index -> {
                assertTrue(computed.add(index), "computed twice: " + index);
                computedAt.put(index, System.nanoTime());
            });
            List<Trial> steps = record.steps();
            assertEquals(RunRecordCrashWorkerMain.STEPS, steps.size());
            for (Trial step : steps) {
                int index = (int) step.configuration().getLong("candidate");
                assertEquals(TrialState.COMPLETE, step.state(), step.toString());
                assertEquals(runningAtKill.contains(index) ? 2 : 1, step.attempt(), step.toString());
            }
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        double[] expected = new double[RunRecordCrashWorkerMain.STEPS];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = i / (double) RunRecordCrashWorkerMain.STEPS;
        }
        assertArrayEquals(expected, scores);
        for (int index : completeAtKill) {
            assertFalse(computed.contains(index), "a finished step was computed again: " + index);
        }
        assertTrue(computed.containsAll(runningAtKill), "the dead run's steps were computed again: " + runningAtKill);
        assertEquals(completeAtKill.size(), record.replayed());
        assertEquals(RunRecordCrashWorkerMain.STEPS - completeAtKill.size(), record.computed());
        long takeOverMillis = runningAtKill.stream()
                        .mapToLong(i -> computedAt.get(i) - killedAt)
                        .max()
                        .orElseThrow()
                / 1_000_000;
        long lease = RunRecordCrashWorkerMain.LEASE.toMillis();
        System.out.printf(
                "%s run record: %d steps complete and %d running at the kill; the restarted run computed the "
                        + "last of those %d ms after the kill and finished in %d ms (lease %d ms)%n",
                url.startsWith("jdbc:sqlite") ? "SQLite" : "PostgreSQL",
                completeAtKill.size(),
                runningAtKill.size(),
                takeOverMillis,
                elapsedMillis,
                lease);
        assertTrue(takeOverMillis < 2 * lease + 1_000, "taken over within about a lease: " + takeOverMillis + " ms");
        long work = (long) Math.ceil(runningAtKill.size() / 3.0
                        + (RunRecordCrashWorkerMain.STEPS - completeAtKill.size() - runningAtKill.size()) / 3.0)
                * RunRecordCrashWorkerMain.SLOW_STEP_MILLIS;
        assertTrue(
                elapsedMillis < 3 * lease + 2 * work,
                "bounded by a few leases and the work left: " + elapsedMillis + " ms");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
