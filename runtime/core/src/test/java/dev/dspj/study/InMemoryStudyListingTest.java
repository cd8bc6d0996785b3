package dev.dspj.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.variable.Configuration;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link StudyStore#studies()} and {@link StudyStore#find(String)} on the in-memory store, and where the environment's store is. */
class InMemoryStudyListingTest {

    private static final Instant START = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void listsStudiesByNameWithTheirTrialCounts() {
        StudyStore store = new InMemoryStudyStore(Clock.fixed(START, ZoneOffset.UTC));
        assertTrue(store.studies().isEmpty());
        Study study = store.study("zeta", "{}");
        store.study("alpha", "{\"kind\":\"x\"}");
        Trial done = study.claim(Configuration.of(Map.of("k", 1)), "w", Duration.ofMinutes(1))
                .orElseThrow();
        study.complete(done, Map.of("accuracy", 1.0), "full", null);
        Trial failed = study.claim(Configuration.of(Map.of("k", 2)), "w", Duration.ofMinutes(1))
                .orElseThrow();
        study.fail(failed, "no");
        study.claim(Configuration.of(Map.of("k", 3)), "w", Duration.ofMinutes(1));

        List<StudySummary> studies = store.studies();
        assertEquals(
                List.of("alpha", "zeta"),
                studies.stream().map(StudySummary::name).toList());
        assertEquals(new StudySummary("alpha", "{\"kind\":\"x\"}", START, 0, 0, 0, null), studies.get(0));
        assertEquals(new StudySummary("zeta", "{}", START, 1, 1, 1, START), studies.get(1));
        assertEquals(3, studies.get(1).trials());
        assertEquals(START, studies.get(0).lastActive());
    }

    @Test
    void findsOnlyExistingStudies() {
        StudyStore store = StudyStore.inMemory();
        Study created = store.study("one", "{}");
        assertSame(created, store.find("one").orElseThrow());
        assertEquals(Optional.empty(), store.find("two"));
        assertEquals(1, store.studies().size(), "find creates nothing");
        store.close();
        assertThrows(StudyStoreException.class, () -> store.find("one"));
        assertThrows(StudyStoreException.class, store::studies);
    }

    @Test
    void aSummaryRefusesNegativeCountsAndTellsTheLastActivity() {
        assertThrows(IllegalArgumentException.class, () -> new StudySummary("s", "{}", START, -1, 0, 0, null));
        Instant later = START.plusSeconds(60);
        assertEquals(later, new StudySummary("s", "{}", START, 1, 0, 0, later).lastActive());
        assertEquals(START, new StudySummary("s", "{}", START, 1, 0, 0, START.minusSeconds(1)).lastActive());
        assertNull(new StudySummary("s", "{}", START, 0, 0, 0, null).lastActivity());
    }

    @Test
    void theEnvironmentNamesAUrlAFileOrTheCacheDirectory() {
        assertEquals(
                "jdbc:postgresql://db/x",
                StudyStore.environmentLocation(
                        name -> name.equals(StudyStore.STORE_VARIABLE) ? " jdbc:postgresql://db/x " : null));
        assertEquals(
                "/tmp/s.db",
                StudyStore.environmentLocation(name -> name.equals(StudyStore.STORE_VARIABLE) ? "/tmp/s.db" : null));
        Path cache = Path.of("/tmp/dspj-cache-test");
        assertEquals(
                cache.resolve(StudyStore.DEFAULT_FILE).toAbsolutePath().toString(),
                StudyStore.environmentLocation(name -> name.equals("DSPJ_CACHE_DIR") ? cache.toString() : null));
    }
}
