package dev.dspj.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.study.Study;
import dev.dspj.study.StudyStore;
import dev.dspj.study.Trial;
import dev.dspj.study.TrialState;
import dev.dspj.variable.Configuration;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable record of an optimizer run: every proposal, score and decision is a <em>step</em>,
 * named by a {@link Configuration} (for example {@code {kind=score, candidate=3, batch=7}}) and kept
 * in a study of the variable system's {@link StudyStore} as soon as it is done. An interrupted run,
 * started again with a record of the same name, gets each finished step's result back from the
 * record instead of computing it again — no model call, no evaluation — and continues from the
 * first step it has no result for.
 *
 * <pre>{@code
 * try (StudyStore store = StudyStore.sqlite(Path.of("runs.db"))) {
 *     RunRecord record = RunRecord.in(store, "mipro-qa-seed-9");
 *     String instruction = record.text(step("propose", i), () -> proposer.propose(...));
 *     double score = record.score(step("minibatch", trial), () -> evaluate(candidate, batch));
 * }
 * }</pre>
 *
 * <p>For a replay to line up, a run must name its steps by what they are (the round, the candidate
 * index, the minibatch number) and make the same choices from the same seed. Thread-safe.
 *
 * <p><b>Crashes.</b> A step being computed is held in the store under a short {@linkplain #leases
 * lease} ({@value #DEFAULT_LEASE_SECONDS} s by default) that a daemon thread renews every
 * heartbeat (a third of the lease by default) while the step runs. A step claimed by a process
 * that died is computed again once its lease lapses: a run started again right after a crash asks
 * for that step, waits (polling at the heartbeat, logging at INFO whose lease it waits for and until
 * when) and then computes it. A step another live process is computing is waited for and its
 * result replayed; a step another thread of this same record is computing is computed again
 * without recording.
 */
public final class RunRecord implements AutoCloseable {

    /** The default {@linkplain #leases lease} of a step being computed, in seconds. */
    public static final long DEFAULT_LEASE_SECONDS = 30;

    /** The default {@linkplain #leases lease} of a step being computed: {@value #DEFAULT_LEASE_SECONDS} seconds. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(DEFAULT_LEASE_SECONDS);

    /** The default heartbeat: the leases of running steps are renewed every 10 seconds. */
    public static final Duration DEFAULT_HEARTBEAT = DEFAULT_LEASE.dividedBy(3);

    private static final Logger LOG = LoggerFactory.getLogger(RunRecord.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One daemon thread renews the leases of the running steps of every record in this JVM. */
    private static final ScheduledExecutorService HEARTBEATS = Workers.scheduler("run-record-lease");
    /** The step that holds the run's options. */
    private static final Configuration OPTIONS_STEP =
            Configuration.builder().put("kind", "options").build();

    private final String name;
    private final Study study;
    /** The store this record opened itself and closes, or null when the caller owns it. */
    private final @Nullable StudyStore owned;

    private final String worker = "run-" + ManagementFactory.getRuntimeMXBean().getName() + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger computed = new AtomicInteger();
    private final AtomicInteger replayed = new AtomicInteger();
    /** The steps this record is computing and holds leases on. */
    private final Set<Trial> running = ConcurrentHashMap.newKeySet();

    private final Object beating = new Object();
    private volatile Duration lease = DEFAULT_LEASE;
    private volatile Duration heartbeat = DEFAULT_HEARTBEAT;
    /** The renewal of {@link #running}'s leases, scheduled while there are any; guarded by {@link #beating}. */
    private @Nullable ScheduledFuture<?> renewal;

    private RunRecord(String name, Study study, @Nullable StudyStore owned) {
        this.name = name;
        this.study = study;
        this.owned = owned;
    }

    /**
     * A record kept in a study store; a record of the same name already there is resumed.
     *
     * @param store the store (SQLite file, PostgreSQL, memory); the caller closes it
     * @param name the run's name, unique in the store
     * @return the record
     */
    public static RunRecord in(StudyStore store, String name) {
        Objects.requireNonNull(store, "store");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a run record needs a name");
        }
        return new RunRecord(name, store.study("run:" + name, "{\"kind\":\"optimizer run record\"}"), null);
    }

    /**
     * A record kept in a SQLite file that the record opens and closes ({@link #close()}); a record
     * of the same name already in the file is resumed.
     *
     * <pre>{@code
     * try (RunRecord record = RunRecord.sqlite(Path.of("runs.db"), "mipro-qa-seed-9")) {
     *     MiproV2.builder(metric).record(record)...build().compile(program, trainset);
     * }
     * }</pre>
     *
     * @param file the SQLite file (created when missing)
     * @param name the run's name, unique in the file
     * @return the record
     */
    public static RunRecord sqlite(java.nio.file.Path file, String name) {
        StudyStore store = StudyStore.sqlite(file);
        try {
            RunRecord record = in(store, name);
            return new RunRecord(record.name, record.study, store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * A record that lives only as long as this object (the default of every optimizer).
     *
     * @param name the run's name
     * @return the record
     */
    public static RunRecord inMemory(String name) {
        StudyStore store = StudyStore.inMemory();
        RunRecord record = in(store, name);
        return new RunRecord(record.name, record.study, store);
    }

    /**
     * Closes the store the record opened itself ({@link #sqlite}, {@link #inMemory}); a store
     * given to {@link #in} is left to its owner.
     */
    @Override
    public void close() {
        synchronized (beating) {
            if (renewal != null) {
                renewal.cancel(false);
                renewal = null;
            }
        }
        if (owned != null) {
            owned.close();
        }
    }

    /**
     * Sets how long a step being computed is held without a renewal, and how often this record
     * renews the leases of its running steps (and looks again at a step another process holds).
     * Defaults: {@link #DEFAULT_LEASE} and {@link #DEFAULT_HEARTBEAT}. Set before the first step.
     * A shorter lease lets a run started after a crash take over the dead run's steps sooner.
     *
     * @param leaseValue the lease; positive
     * @param heartbeatValue the renewal interval; positive and shorter than the lease
     * @return this record
     * @throws IllegalArgumentException when the lease or heartbeat is not positive, or the
     *     heartbeat is not shorter than the lease
     */
    public RunRecord leases(Duration leaseValue, Duration heartbeatValue) {
        Objects.requireNonNull(leaseValue, "lease");
        Objects.requireNonNull(heartbeatValue, "heartbeat");
        if (leaseValue.isNegative() || leaseValue.isZero() || heartbeatValue.isNegative() || heartbeatValue.isZero()) {
            throw new IllegalArgumentException(
                    "lease and heartbeat must be positive, got " + leaseValue + " and " + heartbeatValue);
        }
        if (heartbeatValue.compareTo(leaseValue) >= 0) {
            throw new IllegalArgumentException("the heartbeat (" + heartbeatValue + ") must be shorter than the lease ("
                    + leaseValue + "), or a live run's steps would be taken over");
        }
        this.lease = leaseValue;
        this.heartbeat = heartbeatValue;
        return this;
    }

    /**
     * How long a step being computed is held without a renewal.
     *
     * @return the lease
     */
    public Duration lease() {
        return lease;
    }

    /**
     * How often the leases of running steps are renewed.
     *
     * @return the heartbeat interval
     */
    public Duration heartbeat() {
        return heartbeat;
    }

    /**
     * The run's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * A text a step produced (a proposed instruction, a rule): the recorded one, or {@code compute}'s,
     * recorded.
     *
     * @param step what the step is
     * @param compute produces the text when the record has none
     * @return the text
     */
    public String text(Configuration step, Supplier<String> compute) {
        return step(step, () -> {
                    String text = Objects.requireNonNull(compute.get(), "a step's text must not be null");
                    return new Result(
                            Map.of(), JSON.createObjectNode().put("text", text).toString());
                })
                .path("text")
                .asText();
    }

    /**
     * A score a step produced (a candidate on a minibatch or the validation set): the recorded one,
     * or {@code compute}'s, recorded.
     *
     * @param step what the step is
     * @param compute produces the score when the record has none
     * @return the score
     */
    public double score(Configuration step, DoubleSupplier compute) {
        return step(step, () -> {
                    double score = compute.getAsDouble();
                    return new Result(
                            Map.of("score", score),
                            JSON.createObjectNode().put("score", score).toString());
                })
                .path("score")
                .asDouble();
    }

    /**
     * A JSON value a step produced (per-example scores, a selection): the recorded one, or
     * {@code compute}'s, recorded.
     *
     * @param step what the step is
     * @param compute produces the JSON text when the record has none
     * @return the parsed JSON
     */
    public JsonNode json(Configuration step, Supplier<String> compute) {
        return step(
                        step,
                        () -> new Result(
                                Map.of(),
                                JSON.createObjectNode()
                                        .set("json", parse(compute.get()))
                                        .toString()))
                .path("json");
    }

    /**
     * Records a decision (which candidate was accepted, which was best so far) for the log; a note
     * already recorded is left as it is.
     *
     * @param step what was decided
     * @param detailsJson the details, as a JSON object
     */
    public void note(Configuration step, String detailsJson) {
        step(
                step,
                () -> new Result(
                        Map.of(),
                        JSON.createObjectNode().set("note", parse(detailsJson)).toString()));
    }

    /**
     * Records the options of the run that uses this record (the optimizer's
     * {@code options().toJson()}), as the step {@code {kind=options}}, so that the run can be
     * repeated from the record alone. A record that already holds options (a resumed run) keeps
     * them; the ones recorded are returned, for the caller to compare.
     *
     * @param optionsJson the options, as a JSON object
     * @return the options recorded: the given ones, or the first run's
     */
    public String recordOptions(String optionsJson) {
        return step(
                        OPTIONS_STEP,
                        () -> new Result(
                                Map.of(),
                                JSON.createObjectNode()
                                        .set("note", parse(optionsJson))
                                        .toString()))
                .path("note")
                .toString();
    }

    /**
     * The options recorded by {@link #recordOptions}, if any.
     *
     * @return the options as a JSON object
     */
    public Optional<String> options() {
        return study.find(OPTIONS_STEP)
                .filter(t -> t.state() == TrialState.COMPLETE)
                .map(t -> parse(Objects.requireNonNull(t.detailsJson(), "the options step's details"))
                        .path("note")
                        .toString());
    }

    /**
     * Whether the record holds a finished result for a step, so that asking for it replays it
     * instead of computing it. A run that computes independent steps at once starts only those
     * without a result.
     *
     * @param step what the step is
     * @return true when the step's result is recorded
     */
    public boolean has(Configuration step) {
        return study.find(step).filter(t -> t.state() == TrialState.COMPLETE).isPresent();
    }

    /**
     * Steps whose results came from the record rather than being computed in this run.
     *
     * @return the count
     */
    public int replayed() {
        return replayed.get();
    }

    /**
     * Steps computed (and recorded) by this run.
     *
     * @return the count
     */
    public int computed() {
        return computed.get();
    }

    /**
     * Every step recorded so far, in order.
     *
     * @return the steps as the study keeps them
     */
    public List<Trial> steps() {
        return study.trials();
    }

    private record Result(Map<String, Double> values, String detailsJson) {}

    private JsonNode step(Configuration step, Supplier<Result> compute) {
        Trial waitedFor = null;
        while (true) {
            Optional<Trial> found = study.find(step);
            if (found.isPresent() && found.get().state() == TrialState.COMPLETE) {
                replayed.incrementAndGet();
                return parse(Objects.requireNonNull(found.get().detailsJson(), "a completed step has its result"));
            }
            Optional<Trial> claimed = found.isPresent() && found.get().leaseHeldAt(Instant.now())
                    ? Optional.empty()
                    : study.claim(step, worker, lease);
            if (claimed.isPresent()) {
                if (waitedFor != null || (found.isPresent() && found.get().state() == TrialState.RUNNING)) {
                    Trial before = waitedFor != null ? waitedFor : found.get();
                    LOG.info(
                            "run record '{}': took over step {} (attempt {}) from '{}', whose lease ended {}",
                            name,
                            step,
                            claimed.get().attempt(),
                            before.worker(),
                            before.leaseUntil());
                }
                return computeHeld(claimed.get(), compute);
            }
            Optional<Trial> now = study.find(step);
            if (now.isEmpty()) {
                continue;
            }
            Trial current = now.get();
            if (current.state() == TrialState.COMPLETE) {
                replayed.incrementAndGet();
                return parse(Objects.requireNonNull(current.detailsJson(), "a completed step has its result"));
            }
            if (current.state() != TrialState.RUNNING) {
                continue; // failed meanwhile: claim it again
            }
            if (worker.equals(current.worker())) {
                // another thread of this run is computing the same step: compute, do not record
                computed.incrementAndGet();
                return parse(compute.get().detailsJson());
            }
            // another process holds it: a live one will finish it, a dead one's lease will lapse
            if (waitedFor == null || waitedFor.attempt() != current.attempt()) {
                LOG.info(
                        "run record '{}': waiting for step {}, being computed by '{}' (attempt {}) whose lease ends {}; "
                                + "it is computed here if that lease lapses",
                        name,
                        step,
                        current.worker(),
                        current.attempt(),
                        current.leaseUntil());
            }
            waitedFor = current;
            try {
                Thread.sleep(LeasePolling.nextLookMillis(heartbeat, List.of(current)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(
                        "interrupted while waiting for step " + step + " of run record '" + name + "' held by '"
                                + current.worker() + "'",
                        e);
            }
        }
    }

    /** Computes a claimed step while its lease is renewed, and records the result or the failure. */
    private JsonNode computeHeld(Trial claimed, Supplier<Result> compute) {
        hold(claimed);
        Result result;
        try {
            result = compute.get();
        } catch (RuntimeException e) {
            release(claimed);
            study.fail(claimed, e.toString());
            throw e;
        }
        release(claimed);
        try {
            study.complete(claimed, result.values(), "step", result.detailsJson());
        } catch (dev.dspj.study.TrialLostException e) {
            // this run stalled past its lease and another took the step over: it records its own result
            LOG.warn(
                    "run record '{}': step {} was taken over by another run; this run's result is used but not "
                            + "recorded: {}",
                    name,
                    claimed.configuration(),
                    e.getMessage());
        }
        computed.incrementAndGet();
        return parse(result.detailsJson());
    }

    private void hold(Trial step) {
        synchronized (beating) {
            running.add(step);
            if (renewal == null) {
                long every = Math.max(1, heartbeat.toMillis());
                renewal = HEARTBEATS.scheduleAtFixedRate(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void release(Trial step) {
        synchronized (beating) {
            running.remove(step);
            if (running.isEmpty() && renewal != null) {
                renewal.cancel(false);
                renewal = null;
            }
        }
    }

    private void renewLeases() {
        for (Trial step : List.copyOf(running)) {
            try {
                study.heartbeat(step, lease);
            } catch (dev.dspj.study.TrialLostException e) {
                if (running.contains(step)) {
                    LOG.warn(
                            "run record '{}': step {} was taken over by another run after its lease lapsed: {}",
                            name,
                            step.configuration(),
                            e.getMessage());
                }
            } catch (RuntimeException e) {
                LOG.warn(
                        "run record '{}': renewing the lease of step {} failed (retried in {}): {}",
                        name,
                        step.configuration(),
                        heartbeat,
                        e.getMessage());
            }
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
    }

    @Override
    public String toString() {
        return "RunRecord[" + name + ", " + computed + " computed, " + replayed + " replayed]";
    }
}
