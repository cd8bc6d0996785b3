package dev.dspj.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.variable.Configuration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StudyStore} does, run against each store by a subclass: claims, completion,
 * failure and lease expiry with their re-claims, the errors of misuse, and claims racing on
 * eight threads.
 */
abstract class StudyStoreContract {

    static final String DESCRIPTION = "{\"space\":[{\"name\":\"index\",\"kind\":\"INTEGER\"}],"
            + "\"objectives\":[{\"name\":\"accuracy\",\"direction\":\"maximize\"}]}";
    static final Duration LEASE = Duration.ofMinutes(10);
    static final Instant START = Instant.parse("2025-03-01T12:00:00Z");

    final MutableClock clock = new MutableClock(START);
    private final List<StudyStore> opened = new ArrayList<>();

    /**
     * Opens a store on this test's database. Every call within one test reaches the same studies;
     * the in-memory store returns the one store it has.
     */
    abstract StudyStore openStore(Clock clock);

    StudyStore store() {
        StudyStore store = openStore(clock);
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(StudyStore::close);
    }

    /** A configuration with every kind of value, distinct for every index. */
    static Configuration configuration(int index) {
        return Configuration.builder()
                .put("index", index)
                .put("adapter", index % 2 == 0 ? "chat" : "json")
                .put("cot", index % 3 == 0)
                .put("temperature", 0.1 * index)
                .build();
    }

    @Test
    void aStudyIsCreatedOnceAndKeepsItsFirstDescription() {
        StudyStore store = store();
        Study created = store.study("search", DESCRIPTION);
        assertEquals("search", created.name());
        assertEquals(DESCRIPTION, created.description());
        assertTrue(created.trials().isEmpty());
        assertTrue(created.claim(configuration(0), "a", LEASE).isPresent(), "the configuration is claimed");

        Study loaded = store().study("search", "{\"space\":[],\"objectives\":[]}");
        assertEquals(DESCRIPTION, loaded.description(), "a changed description is exposed, not stored");
        assertEquals(1, loaded.trials().size(), "the loaded study is the same study");
    }

    @Test
    void claimsStartRunningTrialsNumberedInCreationOrder() {
        Study study = store().study("numbers", DESCRIPTION);
        List<Trial> claimed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            claimed.add(study.claim(configuration(i), "worker-" + i, LEASE).orElseThrow());
            clock.advance(Duration.ofSeconds(1));
        }
        for (int i = 0; i < 3; i++) {
            Trial trial = claimed.get(i);
            assertEquals(i, trial.number());
            assertEquals(TrialState.RUNNING, trial.state());
            assertEquals(1, trial.attempt());
            assertEquals(configuration(i), trial.configuration());
            assertEquals(configuration(i).hash(), trial.configHash());
            assertEquals("worker-" + i, trial.worker());
            assertEquals(START.plusSeconds(i), trial.started());
            assertNull(trial.finished());
            assertTrue(trial.values().isEmpty());
        }
        assertEquals(3, claimed.stream().map(Trial::id).distinct().count(), "ids are unique");
        assertEquals(claimed, study.trials(), "stored trials read back equal, ordered by number");
        assertEquals(Optional.of(claimed.get(1)), study.find(configuration(1)));
        assertEquals(Optional.empty(), study.find(configuration(7)));
    }

    @Test
    void aRunningOrCompleteConfigurationIsNotClaimedAgain() {
        Study study = store().study("once", DESCRIPTION);
        Trial trial = study.claim(configuration(0), "a", LEASE).orElseThrow();
        assertEquals(Optional.empty(), study.claim(configuration(0), "b", LEASE), "a's lease holds");
        assertEquals(Optional.empty(), study.claim(configuration(0), "a", LEASE), "not even a claims it twice");

        study.complete(trial, Map.of("accuracy", 0.5), "full", null);
        clock.advance(LEASE.multipliedBy(10));
        assertEquals(Optional.empty(), study.claim(configuration(0), "b", LEASE), "complete trials never run again");
        assertEquals(1, study.trials().size());
    }

    @Test
    void completionKeepsValuesStageAndDetails() {
        Study study = store().study("values", DESCRIPTION);
        Trial first = study.claim(configuration(0), "a", LEASE).orElseThrow();
        Trial second = study.claim(configuration(1), "a", LEASE).orElseThrow();
        clock.advance(Duration.ofSeconds(90));
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("accuracy", 0.8125);
        values.put("cost", 1.0);
        values.put("latency", 1.0E-7);
        String details = "{\"calls\":200,\"usage\":{\"prompt_tokens\":51234,\"completion_tokens\":812}}";
        Trial completed = study.complete(second, values, "minibatch", details);

        assertEquals(TrialState.COMPLETE, completed.state());
        assertEquals(values, completed.values());
        assertEquals(
                List.of("accuracy", "cost", "latency"),
                List.copyOf(completed.values().keySet()),
                "order kept");
        assertEquals("minibatch", completed.stage());
        assertEquals(details, completed.detailsJson());
        assertEquals(START.plusSeconds(90), completed.finished());
        assertEquals(START, completed.started());
        assertEquals(List.of(completed), study.completed());
        Trial stored = study.find(configuration(1)).orElseThrow();
        assertEquals(completed, stored);
        assertEquals(
                List.of("accuracy", "cost", "latency"),
                List.copyOf(stored.values().keySet()),
                "order kept in store");
        assertEquals(
                TrialState.RUNNING, study.find(configuration(0)).orElseThrow().state());
        assertEquals(first.id(), study.trials().get(0).id());
    }

    @Test
    void aFailedTrialIsClaimedAgainAsItsNextAttempt() {
        Study study = store().study("failures", DESCRIPTION);
        Trial first = study.claim(configuration(0), "a", LEASE).orElseThrow();
        assertTrue(study.claim(configuration(1), "a", LEASE).isPresent(), "the configuration is claimed");
        clock.advance(Duration.ofSeconds(5));
        Trial failed = study.fail(first, "model returned 503 five times");
        assertEquals(TrialState.FAILED, failed.state());
        assertEquals("model returned 503 five times", failed.error());
        assertEquals(START.plusSeconds(5), failed.finished());
        assertEquals(failed, study.find(configuration(0)).orElseThrow());
        assertTrue(study.completed().isEmpty());

        clock.advance(Duration.ofSeconds(5));
        Trial retried = study.claim(configuration(0), "b", LEASE).orElseThrow();
        assertEquals(first.id(), retried.id(), "the same trial, not a new one");
        assertEquals(0, retried.number());
        assertEquals(2, retried.attempt());
        assertEquals(TrialState.RUNNING, retried.state());
        assertEquals("b", retried.worker());
        assertEquals(START.plusSeconds(10), retried.started());
        assertNull(retried.error());
        assertNull(retried.finished());
        assertEquals(retried, study.find(configuration(0)).orElseThrow());
        assertEquals(Optional.empty(), study.claim(configuration(0), "c", LEASE), "b holds the second attempt");

        assertThrows(
                TrialLostException.class,
                () -> study.complete(first, Map.of("accuracy", 1.0), "full", null),
                "the failed attempt cannot complete");
        Trial completed = study.complete(retried, Map.of("accuracy", 0.25), "full", null);
        assertEquals(2, completed.attempt());
        assertEquals(List.of(completed), study.completed());
        assertEquals(2, study.trials().size(), "no trial was added by the retry");
    }

    @Test
    void anExpiredLeaseIsClaimedAgainAndItsHolderLosesTheTrial() {
        Study study = store().study("leases", DESCRIPTION);
        Trial held = study.claim(configuration(0), "slow", LEASE).orElseThrow();
        clock.advance(Duration.ofMinutes(9));
        study.heartbeat(held, LEASE);
        clock.advance(Duration.ofMinutes(9));
        assertEquals(
                Optional.empty(), study.claim(configuration(0), "eager", LEASE), "the heartbeat extended the lease");

        clock.advance(Duration.ofMinutes(1));
        Trial taken = study.claim(configuration(0), "eager", LEASE).orElseThrow();
        assertEquals(held.id(), taken.id());
        assertEquals(2, taken.attempt());
        assertEquals("eager", taken.worker());

        TrialLostException lost = assertThrows(TrialLostException.class, () -> study.heartbeat(held, LEASE));
        assertTrue(lost.getMessage().contains("study 'leases'"), lost.getMessage());
        assertTrue(lost.getMessage().contains("attempt 1 of worker 'slow'"), lost.getMessage());
        assertTrue(lost.getMessage().contains("attempt 2 of worker 'eager'"), lost.getMessage());
        assertThrows(TrialLostException.class, () -> study.complete(held, Map.of("accuracy", 1.0), "full", null));
        assertThrows(TrialLostException.class, () -> study.fail(held, "gave up"));

        Trial completed = study.complete(taken, Map.of("accuracy", 0.75), "full", null);
        assertEquals("eager", completed.worker());
        assertEquals(
                Map.of("accuracy", 0.75),
                study.find(configuration(0)).orElseThrow().values());
        assertThrows(
                TrialLostException.class,
                () -> study.complete(taken, Map.of("accuracy", 0.0), "full", null),
                "a trial completes once");
    }

    @Test
    void aRunningTrialShowsWhenItsLeaseEndsAndHeartbeatsKeepItFromBeingTakenOver() {
        Duration shortLease = Duration.ofSeconds(30);
        Duration beat = Duration.ofSeconds(10);
        Study study = store().study("heartbeats", DESCRIPTION);
        Trial held = study.claim(configuration(0), "alive", shortLease).orElseThrow();
        assertEquals(START.plus(shortLease), held.leaseUntil(), "the claim returns its lease end");
        assertEquals(
                START.plus(shortLease),
                study.find(configuration(0)).orElseThrow().leaseUntil());
        for (int i = 1; i <= 12; i++) { // four lease lengths, renewed every third of a lease
            clock.advance(beat);
            study.heartbeat(held, shortLease);
            assertEquals(
                    START.plus(beat.multipliedBy(i)).plus(shortLease),
                    study.trials().get(0).leaseUntil(),
                    "heartbeat " + i + " moved the lease end");
            assertEquals(
                    Optional.empty(),
                    study.claim(configuration(0), "restarted", shortLease),
                    "a renewed lease is never taken over");
        }

        // the holder is killed: no more heartbeats; the trial is free exactly when its lease ends
        Instant leaseEnd = study.find(configuration(0)).orElseThrow().leaseUntil();
        clock.advance(shortLease.minusMillis(1));
        assertTrue(study.find(configuration(0)).orElseThrow().leaseHeldAt(clock.instant()));
        assertEquals(Optional.empty(), study.claim(configuration(0), "restarted", shortLease));
        clock.advance(Duration.ofMillis(1));
        assertEquals(leaseEnd, clock.instant());
        assertFalse(study.find(configuration(0)).orElseThrow().leaseHeldAt(clock.instant()));
        Trial taken = study.claim(configuration(0), "restarted", shortLease).orElseThrow();
        assertEquals(2, taken.attempt());
        assertEquals(clock.instant().plus(shortLease), taken.leaseUntil());
        assertThrows(
                TrialLostException.class, () -> study.heartbeat(held, shortLease), "the dead holder's attempt is gone");

        Trial completed = study.complete(taken, Map.of("accuracy", 0.5), "full", null);
        assertNull(completed.leaseUntil(), "a finished trial has no lease");
        assertNull(study.find(configuration(0)).orElseThrow().leaseUntil());
        assertThrows(
                TrialLostException.class, () -> study.heartbeat(taken, shortLease), "a finished trial is not renewed");

        Trial failing = study.claim(configuration(1), "alive", shortLease).orElseThrow();
        study.fail(failing, "broken");
        assertNull(study.find(configuration(1)).orElseThrow().leaseUntil());
        assertThrows(
                TrialLostException.class, () -> study.heartbeat(failing, shortLease), "a failed trial is not renewed");
    }

    @Test
    void aHolderWhoseLeaseRanOutMayFinishWhileNobodyClaimedIt() {
        Study study = store().study("late", DESCRIPTION);
        Trial held = study.claim(configuration(0), "slow", LEASE).orElseThrow();
        clock.advance(LEASE.multipliedBy(3));
        study.heartbeat(held, LEASE);
        assertEquals(
                Optional.empty(),
                study.claim(configuration(0), "eager", LEASE),
                "the late heartbeat renewed the lease");
        clock.advance(LEASE.multipliedBy(3));
        Trial completed = study.complete(held, Map.of("accuracy", 0.5), "full", null);
        assertEquals(1, completed.attempt());
        assertEquals(
                TrialState.COMPLETE, study.find(configuration(0)).orElseThrow().state());
    }

    @Test
    void studiesKeepTheirTrialsApart() {
        StudyStore store = store();
        Study first = store.study("first", DESCRIPTION);
        Study second = store.study("second", DESCRIPTION);
        Trial inFirst = first.claim(configuration(0), "a", LEASE).orElseThrow();
        assertTrue(first.claim(configuration(1), "a", LEASE).isPresent(), "the configuration is claimed");
        Trial inSecond = second.claim(configuration(1), "a", LEASE).orElseThrow();
        assertEquals(0, inSecond.number(), "numbers count within a study");
        assertNotEquals(inFirst.id(), inSecond.id());
        assertEquals(2, first.trials().size());
        assertEquals(1, second.trials().size());

        IllegalArgumentException foreign = assertThrows(
                IllegalArgumentException.class, () -> second.complete(inFirst, Map.of("accuracy", 1.0), "full", null));
        assertTrue(foreign.getMessage().contains("is not a trial of study 'second'"), foreign.getMessage());
        assertEquals(
                TrialState.RUNNING, first.find(configuration(0)).orElseThrow().state(), "nothing was written");
    }

    @Test
    void misuseIsRefusedWithWhatIsWrong() {
        StudyStore store = store();
        assertMessage(assertThrows(IllegalArgumentException.class, () -> store.study(" ", DESCRIPTION)), "study name");
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> store.study("s", "{space:")),
                "description of study 's' must be JSON text");
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> store.study("s", "{} trailing")),
                "must be JSON text");
        Study study = store.study("s", DESCRIPTION);
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> study.claim(configuration(0), "", LEASE)), "worker");
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> study.claim(configuration(0), "a", Duration.ZERO)),
                "lease must be positive");
        assertTrue(study.trials().isEmpty(), "refused claims wrote nothing");

        Trial trial = study.claim(configuration(0), "a", LEASE).orElseThrow();
        assertMessage(
                assertThrows(
                        IllegalArgumentException.class,
                        () -> study.complete(trial, Map.of("accuracy", Double.NaN), "full", null)),
                "value of objective 'accuracy' in study 's' must be a finite number, got: NaN");
        assertMessage(
                assertThrows(
                        IllegalArgumentException.class,
                        () -> study.complete(trial, Map.of("accuracy", 1.0), "full", "{\"calls\":")),
                "trial details in study 's' must be JSON text");
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> study.heartbeat(trial, Duration.ofSeconds(-1))),
                "lease must be positive");
        assertEquals(
                TrialState.RUNNING,
                study.find(configuration(0)).orElseThrow().state(),
                "refused reports wrote nothing");
    }

    @Test
    void eightThreadsRacingClaimEachConfigurationOnce() throws Exception {
        int configurations = 60;
        int threads = 8;
        StudyStore[] handles = {store(), store()};
        Map<String, AtomicInteger> evaluations = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    Study study = handles[thread % 2].study("race", DESCRIPTION);
                    List<Integer> order = new ArrayList<>();
                    for (int i = 0; i < configurations; i++) {
                        order.add(i);
                    }
                    Collections.shuffle(order, new Random(thread));
                    start.await();
                    int mine = 0;
                    for (int index : order) {
                        Optional<Trial> claimed = study.claim(configuration(index), "thread-" + thread, LEASE);
                        if (claimed.isPresent()) {
                            evaluations
                                    .computeIfAbsent(claimed.get().configHash(), hash -> new AtomicInteger())
                                    .incrementAndGet();
                            study.heartbeat(claimed.get(), LEASE);
                            study.complete(claimed.get(), Map.of("accuracy", index / 100.0), "full", null);
                            mine++;
                        }
                    }
                    return mine;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> worker : workers) {
                total += worker.get(5, TimeUnit.MINUTES);
            }
            assertEquals(configurations, total, "every configuration was claimed by exactly one thread");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(configurations, evaluations.size());
        evaluations.forEach((hash, count) -> assertEquals(1, count.get(), "configuration " + hash + " evaluated once"));
        List<Trial> trials = handles[0].study("race", DESCRIPTION).trials();
        assertEquals(configurations, trials.size());
        for (int number = 0; number < configurations; number++) {
            Trial trial = trials.get(number);
            assertEquals(number, trial.number(), "numbers are dense and ordered");
            assertEquals(TrialState.COMPLETE, trial.state());
            assertEquals(1, trial.attempt());
            assertEquals(
                    trial.configuration().getLong("index") / 100.0,
                    trial.values().get("accuracy"));
        }
    }

    @Test
    void storesListTheirStudiesWithTrialCountsAndFindThemWithoutCreatingThem() {
        StudyStore store = store();
        assertEquals(List.of(), store.studies(), "a new store has no studies");
        assertEquals(Optional.empty(), store.find("search"));

        Study search = store.study("search", DESCRIPTION);
        clock.advance(Duration.ofSeconds(5));
        Trial done = search.claim(configuration(0), "a", LEASE).orElseThrow();
        clock.advance(Duration.ofSeconds(2));
        search.complete(done, Map.of("accuracy", 0.5), "full", null);
        Trial broken = search.claim(configuration(1), "a", LEASE).orElseThrow();
        clock.advance(Duration.ofSeconds(3));
        search.fail(broken, "boom");
        assertTrue(search.claim(configuration(2), "b", LEASE).isPresent(), "the configuration is claimed");
        store.study("another", "{\"kind\":\"optimizer run record\"}");

        List<StudySummary> studies = store().studies();
        assertEquals(
                List.of("another", "search"),
                studies.stream().map(StudySummary::name).toList(),
                "by name");
        StudySummary another = studies.get(0);
        assertEquals("{\"kind\":\"optimizer run record\"}", another.description());
        assertEquals(0, another.trials());
        assertNull(another.lastActivity(), "no trial, no activity");
        assertEquals(another.created(), another.lastActive(), "a study without trials was last active when created");
        StudySummary listed = studies.get(1);
        assertEquals(DESCRIPTION, listed.description());
        assertEquals(START, listed.created());
        assertEquals(1, listed.complete());
        assertEquals(1, listed.failed());
        assertEquals(1, listed.running());
        assertEquals(3, listed.trials());
        assertEquals(START.plusSeconds(10), listed.lastActivity(), "the last claim, after the failure");

        Study found = store().find("search").orElseThrow();
        assertEquals("search", found.name());
        assertEquals(DESCRIPTION, found.description());
        assertEquals(search.trials(), found.trials(), "the found study is the same study");
        assertEquals(Optional.empty(), store().find("missing"));
        assertEquals(2, store().studies().size(), "finding a missing study does not create it");
    }

    static void assertMessage(Exception error, String expected) {
        assertTrue(
                error.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + error.getMessage());
        assertFalse(error.getMessage().isBlank());
    }
}
