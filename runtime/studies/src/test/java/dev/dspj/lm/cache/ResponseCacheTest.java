package dev.dspj.lm.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.cache.sqlite.SqliteResponseCache;
import dev.dspj.primitives.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cache keys, the memory cache and the SQLite cache, including sharing and corruption. */
class ResponseCacheTest {

    private static LmRequest request(String text, LmSettings settings) {
        return new LmRequest(List.of(ChatMessage.user(text)), settings);
    }

    private static final LmResponse RESPONSE = new LmResponse(List.of("answer"), new Usage(10, 2), "m", "stop", false);

    @Test
    void keysAreStableAndSeparateWhatShapesTheAnswer() {
        String key = CacheKey.of("openai|u", "m", request("hi", LmSettings.DEFAULTS));
        assertEquals(key, CacheKey.of("openai|u", "m", request("hi", LmSettings.DEFAULTS)));
        assertEquals(64, key.length());
        assertNotEquals(key, CacheKey.of("openai|u", "m", request("hi", LmSettings.DEFAULTS.withTemperature(1))));
        assertNotEquals(key, CacheKey.of("openai|u", "m", request("hi", LmSettings.DEFAULTS.withRolloutId(1))));
        assertNotEquals(key, CacheKey.of("openai|u", "other", request("hi", LmSettings.DEFAULTS)));
        assertNotEquals(key, CacheKey.of("openai|u", "m", request("hi!", LmSettings.DEFAULTS)));
        assertEquals(
                key,
                CacheKey.of("openai|u", "m", request("hi", LmSettings.DEFAULTS.withCache(false))),
                "the cache flag itself does not change the key");
    }

    @Test
    void memoryCacheMarksHits() {
        ResponseCache cache = ResponseCache.memory(10);
        assertTrue(cache.get("k").isEmpty());
        cache.put("k", RESPONSE);
        LmResponse hit = cache.get("k").orElseThrow();
        assertTrue(hit.cached());
        assertEquals("answer", hit.text());
    }

    @Test
    void twoCachesShareOneSqliteFile(@TempDir Path dir) {
        Path file = dir.resolve("sub/cache.sqlite");
        try (ResponseCache first = ResponseCache.sqlite(file);
                ResponseCache second = ResponseCache.sqlite(file)) {
            first.put("k", RESPONSE);
            first.flush();
            LmResponse hit = second.get("k").orElseThrow();
            assertEquals(RESPONSE.choices(), hit.choices());
            assertEquals(RESPONSE.usage(), hit.usage());
            assertEquals("stop", hit.finishReason());
            assertTrue(hit.cached());
        }
        try (ResponseCache reopened = ResponseCache.sqlite(file)) {
            assertTrue(reopened.get("k").isPresent(), "entries survive a restart");
        }
    }

    @Test
    void concurrentWritersAndReaders(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cache.sqlite");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (ResponseCache a = ResponseCache.sqlite(file);
                ResponseCache b = ResponseCache.sqlite(file)) {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                work.add(pool.submit(() -> (n % 2 == 0 ? a : b).put("k" + n, RESPONSE)));
                work.add(pool.submit(() -> (n % 2 == 0 ? b : a).get("k" + n)));
            }
            for (Future<?> future : work) {
                future.get();
            }
            a.flush();
            b.flush();
            for (int i = 0; i < 200; i++) {
                assertTrue(a.get("k" + i).isPresent(), "entry " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void corruptFileIsBypassedNotFatal(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cache.sqlite");
        Files.writeString(
                file, "this is not a database at all, just some text that happens to be long enough. ".repeat(100));
        try (ResponseCache cache = ResponseCache.sqlite(file)) {
            assertTrue(cache.get("k").isEmpty());
            cache.put("k", RESPONSE);
            cache.flush();
            assertTrue(cache.get("k").isEmpty());
            assertTrue(((SqliteResponseCache) cache).isDisabled());
        }
        ResponseCache layered = ResponseCache.layered(ResponseCache.memory(5), ResponseCache.sqlite(file));
        layered.put("k", RESPONSE);
        assertTrue(layered.get("k").isPresent(), "the memory layer still works");
        layered.close();
    }

    @Test
    void unwritableLocationIsBypassed(@TempDir Path dir) throws Exception {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "x");
        try (ResponseCache cache = ResponseCache.sqlite(blocker.resolve("cache.sqlite"))) {
            cache.put("k", RESPONSE);
            assertFalse(cache.get("k").isPresent());
        }
    }
}
