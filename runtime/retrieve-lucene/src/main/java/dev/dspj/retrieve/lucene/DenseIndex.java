package dev.dspj.retrieve.lucene;

import dev.dspj.lm.Embedder;
import dev.dspj.retrieve.Passage;
import dev.dspj.retrieve.Retriever;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Properties;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dense retrieval: the passages whose embeddings are nearest the query's, as DSPy's {@code
 * dspy.retrievers.Embeddings(corpus, embedder, k, brute_force_threshold=20_000, normalize=True)}.
 * The corpus is embedded once, when the index is built, and kept on disk with the documents, so
 * {@link #open} searches it again without embedding anything but queries.
 *
 * <pre>{@code
 * Embedder embedder = LocalEmbedder.create();   // dspj-embeddings-local, or HttpEmbedder, ...
 * try (DenseIndex index = DenseIndex.build(Path.of("wiki-dense"), Corpus.of(Path.of("wiki.jsonl")), embedder)) {
 *     List<Passage> top = index.retrieve("Who wrote Hamlet?", 3);
 * }
 * DenseIndex again = DenseIndex.open(Path.of("wiki-dense"), embedder);
 * }</pre>
 *
 * <p><b>Two searches.</b> Below {@link Builder#bruteForceThreshold} documents (20,000 by default)
 * the vectors are loaded into memory when the index opens and every query is compared with all of
 * them (exact). At or above it they are indexed in a Lucene HNSW graph ({@link KnnFloatVectorField})
 * and a query asks it for {@link Builder#candidates} times {@code k} nearest (DSPy's {@code k * 10}),
 * of which the {@code k} best are returned: approximate, with the graph's recall. Either way a
 * passage's score is the dot product of the two vectors: with {@link Builder#normalize} (the
 * default) vectors are scaled to unit length first and the score is their cosine similarity.
 *
 * <p>A document is embedded as its text, or {@code title + "\n" + text} when it has a title. The
 * index's directory holds generations built atomically like {@link Bm25Index}'s (a build that fails
 * or dies leaves the previous index usable), and a file {@value #MANIFEST} in each naming the
 * embedder that built it, the vectors' dimensions, whether they were normalized and which search the
 * index uses. Opening with an embedder of other dimensions fails at the first query, naming both; a
 * differently named embedder of the same dimensions is only logged as a warning (it may be the same
 * model behind another client). Immutable once built; safe for concurrent searches; close it to
 * release its files.
 */
public final class DenseIndex implements Retriever, AutoCloseable {

    /** The file in each generation that says how it was built. */
    public static final String MANIFEST = "dense-index.properties";
    /** Documents from which the HNSW graph is used by default, as DSPy's {@code brute_force_threshold}. */
    public static final int DEFAULT_BRUTE_FORCE_THRESHOLD = 20_000;
    /** Texts embedded per call of the embedder by default while building. */
    public static final int DEFAULT_BATCH_SIZE = 256;
    /** How many times {@code k} neighbours the graph is asked for by default (DSPy's {@code k * 10}). */
    public static final int DEFAULT_CANDIDATES = 10;
    /**
     * Lucene's indexing buffer while building, in MB: large, so a corpus is written in few segments
     * (at most a quarter of the heap, and at least Lucene's default of 16).
     */
    public static final double BUILD_RAM_BUFFER_MB = 256;

    static final String VECTOR = "vector";
    private static final String BUILDER = "DenseIndex.build";
    private static final int FORMAT = 1;
    private static final Logger LOG = LoggerFactory.getLogger(DenseIndex.class);

    /** How an index searches. */
    enum Search {
        EXACT,
        HNSW
    }

    private final Path root;
    private final Path generationDir;
    private final Embedder embedder;
    private final Manifest manifest;
    private final int candidates;
    private final Directory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    /** EXACT only: the vectors, row after row, and the document of each row. */
    private final float @Nullable [] vectors;

    private final int @Nullable [] documents;

    private volatile boolean closed;

    private DenseIndex(
            Path root,
            Path generationDir,
            Embedder embedder,
            Manifest manifest,
            int candidates,
            Directory directory,
            DirectoryReader reader,
            float @Nullable [] vectors,
            int @Nullable [] documents) {
        this.root = root;
        this.generationDir = generationDir;
        this.embedder = embedder;
        this.manifest = manifest;
        this.candidates = candidates;
        this.directory = directory;
        this.reader = reader;
        this.searcher = new IndexSearcher(reader);
        this.vectors = vectors;
        this.documents = documents;
    }

    /**
     * Builds an index with the defaults, replacing any index the directory held, atomically, and
     * opens it.
     *
     * @param indexDir the index's directory; created when missing
     * @param corpus the documents
     * @param embedder embeds the documents now and the queries later
     * @return the index, open; close it
     * @throws CorpusException when the corpus is empty, has a duplicate id or a malformed line; the
     *     previous index is left in place
     * @throws IndexException when the embedder returns vectors of varying or no dimensions, the
     *     directory cannot be written, or another build holds its lock
     */
    public static DenseIndex build(Path indexDir, Corpus corpus, Embedder embedder) {
        return builder(embedder).build(indexDir, corpus);
    }

    /**
     * A builder, to set the threshold of the HNSW search, normalization, batch size or candidates.
     *
     * @param embedder embeds the documents and the queries
     * @return a builder with the defaults
     */
    public static Builder builder(Embedder embedder) {
        return new Builder(embedder);
    }

    /**
     * Opens an index built by {@link #build}, without embedding its corpus again.
     *
     * @param indexDir the index's directory
     * @param embedder embeds queries; must give vectors of the dimensions the index was built with
     * @return the index; close it
     * @throws IndexException when there is no index there, it is corrupt, or it is not a dense index
     */
    public static DenseIndex open(Path indexDir, Embedder embedder) {
        return open(indexDir, embedder, DEFAULT_CANDIDATES);
    }

    private static DenseIndex open(Path indexDir, Embedder embedder, int candidates) {
        Objects.requireNonNull(embedder, "embedder");
        Generations.Current current = Generations.current(indexDir, BUILDER);
        Path generationDir = current.directory();
        Manifest manifest = Manifest.read(generationDir);
        if (!manifest.embedder.equals(embedder.toString())) {
            LOG.warn(
                    "the dense index at {} was built by {}; it is opened with {}: its vectors must come from the same"
                            + " model",
                    current.root(),
                    manifest.embedder,
                    embedder);
        }
        Directory directory;
        try {
            directory = FSDirectory.open(generationDir);
        } catch (IOException e) {
            throw new IndexException("cannot open the index at " + generationDir + ": " + e, e);
        }
        DirectoryReader reader = null;
        try {
            reader = DirectoryReader.open(directory);
            float[] vectors = null;
            int[] documents = null;
            if (manifest.search == Search.EXACT) {
                int count = reader.numDocs();
                vectors = new float[count * manifest.dimensions];
                documents = new int[count];
                StoredFields stored = reader.storedFields();
                int row = 0;
                for (int doc = 0; doc < reader.maxDoc(); doc++) {
                    BytesRef bytes = stored.document(doc).getBinaryValue(VECTOR);
                    if (bytes == null || bytes.length != manifest.dimensions * Float.BYTES || row >= count) {
                        throw new IndexException("the index at " + generationDir + " is corrupt (document " + doc
                                + " has no vector of " + manifest.dimensions + " dimensions): rebuild it with "
                                + BUILDER);
                    }
                    ByteBuffer.wrap(bytes.bytes, bytes.offset, bytes.length)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .asFloatBuffer()
                            .get(vectors, row * manifest.dimensions, manifest.dimensions);
                    documents[row++] = doc;
                }
            }
            return new DenseIndex(
                    current.root(),
                    generationDir,
                    embedder,
                    manifest,
                    candidates,
                    directory,
                    reader,
                    vectors,
                    documents);
        } catch (IOException | RuntimeException e) {
            IOUtils.closeWhileHandlingException(reader, directory);
            if (e instanceof IOException io) {
                throw Generations.readFailure("open", generationDir, BUILDER, io);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * The {@code k} passages whose vectors are nearest the query's, best first.
     *
     * @param query the user's text
     * @param k how many at most; at least 1
     * @return the passages with their ids, titles, metadata and scores (dot products; cosine
     *     similarities when normalized)
     * @throws IllegalArgumentException when the query is blank or {@code k < 1}
     * @throws IndexException when the embedder gives vectors of other dimensions than the index's, or
     *     the index cannot be read or is closed
     */
    @Override
    public List<Passage> retrieve(String query, int k) {
        Retriever.requireQuery(query);
        Retriever.requireK(k);
        ensureOpen();
        return search(embedQueries(List.of(query))[0], k);
    }

    /**
     * {@link #retrieve} for several queries, embedded in one call of the embedder.
     *
     * @param queries the queries; none blank
     * @param k how many passages at most per query; at least 1
     * @return one list of passages per query, in the queries' order
     */
    @Override
    public List<List<Passage>> retrieveBatch(List<String> queries, int k) {
        Objects.requireNonNull(queries, "queries");
        Retriever.requireK(k);
        for (int i = 0; i < queries.size(); i++) {
            String query = queries.get(i);
            if (query == null || query.isBlank()) {
                throw new IllegalArgumentException(
                        "query " + i + " of the batch is " + (query == null ? "null" : "blank"));
            }
        }
        ensureOpen();
        if (queries.isEmpty()) {
            return List.of();
        }
        float[][] embedded = embedQueries(queries);
        List<List<Passage>> results = new ArrayList<>(queries.size());
        for (float[] vector : embedded) {
            results.add(search(vector, k));
        }
        return List.copyOf(results);
    }

    /**
     * How many documents the index holds.
     *
     * @return the count
     */
    public int size() {
        return reader.numDocs();
    }

    /**
     * The vectors' length.
     *
     * @return the dimensions the index was built with
     */
    public int dimensions() {
        return manifest.dimensions;
    }

    /**
     * Whether queries are compared with every vector (below the threshold) rather than searched in
     * the HNSW graph.
     *
     * @return true for the exact search
     */
    public boolean exact() {
        return manifest.search == Search.EXACT;
    }

    /**
     * What the embedder that built the index called itself ({@code toString()}).
     *
     * @return its description
     */
    public String builtBy() {
        return manifest.embedder;
    }

    /**
     * The index's directory.
     *
     * @return the path given to {@link #build} or {@link #open}, absolute
     */
    public Path path() {
        return root;
    }

    /** Releases the index's files. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            IOUtils.close(reader, directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the index at " + root, e);
        }
    }

    @Override
    public String toString() {
        return "DenseIndex(" + root + ", " + manifest.dimensions + " dimensions, "
                + manifest.search.name().toLowerCase(Locale.ROOT) + ")";
    }

    private void ensureOpen() {
        if (closed) {
            throw new IndexException("the index at " + root + " is closed");
        }
    }

    private float[][] embedQueries(List<String> queries) {
        float[][] embedded = embedder.embed(queries);
        if (embedded == null || embedded.length != queries.size()) {
            throw new IndexException(embedder + " returned " + (embedded == null ? "null" : embedded.length)
                    + " vectors for " + queries.size() + " queries");
        }
        for (float[] vector : embedded) {
            int found = vector == null ? 0 : vector.length;
            if (found != manifest.dimensions) {
                throw new IndexException("the index at " + root + " holds " + manifest.dimensions
                        + "-dimensional vectors (built by " + manifest.embedder + "), but " + embedder + " gives "
                        + found + "-dimensional ones: open it with the embedder that built it, or rebuild it with "
                        + BUILDER);
            }
            if (manifest.normalize) {
                toUnitLength(vector);
            }
        }
        return embedded;
    }

    private List<Passage> search(float[] query, int k) {
        try {
            if (vectors != null && documents != null) {
                return exactSearch(query, k, vectors, documents);
            }
            int asked = (int) Math.min(Integer.MAX_VALUE, (long) k * candidates);
            TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, query, asked), asked);
            StoredFields stored = searcher.storedFields();
            List<Passage> passages = new ArrayList<>(Math.min(k, top.scoreDocs.length));
            for (ScoreDoc hit : top.scoreDocs) {
                if (passages.size() == k) {
                    break;
                }
                passages.add(StoredDocuments.passage(stored.document(hit.doc), dot(hit.score)));
            }
            return List.copyOf(passages);
        } catch (IOException e) {
            throw Generations.readFailure("search", generationDir, BUILDER, e);
        }
    }

    private List<Passage> exactSearch(float[] query, int k, float[] matrix, int[] rows) throws IOException {
        int dimensions = manifest.dimensions;
        int count = rows.length;
        int keep = Math.min(k, count);
        // a min-heap of the best rows so far: (score, row), the worst on top; ties keep the earlier row
        PriorityQueue<long[]> best = new PriorityQueue<>(keep + 1, DenseIndex::worseFirst);
        for (int row = 0; row < count; row++) {
            float score = 0;
            int offset = row * dimensions;
            for (int d = 0; d < dimensions; d++) {
                score += query[d] * matrix[offset + d];
            }
            if (best.size() < keep) {
                best.add(new long[] {Float.floatToIntBits(score), row});
            } else if (score > Float.intBitsToFloat((int) best.peek()[0])) {
                best.poll();
                best.add(new long[] {Float.floatToIntBits(score), row});
            }
        }
        List<long[]> ordered = new ArrayList<>(best);
        ordered.sort((a, b) -> worseFirst(b, a));
        StoredFields stored = reader.storedFields();
        List<Passage> passages = new ArrayList<>(ordered.size());
        for (long[] entry : ordered) {
            Document document = stored.document(rows[(int) entry[1]]);
            passages.add(StoredDocuments.passage(document, Float.intBitsToFloat((int) entry[0])));
        }
        return List.copyOf(passages);
    }

    private static int worseFirst(long[] a, long[] b) {
        int byScore = Float.compare(Float.intBitsToFloat((int) a[0]), Float.intBitsToFloat((int) b[0]));
        return byScore != 0 ? byScore : Long.compare(b[1], a[1]);
    }

    /** The dot product back from Lucene's score of the similarity the index uses. */
    private double dot(float luceneScore) {
        if (manifest.normalize) {
            return 2.0 * luceneScore - 1; // DOT_PRODUCT: (1 + dot) / 2
        }
        return luceneScore < 1 ? 1 - 1.0 / luceneScore : luceneScore - 1.0; // MAXIMUM_INNER_PRODUCT
    }

    static void toUnitLength(float[] vector) {
        double norm = 0;
        for (float value : vector) {
            norm += (double) value * value;
        }
        double scale = 1 / Math.max(Math.sqrt(norm), 1e-10);
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) (vector[i] * scale);
        }
    }

    private static String embeddedText(Corpus.Document document) {
        return document.title().isEmpty() ? document.text() : document.title() + "\n" + document.text();
    }

    /** What a generation says about how it was built. */
    private static final class Manifest {
        final String embedder;
        final int dimensions;
        final boolean normalize;
        final Search search;

        Manifest(String embedder, int dimensions, boolean normalize, Search search) {
            this.embedder = embedder;
            this.dimensions = dimensions;
            this.normalize = normalize;
            this.search = search;
        }

        void write(Path generationDir, int documents) throws IOException {
            Properties properties = new Properties();
            properties.setProperty("format", String.valueOf(FORMAT));
            properties.setProperty("embedder", embedder);
            properties.setProperty("dimensions", String.valueOf(dimensions));
            properties.setProperty("normalize", String.valueOf(normalize));
            properties.setProperty(
                    "similarity",
                    (normalize ? VectorSimilarityFunction.DOT_PRODUCT : VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT)
                            .name());
            properties.setProperty("search", search.name().toLowerCase(Locale.ROOT));
            properties.setProperty("documents", String.valueOf(documents));
            try (OutputStream out = Files.newOutputStream(generationDir.resolve(MANIFEST))) {
                properties.store(out, "written by DenseIndex.build; read by DenseIndex.open");
            }
        }

        static Manifest read(Path generationDir) {
            Path file = generationDir.resolve(MANIFEST);
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            } catch (NoSuchFileException e) {
                throw new IndexException(
                        "the index at " + generationDir.getParent() + " is not a dense index (no " + MANIFEST + " in "
                                + generationDir.getFileName() + "): build one with " + BUILDER,
                        e);
            } catch (IOException e) {
                throw new IndexException("cannot read " + file + ": " + e, e);
            }
            try {
                String format = properties.getProperty("format", "");
                if (!format.equals(String.valueOf(FORMAT))) {
                    throw new IllegalArgumentException("format '" + format + "', this version reads " + FORMAT);
                }
                int dimensions = Integer.parseInt(properties.getProperty("dimensions", ""));
                if (dimensions < 1) {
                    throw new IllegalArgumentException("dimensions " + dimensions);
                }
                String normalize = properties.getProperty("normalize", "");
                if (!normalize.equals("true") && !normalize.equals("false")) {
                    throw new IllegalArgumentException("normalize '" + normalize + "'");
                }
                Search search =
                        Search.valueOf(properties.getProperty("search", "").toUpperCase(Locale.ROOT));
                return new Manifest(
                        properties.getProperty("embedder", "?"), dimensions, Boolean.parseBoolean(normalize), search);
            } catch (IllegalArgumentException e) {
                throw new IndexException(
                        "the index at " + generationDir + " is damaged: " + MANIFEST + " has " + e.getMessage()
                                + " (rebuild it with " + BUILDER + ")",
                        e);
            }
        }
    }

    /** Settings of a {@link DenseIndex} build, each checked when set. */
    public static final class Builder {
        private final Embedder embedder;
        private int bruteForceThreshold = DEFAULT_BRUTE_FORCE_THRESHOLD;
        private boolean normalize = true;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int candidates = DEFAULT_CANDIDATES;

        private Builder(Embedder embedder) {
            this.embedder = Objects.requireNonNull(embedder, "embedder");
        }

        /**
         * From how many documents the HNSW graph is used instead of comparing a query with every
         * vector.
         *
         * @param documents at least 1; default {@value #DEFAULT_BRUTE_FORCE_THRESHOLD}
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder bruteForceThreshold(int documents) {
            if (documents < 1) {
                throw new IllegalArgumentException(
                        "DenseIndex bruteForceThreshold must be at least 1, got " + documents);
            }
            this.bruteForceThreshold = documents;
            return this;
        }

        /**
         * Whether vectors (of documents and queries) are scaled to unit length, making scores cosine
         * similarities; without it scores are raw dot products.
         *
         * @param normalize default true
         * @return this builder
         */
        public Builder normalize(boolean normalize) {
            this.normalize = normalize;
            return this;
        }

        /**
         * How many documents are embedded per call of the embedder while building.
         *
         * @param batchSize at least 1; default {@value #DEFAULT_BATCH_SIZE}
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("DenseIndex batchSize must be at least 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * How many times {@code k} neighbours a query asks the HNSW graph for, of which the {@code
         * k} best are kept: more finds the true nearest more often, and costs more.
         *
         * @param factor at least 1; default {@value #DEFAULT_CANDIDATES}
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder candidates(int factor) {
            if (factor < 1) {
                throw new IllegalArgumentException("DenseIndex candidates must be at least 1, got " + factor);
            }
            this.candidates = factor;
            return this;
        }

        /**
         * Opens an index built earlier with these search settings ({@link #candidates}); the
         * settings of the build are read from the index.
         *
         * @param indexDir the index's directory
         * @return the index; close it
         * @throws IndexException when there is no dense index there or it is corrupt
         */
        public DenseIndex open(Path indexDir) {
            return DenseIndex.open(indexDir, embedder, candidates);
        }

        /**
         * Embeds the corpus and builds its index, replacing any index the directory held, atomically;
         * then opens it.
         *
         * @param indexDir the index's directory; created when missing
         * @param corpus the documents
         * @return the index, open; close it
         * @throws CorpusException when the corpus is empty, has a duplicate id or a malformed line;
         *     the previous index is left in place
         * @throws IndexException when the embedder's vectors vary in length or are empty, the directory
         *     cannot be written, or another build holds its lock
         */
        public DenseIndex build(Path indexDir, Corpus corpus) {
            Objects.requireNonNull(corpus, "corpus");
            Path root = Generations.createRoot(indexDir);
            Generations.build(root, temporary -> write(temporary, corpus));
            return open(root);
        }

        private void write(Path temporary, Corpus corpus) throws IOException {
            int[] count = {0};
            corpus.forEach((document, origin) -> count[0]++);
            Search search = count[0] >= bruteForceThreshold ? Search.HNSW : Search.EXACT;
            VectorSimilarityFunction similarity =
                    normalize ? VectorSimilarityFunction.DOT_PRODUCT : VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
            Batch batch = new Batch(search, similarity);
            double quarterOfHeap = Runtime.getRuntime().maxMemory() / 4.0 / (1024 * 1024);
            IndexWriterConfig config = new IndexWriterConfig()
                    .setRAMBufferSizeMB(Math.max(
                            IndexWriterConfig.DEFAULT_RAM_BUFFER_SIZE_MB,
                            Math.min(BUILD_RAM_BUFFER_MB, quarterOfHeap)));
            int documents = StoredDocuments.writeNew(
                    temporary,
                    config,
                    corpus,
                    (writer, document, origin) -> {
                        batch.add(document, origin);
                        if (batch.size() == batchSize) {
                            batch.flush(writer);
                        }
                    },
                    batch::flush);
            new Manifest(embedder.toString(), batch.dimensions, normalize, search).write(temporary, documents);
        }

        /** Documents waiting to be embedded together. */
        private final class Batch {
            final Search search;
            final VectorSimilarityFunction similarity;
            final List<Corpus.Document> pending = new ArrayList<>();
            final List<String> origins = new ArrayList<>();
            int dimensions;

            Batch(Search search, VectorSimilarityFunction similarity) {
                this.search = search;
                this.similarity = similarity;
            }

            int size() {
                return pending.size();
            }

            void add(Corpus.Document document, String origin) {
                pending.add(document);
                origins.add(origin);
            }

            void flush(IndexWriter writer) throws IOException {
                if (pending.isEmpty()) {
                    return;
                }
                List<String> texts = new ArrayList<>(pending.size());
                for (Corpus.Document document : pending) {
                    texts.add(embeddedText(document));
                }
                float[][] embedded = embedder.embed(texts);
                if (embedded == null || embedded.length != texts.size()) {
                    throw new IndexException(embedder + " returned " + (embedded == null ? "null" : embedded.length)
                            + " vectors for " + texts.size() + " documents (from " + origins.get(0) + ")");
                }
                for (int i = 0; i < embedded.length; i++) {
                    float[] vector = embedded[i];
                    int length = vector == null ? 0 : vector.length;
                    if (dimensions == 0) {
                        dimensions = length;
                    }
                    if (vector == null || length == 0 || length != dimensions) {
                        throw new IndexException(embedder + " gave " + length + " dimensions for document '"
                                + pending.get(i).id() + "' (" + origins.get(i) + ") after "
                                + (dimensions == 0 ? "none" : dimensions) + " for the ones before");
                    }
                    if (normalize) {
                        toUnitLength(vector);
                    }
                    Document lucene = StoredDocuments.lucene(pending.get(i), origins.get(i), false);
                    if (search == Search.HNSW) {
                        lucene.add(new KnnFloatVectorField(VECTOR, vector, similarity));
                    } else {
                        ByteBuffer bytes =
                                ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                        bytes.asFloatBuffer().put(vector);
                        lucene.add(new StoredField(VECTOR, bytes.array()));
                    }
                    writer.addDocument(lucene);
                }
                pending.clear();
                origins.clear();
            }
        }
    }
}
