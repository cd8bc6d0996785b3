package dev.dspj.study;

import dev.dspj.variable.Configuration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** Studies in this process's memory, with the semantics of the durable stores; each study is guarded by its own lock. */
final class InMemoryStudyStore implements StudyStore {

    private final Clock clock;
    private final Map<String, MemoryStudy> studies = new ConcurrentHashMap<>();
    private final AtomicLong trialIds = new AtomicLong();
    private volatile boolean closed;

    InMemoryStudyStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Study study(String name, String descriptionJson) {
        StudyArguments.studyName(name);
        StudyArguments.description(name, descriptionJson);
        ensureOpen(name, "open the study");
        return studies.computeIfAbsent(name, created -> new MemoryStudy(created, descriptionJson));
    }

    @Override
    public Optional<Study> find(String name) {
        Objects.requireNonNull(name, "name");
        ensureOpen(name, "find the study");
        return Optional.ofNullable(studies.get(name));
    }

    @Override
    public List<StudySummary> studies() {
        if (closed) {
            throw new StudyStoreException("in-memory study store is closed: cannot list the studies");
        }
        return new TreeMap<>(studies)
                .values().stream().map(MemoryStudy::summary).toList();
    }

    @Override
    public void close() {
        closed = true;
    }

    private void ensureOpen(String study, String operation) {
        if (closed) {
            throw new StudyStoreException(
                    "in-memory study store is closed: cannot " + operation + " in study '" + study + "'");
        }
    }

    /** A trial and, while it runs, the end of its lease in epoch milliseconds. */
    private record Slot(Trial trial, long leaseUntil) {}

    private final class MemoryStudy implements Study {

        private final String name;
        private final String description;
        private final Instant created;
        private final List<Slot> byNumber = new ArrayList<>();
        private final Map<String, Integer> numberByHash = new HashMap<>();

        MemoryStudy(String name, String description) {
            this.name = name;
            this.description = description;
            this.created = clock.instant();
        }

        private static @Nullable Instant later(@Nullable Instant a, @Nullable Instant b) {
            return a == null || (b != null && b.isAfter(a)) ? b : a;
        }

        synchronized StudySummary summary() {
            Map<TrialState, Integer> counts = new java.util.EnumMap<>(TrialState.class);
            @Nullable Instant last = null;
            for (Slot slot : byNumber) {
                Trial trial = slot.trial();
                counts.merge(trial.state(), 1, Integer::sum);
                last = later(later(last, trial.started()), trial.finished());
            }
            return new StudySummary(
                    name,
                    description,
                    created,
                    counts.getOrDefault(TrialState.COMPLETE, 0),
                    counts.getOrDefault(TrialState.FAILED, 0),
                    counts.getOrDefault(TrialState.RUNNING, 0),
                    last);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        public synchronized Optional<Trial> claim(Configuration configuration, String worker, Duration lease) {
            Objects.requireNonNull(configuration, "configuration");
            StudyArguments.worker(worker);
            long leaseMillis = StudyArguments.leaseMillis(lease);
            ensureOpen(name, "claim a trial");
            long now = clock.millis();
            Integer number = numberByHash.get(configuration.hash());
            if (number == null) {
                Trial trial = Trial.claimed(
                        trialIds.incrementAndGet(),
                        byNumber.size(),
                        configuration.hash(),
                        configuration,
                        1,
                        worker,
                        now,
                        now + leaseMillis);
                numberByHash.put(trial.configHash(), trial.number());
                byNumber.add(new Slot(trial, now + leaseMillis));
                return Optional.of(trial);
            }
            Slot slot = byNumber.get(number);
            Trial held = slot.trial();
            boolean free = held.state() == TrialState.FAILED
                    || (held.state() == TrialState.RUNNING && slot.leaseUntil() <= now);
            if (!free) {
                return Optional.empty();
            }
            Trial trial = Trial.claimed(
                    held.id(),
                    held.number(),
                    held.configHash(),
                    held.configuration(),
                    held.attempt() + 1,
                    worker,
                    now,
                    now + leaseMillis);
            byNumber.set(number, new Slot(trial, now + leaseMillis));
            return Optional.of(trial);
        }

        @Override
        public synchronized void heartbeat(Trial trial, Duration lease) {
            long leaseMillis = StudyArguments.leaseMillis(lease);
            ensureOpen(name, "renew a lease");
            Slot slot = held(trial, "renew the lease of");
            long until = clock.millis() + leaseMillis;
            Trial running = slot.trial();
            byNumber.set(
                    trial.number(),
                    new Slot(
                            new Trial(
                                    running.id(),
                                    running.number(),
                                    running.configHash(),
                                    running.configuration(),
                                    running.state(),
                                    running.attempt(),
                                    running.values(),
                                    running.stage(),
                                    running.detailsJson(),
                                    running.worker(),
                                    running.started(),
                                    running.finished(),
                                    running.error(),
                                    Instant.ofEpochMilli(until)),
                            until));
        }

        @Override
        public synchronized Trial complete(
                Trial trial, Map<String, Double> values, @Nullable String stage, @Nullable String detailsJson) {
            Map<String, Double> checked = StudyArguments.values(name, values);
            StudyArguments.details(name, detailsJson);
            ensureOpen(name, "complete a trial");
            Trial running = held(trial, "complete").trial();
            Trial completed = new Trial(
                    running.id(),
                    running.number(),
                    running.configHash(),
                    running.configuration(),
                    TrialState.COMPLETE,
                    running.attempt(),
                    checked,
                    stage,
                    detailsJson,
                    running.worker(),
                    running.started(),
                    clock.instant(),
                    null);
            byNumber.set(running.number(), new Slot(completed, 0));
            return completed;
        }

        @Override
        public synchronized Trial fail(Trial trial, String error) {
            ensureOpen(name, "fail a trial");
            Trial running = held(trial, "fail").trial();
            Trial failed = new Trial(
                    running.id(),
                    running.number(),
                    running.configHash(),
                    running.configuration(),
                    TrialState.FAILED,
                    running.attempt(),
                    Map.of(),
                    null,
                    null,
                    running.worker(),
                    running.started(),
                    clock.instant(),
                    StudyArguments.error(error));
            byNumber.set(running.number(), new Slot(failed, 0));
            return failed;
        }

        @Override
        public synchronized List<Trial> trials() {
            ensureOpen(name, "list trials");
            return byNumber.stream().map(Slot::trial).toList();
        }

        @Override
        public synchronized List<Trial> completed() {
            ensureOpen(name, "list complete trials");
            return byNumber.stream()
                    .map(Slot::trial)
                    .filter(trial -> trial.state() == TrialState.COMPLETE)
                    .toList();
        }

        @Override
        public synchronized Optional<Trial> find(Configuration configuration) {
            Objects.requireNonNull(configuration, "configuration");
            ensureOpen(name, "find a trial");
            return Optional.ofNullable(numberByHash.get(configuration.hash()))
                    .map(number -> byNumber.get(number).trial());
        }

        /** The slot of the running attempt the caller holds, or why it does not hold it. */
        private Slot held(Trial trial, String operation) {
            Objects.requireNonNull(trial, "trial");
            Integer number = numberByHash.get(trial.configHash());
            Slot slot = number == null ? null : byNumber.get(number);
            if (slot == null || slot.trial().id() != trial.id()) {
                throw StudyArguments.foreignTrial(name, trial);
            }
            Trial current = slot.trial();
            if (current.attempt() != trial.attempt() || current.state() != TrialState.RUNNING) {
                throw StudyArguments.lost(name, operation, trial, current);
            }
            return slot;
        }
    }
}
