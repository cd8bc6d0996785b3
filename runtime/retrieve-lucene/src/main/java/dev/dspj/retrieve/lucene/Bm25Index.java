package dev.dspj.retrieve.lucene;

import dev.dspj.retrieve.Passage;
import dev.dspj.retrieve.Retriever;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.QueryBuilder;
import org.jspecify.annotations.Nullable;

/**
 * BM25 retrieval over an on-disk Apache Lucene index (Lucene's default similarity, {@code k1 = 1.2},
 * {@code b = 0.75}, over a document's text and title).
 *
 * <pre>{@code
 * try (Bm25Index index = Bm25Index.build(Path.of("wiki-index"), Corpus.of(Path.of("wiki.jsonl")))) {
 *     List<Passage> top = index.retrieve("Who wrote Hamlet?", 3);
 * }
 * Retrieve retrieve = new Retrieve(Bm25Index.open(Path.of("wiki-index")), 3);
 * }</pre>
 *
 * <p><b>Atomic builds.</b> The index directory holds generations ({@code gen-1}, {@code gen-2}, ...)
 * and a {@code CURRENT} file naming the one in use. {@link #build} writes a new generation into a
 * temporary directory beside them ({@code .building-<uuid>}), commits it, renames it to its
 * generation's name, and only then replaces {@code CURRENT} with an atomic move. A build that fails
 * or is killed at any point before that move leaves the previous index as it was, usable; its
 * temporary directory is deleted when the build fails, and by the next build when the process died.
 * Builds and {@link #add}s of one index directory take a lock file ({@code .build.lock}), so a second
 * one at the same time fails at once rather than racing.
 *
 * <p><b>Queries</b> are the user's text, analyzed and turned into term queries ({@link QueryBuilder});
 * no query syntax is parsed, so text such as {@code "C++ (AND) title:foo?"} is searched as words
 * rather than failing. A query whose words the analyzer drops entirely (only stop words or
 * punctuation) finds nothing.
 *
 * <p>The analyzer used for queries must be of the class the index was built with; the default is
 * Lucene's {@link EnglishAnalyzer} (stop words, possessives, Porter stemming), and {@link
 * Analyzers#forLanguage} gives other languages'. The index records the class: {@link #open(Path)}
 * makes an analyzer of it, and {@link #open(Path, Analyzer)} refuses one of another. An instance is safe for
 * concurrent searches; {@link #add} makes new documents visible to later searches. Close it to
 * release its files.
 */
public final class Bm25Index implements Retriever, AutoCloseable {

    private static final String BUILDER = "Bm25Index.build";

    /** The key, in each commit's user data, of the class name of the analyzer the index was built with. */
    static final String ANALYZER_KEY = "dspj.analyzer";

    private final Path root;
    private final String generation;
    private final Directory directory;
    private final SearcherManager searchers;
    private final Analyzer analyzer;
    private final boolean ownsAnalyzer;
    private volatile boolean closed;

    private Bm25Index(
            Path root,
            String generation,
            Directory directory,
            SearcherManager searchers,
            Analyzer analyzer,
            boolean ownsAnalyzer) {
        this.root = root;
        this.generation = generation;
        this.directory = directory;
        this.searchers = searchers;
        this.analyzer = analyzer;
        this.ownsAnalyzer = ownsAnalyzer;
    }

    /**
     * Builds an index of the corpus with the English analyzer, replacing any index the directory
     * held, atomically (see the class description), and opens it.
     *
     * @param indexDir the index's directory; created when missing
     * @param corpus the documents
     * @return the new index, open; close it
     * @throws CorpusException when the corpus is empty, has a duplicate id (naming it and both
     *     lines) or a malformed line (naming the file and line); the previous index is left in place
     * @throws IndexException when the directory cannot be written or another build holds its lock
     */
    public static Bm25Index build(Path indexDir, Corpus corpus) {
        EnglishAnalyzer analyzer = new EnglishAnalyzer();
        try {
            return build(indexDir, corpus, analyzer, true);
        } catch (RuntimeException e) {
            analyzer.close();
            throw e;
        }
    }

    /**
     * Builds an index of the corpus with the given analyzer, replacing any index the directory held,
     * atomically (see the class description), and opens it. Open it later with the same analyzer.
     *
     * @param indexDir the index's directory; created when missing
     * @param corpus the documents
     * @param analyzer how text is split into terms; not closed by the index
     * @return the new index, open; close it
     * @throws CorpusException when the corpus is empty, has a duplicate id or a malformed line; the
     *     previous index is left in place
     * @throws IndexException when the directory cannot be written or another build holds its lock
     */
    public static Bm25Index build(Path indexDir, Corpus corpus, Analyzer analyzer) {
        return build(indexDir, corpus, analyzer, false);
    }

    private static Bm25Index build(Path indexDir, Corpus corpus, Analyzer analyzer, boolean ownsAnalyzer) {
        Objects.requireNonNull(corpus, "corpus");
        Objects.requireNonNull(analyzer, "analyzer");
        Path root = Generations.createRoot(indexDir);
        Generations.build(root, temporary -> writeGeneration(temporary, corpus, analyzer));
        return open(root, analyzer, ownsAnalyzer, false);
    }

    /**
     * Opens an index built by {@link #build}, with an analyzer of the class it was built with: the
     * English analyzer, or one of {@link Analyzers}' languages.
     *
     * @param indexDir the index's directory
     * @return the index, a {@link Retriever}; close it
     * @throws IndexException when there is no index there (naming the path and what is missing), it
     *     is corrupt (with Lucene's error as the cause), or it was built with an analyzer of your own
     *     (naming its class: pass one to {@link #open(Path, Analyzer)})
     */
    public static Bm25Index open(Path indexDir) {
        return open(indexDir, null, true, true);
    }

    /**
     * Opens an index built by {@link #build} with an analyzer of this class.
     *
     * @param indexDir the index's directory
     * @param analyzer an analyzer of the class the index was built with; not closed by the index
     * @return the index, a {@link Retriever}; close it
     * @throws IndexException when there is no index there, it is corrupt, or it was built with an
     *     analyzer of another class (naming both)
     */
    public static Bm25Index open(Path indexDir, Analyzer analyzer) {
        return open(indexDir, Objects.requireNonNull(analyzer, "analyzer"), false, true);
    }

    /**
     * Opens the current generation. With no analyzer given, makes one of the recorded class; with one
     * given and {@code check}, refuses it when the index records another class.
     */
    private static Bm25Index open(Path indexDir, @Nullable Analyzer given, boolean ownsAnalyzer, boolean check) {
        Generations.Current current = Generations.current(indexDir, BUILDER);
        Path generationDir = current.directory();
        Directory directory;
        try {
            directory = FSDirectory.open(generationDir);
        } catch (IOException e) {
            throw new IndexException("cannot open the index at " + generationDir + ": " + e, e);
        }
        Analyzer analyzer = null;
        try {
            String recorded =
                    SegmentInfos.readLatestCommit(directory).getUserData().get(ANALYZER_KEY);
            analyzer = given != null ? given : analyzerOf(recorded, current.root());
            if (check
                    && recorded != null
                    && !recorded.equals(analyzer.getClass().getName())) {
                throw new IndexException("the index at " + current.root() + " was built with the analyzer " + recorded
                        + ", not " + analyzer.getClass().getName() + ": its queries would be analyzed unlike its"
                        + " documents; open it with an analyzer of the class it was built with");
            }
            SearcherManager searchers = new SearcherManager(directory, null);
            return new Bm25Index(current.root(), current.generation(), directory, searchers, analyzer, ownsAnalyzer);
        } catch (IOException e) {
            closeAfterFailure(directory, given == null ? analyzer : null);
            throw readFailure("open", generationDir, e);
        } catch (RuntimeException e) {
            closeAfterFailure(directory, given == null ? analyzer : null);
            throw e;
        }
    }

    /** The analyzer an index records, made anew: English when it records none (an index of an earlier DSPJ). */
    private static Analyzer analyzerOf(@Nullable String recorded, Path root) {
        if (recorded == null || recorded.equals(EnglishAnalyzer.class.getName())) {
            return new EnglishAnalyzer();
        }
        return Analyzers.ofClass(recorded)
                .orElseThrow(() -> new IndexException("the index at " + root + " was built with the analyzer "
                        + recorded + ", which is not one of Analyzers' languages; open it with"
                        + " Bm25Index.open(dir, analyzer) and an analyzer of that class"));
    }

    private static void closeAfterFailure(Directory directory, @Nullable Analyzer made) {
        Generations.closeQuietly(directory);
        if (made != null) {
            made.close();
        }
    }

    /**
     * The {@code k} documents that rank highest by BM25 for the query, best first.
     *
     * @param query the user's text, searched as words (no query syntax)
     * @param k how many at most; at least 1
     * @return the passages with their ids, titles, metadata and BM25 scores; empty when nothing
     *     matches
     * @throws IllegalArgumentException when the query is blank or {@code k < 1}
     * @throws IndexException when the index cannot be read (corrupt, or closed)
     */
    @Override
    public List<Passage> retrieve(String query, int k) {
        Retriever.requireQuery(query);
        Retriever.requireK(k);
        ensureOpen();
        Query lucene = query(query);
        if (lucene == null) {
            return List.of();
        }
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                TopDocs top = searcher.search(lucene, k);
                List<Passage> passages = new ArrayList<>(top.scoreDocs.length);
                for (ScoreDoc hit : top.scoreDocs) {
                    passages.add(StoredDocuments.passage(searcher.storedFields().document(hit.doc), hit.score));
                }
                return List.copyOf(passages);
            } finally {
                searchers.release(searcher);
            }
        } catch (IndexSearcher.TooManyClauses e) {
            throw new IllegalArgumentException(
                    "the query has more than " + IndexSearcher.getMaxClauseCount() + " terms; shorten it", e);
        } catch (IOException e) {
            throw readFailure("search", root.resolve(generation), e);
        }
    }

    /**
     * Adds documents, all or none: when one has an id already in the index or twice among them, the
     * whole add fails naming the id and both places, and the index is unchanged. Searches see the new
     * documents once it returns.
     *
     * @param documents the documents to add
     * @return how many were added
     * @throws CorpusException on a duplicate id or a malformed line
     * @throws IndexException when the index was rebuilt since this instance opened it, another build
     *     or add holds its lock, or it cannot be written
     */
    public synchronized int add(Corpus documents) {
        Objects.requireNonNull(documents, "documents");
        ensureOpen();
        try (Generations.BuildLock lock = Generations.BuildLock.take(root)) {
            String current = Generations.readCurrent(root, BUILDER);
            if (!current.equals(generation)) {
                throw new IndexException("the index at " + root + " was rebuilt since it was opened (" + generation
                        + " is now " + current + "): open it again to add to it");
            }
            IndexWriter writer = writer(directory, analyzer, IndexWriterConfig.OpenMode.APPEND);
            IndexSearcher searcher = searchers.acquire();
            int[] added = {0};
            boolean committed = false;
            try {
                Map<String, String> seen = new HashMap<>();
                documents.forEach((document, origin) -> {
                    String earlier = seen.putIfAbsent(document.id(), origin);
                    if (earlier != null) {
                        throw StoredDocuments.duplicate(document.id(), earlier, origin);
                    }
                    String indexed = indexedOrigin(searcher, document.id());
                    if (indexed != null) {
                        throw new CorpusException("duplicate id '" + document.id() + "': " + origin
                                + " is already in the index at " + root + " (from " + indexed + ")");
                    }
                    writer.addDocument(StoredDocuments.lucene(document, origin, true));
                    added[0]++;
                });
                writer.commit();
                committed = true;
                writer.close();
            } catch (Corpus.SinkException e) {
                throw new IndexException("cannot add to the index at " + root + ": " + e.io(), e.io());
            } finally {
                searchers.release(searcher);
                if (!committed) {
                    writer.rollback();
                }
            }
            searchers.maybeRefreshBlocking();
            return added[0];
        } catch (IOException e) {
            throw new IndexException("cannot add to the index at " + root + ": " + e, e);
        }
    }

    /**
     * Adds documents held in memory; see {@link #add(Corpus)}.
     *
     * @param documents the documents
     * @return how many were added
     */
    public int add(List<Corpus.Document> documents) {
        return add(Corpus.of(documents));
    }

    /**
     * How many documents the index holds.
     *
     * @return the count
     */
    public int size() {
        ensureOpen();
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return searcher.getIndexReader().numDocs();
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw readFailure("read", root.resolve(generation), e);
        }
    }

    /**
     * The index's directory.
     *
     * @return the path given to {@link #build} or {@link #open}, absolute
     */
    public Path path() {
        return root;
    }

    /** Releases the index's files (and the default analyzer). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            IOUtils.close(searchers, directory, ownsAnalyzer ? analyzer : null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the index at " + root, e);
        }
    }

    @Override
    public String toString() {
        return "Bm25Index(" + root + ")";
    }

    private void ensureOpen() {
        if (closed) {
            throw new IndexException("the index at " + root + " is closed");
        }
    }

    private @Nullable Query query(String text) {
        QueryBuilder builder = new QueryBuilder(analyzer);
        Query inText = builder.createBooleanQuery(StoredDocuments.TEXT, text);
        Query inTitle = builder.createBooleanQuery(StoredDocuments.TITLE, text);
        if (inText == null && inTitle == null) {
            return null;
        }
        BooleanQuery.Builder both = new BooleanQuery.Builder();
        if (inText != null) {
            both.add(inText, BooleanClause.Occur.SHOULD);
        }
        if (inTitle != null) {
            both.add(inTitle, BooleanClause.Occur.SHOULD);
        }
        return both.build();
    }

    private static @Nullable String indexedOrigin(IndexSearcher searcher, String id) throws IOException {
        TopDocs found = searcher.search(new TermQuery(new Term(StoredDocuments.ID, id)), 1);
        if (found.scoreDocs.length == 0) {
            return null;
        }
        String origin = searcher.storedFields().document(found.scoreDocs[0].doc).get(StoredDocuments.ORIGIN);
        return origin == null ? "an earlier add" : origin;
    }

    private static IndexWriter writer(Directory directory, Analyzer analyzer, IndexWriterConfig.OpenMode mode)
            throws IOException {
        IndexWriterConfig config = new IndexWriterConfig(analyzer).setOpenMode(mode);
        return new IndexWriter(directory, config);
    }

    private static void writeGeneration(Path temporary, Corpus corpus, Analyzer analyzer) throws IOException {
        StoredDocuments.writeNew(
                temporary,
                new IndexWriterConfig(analyzer),
                corpus,
                (writer, document, origin) -> writer.addDocument(StoredDocuments.lucene(document, origin, true)),
                writer -> writer.setLiveCommitData(
                        Map.of(ANALYZER_KEY, analyzer.getClass().getName()).entrySet()));
    }

    private static IndexException readFailure(String action, Path generationDir, IOException e) {
        return Generations.readFailure(action, generationDir, BUILDER, e);
    }
}
