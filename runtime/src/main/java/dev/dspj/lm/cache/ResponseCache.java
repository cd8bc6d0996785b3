package dev.dspj.lm.cache;

import dev.dspj.lm.LmResponse;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Stores model responses by request key, so a repeated request costs nothing. Implementations are
 * safe for concurrent use; a failing cache never fails a call (it logs and is bypassed).
 */
public interface ResponseCache extends AutoCloseable {

    /**
     * Looks a response up.
     *
     * @param key the request's key ({@link CacheKey})
     * @return the response, if cached
     */
    Optional<LmResponse> get(String key);

    /**
     * Stores a response.
     *
     * @param key the request's key
     * @param response the response
     */
    void put(String key, LmResponse response);

    /** Waits until stored responses are durable (a disk cache writes in the background). */
    default void flush() {
    }

    /** Releases files and connections. */
    @Override
    default void close() {
    }

    /**
     * No cache at all.
     *
     * @return a cache that stores nothing
     */
    static ResponseCache none() {
        return NoCache.INSTANCE;
    }

    /**
     * A bounded in-memory cache (Caffeine).
     *
     * @param maxEntries the most responses kept
     * @return the cache
     */
    static ResponseCache memory(long maxEntries) {
        return new MemoryResponseCache(maxEntries);
    }

    /**
     * A cache in a SQLite file, shared safely by threads and processes.
     *
     * @param file the database file (created with its directories when missing)
     * @return the cache
     */
    static ResponseCache sqlite(Path file) {
        return new SqliteResponseCache(file);
    }

    /**
     * Memory in front of disk: reads check memory first, then disk (and remember disk hits in
     * memory); writes go to both.
     *
     * @param memory the fast cache
     * @param disk the persistent cache
     * @return the cache
     */
    static ResponseCache layered(ResponseCache memory, ResponseCache disk) {
        return new LayeredResponseCache(memory, disk);
    }

    /** The cache that stores nothing. */
    enum NoCache implements ResponseCache {
        /** The instance. */
        INSTANCE;

        @Override
        public Optional<LmResponse> get(String key) {
            return Optional.empty();
        }

        @Override
        public void put(String key, LmResponse response) {
        }
    }
}
