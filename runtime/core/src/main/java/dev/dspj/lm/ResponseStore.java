package dev.dspj.lm;

import java.util.Optional;

/**
 * Where a model's client keeps answers by request key, so a repeated request costs nothing: the
 * contract every response cache meets. DSPJ's caches (none, in memory, SQLite, layered) are {@link
 * dev.dspj.lm.cache.ResponseCache}s; this type lets the model-string builder ({@link
 * LanguageModelBuilder#cache}) take one without this package depending on theirs. Implementations are
 * safe for concurrent use; a failing cache never fails a call (it logs and is bypassed).
 */
public interface ResponseStore extends AutoCloseable {

    /**
     * Looks a response up.
     *
     * @param key the request's key ({@link dev.dspj.lm.cache.CacheKey})
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
    default void flush() {}

    /** Releases files and connections. */
    @Override
    default void close() {}
}
