package dev.dspj.lm.cache;

import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Opens persistent response caches for {@link ResponseCache#sqlite(Path)} and the default cache.
 * Found with {@link java.util.ServiceLoader}: {@code dspj-studies} registers the SQLite one, so the
 * core needs no JDBC driver.
 */
public interface DiskCacheFactory {

    /**
     * Opens (creating when missing) a cache in a file, safe for many threads and processes.
     *
     * @param file the database file
     * @return the cache
     */
    ResponseCache open(Path file);

    /**
     * The factory on the class path, if any.
     *
     * @return the first registered factory
     */
    static Optional<DiskCacheFactory> installed() {
        return ServiceLoader.load(DiskCacheFactory.class, DiskCacheFactory.class.getClassLoader())
                .findFirst();
    }
}
