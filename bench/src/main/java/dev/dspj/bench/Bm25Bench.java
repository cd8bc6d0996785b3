package dev.dspj.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.retrieve.Passage;
import dev.dspj.retrieve.lucene.Bm25Index;
import dev.dspj.retrieve.lucene.Corpus;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.QueryBuilder;

/**
 * {@link Bm25Index} against the same work written by hand on Lucene, side by side in one JVM: build
 * an index of a JSONL corpus (read, analyze, write, commit) and run queries (analyze, search the
 * text and title, read the stored id, title and text of the top k). Both use Lucene's defaults
 * (BM25, {@link EnglishAnalyzer}) and the same fields, so the ratio is what DSPJ's layer costs:
 * its corpus reader with file:line errors, duplicate-id checks, atomic generations and
 * {@link Passage} values.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.dspj.bench.Bm25Bench [passages] [queries]
 * [rounds]} (defaults 100000, 4000, 3). Builds alternate which side goes first; queries
 * alternate per query after a warm-up pass of each.
 */
public final class Bm25Bench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int K = 10;

    private Bm25Bench() {}

    /**
     * Runs the comparison and prints a Markdown table.
     *
     * @param args passages, queries, rounds
     * @throws IOException when the temporary files cannot be written
     */
    public static void main(String[] args) throws IOException {
        int passages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 4_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path work = Files.createTempDirectory("dspj-bm25-bench");
        try {
            Result result = run(work, passages, queries, rounds);
            System.out.print(result.table());
        } finally {
            deleteTree(work);
        }
    }

    /**
     * Medians of one run.
     *
     * @param passages the corpus size
     * @param dspjBuildMillis median build time of {@link Bm25Index}
     * @param rawBuildMillis median build time by hand
     * @param dspjQueryMicros every DSPJ query's time, sorted
     * @param rawQueryMicros every hand-written query's time, sorted
     * @param sameTopHits how many queries found the same top-k ids both ways
     * @param queries how many queries were timed per side
     */
    record Result(
            int passages,
            double dspjBuildMillis,
            double rawBuildMillis,
            List<Double> dspjQueryMicros,
            List<Double> rawQueryMicros,
            int sameTopHits,
            int queries) {

        double percentile(List<Double> sorted, double p) {
            return sorted.get(Math.min(sorted.size() - 1, Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
        }

        String table() {
            double d50 = percentile(dspjQueryMicros, 50);
            double r50 = percentile(rawQueryMicros, 50);
            double d99 = percentile(dspjQueryMicros, 99);
            double r99 = percentile(rawQueryMicros, 99);
            return String.format(
                    Locale.ROOT,
                    "BM25 over %,d passages, top %d, %,d queries per side (same top-%d ids for %d of them)%n%n"
                            + "| operation | DSPJ `Bm25Index` | raw Lucene | ratio |%n| --- | --- | --- | --- |%n"
                            + "| build (median) | %.0f ms | %.0f ms | %.2f× |%n"
                            + "| query p50 | %.0f µs | %.0f µs | %.2f× |%n"
                            + "| query p99 | %.0f µs | %.0f µs | %.2f× |%n",
                    passages,
                    K,
                    queries,
                    K,
                    sameTopHits,
                    dspjBuildMillis,
                    rawBuildMillis,
                    dspjBuildMillis / rawBuildMillis,
                    d50,
                    r50,
                    d50 / r50,
                    d99,
                    r99,
                    d99 / r99);
        }
    }

    static Result run(Path work, int passages, int queries, int rounds) throws IOException {
        Path corpusFile = work.resolve("corpus.jsonl");
        List<String> queryTexts = writeCorpus(corpusFile, passages, queries, 42);
        double[] dspjBuild = new double[rounds];
        double[] rawBuild = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            Path dspjDir = work.resolve("dspj-" + round);
            Path rawDir = work.resolve("raw-" + round);
            if (round % 2 == 0) {
                dspjBuild[round] = timeDspjBuild(dspjDir, corpusFile);
                rawBuild[round] = timeRawBuild(rawDir, corpusFile);
            } else {
                rawBuild[round] = timeRawBuild(rawDir, corpusFile);
                dspjBuild[round] = timeDspjBuild(dspjDir, corpusFile);
            }
            if (round < rounds - 1) {
                deleteTree(dspjDir);
                deleteTree(rawDir);
            }
        }
        Path dspjDir = work.resolve("dspj-" + (rounds - 1));
        Path rawDir = work.resolve("raw-" + (rounds - 1));
        double[] dspjTimes = new double[queries];
        double[] rawTimes = new double[queries];
        int same = 0;
        try (Bm25Index index = Bm25Index.open(dspjDir);
                RawLucene raw = new RawLucene(rawDir)) {
            for (String query : queryTexts) {
                index.retrieve(query, K);
                raw.search(query, K);
            }
            for (int i = 0; i < queries; i++) {
                String query = queryTexts.get(i);
                List<Passage> ours;
                List<String> theirs;
                if (i % 2 == 0) {
                    long start = System.nanoTime();
                    ours = index.retrieve(query, K);
                    long middle = System.nanoTime();
                    theirs = raw.search(query, K);
                    long end = System.nanoTime();
                    dspjTimes[i] = (middle - start) / 1_000.0;
                    rawTimes[i] = (end - middle) / 1_000.0;
                } else {
                    long start = System.nanoTime();
                    theirs = raw.search(query, K);
                    long middle = System.nanoTime();
                    ours = index.retrieve(query, K);
                    long end = System.nanoTime();
                    rawTimes[i] = (middle - start) / 1_000.0;
                    dspjTimes[i] = (end - middle) / 1_000.0;
                }
                if (ours.stream().map(Passage::id).toList().equals(theirs)) {
                    same++;
                }
            }
        }
        Arrays.sort(dspjTimes);
        Arrays.sort(rawTimes);
        return new Result(
                passages,
                RunMonitor.median(dspjBuild),
                RunMonitor.median(rawBuild),
                Arrays.stream(dspjTimes).boxed().toList(),
                Arrays.stream(rawTimes).boxed().toList(),
                same,
                queries);
    }

    private static double timeDspjBuild(Path dir, Path corpusFile) {
        long start = System.nanoTime();
        Bm25Index.build(dir, Corpus.jsonl(corpusFile)).close();
        return (System.nanoTime() - start) / 1e6;
    }

    private static double timeRawBuild(Path dir, Path corpusFile) throws IOException {
        long start = System.nanoTime();
        try (Analyzer analyzer = new EnglishAnalyzer();
                Directory directory = FSDirectory.open(dir);
                IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer));
                BufferedReader lines = Files.newBufferedReader(corpusFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode row = JSON.readTree(line);
                Document document = new Document();
                document.add(new StringField("id", row.get("id").asText(), Field.Store.YES));
                document.add(new TextField("title", row.path("title").asText(""), Field.Store.YES));
                document.add(new TextField("text", row.get("text").asText(), Field.Store.YES));
                writer.addDocument(document);
            }
            writer.commit();
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /** The hand-written side: one reader and searcher, the same query shape as Bm25Index's. */
    private static final class RawLucene implements AutoCloseable {
        private final Analyzer analyzer = new EnglishAnalyzer();
        private final Directory directory;
        private final DirectoryReader reader;
        private final IndexSearcher searcher;

        RawLucene(Path dir) throws IOException {
            directory = FSDirectory.open(dir);
            reader = DirectoryReader.open(directory);
            searcher = new IndexSearcher(reader);
        }

        List<String> search(String text, int k) {
            try {
                QueryBuilder builder = new QueryBuilder(analyzer);
                Query inText = builder.createBooleanQuery("text", text);
                Query inTitle = builder.createBooleanQuery("title", text);
                BooleanQuery.Builder both = new BooleanQuery.Builder();
                if (inText != null) {
                    both.add(inText, BooleanClause.Occur.SHOULD);
                }
                if (inTitle != null) {
                    both.add(inTitle, BooleanClause.Occur.SHOULD);
                }
                TopDocs top = searcher.search(both.build(), k);
                List<String> ids = new ArrayList<>(top.scoreDocs.length);
                for (ScoreDoc hit : top.scoreDocs) {
                    Document document = searcher.storedFields().document(hit.doc);
                    ids.add(document.get("id"));
                    document.get("title");
                    document.get("text");
                }
                return ids;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            reader.close();
            directory.close();
            analyzer.close();
        }
    }

    /**
     * Writes a corpus of invented words with a Zipf-like spread (a few common, many rare), 30 to 90
     * words a passage, and returns queries of 3 to 6 words taken from random passages.
     */
    static List<String> writeCorpus(Path file, int passages, int queries, long seed) throws IOException {
        Random random = new Random(seed);
        String[] vocabulary = new String[20_000];
        for (int i = 0; i < vocabulary.length; i++) {
            vocabulary[i] = word(random);
        }
        List<String> queryTexts = new ArrayList<>(queries);
        int everyNth = Math.max(1, passages / Math.max(1, queries));
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int p = 0; p < passages; p++) {
                int length = 30 + random.nextInt(61);
                StringBuilder text = new StringBuilder();
                String[] words = new String[length];
                for (int w = 0; w < length; w++) {
                    words[w] = vocabulary[zipf(random, vocabulary.length)];
                    text.append(w == 0 ? "" : " ").append(words[w]);
                }
                String title =
                        vocabulary[zipf(random, vocabulary.length)] + " " + vocabulary[zipf(random, vocabulary.length)];
                out.write(JSON.writeValueAsString(
                        java.util.Map.of("id", "p" + p, "title", title, "text", text.toString())));
                out.write('\n');
                if (p % everyNth == 0 && queryTexts.size() < queries) {
                    int take = 3 + random.nextInt(4);
                    int from = random.nextInt(length - take);
                    queryTexts.add(String.join(" ", Arrays.copyOfRange(words, from, from + take)));
                }
            }
        }
        while (queryTexts.size() < queries) {
            queryTexts.add(queryTexts.get(queryTexts.size() % Math.max(1, queryTexts.size())));
        }
        return queryTexts;
    }

    private static int zipf(Random random, int n) {
        double u = random.nextDouble();
        return (int) Math.min(n - 1, Math.floor(Math.pow(n, u)) - 1);
    }

    private static String word(Random random) {
        String consonants = "bcdfghklmnprstvz";
        String vowels = "aeiou";
        int syllables = 2 + random.nextInt(3);
        StringBuilder word = new StringBuilder();
        for (int s = 0; s < syllables; s++) {
            word.append(consonants.charAt(random.nextInt(consonants.length())));
            word.append(vowels.charAt(random.nextInt(vowels.length())));
        }
        return word.toString();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
