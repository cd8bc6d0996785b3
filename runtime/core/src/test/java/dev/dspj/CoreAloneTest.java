package dev.dspj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.evaluate.ProgressDisplay;
import dev.dspj.lm.LanguageModels;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.study.StudyStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a project that depends on {@code dspj-core} alone gets: none of the heavy libraries on its
 * class path, and for each feature that lives in another artifact a message naming that artifact
 * (or a plain fallback) instead of a missing-class error.
 */
class CoreAloneTest {

    @Test
    void noNetworkDatabaseOrTerminalLibraryIsOnTheClassPath() {
        for (String heavy : List.of(
                "io.netty.channel.EventLoopGroup",
                "io.micronaut.http.client.HttpClient",
                "reactor.core.publisher.Flux",
                "org.sqlite.JDBC",
                "org.postgresql.Driver",
                "me.tongfei.progressbar.ProgressBar",
                "dev.dspj.lm.http.HttpLanguageModel",
                "dev.dspj.sim.SimulatedModel")) {
            assertThrows(
                    ClassNotFoundException.class, () -> Class.forName(heavy), heavy + " is on dspj-core's class path");
        }
    }

    @Test
    void aModelStringSaysWhichArtifactServesIt() {
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class,
                () -> LanguageModels.of("openai/gpt-4o-mini", Map.<String, String>of()::get));
        assertTrue(
                missing.getMessage().contains("\"openai/gpt-4o-mini\"")
                        && missing.getMessage().contains("dspj-http"),
                missing.getMessage());
        IllegalArgumentException shape = assertThrows(
                IllegalArgumentException.class, () -> LanguageModels.of("gpt-4o", Map.<String, String>of()::get));
        assertTrue(shape.getMessage().contains("must be provider/model"), shape.getMessage());
        IllegalArgumentException builder = assertThrows(
                IllegalArgumentException.class,
                () -> LanguageModels.builder("openai/gpt-4o-mini", Map.<String, String>of()::get));
        assertTrue(builder.getMessage().contains("dspj-http"), builder.getMessage());
    }

    @Test
    void durableStoresSayWhichArtifactServesThem(@TempDir Path dir) {
        IllegalArgumentException sqlite =
                assertThrows(IllegalArgumentException.class, () -> StudyStore.sqlite(dir.resolve("studies.db")));
        assertTrue(
                sqlite.getMessage().contains("dspj-studies")
                        && sqlite.getMessage().contains("StudyStore.inMemory()"),
                sqlite.getMessage());
        IllegalStateException cache =
                assertThrows(IllegalStateException.class, () -> ResponseCache.sqlite(dir.resolve("cache.sqlite")));
        assertTrue(cache.getMessage().contains("dspj-studies"), cache.getMessage());
    }

    @Test
    void theDefaultCacheFallsBackToMemoryAndProgressToPlainLines(@TempDir Path dir) {
        ResponseCache cache = ResponseCache.fromEnvironment(Map.of("DSPJ_CACHE_DIR", dir.toString())::get);
        assertEquals(ResponseCache.memory(1).getClass(), cache.getClass());

        List<String> lines = new ArrayList<>();
        try (ProgressDisplay display = ProgressDisplay.open("Evaluate", 20, lines::add)) {
            for (int done = 1; done <= 20; done++) {
                display.update(done, done / 2.0, done > 18 ? 1 : 0);
            }
        }
        assertEquals(10, lines.size(), lines.toString());
        assertEquals("Evaluate 2/20: Average Metric: 1.00 / 2 (50.0%)", lines.get(0));
        assertEquals("Evaluate 20/20: Average Metric: 10.00 / 20 (50.0%), 1 failed", lines.get(9));
    }
}
