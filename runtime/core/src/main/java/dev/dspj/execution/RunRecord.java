package dev.dspj.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.optimize.MiproV2;
import dev.dspj.variable.Configuration;
import dev.dspj.study.Study;
import dev.dspj.study.StudyStore;
import dev.dspj.study.Trial;
import dev.dspj.study.TrialState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

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
 * index, the minibatch number) and make the same choices from the same seed. A step that was running
 * when the run died is computed again. Thread-safe.
 */
public final class RunRecord implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LEASE = Duration.ofMinutes(30);
    /** The step that holds the run's options. */
    private static final Configuration OPTIONS_STEP = Configuration.builder().put("kind", "options").build();

    private final String name;
    private final Study study;
    /** The store this record opened itself and closes, or null when the caller owns it. */
    private final StudyStore owned;
    private final String worker = "run-" + UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger computed = new AtomicInteger();
    private final AtomicInteger replayed = new AtomicInteger();

    private RunRecord(String name, Study study, StudyStore owned) {
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
        if (owned != null) {
            owned.close();
        }
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
            return new Result(Map.of(), JSON.createObjectNode().put("text", text).toString());
        }).path("text").asText();
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
            return new Result(Map.of("score", score), JSON.createObjectNode().put("score", score).toString());
        }).path("score").asDouble();
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
        return step(step, () -> new Result(Map.of(), JSON.createObjectNode().set("json", parse(compute.get())).toString()))
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
        step(step, () -> new Result(Map.of(), JSON.createObjectNode().set("note", parse(detailsJson)).toString()));
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
        return step(OPTIONS_STEP, () -> new Result(Map.of(),
                JSON.createObjectNode().set("note", parse(optionsJson)).toString())).path("note").toString();
    }

    /**
     * The options recorded by {@link #recordOptions}, if any.
     *
     * @return the options as a JSON object
     */
    public Optional<String> options() {
        return study.find(OPTIONS_STEP).filter(t -> t.state() == TrialState.COMPLETE)
                .map(t -> parse(t.detailsJson()).path("note").toString());
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

    private record Result(Map<String, Double> values, String detailsJson) {
    }

    private JsonNode step(Configuration step, Supplier<Result> compute) {
        Optional<Trial> done = study.find(step).filter(t -> t.state() == TrialState.COMPLETE);
        if (done.isPresent()) {
            replayed.incrementAndGet();
            return parse(done.get().detailsJson());
        }
        Optional<Trial> claimed = study.claim(step, worker, LEASE);
        if (claimed.isEmpty()) {
            done = study.find(step).filter(t -> t.state() == TrialState.COMPLETE);
            if (done.isPresent()) {
                replayed.incrementAndGet();
                return parse(done.get().detailsJson());
            }
            // running in another thread or a run that died less than a lease ago: compute, do not record
            computed.incrementAndGet();
            return parse(compute.get().detailsJson());
        }
        Result result;
        try {
            result = compute.get();
        } catch (RuntimeException e) {
            study.fail(claimed.get(), e.toString());
            throw e;
        }
        study.complete(claimed.get(), result.values(), "step", result.detailsJson());
        computed.incrementAndGet();
        return parse(result.detailsJson());
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
