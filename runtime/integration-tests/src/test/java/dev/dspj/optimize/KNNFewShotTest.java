package dev.dspj.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.lm.HashingEmbedder;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.http.HttpEmbedder;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.Provider;
import dev.dspj.module.Module;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Example;
import dev.dspj.sim.ReceivedRequest;
import dev.dspj.sim.SimulatedModel;
import dev.dspj.sim.SimulatedModelServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** KNNFewShot: nearest demos per input, through the local embedder and the HTTP embeddings client. */
class KNNFewShotTest {

    private static final List<Example> SMALL = List.of(
            qa("What is the capital of Valorenia?", "Kelburg"),
            qa("Where was Ana Mosvin born?", "Shagraby"),
            qa("What is the capital of Ostvinland?", "Aelport"),
            qa("Which city is the capital of Valorenia?", "Kelburg"),
            qa("In which town was Ana Mosvin born?", "Shagraby"),
            qa("Where was Tomas Brek born?", "Ulford"));

    private static Example qa(String question, String answer) {
        return Example.of("question", question, "answer", answer).withInputs("question");
    }

    private static List<Integer> indexes(List<Knn.Neighbour> neighbours) {
        List<Integer> indexes = new ArrayList<>();
        neighbours.forEach(n -> indexes.add(n.index()));
        return indexes;
    }

    @Test
    void knnReturnsTheNearestExamplesNearestFirst() {
        Knn knn = new Knn(2, SMALL, new HashingEmbedder());
        assertEquals(List.of(3, 0), indexes(knn.neighbours(Map.of("question", "Name the capital city of Valorenia."))));
        List<Knn.Neighbour> born = knn.neighbours(Map.of("question", "Where was Ana Mosvin born?"));
        assertEquals(List.of(1, 4), indexes(born));
        assertEquals(1.0, born.get(0).score(), 1e-5, "the same text: cosine 1");
        assertTrue(born.get(0).score() > born.get(1).score());
        assertEquals(
                List.of(SMALL.get(1), SMALL.get(4)), knn.nearest(Map.of("question", "Where was Ana Mosvin born?")));
        assertEquals("question: What is the capital of Valorenia?", Knn.text(SMALL.get(0)));
        assertEquals(
                6,
                new Knn(10, SMALL, new HashingEmbedder())
                        .nearest(Map.of("question", "x"))
                        .size(),
                "never more than the training set");
    }

    @Test
    void theProgramShowsTheNearestExamplesAsDemos() {
        RecordingModel model = new RecordingModel(SimulatedModel.of("sim-small"));
        KNNFewShot optimizer = KNNFewShot.builder(2, SMALL, new HashingEmbedder())
                .labeledOnly()
                .build();
        Predict student = QaFixture.student(model);
        KNNFewShot.Program program = optimizer.compile(student);
        Map<String, Object> inputs = Map.of("question", "Which city is the capital of Ostvinland?");
        Module chosen = program.programFor(inputs);
        // the same country first, then the same wording about another country
        assertEquals(
                List.of(SMALL.get(2), SMALL.get(3)),
                chosen.namedPredictors().get(0).predictor().demos());
        program.forward(inputs);
        LmRequest request = model.requests().get(model.requests().size() - 1);
        assertEquals(2 + 2 * 2, request.messages().size(), "system, two demos, the question");
        assertTrue(
                request.messages().get(1).content().contains("What is the capital of Ostvinland?"),
                "the nearest example is the first demo");
        assertTrue(request.messages().get(3).content().contains("Which city is the capital of Valorenia?"));
        assertTrue(student.demos().isEmpty(), "the student is unchanged");
        assertTrue(program.namedPredictors().get(0).predictor().demos().isEmpty(), "demos are chosen per call");
        assertEquals(0, program.report().calls(), "labeled-only spends no call on bootstrapping");
        assertEquals(1, model.requests().size());
    }

    @Test
    void bootstrapsTheNeighboursPerCallAsDspyDoes() {
        RecordingModel model = new RecordingModel(SimulatedModel.of("sim-small"));
        KNNFewShot optimizer = KNNFewShot.builder(3, QaFixture.train(100), new HashingEmbedder())
                .fewShot(BootstrapFewShot.builder(QaFixture.EXACT_MATCH).build())
                .build();
        KNNFewShot.Program program = optimizer.compile(QaFixture.student(model));
        Map<String, Object> inputs = QaFixture.dev(1).get(0).inputs();
        Module chosen = program.programFor(inputs);
        List<Example> demos = chosen.namedPredictors().get(0).predictor().demos();
        List<Example> neighbours = program.knn().nearest(inputs);
        assertEquals(3, demos.size());
        for (Example demo : demos) {
            assertTrue(
                    neighbours.stream()
                            .anyMatch(n -> n.values()
                                    .get("question")
                                    .equals(demo.values().get("question"))),
                    "every demo comes from a neighbour: " + demo);
        }
        assertTrue(demos.stream().anyMatch(Example::augmented), "some neighbours were bootstrapped");
        OptimizerReport report = program.report();
        assertEquals(model.requests().size(), report.calls(), "every teacher call is counted");
        assertTrue(report.bootstrapAttempts() >= 1 && report.bootstrapAttempts() <= 3);
    }

    @Test
    void raisesTheDevScoreOfTheZeroShotProgram() {
        Predict student = QaFixture.student("sim-small");
        List<Example> dev = QaFixture.dev(100);
        double zeroShot = QaFixture.score(student, dev);
        KNNFewShot labeled = KNNFewShot.builder(4, QaFixture.train(150), new HashingEmbedder())
                .labeledOnly()
                .build();
        double withNeighbours = QaFixture.score(labeled.compile(student), dev);
        KNNFewShot bootstrapped = KNNFewShot.builder(4, QaFixture.train(150), new HashingEmbedder())
                .fewShot(BootstrapFewShot.builder(QaFixture.EXACT_MATCH).build())
                .build();
        KNNFewShot.Program bootstrappedProgram = bootstrapped.compile(student);
        double withBootstrap = QaFixture.score(bootstrappedProgram, dev);
        System.out.printf(
                "KNNFewShot sim-small, k=4: zero-shot %.2f, labeled neighbours %.2f, bootstrapped %.2f (%s)%n",
                zeroShot,
                withNeighbours,
                withBootstrap,
                bootstrappedProgram.report().summary());
        assertTrue(withNeighbours - zeroShot >= 0.15, "zero-shot " + zeroShot + ", KNN " + withNeighbours);
        assertTrue(withBootstrap - zeroShot >= 0.15, "zero-shot " + zeroShot + ", KNN + bootstrap " + withBootstrap);
    }

    @Test
    void stopsBootstrappingAtTheCallBudgetAndKeepsAnswering() {
        KNNFewShot optimizer = KNNFewShot.builder(3, QaFixture.train(60), new HashingEmbedder())
                .fewShot(BootstrapFewShot.builder(QaFixture.EXACT_MATCH).build())
                .callBudget(5)
                .build();
        KNNFewShot.Program program = optimizer.compile(QaFixture.student("sim-small"));
        for (Example example : QaFixture.dev(6)) {
            assertTrue(program.forward(example.inputs()).get("answer").isPresent());
        }
        OptimizerReport report = program.report();
        assertEquals(5, report.calls());
        assertEquals("stopped: call budget 5 reached", report.stoppedReason());
        Module afterBudget = program.programFor(QaFixture.dev(7).get(6).inputs());
        assertTrue(
                afterBudget.namedPredictors().get(0).predictor().demos().stream()
                        .noneMatch(Example::augmented),
                "after the budget the neighbours are labeled demos");
    }

    @Test
    void worksThroughTheHttpEmbeddingsClientAgainstTheSimulatedServer() {
        try (SimulatedModelServer server =
                        SimulatedModelServer.builder().latencyScale(0).build().start();
                HttpEmbedder embedder = HttpEmbedder.builder()
                        .baseUrl(server.baseUrl())
                        .model("sim-embed")
                        .batchSize(4)
                        .build();
                HttpLanguageModel model = HttpLanguageModel.builder(Provider.SIM)
                        .baseUrl(server.baseUrl())
                        .model("sim-small")
                        .build()) {
            KNNFewShot optimizer =
                    KNNFewShot.builder(2, SMALL, embedder).labeledOnly().build();
            KNNFewShot.Program program = optimizer.compile(QaFixture.student(model));
            Map<String, Object> inputs = Map.of("question", "Name the capital city of Valorenia.");
            assertEquals(
                    List.of(3, 0), indexes(program.neighbours(inputs)), "the same neighbours as the local embedder");
            assertTrue(program.forward(inputs).get("answer").isPresent());

            List<ReceivedRequest> embeddings = server.requestsReceived().stream()
                    .filter(r -> r.path().equals("/v1/embeddings"))
                    .toList();
            assertEquals(2 + 2, embeddings.size(), "6 training texts in batches of 4, then one query per lookup");
            assertTrue(embeddings.get(0).body().contains("\"model\":\"sim-embed\""));
            assertTrue(server.requestsReceived().stream().anyMatch(r -> r.path().equals("/v1/chat/completions")));
            assertFalse(
                    program.report().trackerUsage().calls() == 0,
                    "the embedding calls were reported to the usage tracker while compiling");
        }
    }

    @Test
    void checksItsArguments() {
        assertThrows(IllegalArgumentException.class, () -> KNNFewShot.builder(0, SMALL, new HashingEmbedder()));
        assertThrows(NullPointerException.class, () -> KNNFewShot.builder(1, SMALL, null));
        IllegalArgumentException unmarked = assertThrows(
                IllegalArgumentException.class,
                () -> KNNFewShot.builder(1, List.of(Example.of("question", "q")), new HashingEmbedder()));
        assertTrue(unmarked.getMessage().contains("withInputs"), unmarked.getMessage());
        IllegalArgumentException wrongCount =
                assertThrows(IllegalArgumentException.class, () -> new Knn(1, SMALL, texts -> new float[1][3]));
        assertTrue(wrongCount.getMessage().contains("returned 1 vectors for 6 texts"), wrongCount.getMessage());
    }
}
