package dev.dspj.lm.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.dspj.lm.LmResponse;
import java.util.Optional;

/** A bounded in-memory response cache on Caffeine. */
final class MemoryResponseCache implements ResponseCache {

    private final Cache<String, LmResponse> cache;

    MemoryResponseCache(long maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("a memory cache must hold at least 1 entry, got " + maxEntries);
        }
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries).build();
    }

    @Override
    public Optional<LmResponse> get(String key) {
        return Optional.ofNullable(cache.getIfPresent(key)).map(LmResponse::asCached);
    }

    @Override
    public void put(String key, LmResponse response) {
        cache.put(key, response);
    }
}
