package dev.dspj.retrieve.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.codec.Codecs;
import dev.dspj.evaluate.Metrics;
import dev.dspj.module.Predict;
import dev.dspj.retrieve.Passage;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.sim.SimConditions;
import dev.dspj.sim.SimExample;
import dev.dspj.sim.SimModelProfile;
import dev.dspj.sim.SimRagTask;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated retrieval task's corpus, exported as JSONL and indexed with BM25: a query naming
 * an entity exactly finds its passage, though not always first (the twin's name stems alike), so
 * k matters; a query without the given name rarely finds it; and the two-hop program scores what
 * the task's formulas predict.
 */
class SimCorpusBm25Test {

    private static final SimRagTask TASK = SimTasks.multiHopQa();

    @TempDir
    static Path dir;

    private static Bm25Index index;

    @BeforeAll
    static void buildIndex() throws IOException {
        Path file = dir.resolve("corpus.jsonl");
        TASK.corpus().writeJsonl(file);
        assertEquals(TASK.corpus().size(), Corpus.jsonl(file).documents().size());
        index = Bm25Index.build(dir.resolve("index"), Corpus.jsonl(file));
    }

    @AfterAll
    static void closeIndex() {
        index.close();
    }

    @Test
    void exactNamesFindTheGoldPassagesAndKMatters() {
        int[] ks = {1, 2, 5};
        double[][] recall = new double[2][ks.length];
        int[] asked = new int[2];
        double familyOnly = 0;
        for (SimExample example : TASK.examples()) {
            List<String> gold = TASK.goldPassageIds(example.id());
            List<String> entities = TASK.hopEntities(example.id());
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
        familyOnly /= TASK.task().size();
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

    private static final FieldDescriptor<List<String>> CONTEXT =
            FieldDescriptor.input("context", Codecs.list(Codecs.STRING), "may contain relevant facts", null);
    private static final FieldDescriptor<String> QUESTION = FieldDescriptor.input("question", Codecs.STRING, "", null);
    private static final String HINTS = " Search for the exact name, then for the bridge entity.";
    private static final SignatureDescriptor QUERY = SignatureDescriptor.builder("GenerateSearchQuery")
            .instructions("Write a simple search query that will help answer a complex question." + HINTS)
            .field(CONTEXT)
            .field(QUESTION)
            .field(FieldDescriptor.output("query", Codecs.STRING, "", null))
            .build();
    private static final SignatureDescriptor ANSWER = SignatureDescriptor.builder("GenerateAnswer")
            .instructions("Answer questions with short factoid answers." + HINTS)
            .field(CONTEXT)
            .field(QUESTION)
            .field(FieldDescriptor.output("answer", Codecs.STRING, "", null))
            .build();

    @Test
    void theTwoHopProgramOverBm25ScoresWhatTheFormulasPredict() {
        SimModelProfile profile = SimModelProfile.MEDIUM;
        SimulatedModel model =
                SimulatedModel.builder().model(profile).task(TASK.task()).build();
        SimConditions hinted = SimConditions.BASELINE.withHintsFound(2);
        double[] accuracy = new double[3];
        for (int k = 1; k <= 2; k++) {
            int correct = 0;
            int goldInContext = 0;
            for (SimExample example : TASK.examples()) {
                List<String> ids = new ArrayList<>();
                String answer = twoHop(model, example, k, ids);
                if (example.gold().get("answer").equals(answer)) {
                    correct++;
                }
                if (ids.containsAll(TASK.goldPassageIds(example.id()))) {
                    goldInContext++;
                }
            }
            int n = TASK.task().size();
            accuracy[k] = correct / (double) n;
            double rate = goldInContext / (double) n;
            double fromContext = TASK.expectedAccuracyFromContext(profile, hinted, rate);
            System.out.printf(
                    Locale.ROOT,
                    "SimCorpusBm25Test: BM25 k=%d, sim-medium, hints: accuracy %.3f, gold in context %.3f, "
                            + "expected from that %.3f, with a perfect retriever %.3f%n",
                    k,
                    accuracy[k],
                    rate,
                    fromContext,
                    TASK.expectedAccuracy(profile, hinted, hinted, 2));
            assertEquals(fromContext, accuracy[k], 0.08, "k=" + k);
        }
        assertEquals(
                TASK.expectedAccuracy(profile, hinted, hinted, 2), accuracy[2], 0.08, "k=2 is a perfect retriever");
        assertTrue(accuracy[1] < accuracy[2] - 0.05, "k matters: " + accuracy[1] + " vs " + accuracy[2]);
    }

    /** DSPy's multi-hop program: two query steps whose retrievals accumulate, then the answer. */
    private static String twoHop(SimulatedModel model, SimExample example, int k, List<String> ids) {
        Predict query = new Predict(QUERY);
        Predict answer = new Predict(ANSWER);
        query.setModel(model);
        answer.setModel(model);
        List<String> context = new ArrayList<>();
        for (int hop = 0; hop < 2; hop++) {
            String text = (String)
                    query.forward(inputs(context, example)).get("query").orElseThrow();
            for (Passage passage : index.retrieve(text, k)) {
                if (!ids.contains(passage.id())) {
                    ids.add(passage.id());
                    context.add(passage.text());
                }
            }
        }
        return (String) answer.forward(inputs(context, example)).get("answer").orElseThrow();
    }

    private static Map<String, Object> inputs(List<String> context, SimExample example) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("context", List.copyOf(context));
        inputs.put("question", example.inputs().get("question"));
        return inputs;
    }

    private static List<String> ids(List<Passage> passages) {
        List<String> ids = new ArrayList<>(passages.size());
        passages.forEach(p -> ids.add(p.id()));
        return ids;
    }
}
