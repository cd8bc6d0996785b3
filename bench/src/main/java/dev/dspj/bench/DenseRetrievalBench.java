package dev.dspj.bench;

import dev.dspj.lm.Embedder;
import dev.dspj.lm.HashingEmbedder;
import dev.dspj.retrieve.Passage;
import dev.dspj.retrieve.lucene.Corpus;
import dev.dspj.retrieve.lucene.DenseIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
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

/**
 * {@link DenseIndex} on its HNSW path against the same work written by hand on Lucene, in one JVM:
 * build time of an index of {@code passages} generated documents, and latency (p50, p99) of {@code
 * queries} top-10 searches. The vectors are {@link HashingEmbedder}'s, computed once before
 * anything is timed and handed to both (DSPJ through an {@link Embedder} that looks them up), so
 * only the indexes are compared. The hand-written index stores the id and text and the vector
 * (HNSW, dot product on unit vectors) with the same writer settings as {@link DenseIndex} (a {@value
 * DenseIndex#BUILD_RAM_BUFFER_MB} MB buffer), and asks the graph for the same {@code 10 * k}
 * candidates, keeping the best {@code k}. Searches alternate between the two, query by query.
 *
 * <p>Usage: {@code java -cp ... dev.dspj.bench.DenseRetrievalBench [passages=100000] [queries=1000]
 * [dimensions=384] [builds=1]}.
 */
public final class DenseRetrievalBench {

    static final int K = 10;
    private static final String[] WORDS = words();

    private DenseRetrievalBench() {}

    /**
     * Runs the comparison and prints it.
     *
     * @param args passages, queries, dimensions, builds (each optional)
     * @throws IOException when the temporary directories fail
     */
    public static void main(String[] args) throws IOException {
        int passages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int dimensions = args.length > 2 ? Integer.parseInt(args[2]) : 384;
        int builds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Result result = run(passages, queries, dimensions, builds, Files.createTempDirectory("dense-bench"));
        System.out.println(result.report());
    }

    /**
     * The measurements of one run.
     *
     * @param passages documents indexed
     * @param queries searches timed per side
     * @param dimensions vector length
     * @param rawBuildSeconds the hand-written build, best of the builds
     * @param dspjBuildSeconds DenseIndex's build, best of the builds
     * @param rawP50 the hand-written search's median latency, microseconds
     * @param rawP99 its 99th percentile
     * @param dspjP50 DenseIndex's median latency, microseconds
     * @param dspjP99 its 99th percentile
     * @param sameTop1 the share of queries where both found the same best passage
     */
    record Result(
            int passages,
            int queries,
            int dimensions,
            double rawBuildSeconds,
            double dspjBuildSeconds,
            double rawP50,
            double rawP99,
            double dspjP50,
            double dspjP99,
            double sameTop1) {

        String report() {
            return String.format(
                    Locale.ROOT,
                    "dense retrieval, %,d passages x %d dimensions, %,d queries (top %d, %d candidates), %d cores%n"
                            + "%-12s %12s %12s %12s%n"
                            + "%-12s %12.2f %12.1f %12.1f%n"
                            + "%-12s %12.2f %12.1f %12.1f%n"
                            + "ratio DSPJ/raw: build %.3f, p50 %.3f, p99 %.3f; same best passage for %.1f%% of queries",
                    passages,
                    dimensions,
                    queries,
                    K,
                    K * DenseIndex.DEFAULT_CANDIDATES,
                    Runtime.getRuntime().availableProcessors(),
                    "",
                    "build s",
                    "p50 us",
                    "p99 us",
                    "raw Lucene",
                    rawBuildSeconds,
                    rawP50,
                    rawP99,
                    "DenseIndex",
                    dspjBuildSeconds,
                    dspjP50,
                    dspjP99,
                    dspjBuildSeconds / rawBuildSeconds,
                    dspjP50 / rawP50,
                    dspjP99 / rawP99,
                    sameTop1 * 100);
        }
    }

    static Result run(int passages, int queries, int dimensions, int builds, Path work) throws IOException {
        List<Corpus.Document> documents = new ArrayList<>(passages);
        Random random = new Random(7);
        for (int i = 0; i < passages; i++) {
            documents.add(Corpus.Document.of("p" + i, "", sentence(random, 12 + random.nextInt(12)) + " #" + i));
        }
        List<String> queryTexts = new ArrayList<>(queries);
        for (int i = 0; i < queries; i++) {
            queryTexts.add(sentence(random, 6));
        }
        HashingEmbedder hashing = new HashingEmbedder(dimensions);
        Map<String, float[]> vectors = new HashMap<>(passages * 2);
        List<String> texts = new ArrayList<>(passages + queries);
        documents.forEach(document -> texts.add(document.text()));
        texts.addAll(queryTexts);
        float[][] embedded = hashing.embed(texts);
        for (int i = 0; i < texts.size(); i++) {
            vectors.put(texts.get(i), embedded[i]);
        }
        Embedder lookup = new Lookup(vectors);
        float[][] rawDocuments = Arrays.copyOf(embedded, passages);

        double rawBuild = Double.MAX_VALUE;
        double dspjBuild = Double.MAX_VALUE;
        Path rawDir = work.resolve("raw");
        Path dspjDir = work.resolve("dspj");
        for (int b = 0; b < builds; b++) {
            deleteTree(rawDir);
            long start = System.nanoTime();
            buildRaw(rawDir, documents, rawDocuments);
            rawBuild = Math.min(rawBuild, (System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            DenseIndex.builder(lookup)
                    .bruteForceThreshold(1)
                    .build(dspjDir, Corpus.of(documents))
                    .close();
            dspjBuild = Math.min(dspjBuild, (System.nanoTime() - start) / 1e9);
        }

        double[] rawMicros = new double[queries];
        double[] dspjMicros = new double[queries];
        int same = 0;
        try (Directory directory = FSDirectory.open(rawDir);
                DirectoryReader reader = DirectoryReader.open(directory);
                DenseIndex index = DenseIndex.open(dspjDir, lookup)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            // warm-up: every query once on each side
            for (String query : queryTexts) {
                searchRaw(searcher, Objects.requireNonNull(vectors.get(query)));
                index.retrieve(query, K);
            }
            for (int q = 0; q < queries; q++) {
                String query = queryTexts.get(q);
                long start = System.nanoTime();
                float[] vector = Objects.requireNonNull(vectors.get(query)).clone();
                List<String> raw = searchRaw(searcher, vector);
                rawMicros[q] = (System.nanoTime() - start) / 1e3;
                start = System.nanoTime();
                List<Passage> dspj = index.retrieve(query, K);
                dspjMicros[q] = (System.nanoTime() - start) / 1e3;
                if (!raw.isEmpty()
                        && !dspj.isEmpty()
                        && raw.get(0).equals(dspj.get(0).id())) {
                    same++;
                }
            }
        }
        Arrays.sort(rawMicros);
        Arrays.sort(dspjMicros);
        deleteTree(work);
        return new Result(
                passages,
                queries,
                dimensions,
                rawBuild,
                dspjBuild,
                percentile(rawMicros, 50),
                percentile(rawMicros, 99),
                percentile(dspjMicros, 50),
                percentile(dspjMicros, 99),
                same / (double) queries);
    }

    /** What a developer writes with Lucene alone: id, text and vector per document. */
    static void buildRaw(Path dir, List<Corpus.Document> documents, float[][] vectors) throws IOException {
        Files.createDirectories(dir);
        try (Directory directory = FSDirectory.open(dir);
                IndexWriter writer = new IndexWriter(
                        directory, new IndexWriterConfig().setRAMBufferSizeMB(DenseIndex.BUILD_RAM_BUFFER_MB))) {
            for (int i = 0; i < documents.size(); i++) {
                Document document = new Document();
                document.add(new StringField("id", documents.get(i).id(), Field.Store.YES));
                document.add(new StoredField("text", documents.get(i).text()));
                document.add(new KnnFloatVectorField("vector", vectors[i], VectorSimilarityFunction.DOT_PRODUCT));
                writer.addDocument(document);
            }
            writer.commit();
        }
    }

    /** The ids of the best {@value #K} of {@code 10 * K} candidates, with their stored text read. */
    static List<String> searchRaw(IndexSearcher searcher, float[] vector) throws IOException {
        int candidates = K * DenseIndex.DEFAULT_CANDIDATES;
        TopDocs top = searcher.search(new KnnFloatVectorQuery("vector", vector, candidates), candidates);
        StoredFields stored = searcher.storedFields();
        List<String> ids = new ArrayList<>(K);
        for (ScoreDoc hit : top.scoreDocs) {
            if (ids.size() == K) {
                break;
            }
            Document document = stored.document(hit.doc);
            Objects.requireNonNull(document.get("text"), "text");
            ids.add(Objects.requireNonNull(document.get("id"), "id"));
        }
        return ids;
    }

    static double percentile(double[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String sentence(Random random, int words) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                text.append(' ');
            }
            // a skewed choice, as in text: common words often, rare ones seldom
            double u = random.nextDouble();
            text.append(WORDS[(int) (u * u * u * WORDS.length)]);
        }
        return text.toString();
    }

    private static String[] words() {
        String[] stems = {
            "river", "stone", "light", "market", "engine", "garden", "signal", "forest", "metal", "window", "planet",
            "letter", "music", "paper", "bridge", "cloud", "winter", "doctor", "island", "motor", "silver", "theory",
            "animal", "castle", "energy", "harbor", "circle", "number", "pocket", "ticket"
        };
        String[] endings = {"", "s", "ing", "ed", "er", "al", "ist", "ward", "ness", "ic"};
        String[] prefixes = {"", "re", "un", "over"};
        String[] words = new String[prefixes.length * stems.length * endings.length];
        int i = 0;
        for (String prefix : prefixes) {
            for (String stem : stems) {
                for (String ending : endings) {
                    words[i++] = prefix + stem + ending;
                }
            }
        }
        return words;
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path entry : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Hands out the precomputed vectors, as an embedder that costs only a map look-up. */
    static final class Lookup implements Embedder {
        private final Map<String, float[]> vectors;

        Lookup(Map<String, float[]> vectors) {
            this.vectors = vectors;
        }

        @Override
        public float[][] embed(List<String> texts) {
            float[][] out = new float[texts.size()][];
            for (int i = 0; i < texts.size(); i++) {
                out[i] = Objects.requireNonNull(vectors.get(texts.get(i)), "no vector for a text")
                        .clone();
            }
            return out;
        }

        @Override
        public String toString() {
            return "precomputed HashingEmbedder vectors";
        }
    }
}
