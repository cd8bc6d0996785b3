package dev.dspj.retrieve.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.primitives.Prediction;
import dev.dspj.retrieve.Passage;
import dev.dspj.retrieve.Retrieve;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.index.CorruptIndexException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building, opening, searching and adding to a BM25 index on disk, and the errors of each. */
class Bm25IndexTest {

    @TempDir
    Path dir;

    static final List<String> CORPUS = List.of(
            "{\"id\": \"paris\", \"title\": \"Paris\", \"text\": \"Paris is the capital and largest city of France.\","
                    + " \"metadata\": {\"source\": \"wiki\", \"year\": 2020}}",
            "{\"id\": \"berlin\", \"title\": \"Berlin\", \"text\": \"Berlin is the capital of Germany, on the Spree.\"}",
            "{\"id\": \"hamlet\", \"title\": \"Hamlet\", \"text\": \"Hamlet is a tragedy written by William Shakespeare.\"}",
            "",
            "{\"id\": 7, \"title\": null, \"text\": \"Photosynthesis turns light, water and carbon dioxide into sugar.\","
                    + " \"url\": \"https://example.org/p\"}",
            "{\"id\": \"cpp\", \"title\": \"C++\", \"text\": \"C++ is a programming language with templates and classes.\"}");

    Path jsonl(String name, List<String> lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    static List<String> ids(List<Passage> passages) {
        return passages.stream().map(Passage::id).toList();
    }

    static List<String> names(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void buildsFromJsonlAndRanksTheRightPassageFirst() throws IOException {
        Path index = dir.resolve("index");
        try (Bm25Index bm25 = Bm25Index.build(index, Corpus.of(jsonl("corpus.jsonl", CORPUS)))) {
            assertEquals(5, bm25.size());
            assertEquals(index.toAbsolutePath().normalize(), bm25.path());
            assertEquals(
                    "paris",
                    bm25.retrieve("What is the capital of France?", 3).get(0).id());
            assertEquals(
                    "berlin",
                    bm25.retrieve("German capital city on the river Spree", 3)
                            .get(0)
                            .id());
            assertEquals(
                    "hamlet",
                    bm25.retrieve("who wrote the tragedy Hamlet", 1).get(0).id());
            List<Passage> sugar = bm25.retrieve("how do plants make sugar from light", 2);
            assertEquals("7", sugar.get(0).id());
            assertEquals("", sugar.get(0).title());
            assertEquals(Map.of("url", "https://example.org/p"), sugar.get(0).metadata());
            Passage paris = bm25.retrieve("France", 5).get(0);
            assertEquals("Paris", paris.title());
            assertEquals("Paris is the capital and largest city of France.", paris.text());
            assertEquals(Map.of("source", "wiki", "year", "2020"), paris.metadata());
            assertTrue(paris.score() > 0);
            List<Passage> capitals = bm25.retrieve("capital", 5);
            assertEquals(2, capitals.size(), "only documents with a query term match: " + ids(capitals));
            assertTrue(capitals.get(0).score() >= capitals.get(1).score());
            assertEquals(1, bm25.retrieve("capital", 1).size());
        }
        try (Bm25Index reopened = Bm25Index.open(index)) {
            assertEquals("hamlet", reopened.retrieve("Shakespeare", 1).get(0).id());
            assertEquals(List.of(".build.lock", "CURRENT", "gen-1"), names(index));
        }
    }

    @Test
    void queriesWithLuceneSyntaxAreSearchedAsWords() throws IOException {
        try (Bm25Index bm25 = Bm25Index.build(dir.resolve("index"), Corpus.of(jsonl("corpus.jsonl", CORPUS)))) {
            for (String query : List.of(
                    "C++ templates?",
                    "title:Hamlet AND (tragedy OR \"comedy",
                    "Paris~ ^2 [France TO Germany} -capital +city \\ / * ! && ||",
                    "NOT OR AND")) {
                List<Passage> passages = bm25.retrieve(query, 3);
                assertTrue(passages.size() <= 3, query);
            }
            assertEquals("cpp", bm25.retrieve("C++ templates?", 1).get(0).id());
            assertEquals(
                    "hamlet",
                    bm25.retrieve("title:Hamlet AND (tragedy OR \"comedy", 1)
                            .get(0)
                            .id());
            assertEquals(List.of(), bm25.retrieve("the and of ?!", 3), "only stop words and punctuation");
            assertThrows(IllegalArgumentException.class, () -> bm25.retrieve(" ", 3));
            assertThrows(IllegalArgumentException.class, () -> bm25.retrieve("Paris", 0));
            List<List<Passage>> batch = bm25.retrieveBatch(List.of("Shakespeare", "Spree"), 1);
            assertEquals(List.of("hamlet"), ids(batch.get(0)));
            assertEquals(List.of("berlin"), ids(batch.get(1)));
        }
    }

    @Test
    void buildsFromCsvWithQuotedFieldsAndOtherColumnsAsMetadata() throws IOException {
        Path csv = dir.resolve("corpus.csv");
        Files.writeString(
                csv,
                "id,title,text,source\r\n"
                        + "a,Apples,\"Apples are red, green or yellow fruit.\",farm\r\n"
                        + "b,Bananas,\"Bananas are long and \"\"yellow\"\"\nwhen ripe.\",shop\r\n"
                        + "c,,Cherries grow on trees,orchard\n",
                StandardCharsets.UTF_8);
        try (Bm25Index bm25 = Bm25Index.build(dir.resolve("index"), Corpus.of(csv))) {
            assertEquals(3, bm25.size());
            Passage banana = bm25.retrieve("ripe banana", 1).get(0);
            assertEquals("b", banana.id());
            assertEquals("Bananas are long and \"yellow\"\nwhen ripe.", banana.text());
            assertEquals(Map.of("source", "shop"), banana.metadata());
            assertEquals("a", bm25.retrieve("red fruit", 1).get(0).id());
            assertEquals("", bm25.retrieve("cherry trees", 1).get(0).title());
        }
    }

    @Test
    void addMakesDocumentsSearchableAndRejectsADuplicateIdAllOrNothing() throws IOException {
        Path index = dir.resolve("index");
        try (Bm25Index bm25 = Bm25Index.build(index, Corpus.of(jsonl("corpus.jsonl", CORPUS)))) {
            int added = bm25.add(List.of(
                    Corpus.Document.of("rome", "Rome", "Rome is the capital of Italy."),
                    new Corpus.Document("tokyo", "Tokyo", "Tokyo is the capital of Japan.", Map.of("lang", "ja"))));
            assertEquals(2, added);
            assertEquals(7, bm25.size());
            assertEquals("rome", bm25.retrieve("Italy", 1).get(0).id());
            assertEquals(Map.of("lang", "ja"), bm25.retrieve("Japan", 1).get(0).metadata());

            CorpusException existing = assertThrows(
                    CorpusException.class,
                    () -> bm25.add(List.of(
                            Corpus.Document.of("oslo", "Oslo", "Oslo is the capital of Norway."),
                            Corpus.Document.of("paris", "Paris", "Paris again."))));
            assertTrue(
                    existing.getMessage().contains("duplicate id 'paris': documents[1] is already in the index"),
                    existing.getMessage());
            assertTrue(existing.getMessage().contains("corpus.jsonl:1"), existing.getMessage());

            Path more = jsonl(
                    "more.jsonl",
                    List.of(
                            "{\"id\": \"lima\", \"text\": \"Lima is the capital of Peru.\"}",
                            "{\"id\": \"lima\", \"text\": \"Lima again.\"}"));
            CorpusException twice = assertThrows(CorpusException.class, () -> bm25.add(Corpus.of(more)));
            assertEquals("duplicate id 'lima': " + more + ":1 and " + more + ":2", twice.getMessage());

            assertEquals(7, bm25.size(), "a failed add adds nothing");
            assertEquals(List.of(), bm25.retrieve("Norway Peru", 3));
        }
        try (Bm25Index reopened = Bm25Index.open(index)) {
            assertEquals(7, reopened.size());
            assertEquals("tokyo", reopened.retrieve("Japan", 1).get(0).id());
        }
    }

    @Test
    void duplicateIdsInTheCorpusNameTheIdAndBothLines() throws IOException {
        List<String> lines = new ArrayList<>(CORPUS);
        lines.add("{\"id\": \"berlin\", \"text\": \"Berlin, again.\"}");
        Path file = jsonl("corpus.jsonl", lines);
        CorpusException error =
                assertThrows(CorpusException.class, () -> Bm25Index.build(dir.resolve("index"), Corpus.of(file)));
        assertEquals("duplicate id 'berlin': " + file + ":2 and " + file + ":7", error.getMessage());
    }

    @Test
    void anEmptyCorpusFailsAndLeavesThePreviousIndex() throws IOException {
        Path index = dir.resolve("index");
        Bm25Index.build(index, Corpus.of(jsonl("corpus.jsonl", CORPUS))).close();
        Path empty = jsonl("empty.jsonl", List.of("", "  "));
        CorpusException error = assertThrows(CorpusException.class, () -> Bm25Index.build(index, Corpus.of(empty)));
        assertEquals("corpus " + empty + " has no documents: nothing to index", error.getMessage());
        assertThrows(CorpusException.class, () -> Bm25Index.build(index, Corpus.of(List.of())));
        try (Bm25Index bm25 = Bm25Index.open(index)) {
            assertEquals(5, bm25.size());
        }
    }

    @Test
    void aMissingIndexIsNamed() throws IOException {
        Path missing = dir.resolve("nowhere");
        IndexException error = assertThrows(IndexException.class, () -> Bm25Index.open(missing));
        assertEquals(
                "no index at " + missing.toAbsolutePath()
                        + ": the directory does not exist (build one with Bm25Index.build)",
                error.getMessage());

        Path empty = Files.createDirectory(dir.resolve("empty"));
        IndexException noCurrent = assertThrows(IndexException.class, () -> Bm25Index.open(empty));
        assertTrue(noCurrent.getMessage().contains("it has no CURRENT file"), noCurrent.getMessage());

        Path file = Files.writeString(dir.resolve("file"), "x");
        IndexException notDirectory = assertThrows(IndexException.class, () -> Bm25Index.open(file));
        assertTrue(notDirectory.getMessage().contains("it is a file"), notDirectory.getMessage());

        Files.writeString(empty.resolve("CURRENT"), "gen-4\n");
        IndexException dangling = assertThrows(IndexException.class, () -> Bm25Index.open(empty));
        assertTrue(dangling.getMessage().contains("CURRENT names gen-4, which does not exist"), dangling.getMessage());

        Files.writeString(empty.resolve("CURRENT"), "../elsewhere\n");
        IndexException bogus = assertThrows(IndexException.class, () -> Bm25Index.open(empty));
        assertTrue(bogus.getMessage().contains("not a generation's name"), bogus.getMessage());
    }

    @Test
    void aCorruptIndexIsReportedWithItsPath() throws IOException {
        Path index = dir.resolve("index");
        Bm25Index.build(index, Corpus.of(jsonl("corpus.jsonl", CORPUS))).close();
        Path generation = index.resolve("gen-1");
        Path segment;
        try (Stream<Path> files = Files.list(generation)) {
            segment = files.filter(path -> !path.getFileName().toString().startsWith("segments")
                            && !path.getFileName().toString().equals("write.lock"))
                    .max(Comparator.comparingLong(path -> path.toFile().length()))
                    .orElseThrow();
        }
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() / 2);
        }
        IndexException error = assertThrows(IndexException.class, () -> Bm25Index.open(index));
        assertTrue(
                error.getMessage().startsWith("the index at " + generation.toAbsolutePath() + " is corrupt ("),
                error.getMessage());
        assertTrue(error.getMessage().endsWith("rebuild it with Bm25Index.build"), error.getMessage());
        assertInstanceOf(CorruptIndexException.class, error.getCause(), String.valueOf(error.getCause()));

        try (Bm25Index rebuilt = Bm25Index.build(index, Corpus.of(jsonl("corpus.jsonl", CORPUS)))) {
            assertEquals(5, rebuilt.size());
            assertFalse(Files.exists(generation), "the corrupt generation is deleted");
        }
    }

    @Test
    void aBuildThatFailsPartwayLeavesThePreviousIndexUsableAndNoTemporaryDirectory() throws IOException {
        Path index = dir.resolve("index");
        Bm25Index.build(index, Corpus.of(jsonl("corpus.jsonl", CORPUS))).close();
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 600; i++) {
            lines.add(
                    i == 500
                            ? "{\"id\": \"doc-500\", \"text\": \"cut off here"
                            : "{\"id\": \"doc-" + i + "\", \"text\": \"replacement document number " + i + "\"}");
        }
        Path broken = jsonl("broken.jsonl", lines);
        CorpusException error = assertThrows(CorpusException.class, () -> Bm25Index.build(index, Corpus.of(broken)));
        assertTrue(error.getMessage().startsWith(broken + ":500: not valid JSON: "), error.getMessage());

        assertEquals(List.of(".build.lock", "CURRENT", "gen-1"), names(index));
        try (Bm25Index previous = Bm25Index.open(index)) {
            assertEquals(5, previous.size());
            assertEquals(
                    "paris", previous.retrieve("capital of France", 1).get(0).id());
        }
    }

    @Test
    void whatAKilledBuildLeftIsDeletedByTheNextBuild() throws IOException {
        Path index = dir.resolve("index");
        Bm25Index.build(index, Corpus.of(jsonl("corpus.jsonl", CORPUS))).close();
        Path leftover = Files.createDirectory(index.resolve(".building-dead"));
        Files.writeString(leftover.resolve("_0.cfs"), "half written");
        Files.writeString(index.resolve(".CURRENT-dead.tmp"), "gen-9");
        try (Bm25Index previous = Bm25Index.open(index)) {
            assertEquals(5, previous.size(), "leftovers do not disturb the index in use");
        }
        try (Bm25Index rebuilt = Bm25Index.build(index, Corpus.of(jsonl("corpus.jsonl", CORPUS.subList(0, 2))))) {
            assertEquals(2, rebuilt.size());
        }
        assertEquals(List.of(".build.lock", "CURRENT", "gen-2"), names(index));
        assertEquals("gen-2\n", Files.readString(index.resolve("CURRENT")));
    }

    @Test
    void aSecondBuildWhileOneHoldsTheLockFailsAtOnce() throws IOException {
        Path index = Files.createDirectories(dir.resolve("index"));
        Path corpus = jsonl("corpus.jsonl", CORPUS);
        try (FileChannel channel = FileChannel.open(
                        index.resolve(".build.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            IndexException error = assertThrows(IndexException.class, () -> Bm25Index.build(index, Corpus.of(corpus)));
            assertTrue(error.getMessage().startsWith("another build or add of the index at "), error.getMessage());
            assertTrue(lock.isValid());
        }
        Bm25Index.build(index, Corpus.of(corpus)).close();
    }

    @Test
    void anInstanceOpenedBeforeARebuildRefusesToAddAndAClosedOneToSearch() throws IOException {
        Path index = dir.resolve("index");
        Path corpus = jsonl("corpus.jsonl", CORPUS);
        Bm25Index old = Bm25Index.build(index, Corpus.of(corpus));
        try (Bm25Index rebuilt = Bm25Index.build(index, Corpus.of(corpus), new StandardAnalyzer())) {
            IndexException error =
                    assertThrows(IndexException.class, () -> old.add(List.of(Corpus.Document.of("x", "", "text"))));
            assertTrue(
                    error.getMessage().contains("was rebuilt since it was opened (gen-1 is now gen-2)"),
                    error.getMessage());
            assertEquals(5, rebuilt.size());
        }
        old.close();
        old.close();
        IndexException closed = assertThrows(IndexException.class, () -> old.retrieve("Paris", 1));
        assertTrue(closed.getMessage().endsWith(" is closed"), closed.getMessage());
        try (Bm25Index standard = Bm25Index.open(index, new StandardAnalyzer())) {
            assertEquals("paris", standard.retrieve("France", 1).get(0).id());
            assertTrue(standard.toString().contains(index.toAbsolutePath().toString()));
        }
    }

    @Test
    void theRetrieveModuleRunsOverTheIndex() throws IOException {
        try (Bm25Index bm25 = Bm25Index.build(dir.resolve("index"), Corpus.of(jsonl("corpus.jsonl", CORPUS)))) {
            Retrieve retrieve = new Retrieve(bm25, 2);
            Prediction prediction = retrieve.forward("capital of Germany");
            @SuppressWarnings("unchecked")
            List<String> passages = (List<String>) prediction.values().get(Retrieve.PASSAGES);
            assertEquals(2, passages.size());
            assertEquals("Berlin is the capital of Germany, on the Spree.", passages.get(0));
            assertEquals(
                    List.of("Hamlet is a tragedy written by William Shakespeare."),
                    retrieve.forward(Map.of("query", "Shakespeare tragedy"))
                            .values()
                            .get("passages"));
            assertEquals("hamlet", retrieve.passages("Shakespeare").get(0).id());
        }
    }

    @Test
    void anIndexRemembersItsLanguageSoItIsOpenedWithTheSameAnalysis() throws IOException {
        Path corpus = jsonl(
                "de.jsonl",
                List.of(
                        "{\"id\": \"haus\", \"text\": \"Das Haus steht am Fluss.\"}",
                        "{\"id\": \"baum\", \"text\": \"Der Baum wächst im Garten.\"}"));
        Path index = dir.resolve("de-index");
        try (Analyzer german = Analyzers.forLanguage("DE")) {
            Bm25Index.build(index, Corpus.of(corpus), german).close();
        }
        try (Bm25Index reopened = Bm25Index.open(index)) {
            assertEquals(List.of("haus"), ids(reopened.retrieve("Häuser", 5)), "German stemming finds Haus for Häuser");
        }
        IndexException english = assertThrows(IndexException.class, () -> Bm25Index.open(index, new EnglishAnalyzer()));
        assertTrue(
                english.getMessage()
                        .contains("was built with the analyzer org.apache.lucene.analysis.de.GermanAnalyzer,"
                                + " not org.apache.lucene.analysis.en.EnglishAnalyzer"),
                english.getMessage());
        try (Analyzer german = Analyzers.forLanguage("de");
                Bm25Index withGerman = Bm25Index.open(index, german)) {
            withGerman.add(List.of(Corpus.Document.of("see", "", "Der See liegt hinter dem Haus.")));
        }
        try (Bm25Index afterAdd = Bm25Index.open(index)) {
            assertEquals(3, afterAdd.size());
            assertTrue(ids(afterAdd.retrieve("Häuser", 5)).contains("see"), "an add keeps the recorded analyzer");
        }
    }

    @Test
    void anIndexBuiltWithAnAnalyzerOfYourOwnNamesItWhenOpenedWithout() throws IOException {
        Path index = dir.resolve("ws-index");
        try (Analyzer whitespace = new WhitespaceAnalyzer()) {
            Bm25Index.build(index, Corpus.of(jsonl("c.jsonl", CORPUS)), whitespace)
                    .close();
            IndexException error = assertThrows(IndexException.class, () -> Bm25Index.open(index));
            assertTrue(
                    error.getMessage()
                            .contains(
                                    "was built with the analyzer "
                                            + "org.apache.lucene.analysis.core.WhitespaceAnalyzer, which is not one of Analyzers' languages"),
                    error.getMessage());
            try (Bm25Index opened = Bm25Index.open(index, whitespace)) {
                assertEquals(List.of("berlin"), ids(opened.retrieve("Spree.", 3)));
            }
        }
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> Analyzers.forLanguage("tlh"));
        assertTrue(
                unknown.getMessage().startsWith("no analyzer for the language 'tlh'; the languages are [ar, bg"),
                unknown.getMessage());
        assertTrue(Analyzers.languages().containsAll(List.of("en", "de", "fr", "ja", "zh", "pt-br")));
    }
}
