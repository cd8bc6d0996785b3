package dev.dspj.lm.cache.sqlite;

import dev.dspj.lm.cache.DiskCacheFactory;
import dev.dspj.lm.cache.ResponseCache;
import java.nio.file.Path;

/** Registers {@link SqliteResponseCache} as the disk cache ({@link java.util.ServiceLoader}). */
public final class SqliteCacheFactory implements DiskCacheFactory {

    /** Creates the factory (the service loader calls this). */
    public SqliteCacheFactory() {}

    @Override
    public ResponseCache open(Path file) {
        return new SqliteResponseCache(file);
    }
}
