package dev.dspj.propose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.codec.Codecs;
import dev.dspj.execution.RunRecord;
import dev.dspj.lm.LmRequest;
import dev.dspj.module.ModuleCopier;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.module.PredictorPaths;
import dev.dspj.module.ProgramDescriptor;
import dev.dspj.module.ProgramModule;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.testing.ScriptedModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The grounded proposer's inputs, calls, rendering and replay, with a scripted prompt model. */
class GroundedProposerTest {

    static final SignatureDescriptor QA = SignatureDescriptor.builder("FactoidQa")
            .field(FieldDescriptor.input("question", Codecs.STRING, "a question about a place or a person", null))
            .field(FieldDescriptor.output("answer", Codecs.STRING, "", null))
            .build();

    static final SignatureDescriptor RETRIEVE = SignatureDescriptor.builder("WriteQuery")
            .instructions("Write a search query for the question.")
            .field(FieldDescriptor.input("question", Codecs.STRING, "", null))
            .field(FieldDescriptor.output("query", Codecs.STRING, "a web search query", null))
            .build();

    /** A two-predictor program as the annotation processor would describe it. */
    static final class SearchQa extends ProgramModule<SearchQa> {
        Predict query = new Predict(RETRIEVE);
        Predict answer = new Predict(QA);

        SearchQa() {
            super(Descriptor.INSTANCE);
        }

        @Override
        public Prediction forward(Map<String, Object> inputs) {
            query.forward(inputs);
            return answer.forward(inputs);
        }

        static final class Descriptor extends ProgramDescriptor<SearchQa> {
            static final Descriptor INSTANCE = new Descriptor();

            private Descriptor() {
                super(
                        SearchQa.class,
                        "Answer factoid questions after writing a search query",
                        List.of("query", "answer"));
            }

            @Override
            public List<NamedPredictor> namedPredictors(SearchQa program) {
                return PredictorPaths.builder()
                        .add("query", program.query)
                        .add("answer", program.answer)
                        .build();
            }

            @Override
            public SearchQa deepCopy(SearchQa program, ModuleCopier copier) {
                SearchQa copy = new SearchQa();
                copy.query = copier.copy(program.query);
                copy.answer = copier.copy(program.answer);
                return copy;
            }
        }
    }

    private static List<Example> examples(int n) {
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Example.of("question", "Where was person " + i + " born?", "answer", "Town " + i)
                    .withInputs("question"));
        }
        return out;
    }

    private static Example demo(int i, boolean augmented) {
        return Example.of(
                        "question",
                        "Demo question " + i + "?",
                        "query",
                        "demo query " + i,
                        "answer",
                        "Demo answer " + i)
                .withInputs("question")
                .withAugmented(augmented);
    }

    /** The last user message of a request. */
    private static String user(LmRequest request) {
        return request.messages().get(request.messages().size() - 1).content();
    }

    /** The value of one input field in a Chat-formatted user message. */
    private static String input(LmRequest request, String field) {
        String text = user(request);
        String marker = "[[ ## " + field + " ## ]]\n";
        int start = text.indexOf(marker);
        if (start < 0) {
            return null;
        }
        start += marker.length();
        int end = text.indexOf("\n\n[[ ## ", start);
        int respond = text.indexOf("\n\nRespond with", start);
        if (end < 0 || (respond >= 0 && respond < end)) {
            end = respond;
        }
        return text.substring(start, end < 0 ? text.length() : end).strip();
    }

    /** A prompt model that answers each proposer signature and counts the proposals. */
    private static ScriptedModel promptModel(AtomicInteger proposals) {
        return ScriptedModel.answering(request -> {
            String text = user(request);
            if (text.contains("[[ ## tip ## ]]")) {
                return ScriptedModel.chatAnswer(
                        "proposed_instruction", "PROPOSED INSTRUCTION: Proposal " + proposals.incrementAndGet() + ".");
            }
            if (text.contains("[[ ## module ## ]]")) {
                return ScriptedModel.chatAnswer("module_description", "It answers.");
            }
            if (text.contains("[[ ## program_example ## ]]")) {
                return ScriptedModel.chatAnswer("program_description", "A search-then-answer program.");
            }
            return ScriptedModel.chatAnswer(
                    "observations",
                    text.contains("Observations made so far")
                            ? "Short factoid answers about birthplaces."
                            : "Questions about where people were born.");
        });
    }

    @Test
    void proposesFromDataProgramDemosAndTipsWithTheOriginalFirst() {
        AtomicInteger proposals = new AtomicInteger();
        ScriptedModel model = promptModel(proposals);
        GroundedProposer proposer = GroundedProposer.builder(model).seed(3).build();
        SearchQa program = new SearchQa();
        List<List<Example>> sets = List.of(
                List.of(),
                List.of(demo(1, true), demo(2, false)),
                List.of(demo(3, true), demo(4, true)),
                List.of(demo(5, true)));
        Map<String, List<List<Example>>> demoCandidates = Map.of("query", sets, "answer", sets);

        Map<String, List<String>> instructions =
                proposer.proposeInstructions(program, examples(25), demoCandidates, 6, 1.0);

        assertEquals(List.of("query", "answer"), List.copyOf(instructions.keySet()));
        assertEquals(
                List.of("Write a search query for the question.", "Proposal 1.", "Proposal 2.", "Proposal 3."),
                instructions.get("query"),
                "index 0 is the original; at most one instruction per demo set; the "
                        + "label the model repeated is stripped");
        assertEquals(QA.instructions(), instructions.get("answer").get(0));
        List<LmRequest> requests = model.requests();
        // 3 batches of 10 examples and the condensing call, the program, 2 modules, 3 + 3 instructions
        assertEquals(3 + 1 + 1 + 2 + 6, requests.size());
        assertTrue(
                input(requests.get(0), "examples")
                        .startsWith("[Example({'question': 'Where was person 0 born?', "
                                + "'answer': 'Town 0'}) (input_keys={'question'})"),
                input(requests.get(0), "examples"));
        assertTrue(input(requests.get(3), "examples").contains("Questions about where people were born."));

        List<LmRequest> generate = requests.subList(7, 13);
        LmRequest first = generate.get(0);
        assertEquals("Short factoid answers about birthplaces.", input(first, "dataset_description"));
        assertEquals("A search-then-answer program.", input(first, "program_description"));
        assertEquals("It answers.", input(first, "module_description"));
        assertTrue(input(first, "program_code").contains("Answer factoid questions after writing a search query"));
        assertTrue(input(first, "module").startsWith("self.query = Predict(WriteQuery)"), input(first, "module"));
        // candidate 1 starts at demo set 1: its augmented demo, then set 2's, up to 3 demos, in Prefix: value lines
        String demos = input(first, "task_demos");
        assertTrue(demos.startsWith("Question: Demo question 1?\nQuery: demo query 1"), demos);
        assertTrue(demos.contains("Question: Demo question 3?") && demos.contains("Question: Demo question 4?"), demos);
        assertTrue(!demos.contains("Demo question 2?"), "a labeled demo is not shown: " + demos);
        assertEquals("Write a search query for the question.", input(first, "basic_instruction"));
        Set<Integer> rollouts = new HashSet<>();
        for (LmRequest request : generate) {
            assertEquals(1.0, request.settings().temperature().orElseThrow());
            rollouts.add(request.settings().rolloutId().orElseThrow());
            String tip = input(request, "tip");
            assertTrue(GroundedProposer.TIPS.containsValue(tip == null ? "" : tip), tip);
        }
        assertEquals(6, rollouts.size(), "every proposal has its own rollout id");
        GroundedProposer.Proposal proposal = proposer.lastProposal();
        assertEquals(3, proposal.tips().get("answer").size());
        assertTrue(GroundedProposer.TIPS.keySet().containsAll(proposal.tips().get("query")));
        assertEquals(instructions, proposal.instructions());
    }

    @Test
    void whatIsNotUsedIsLeftEmptyAndNoDemoSetsMeanNumCandidates() {
        AtomicInteger proposals = new AtomicInteger();
        ScriptedModel model = promptModel(proposals);
        GroundedProposer proposer = GroundedProposer.builder(model)
                .programAware(false)
                .dataAware(false)
                .tipAware(false)
                .fewshotAware(false)
                .build();
        Predict predictor = new Predict(QA);
        Map<String, List<String>> instructions = proposer.proposeInstructions(predictor, examples(5), Map.of(), 4, 0.7);
        assertEquals(4, instructions.get("self").size(), "without demo sets, numCandidates instructions");
        assertEquals(3, model.requests().size(), "only the 3 proposals");
        for (LmRequest request : model.requests()) {
            assertEquals("", input(request, "dataset_description"));
            assertEquals("", input(request, "program_code"));
            assertEquals("", input(request, "module"));
            assertEquals(GroundedProposer.NO_TASK_DEMOS, input(request, "task_demos"));
            assertEquals("", input(request, "tip"));
            assertEquals(0.7, request.settings().temperature().orElseThrow());
        }
    }

    @Test
    void aRecordReplaysEveryTextWithoutACall() {
        AtomicInteger proposals = new AtomicInteger();
        ScriptedModel model = promptModel(proposals);
        RunRecord record = RunRecord.inMemory("proposer");
        GroundedProposer proposer =
                GroundedProposer.builder(model).record(record).seed(1).build();
        Map<String, List<String>> first = proposer.proposeInstructions(new SearchQa(), examples(12), Map.of(), 3, 1.0);
        int calls = model.requests().size();
        Map<String, List<String>> second = proposer.proposeInstructions(new SearchQa(), examples(12), Map.of(), 3, 1.0);
        assertEquals(first, second);
        assertEquals(calls, model.requests().size(), "no call the second time");
        assertEquals(calls, record.replayed());
        assertEquals(first.get("answer"), List.of(QA.instructions(), "Proposal 3.", "Proposal 4."));
    }

    @Test
    void programCodeShowsSignaturesFieldsTypesDescriptionsAndTheProgram() {
        String code = GroundedProposer.programCode(new SearchQa());
        System.out.println(code);
        assertTrue(
                code.contains("class WriteQuery(Signature):\n    \"\"\"Write a search query for the question.\"\"\""),
                code);
        assertTrue(code.contains("query: str = OutputField(desc='a web search query')"), code);
        assertTrue(code.contains("question: str = InputField(desc='a question about a place or a person')"), code);
        assertTrue(
                code.contains("class SearchQa(Module):\n    \"\"\"Answer factoid questions after writing a search "
                        + "query\"\"\""),
                code);
        assertTrue(code.contains("self.query = Predict(WriteQuery)  # question -> query"), code);
        assertTrue(code.contains("self.answer = Predict(FactoidQa)  # question -> answer"), code);

        String single = GroundedProposer.programCode(new Predict(QA));
        assertTrue(single.endsWith("program = Predict(FactoidQa)  # question -> answer"), single);
    }

    @Test
    void checksItsArguments() {
        GroundedProposer proposer =
                GroundedProposer.builder(ScriptedModel.replying()).build();
        assertEquals(
                "GroundedProposer: numCandidates must be at least 1, got 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> proposer.proposeInstructions(new Predict(QA), examples(1), Map.of(), 0, 1.0))
                        .getMessage());
        assertEquals(
                "GroundedProposer: demoCandidates has no demo sets for predictor 'answer'; it has [query]",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> proposer.proposeInstructions(
                                        new SearchQa(), examples(1), Map.of("query", List.of(List.of())), 2, 1.0))
                        .getMessage());
        assertEquals(
                "GroundedProposer: viewDataBatchSize must be at least 1, got 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> GroundedProposer.builder(ScriptedModel.replying())
                                        .viewDataBatchSize(0))
                        .getMessage());
        assertEquals(
                List.of("none", "creative", "simple", "description", "high_stakes", "persona"),
                List.copyOf(GroundedProposer.TIPS.keySet()));
        assertEquals("Keep the instruction clear and concise.", GroundedProposer.TIPS.get("simple"));
    }
}
