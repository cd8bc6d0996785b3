package dev.dspj.adapter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Values computed once per key object (compared by identity, held weakly), for what an adapter
 * derives from an immutable signature on every call. A few slots indexed by the key's identity hash
 * answer the keys in use without touching the bounded cache behind them, whose lookups (a weak
 * lookup key, a read buffer, maintenance handed to a pool thread) cost more than the formatting
 * they save on a short prompt.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class RecentByIdentity<K, V> {

    private static final int SLOTS = 16;

    private record Entry<K, V>(WeakReference<K> key, V value) {}

    private final AtomicReferenceArray<Entry<K, V>> recent = new AtomicReferenceArray<>(SLOTS);

    /** Every value, by key; maintenance runs on the caller's thread (no hop to the common pool). */
    private final Cache<K, V> all = Caffeine.newBuilder()
            .weakKeys()
            .maximumSize(4_096)
            .executor(Runnable::run)
            .build();

    /**
     * The value for a key, computed on first use.
     *
     * @param key the key
     * @param compute computes the value from the key
     * @return the value
     */
    V get(K key, Function<? super K, ? extends V> compute) {
        int slot = System.identityHashCode(key) & (SLOTS - 1);
        Entry<K, V> entry = recent.get(slot);
        if (entry != null && entry.key().get() == key) {
            return entry.value();
        }
        V value = all.get(key, compute);
        recent.set(slot, new Entry<>(new WeakReference<>(key), value));
        return value;
    }
}
