package dev.dspj.lm;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Wraps any {@link Embedder} (a local model, {@code HttpEmbedder}, ...) with an in-memory cache keyed
 * by text and with batching: a call embeds only the texts it has not seen (each distinct text once),
 * in batches of {@link Builder#batchSize}, up to {@link Builder#parallelism} batches at a time, and
 * returns the vectors in the texts' order.
 *
 * <pre>{@code
 * Embedder embedder = Embedders.cached(HttpEmbedder.of("openai/text-embedding-3-small"), 100_000);
 * Embedder fast = CachingEmbedder.builder(remote).maxEntries(50_000).batchSize(128).parallelism(4).build();
 * }</pre>
 *
 * <p>The cache holds at most {@link Builder#maxEntries} texts (Caffeine, evicting the least likely
 * to be used again); 0 turns caching off and leaves the batching. Two threads missing the same text
 * at the same moment may both embed it. Returned vectors are copies, so a caller changing one cannot
 * change the cache. Batches running in parallel use daemon threads of this wrapper, no more than
 * {@code parallelism}, that end after a minute idle; with {@code parallelism} 1 they run on the
 * caller's thread. Thread-safe.
 */
public final class CachingEmbedder implements Embedder {

    /** Texts per call of the wrapped embedder by default. */
    public static final int DEFAULT_BATCH_SIZE = 256;
    /** Texts kept by default. */
    public static final long DEFAULT_MAX_ENTRIES = 10_000;

    private final Embedder delegate;
    private final long maxEntries;
    private final int batchSize;
    private final int parallelism;
    private final @Nullable Cache<String, float[]> cache;
    private final @Nullable ExecutorService pool;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    private CachingEmbedder(Builder builder) {
        this.delegate = builder.delegate;
        this.maxEntries = builder.maxEntries;
        this.batchSize = builder.batchSize;
        this.parallelism = builder.parallelism;
        this.cache = maxEntries == 0
                ? null
                : Caffeine.newBuilder().maximumSize(maxEntries).build();
        if (parallelism > 1) {
            AtomicInteger count = new AtomicInteger();
            ThreadPoolExecutor executor = new ThreadPoolExecutor(
                    parallelism, parallelism, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                        Thread thread = new Thread(runnable, "dspj-embed-batch-" + count.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    });
            executor.allowCoreThreadTimeOut(true);
            this.pool = executor;
        } else {
            this.pool = null;
        }
    }

    /**
     * A builder over an embedder.
     *
     * @param delegate the embedder that computes the vectors
     * @return a builder with the defaults ({@value #DEFAULT_MAX_ENTRIES} entries, batches of
     *     {@value #DEFAULT_BATCH_SIZE}, one at a time)
     */
    public static Builder builder(Embedder delegate) {
        return new Builder(delegate);
    }

    /**
     * Embeds the texts, taking what it can from the cache.
     *
     * @param texts the texts, possibly empty; none null
     * @return one vector per text, in order
     * @throws IllegalArgumentException when a text is null, naming its position
     * @throws IllegalStateException when the wrapped embedder returns a wrong number of vectors
     */
    @Override
    public float[][] embed(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new IllegalArgumentException("text " + i + " of " + texts.size() + " is null");
            }
        }
        Set<String> distinct = new LinkedHashSet<>(texts);
        Map<String, float[]> found;
        if (cache == null) {
            found = embedAll(distinct);
            misses.add(distinct.size());
        } else {
            int[] missing = {0};
            found = cache.getAll(distinct, keys -> {
                missing[0] = keys.size();
                return embedAll(keys);
            });
            misses.add(missing[0]);
            hits.add(distinct.size() - missing[0]);
        }
        float[][] vectors = new float[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            vectors[i] = Objects.requireNonNull(found.get(texts.get(i)), "vector of a text")
                    .clone();
        }
        return vectors;
    }

    /**
     * Distinct texts found in the cache since this wrapper was made.
     *
     * @return the count
     */
    public long hits() {
        return hits.sum();
    }

    /**
     * Distinct texts the wrapped embedder was asked for since this wrapper was made.
     *
     * @return the count
     */
    public long misses() {
        return misses.sum();
    }

    /**
     * Texts in the cache now (approximately, as eviction runs in the background).
     *
     * @return the count; 0 when caching is off
     */
    public long size() {
        return cache == null ? 0 : cache.estimatedSize();
    }

    /** Empties the cache. */
    public void clear() {
        if (cache != null) {
            cache.invalidateAll();
        }
    }

    /**
     * The wrapped embedder.
     *
     * @return it
     */
    public Embedder delegate() {
        return delegate;
    }

    @Override
    public String toString() {
        return "CachingEmbedder(" + delegate + ", maxEntries=" + maxEntries + ", batchSize=" + batchSize
                + ", parallelism=" + parallelism + ")";
    }

    private Map<String, float[]> embedAll(Set<? extends String> keys) {
        List<String> texts = new ArrayList<>(keys);
        List<List<String>> batches = new ArrayList<>();
        for (int start = 0; start < texts.size(); start += batchSize) {
            batches.add(texts.subList(start, Math.min(texts.size(), start + batchSize)));
        }
        List<float[][]> results = new ArrayList<>(batches.size());
        if (pool == null || batches.size() < 2) {
            for (List<String> batch : batches) {
                results.add(embedBatch(batch));
            }
        } else {
            List<CompletableFuture<float[][]>> futures = new ArrayList<>(batches.size());
            for (List<String> batch : batches) {
                futures.add(CompletableFuture.supplyAsync(() -> embedBatch(batch), pool));
            }
            for (CompletableFuture<float[][]> future : futures) {
                try {
                    results.add(future.join());
                } catch (CompletionException e) {
                    futures.forEach(other -> other.cancel(false));
                    if (e.getCause() instanceof RuntimeException cause) {
                        throw cause;
                    }
                    throw e;
                }
            }
        }
        Map<String, float[]> vectors = new HashMap<>(texts.size() * 2);
        for (int b = 0; b < batches.size(); b++) {
            List<String> batch = batches.get(b);
            float[][] embedded = results.get(b);
            for (int i = 0; i < batch.size(); i++) {
                vectors.put(batch.get(i), embedded[i]);
            }
        }
        return vectors;
    }

    private float[][] embedBatch(List<String> batch) {
        float[][] embedded = delegate.embed(batch);
        if (embedded == null || embedded.length != batch.size()) {
            throw new IllegalStateException(delegate + " returned " + (embedded == null ? "null" : embedded.length)
                    + " vectors for " + batch.size() + " texts");
        }
        for (int i = 0; i < embedded.length; i++) {
            if (embedded[i] == null) {
                throw new IllegalStateException(
                        delegate + " returned no vector for text " + i + " of a batch of " + batch.size());
            }
        }
        return embedded;
    }

    /** Settings of a {@link CachingEmbedder}, each checked when set. */
    public static final class Builder {
        private final Embedder delegate;
        private long maxEntries = DEFAULT_MAX_ENTRIES;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int parallelism = 1;

        private Builder(Embedder delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        /**
         * How many texts the cache keeps.
         *
         * @param maxEntries 0 (no caching, batching only) or more
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder maxEntries(long maxEntries) {
            if (maxEntries < 0) {
                throw new IllegalArgumentException(
                        "CachingEmbedder maxEntries must be 0 (no cache) or more, got " + maxEntries);
            }
            this.maxEntries = maxEntries;
            return this;
        }

        /**
         * How many texts one call of the wrapped embedder takes.
         *
         * @param batchSize at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("CachingEmbedder batchSize must be at least 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * How many batches run at once (for a remote embedder: requests in flight).
         *
         * @param parallelism 1 to 64; 1 runs them one after another on the caller's thread
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1 || parallelism > 64) {
                throw new IllegalArgumentException(
                        "CachingEmbedder parallelism must be between 1 and 64, got " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /**
         * The wrapper.
         *
         * @return it
         */
        public CachingEmbedder build() {
            return new CachingEmbedder(this);
        }
    }
}
