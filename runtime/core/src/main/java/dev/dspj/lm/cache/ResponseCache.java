package dev.dspj.lm.cache;

import dev.dspj.lm.LanguageModels;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.ResponseStore;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * Stores model responses by request key, so a repeated request costs nothing: DSPJ's caches (none,
 * in memory, SQLite, layered). Implementations are safe for concurrent use; a failing cache never
 * fails a call (it logs and is bypassed).
 */
public interface ResponseCache extends ResponseStore {

    /** The disk cache's file name inside DSPJ's cache directory. */
    String CACHE_FILE = "lm-responses.sqlite";

    /**
     * A store as a response cache: the store itself when it is one, else a cache that hands every
     * call to it and marks what it finds as cached (so its usage and cost count as a cache hit's).
     *
     * @param store the store
     * @return the cache
     */
    static ResponseCache of(ResponseStore store) {
        Objects.requireNonNull(store, "store");
        if (store instanceof ResponseCache cache) {
            return cache;
        }
        return new ResponseCache() {
            @Override
            public Optional<LmResponse> get(String key) {
                return store.get(key).map(LmResponse::asCached);
            }

            @Override
            public void put(String key, LmResponse response) {
                store.put(key, response);
            }

            @Override
            public void flush() {
                store.flush();
            }

            @Override
            public void close() {
                try {
                    store.close();
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(ResponseCache.class).warn("a response store failed to close", e);
                }
            }

            @Override
            public String toString() {
                return "ResponseCache.of(" + store + ")";
            }
        };
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
        return DiskCacheFactory.installed()
                .orElseThrow(() -> new IllegalStateException("no disk cache is on the class path for " + file
                        + "; add dev.dspj:dspj-studies (or dev.dspj:dspj-runtime, " + "which brings it)"))
                .open(file);
    }

    /**
     * The cache the environment asks for: {@code DSPJ_CACHE=disk} (the default) is memory in front
     * of a SQLite file in {@link LanguageModels#cacheDirectory DSPJ's cache directory} (memory only,
     * with a warning, when no disk cache is on the class path), {@code memory} keeps responses in
     * memory, {@code off} caches nothing.
     *
     * @param environment variable name to value
     * @return the cache
     * @throws IllegalArgumentException when {@code DSPJ_CACHE} is none of those
     */
    static ResponseCache fromEnvironment(Function<String, String> environment) {
        String mode = Optional.ofNullable(environment.apply("DSPJ_CACHE"))
                .orElse("disk")
                .strip()
                .toLowerCase(Locale.ROOT);
        switch (mode) {
            case "off", "none", "false", "0" -> {
                return none();
            }
            case "memory" -> {
                return memory(10_000);
            }
            case "disk", "" -> {
                Optional<DiskCacheFactory> disk = DiskCacheFactory.installed();
                if (disk.isEmpty()) {
                    LoggerFactory.getLogger(ResponseCache.class)
                            .warn("DSPJ_CACHE=disk but no disk cache is on the class "
                                    + "path (dev.dspj:dspj-studies); caching responses in memory only");
                    return memory(10_000);
                }
                return layered(
                        memory(10_000),
                        disk.get()
                                .open(LanguageModels.cacheDirectory(environment).resolve(CACHE_FILE)));
            }
            default -> throw new IllegalArgumentException("DSPJ_CACHE=" + mode + " is not one of disk, memory, off");
        }
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
        public void put(String key, LmResponse response) {}
    }
}
