package dev.dspj.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dspj.study.jdbc.JdbcStudyStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the stores in a database add to the contract: trials outlive the store that wrote them,
 * stores opened at once on a fresh database create the tables once, the schema has a version, and
 * two JVMs share a study, each configuration completed by exactly one of them.
 */
abstract class DurableStudyStoreContract extends StudyStoreContract {

    /** The JDBC URL of this test's database, fresh for each test. */
    abstract String jdbcUrl();

    @Override
    StudyStore openStore(Clock clock) {
        return JdbcStudyStore.open(jdbcUrl(), clock);
    }

    @Test
    void aNewStoreSeesCompletedTrialsAndDoesNotRunThemAgain() {
        StudyStore first = store();
        Study before = first.study("resume", DESCRIPTION);
        for (int i = 0; i < 3; i++) {
            Trial trial = before.claim(configuration(i), "first-run", LEASE).orElseThrow();
            before.complete(trial, Map.of("accuracy", i / 10.0), "full", "{\"calls\":" + i + "}");
        }
        assertTrue(before.claim(configuration(3), "first-run", LEASE).isPresent(), "the configuration is claimed");
        assertTrue(before.claim(configuration(4), "first-run", LEASE).isPresent(), "the configuration is claimed");
        first.close(); // the process is killed: trials 3 and 4 stay RUNNING

        Study after = store().study("resume", DESCRIPTION);
        assertEquals(3, after.completed().size());
        assertEquals(
                List.of(
                        TrialState.COMPLETE,
                        TrialState.COMPLETE,
                        TrialState.COMPLETE,
                        TrialState.RUNNING,
                        TrialState.RUNNING),
                after.trials().stream().map(Trial::state).toList());
        assertEquals("{\"calls\":2}", after.find(configuration(2)).orElseThrow().detailsJson());

        List<Integer> ranWhileLeasesHeld = runSearch(after, 8, "second-run");
        assertEquals(List.of(5, 6, 7), ranWhileLeasesHeld, "complete trials are skipped, leased ones wait");

        clock.advance(LEASE);
        List<Integer> ranAfterLeasesExpired = runSearch(after, 8, "second-run");
        assertEquals(
                List.of(3, 4), ranAfterLeasesExpired, "the killed run's trials are taken over when their lease ends");
        List<Trial> trials = after.trials();
        assertEquals(8, trials.size());
        assertEquals(8, after.completed().size());
        assertEquals(2, trials.get(3).attempt());
        assertEquals(1, trials.get(5).attempt());
        assertEquals(
                List.of(0, 1, 2, 3, 4, 5, 6, 7),
                trials.stream().map(Trial::number).toList());
    }

    /** A search loop: claims each of the first {@code count} configurations and completes what it got. */
    private static List<Integer> runSearch(Study study, int count, String worker) {
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Optional<Trial> claimed = study.claim(configuration(i), worker, LEASE);
            if (claimed.isPresent()) {
                ran.add(i);
                study.complete(claimed.get(), Map.of("accuracy", 0.5), "full", null);
            }
        }
        return ran;
    }

    @Test
    void storesOpenedAtOnceOnAFreshDatabaseShareOneStudy() throws Exception {
        int stores = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(stores);
        try {
            List<Future<Trial>> opened = new ArrayList<>();
            for (int s = 0; s < stores; s++) {
                int index = s;
                opened.add(pool.submit(() -> {
                    start.await();
                    StudyStore store = JdbcStudyStore.open(jdbcUrl(), clock);
                    try {
                        return store.study("opened-at-once", DESCRIPTION)
                                .claim(configuration(index), "store-" + index, LEASE)
                                .orElseThrow();
                    } finally {
                        store.close();
                    }
                }));
            }
            start.countDown();
            Set<Integer> numbers = new HashSet<>();
            for (Future<Trial> trial : opened) {
                numbers.add(trial.get(2, TimeUnit.MINUTES).number());
            }
            assertEquals(Set.of(0, 1, 2, 3, 4, 5), numbers);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(6, store().study("opened-at-once", "{}").trials().size());
        try (Connection connection = DriverManager.getConnection(jdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version FROM dspj_study_schema")) {
            assertTrue(rows.next());
            assertEquals(JdbcStudyStore.SCHEMA_VERSION, rows.getInt(1));
            assertFalse(rows.next(), "one schema row");
        }
    }

    @Test
    void aDatabaseWithANewerSchemaIsRefused() throws SQLException {
        store().close();
        try (Connection connection = DriverManager.getConnection(jdbcUrl());
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO dspj_study_schema (version, applied_at) VALUES (?, 0)")) {
            insert.setInt(1, JdbcStudyStore.SCHEMA_VERSION + 1);
            insert.executeUpdate();
        }
        StudyStoreException refused = org.junit.jupiter.api.Assertions.assertThrows(
                StudyStoreException.class, () -> JdbcStudyStore.open(jdbcUrl(), clock));
        assertMessage(refused, "schema version " + (JdbcStudyStore.SCHEMA_VERSION + 1));
        assertMessage(refused, "upgrade DSPJ");
    }

    @Test
    void twoJvmsShareAStudyAndCompleteEachConfigurationOnce(@TempDir Path directory) throws Exception {
        int configurations = 40;
        List<String> workers = List.of("jvm-a", "jvm-b");
        List<Process> processes = new ArrayList<>();
        for (String worker : workers) {
            processes.add(StudyWorkerMain.launch(
                    jdbcUrl(),
                    "two-jvms",
                    worker,
                    configurations,
                    directory.resolve(worker + ".out"),
                    directory.resolve(worker + ".err")));
        }
        List<Set<Integer>> evaluated = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            Process process = processes.get(i);
            String worker = workers.get(i);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail(worker + " did not finish; its errors: " + read(directory.resolve(worker + ".err")));
            }
            assertEquals(0, process.exitValue(), () -> worker + " failed: " + read(directory.resolve(worker + ".err")));
            evaluated.add(read(directory.resolve(worker + ".out"))
                    .lines()
                    .filter(line -> line.startsWith(StudyWorkerMain.EVALUATED))
                    .map(line -> Integer.parseInt(line.substring(StudyWorkerMain.EVALUATED.length())))
                    .collect(Collectors.toSet()));
        }

        Set<Integer> first = evaluated.get(0);
        Set<Integer> second = evaluated.get(1);
        assertFalse(first.isEmpty(), "jvm-a evaluated some configurations");
        assertFalse(second.isEmpty(), "jvm-b evaluated some configurations");
        Set<Integer> both = new HashSet<>(first);
        both.retainAll(second);
        assertEquals(Set.of(), both, "no configuration was evaluated by both");
        Set<Integer> all = new HashSet<>(first);
        all.addAll(second);
        assertEquals(configurations, all.size(), "every configuration was evaluated");

        List<Trial> trials =
                store().study("two-jvms", StudyWorkerMain.DESCRIPTION).trials();
        assertEquals(configurations, trials.size());
        for (Trial trial : trials) {
            int index = (int) trial.configuration().getLong("index");
            assertEquals(TrialState.COMPLETE, trial.state());
            assertEquals(1, trial.attempt(), "claimed once");
            assertEquals(first.contains(index) ? "jvm-a" : "jvm-b", trial.worker(), "the evaluating JVM recorded it");
            assertEquals(StudyWorkerMain.score(index), trial.values().get("score"));
        }
        assertEquals(
                configurations, trials.stream().map(Trial::number).distinct().count());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
