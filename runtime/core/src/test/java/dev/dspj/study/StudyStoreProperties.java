package dev.dspj.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.variable.Configuration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The in-memory study store's claims under random interleavings of workers' claims, heartbeats,
 * completions, failures and the clock moving on, checked against a model of leases: a trial is
 * never held by two workers at once, a stale attempt cannot complete, fail or renew, and trial
 * numbers are unique and dense. Then the same under real threads.
 */
class StudyStoreProperties {

    enum Kind {
        CLAIM,
        HEARTBEAT,
        COMPLETE,
        FAIL,
        ADVANCE
    }

    record Op(Kind kind, int config, int worker, int millis) {}

    /** A clock the test moves. */
    static final class ManualClock extends Clock {
        long millis = 1_000_000;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    /** What the model knows of one configuration's trial. */
    static final class Model {
        int number;
        long id;
        TrialState state;
        int attempt;
        long leaseUntil;
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> op = Combinators.combine(
                        Arbitraries.frequency(
                                        net.jqwik.api.Tuple.of(5, Kind.CLAIM),
                                        net.jqwik.api.Tuple.of(2, Kind.HEARTBEAT),
                                        net.jqwik.api.Tuple.of(2, Kind.COMPLETE),
                                        net.jqwik.api.Tuple.of(2, Kind.FAIL),
                                        net.jqwik.api.Tuple.of(3, Kind.ADVANCE))
                                .map(k -> k),
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(1, 60))
                .as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(60);
    }

    private static Configuration config(int index) {
        return Configuration.builder().put("x", (long) index).build();
    }

    @Property(tries = 400)
    void claimsFollowTheLeases(@ForAll("operations") List<Op> ops) {
        ManualClock clock = new ManualClock();
        Study study = new InMemoryStudyStore(clock).study("s", "{}");
        Map<Integer, Model> models = new HashMap<>();
        Map<String, Trial> held = new HashMap<>(); // worker:config -> the trial it was given
        for (Op op : ops) {
            Model model = models.get(op.config());
            String key = op.worker() + ":" + op.config();
            Trial mine = held.get(key);
            switch (op.kind()) {
                case ADVANCE -> clock.millis += op.millis();
                case CLAIM -> {
                    boolean claimable = model == null
                            || model.state == TrialState.FAILED
                            || (model.state == TrialState.RUNNING && model.leaseUntil <= clock.millis);
                    Optional<Trial> claimed =
                            study.claim(config(op.config()), "w" + op.worker(), Duration.ofMillis(op.millis()));
                    assertEquals(claimable, claimed.isPresent(), op + " with " + describe(model, clock));
                    if (claimed.isPresent()) {
                        Trial trial = claimed.get();
                        if (model == null) {
                            model = new Model();
                            model.number = models.size();
                            model.id = trial.id();
                            models.put(op.config(), model);
                        }
                        assertEquals(model.number, trial.number());
                        assertEquals(model.id, trial.id());
                        assertEquals(model.attempt + 1, trial.attempt());
                        assertEquals(TrialState.RUNNING, trial.state());
                        assertEquals("w" + op.worker(), trial.worker());
                        model.attempt = trial.attempt();
                        model.state = TrialState.RUNNING;
                        model.leaseUntil = clock.millis + op.millis();
                        held.put(key, trial);
                    }
                }
                case HEARTBEAT, COMPLETE, FAIL -> {
                    if (mine == null) {
                        continue;
                    }
                    boolean current = model.attempt == mine.attempt() && model.state == TrialState.RUNNING;
                    Runnable action = switch (op.kind()) {
                        case HEARTBEAT -> () -> study.heartbeat(mine, Duration.ofMillis(op.millis()));
                        case COMPLETE ->
                            () -> assertEquals(
                                    TrialState.COMPLETE,
                                    study.complete(mine, Map.of("score", 1.0), "full", null)
                                            .state());
                        default ->
                            () -> assertEquals(
                                    TrialState.FAILED, study.fail(mine, "boom").state());
                    };
                    if (current) {
                        action.run();
                        switch (op.kind()) {
                            case HEARTBEAT -> model.leaseUntil = clock.millis + op.millis();
                            case COMPLETE -> model.state = TrialState.COMPLETE;
                            default -> model.state = TrialState.FAILED;
                        }
                    } else {
                        assertThrows(
                                TrialLostException.class,
                                action::run,
                                op + " of a stale attempt " + mine.attempt() + " with " + describe(model, clock));
                    }
                }
            }
            List<Trial> trials = study.trials();
            assertEquals(models.size(), trials.size());
            Set<Long> ids = new HashSet<>();
            for (int i = 0; i < trials.size(); i++) {
                assertEquals(i, trials.get(i).number(), "numbers are dense and unique");
                assertTrue(ids.add(trials.get(i).id()), "ids are unique");
            }
        }
    }

    private static String describe(Model model, ManualClock clock) {
        return model == null
                ? "no trial yet"
                : model.state + " attempt " + model.attempt + ", lease until " + model.leaseUntil + ", now "
                        + clock.millis;
    }

    @Property(tries = 30)
    void concurrentClaimsGiveEachTrialToOneWorker(
            @ForAll("threadCounts") int threads, @ForAll("configCounts") int configs) throws InterruptedException {
        Study study = new InMemoryStudyStore(Clock.systemUTC()).study("s", "{}");
        Map<Integer, Integer> winners = new ConcurrentHashMap<>();
        AtomicInteger claims = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int c = 0; c < configs; c++) {
                    int index = (c + worker) % configs;
                    if (study.claim(config(index), "w" + worker, Duration.ofHours(1))
                            .isPresent()) {
                        claims.incrementAndGet();
                        winners.merge(index, 1, Integer::sum);
                    }
                }
            });
            workers.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : workers) {
            thread.join();
        }
        assertEquals(configs, claims.get(), "each configuration claimed once in all");
        winners.values().forEach(count -> assertEquals(1, count));
        List<Trial> trials = study.trials();
        for (int i = 0; i < trials.size(); i++) {
            assertEquals(i, trials.get(i).number());
        }
    }

    @Provide
    Arbitrary<Integer> threadCounts() {
        return Arbitraries.integers().between(2, 6);
    }

    @Provide
    Arbitrary<Integer> configCounts() {
        return Arbitraries.integers().between(1, 200);
    }
}
