package dev.dspj.samples.rag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.module.NamedModule;
import dev.dspj.retrieve.Retrieve;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RAG sample from files, at a small size: corpus on disk → BM25 index → the multi-hop program →
 * MIPROv2 → the variable search over the retriever, k and the model, against the known optimum.
 */
class RagSampleTest {

    @Test
    void fromACorpusFileToAnOptimizedAndSearchedProgram(@TempDir Path folder) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        RagSample.Result result;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            result = RagSample.run(out, folder, new RagSample.Size(1_000, 30, 20, 30, 60, 4, 4));
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(Files.size(folder.resolve("corpus.jsonl")) > 50_000, "the corpus was written to disk");
        assertTrue(Files.exists(folder.resolve("bm25").resolve("CURRENT")), "the index was built from it");
        assertTrue(Files.exists(folder.resolve("studies.db")), "the search kept its study");
        assertTrue(text.contains("Indexed 1,000 passages from corpus.jsonl for BM25 and dense search"), text);

        assertTrue(result.mipro() >= result.zeroShot() + 0.15, "MIPROv2 lifts the answers: " + result);
        assertTrue(result.miproRecall() >= result.zeroShotRecall(), "better queries find more gold: " + result);
        assertTrue(result.searched() >= result.zeroShot() + 0.15, "the search keeps the gain: " + result);
        assertTrue(result.chosen().contains("k=") && result.chosen().contains("retriever="), result.chosen());
        assertTrue(result.smallOptimum() > 0.5 && result.optimum() >= result.smallOptimum(), result.toString());
        assertTrue(result.mipro() <= result.smallOptimum() + 0.1, "no score beats the optimum by more than noise");
        assertTrue(text.contains("| MIPROv2 + variable search {"), text);
    }

    @Test
    void theProgramListsItsRetrieveStepForTheSearch() {
        MultiHopRag program = new MultiHopRag();
        List<String> paths =
                program.namedSubmodules().stream().map(NamedModule::name).toList();
        assertEquals(List.of("generateQuery[0]", "generateQuery[1]", "retrieve", "generateAnswer"), paths);
        assertTrue(program.namedSubmodules().get(2).module() instanceof Retrieve);
        MultiHopRag copy = program.deepCopy();
        copy.retrieve().setK(7);
        assertEquals(Retrieve.DEFAULT_K, program.retrieve().k(), "a copy's retrieval step is its own");
        assertEquals(
                List.of("generateQuery[0]", "generateQuery[1]", "generateAnswer"),
                program.namedPredictors().stream().map(n -> n.name()).toList());
    }
}
