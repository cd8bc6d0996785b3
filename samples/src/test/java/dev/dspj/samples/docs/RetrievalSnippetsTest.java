package dev.dspj.samples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.Dspj;
import dev.dspj.embed.local.LocalEmbedder;
import dev.dspj.evaluate.Metrics;
import dev.dspj.lm.Embedder;
import dev.dspj.lm.Embedders;
import dev.dspj.lm.HashingEmbedder;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.module.ModuleCall;
import dev.dspj.module.Trace;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.retrieve.HybridRetriever;
import dev.dspj.retrieve.Passage;
import dev.dspj.retrieve.Retrieve;
import dev.dspj.retrieve.Retriever;
import dev.dspj.retrieve.lucene.Bm25Index;
import dev.dspj.retrieve.lucene.Corpus;
import dev.dspj.retrieve.lucene.DenseIndex;
import dev.dspj.samples.rag.MultiHopRag;
import dev.dspj.sim.SimRagTask;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.tune.Budget;
import dev.dspj.variable.tune.BuiltInVariables;
import dev.dspj.variable.tune.SearchResult;
import dev.dspj.variable.tune.VariableSearch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Retrieval and RAG" snippets, run against the simulated model over loopback HTTP. */
class RetrievalSnippetsTest {

    @Test
    void indexesRetrievalAndTheSearchRunAsTheReadmeSays(@TempDir Path folder) throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        SimRagTask task = SimTasks.multiHopQa(SimTasks.DEFAULT_SEED, 60, 2_000);
        List<Example> devset = task.toExamples().subList(0, 30);
        try (SimulatedModelServer server = SimulatedModelServer.builder()
                        .task(task.task())
                        .latencyScale(0)
                        .build()
                        .start();
                HttpLanguageModel simSmall = HttpLanguageModel.builder("sim/sim-small")
                        .baseUrl(server.baseUrl())
                        .cache(ResponseCache.memory(10_000))
                        .build();
                HttpLanguageModel simLarge = HttpLanguageModel.builder("sim/sim-large")
                        .baseUrl(server.baseUrl())
                        .cache(ResponseCache.memory(10_000))
                        .build()) {
            Dspj.configure(simSmall);
            // snippet:retrieval
            Path corpusFile = folder.resolve("corpus.jsonl"); // {"id": ..., "title": ..., "text": ...} per line
            task.corpus().writeJsonl(corpusFile); // the simulated model's passages about invented people
            try (Bm25Index bm25 = Bm25Index.build(folder.resolve("bm25"), Corpus.of(corpusFile));
                    DenseIndex dense =
                            DenseIndex.build(folder.resolve("dense"), Corpus.of(corpusFile), new HashingEmbedder())) {
                Retriever hybrid = HybridRetriever.of(bm25, dense); // reciprocal rank fusion of both
                for (Passage passage : hybrid.retrieve("Where was Prates Zorest born?", 2)) {
                    System.out.println(passage.id() + ": " + passage.text());
                }
                // p-001153: Prates Zorest was born in Ostnecorfield. Prates Zorest works for Lofencraft as a chemist.
                // ...
                // p-001693: Prates Zoreste was born in Ostnecorford. ...    (a similar-named distractor)

                MultiHopRag program = new MultiHopRag(bm25, 3); // two hops of query -> Retrieve, then answer
                try (Trace trace = Trace.start()) {
                    Prediction answer = program.forward(
                            Map.of("question", task.examples().get(0).inputs().get("question")));
                    for (ModuleCall retrieval : trace.moduleCalls()) {
                        System.out.println(retrieval.inputs() + " -> "
                                + retrieval.prediction().values().get(Retrieve.PASSAGE_IDS));
                    }
                    System.out.println(answer.values().get("answer"));
                }
                // {query=company the person works for, k=3} -> [p-000001, p-000032, p-000034]   (a vague first query)
                // {query=Prates Zorest, k=3} -> [p-001153, p-001693, p-000129]
                // Kanemills                                                                     (wrong: one hop short)
                // end-snippet

                // snippet:rag-search
                SearchResult<MultiHopRag> search = VariableSearch.builder(program, devset, Metrics.exactMatch("answer"))
                        .builtIns(BuiltInVariables.none()
                                .retrievers(Map.of("bm25", bm25, "dense", dense, "hybrid", hybrid))
                                .retrieveK(1, 8) // the built-in `k` of every Retrieve step
                                .models(Map.<String, LanguageModel>of("sim-small", simSmall, "sim-large", simLarge)))
                        .objectives(Objective.accuracy(), Objective.cost())
                        .budget(Budget.trials(8))
                        .seed(7)
                        .build()
                        .run();
                System.out.println(
                        search.best().orElseThrow().configuration()); // e.g. {k=4, model=sim-small, retriever=hybrid}
                // end-snippet
                assertEquals(8, search.tuning().trials().size());
            }
        } finally {
            System.setOut(console);
            Dspj.configure(null);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        console.print(out);
        assertTrue(out.contains("{query="), out);
        assertTrue(out.contains("retriever="), out);
    }

    @Test
    void localEmbeddingsRunOfflineAsTheReadmeSays(@TempDir Path folder) throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        Path corpusFile = folder.resolve("pets.jsonl");
        Files.write(
                corpusFile,
                List.of(
                        "{\"id\": \"cat\", \"text\": \"A kitten sleeps on the rug by the fire.\"}",
                        "{\"id\": \"market\", \"text\": \"Stock markets fell sharply on Monday.\"}",
                        "{\"id\": \"dog\", \"text\": \"The puppy chews a bone in the garden.\"}"),
                StandardCharsets.UTF_8);
        try {
            // snippet:local-embeddings
            try (LocalEmbedder minilm = LocalEmbedder.create()) { // all-MiniLM-L6-v2, in process, nothing downloaded
                Embedder embedder = Embedders.cached(minilm, 100_000); // caches any Embedder by text, HttpEmbedder too
                Corpus corpus = Corpus.of(corpusFile);
                try (DenseIndex dense = DenseIndex.build(folder.resolve("pets-dense"), corpus, embedder);
                        Bm25Index bm25 = Bm25Index.build(folder.resolve("pets-bm25"), corpus)) {
                    Passage nearest = dense.retrieve("a cat on a mat", 1).get(0); // shares no word with it
                    List<Passage> both = HybridRetriever.of(bm25, dense).retrieve("puppy", 2);
                    System.out.println(nearest.id() + ", " + both.get(0).id()); // cat, dog
                }
                try (DenseIndex again = DenseIndex.open(folder.resolve("pets-dense"), embedder)) { // no re-embedding
                    System.out.println(again.size() + " passages, " + again.dimensions() + " dimensions");
                }
            }
            // end-snippet
        } finally {
            System.setOut(console);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        console.print(out);
        assertEquals(
                List.of("cat, dog", "3 passages, 384 dimensions"), out.lines().toList());
    }
}
