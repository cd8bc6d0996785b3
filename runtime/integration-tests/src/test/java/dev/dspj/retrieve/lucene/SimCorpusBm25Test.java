package dev.dspj.retrieve.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.evaluate.Metrics;
import dev.dspj.retrieve.Passage;
import dev.dspj.sim.SimExample;
import dev.dspj.sim.SimRagTask;
import dev.dspj.sim.SimTasks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated retrieval task's corpus, exported as JSONL and indexed with BM25: a query naming
 * an entity exactly finds its passage, though not always first (the twin's name stems alike), so
 * k matters; a query without the given name rarely finds it.
 */
class SimCorpusBm25Test {

    @Test
    void exactNamesFindTheGoldPassagesAndKMatters(@TempDir Path dir) throws IOException {
        SimRagTask task = SimTasks.multiHopQa();
        Path file = dir.resolve("corpus.jsonl");
        task.corpus().writeJsonl(file);
        try (Bm25Index index = Bm25Index.build(dir.resolve("index"), Corpus.jsonl(file))) {
            assertEquals(task.corpus().size(), Corpus.jsonl(file).documents().size());
            int[] ks = {1, 2, 5};
            double[][] recall = new double[2][ks.length];
            int[] asked = new int[2];
            double familyOnly = 0;
            for (SimExample example : task.examples()) {
                List<String> gold = task.goldPassageIds(example.id());
                List<String> entities = task.hopEntities(example.id());
                for (int hop = 0; hop < gold.size(); hop++) {
                    List<String> ids = ids(index.retrieve(entities.get(hop), 5));
                    asked[hop]++;
                    for (int i = 0; i < ks.length; i++) {
                        recall[hop][i] += Metrics.recallAtK(List.of(gold.get(hop)), ids, ks[i]);
                    }
                }
                String person = entities.get(0);
                String family = person.substring(person.indexOf(' ') + 1);
                familyOnly += Metrics.recallAtK(List.of(gold.get(0)), ids(index.retrieve(family + " born", 5)), 5);
            }
            for (int hop = 0; hop < 2; hop++) {
                for (int i = 0; i < ks.length; i++) {
                    recall[hop][i] /= asked[hop];
                }
            }
            familyOnly /= task.task().size();
            String report = String.format(
                    Locale.ROOT,
                    "hop 1 recall@1/2/5 %.3f/%.3f/%.3f, hop 2 %.3f/%.3f/%.3f, family name only @5 %.3f",
                    recall[0][0],
                    recall[0][1],
                    recall[0][2],
                    recall[1][0],
                    recall[1][1],
                    recall[1][2],
                    familyOnly);
            System.out.println("SimCorpusBm25Test: " + report);
            assertTrue(recall[0][2] > 0.95 && recall[1][2] > 0.95, report);
            assertTrue(recall[0][0] < recall[0][2] - 0.1, "k matters at the first hop: " + report);
            assertTrue(familyOnly < 0.4, "a careless query misses: " + report);
        }
    }

    private static List<String> ids(List<Passage> passages) {
        List<String> ids = new ArrayList<>(passages.size());
        passages.forEach(p -> ids.add(p.id()));
        return ids;
    }
}
