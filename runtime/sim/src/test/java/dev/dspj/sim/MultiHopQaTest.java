package dev.dspj.sim;

import static dev.dspj.sim.RagHarness.RAG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.primitives.Example;
import dev.dspj.retrieve.Passage;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retrieval task's corpus, questions, gold passages and rows. */
class MultiHopQaTest {

    @Test
    void defaultCorpusHasTheAskedSizeAndIsDeterministic() {
        assertEquals(SimTasks.DEFAULT_PASSAGES, RAG.corpus().size());
        assertEquals(SimTasks.DEFAULT_SIZE, RAG.task().size());
        SimRagTask again = SimTasks.multiHopQa(SimTasks.DEFAULT_SEED, 50, 2_000);
        SimRagTask same = SimTasks.multiHopQa(SimTasks.DEFAULT_SEED, 50, 2_000);
        assertEquals(2_000, again.corpus().size());
        assertEquals(again.corpus().passages(), same.corpus().passages());
        assertEquals(again.examples(), same.examples());
        SimRagTask other = SimTasks.multiHopQa(SimTasks.DEFAULT_SEED + 1, 50, 2_000);
        assertNotEquals(again.corpus().passages(), other.corpus().passages());
        Set<String> ids = new HashSet<>();
        for (Passage passage : RAG.corpus().passages()) {
            assertTrue(ids.add(passage.id()), "unique id " + passage.id());
            assertFalse(passage.title().isBlank(), passage.id());
        }
    }

    @Test
    void aLargeCorpusIsGeneratedFast() {
        long start = System.nanoTime();
        SimRagTask large = SimTasks.multiHopQa(3, 1_000, 100_000);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(100_000, large.corpus().size());
        assertEquals(1_000, large.task().size());
        // a generous bound for a loaded two-core machine; it takes well under a second alone
        assertTrue(seconds < 10, "100k passages took " + seconds + " s");
    }

    @Test
    void sizesOutOfRangeAreRejected() {
        IllegalArgumentException small = assertThrows(
                IllegalArgumentException.class, () -> SimTasks.multiHopQa(1, 10, SimTasks.MIN_PASSAGES - 1));
        assertTrue(small.getMessage().contains("passages"), small.getMessage());
        IllegalArgumentException many =
                assertThrows(IllegalArgumentException.class, () -> SimTasks.multiHopQa(1, 400, 1_000));
        assertTrue(many.getMessage().contains("multiHopQa"), many.getMessage());
    }

    @Test
    void jsonlRoundTripsWithIdTitleAndText(@TempDir Path dir) throws IOException {
        SimRagTask task = SimTasks.multiHopQa(11, 20, 1_000);
        Path file = dir.resolve("corpus.jsonl");
        task.corpus().writeJsonl(file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(1_000, lines.size());
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode node = json.readTree(lines.get(i));
            Passage passage = task.corpus().passages().get(i);
            assertEquals(Set.of("id", "title", "text"), fieldNames(node));
            assertEquals(passage.id(), node.get("id").asText());
            assertEquals(passage.title(), node.get("title").asText());
            assertEquals(passage.text(), node.get("text").asText());
        }
        StringWriter out = new StringWriter();
        task.corpus().writeJsonl(out);
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), out.toString());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void goldPassagesNameTheBridgeAndHoldTheAnswer() {
        int twoHop = 0;
        for (SimExample example : RAG.examples()) {
            String id = example.id();
            List<String> gold = RAG.goldPassageIds(id);
            List<String> entities = RAG.hopEntities(id);
            assertEquals(RAG.hops(id), gold.size());
            assertEquals(entities, RAG.goldTitles(id));
            assertTrue(example.inputs().get("question").contains(entities.get(0)), id);
            Passage last = RAG.corpus().passage(gold.get(gold.size() - 1)).orElseThrow();
            String answer = example.gold().get("answer");
            assertTrue(last.text().contains(answer), id + ": " + last.text() + " holds " + answer);
            if (gold.size() == 2) {
                twoHop++;
                Passage first = RAG.corpus().passage(gold.get(0)).orElseThrow();
                assertTrue(first.text().contains(entities.get(1)), first.text() + " names the bridge");
                assertFalse(first.text().contains(answer), "the first passage does not give the answer away");
                assertFalse(example.inputs().get("question").contains(entities.get(1)));
            }
        }
        assertTrue(twoHop > 100 && twoHop < 200, "about half the questions are two-hop: " + twoHop);
    }

    @Test
    void everyPersonAskedAboutHasASimilarNamedTwinBornInTheTwinTown() {
        SimExample example = RAG.examples().get(0);
        String person = RAG.hopEntities(example.id()).get(0);
        Passage own = RAG.corpus().titled(person).orElseThrow();
        Passage twin = RAG.corpus().titled(person + "e").orElseThrow();
        assertTrue(twin.text().startsWith(person + "e was born in "), twin.text());
        assertNotEquals(
                own.text().split("\\.")[0].replace(person, ""),
                twin.text().split("\\.")[0].replace(person + "e", ""));
        String family = person.substring(person.indexOf(' ') + 1).toLowerCase(Locale.ROOT);
        long sameFamily = RAG.corpus().passages().stream()
                .filter(p -> p.title().toLowerCase(Locale.ROOT).endsWith(" " + family))
                .count();
        assertTrue(sameFamily > 3, "family names are shared: " + sameFamily);
    }

    @Test
    void rowsCarryTheGoldPassages() {
        Example row = RAG.toExamples().get(0);
        SimExample example = RAG.examples().get(0);
        assertEquals(
                RAG.goldPassageIds(example.id()), row.get(SimRagTask.GOLD_IDS).orElseThrow());
        assertEquals(
                RAG.goldTitles(example.id()), row.get(SimRagTask.GOLD_TITLES).orElseThrow());
        assertEquals(RAG.hops(example.id()), row.get(SimRagTask.HOPS).orElseThrow());
        assertEquals(Set.of("question"), row.inputKeys());
        assertEquals(RAG.toExamples(), RAG.task().toExamples(), "the task's own rows carry them too");
        assertEquals(RAG.task().size(), RAG.dataset().size());
        assertThrows(IllegalArgumentException.class, () -> RAG.goldPassageIds("qa-001"));
    }
}
