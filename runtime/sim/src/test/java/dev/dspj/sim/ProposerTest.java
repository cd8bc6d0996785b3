package dev.dspj.sim;

import static dev.dspj.sim.ProposerPrompts.QA_BASIC;
import static dev.dspj.sim.ProposerPrompts.assertRate;
import static dev.dspj.sim.ProposerPrompts.demos;
import static dev.dspj.sim.ProposerPrompts.failuresWithFeedback;
import static dev.dspj.sim.ProposerPrompts.grounded;
import static dev.dspj.sim.ProposerPrompts.mentions;
import static dev.dspj.sim.ProposerPrompts.propose;
import static dev.dspj.sim.ProposerPrompts.simbaInputs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.adapter.Adapter;
import dev.dspj.adapter.ChatAdapter;
import dev.dspj.adapter.JsonAdapter;
import dev.dspj.adapter.XmlAdapter;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.module.Refine;
import dev.dspj.optimize.Simba;
import dev.dspj.primitives.Prediction;
import dev.dspj.propose.ProposerSignatures;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.sim.SimProposer.Evidence;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The simulated model as a proposer: answers parse with every adapter, proposals keep the current
 * instruction, are deterministic yet differ between rollouts, temperatures and choices, and module
 * advice is keyed by the given module names. The measured hint rates are in {@link ProposerRatesTest}.
 */
class ProposerTest {

    private static final SimTask QA = SimPrompts.QA;

    @Test
    void documentedProbabilitiesGrowWithEvidenceAndCompetence() {
        assertEquals(0.622, SimProposer.competenceFactor(SimModelProfile.SMALL), 0.001);
        assertEquals(0.818, SimProposer.competenceFactor(SimModelProfile.MEDIUM), 0.001);
        assertEquals(0.924, SimProposer.competenceFactor(SimModelProfile.LARGE), 0.001);
        assertEquals(0.878, SimProposer.hintProbability(SimModelProfile.LARGE, Evidence.HINT_IN_PROMPT), 0.001);
        assertEquals(0.031, SimProposer.hintProbability(SimModelProfile.SMALL, Evidence.NONE), 0.001);
        for (SimModelProfile profile : SimModelProfile.builtIns()) {
            Evidence[] levels = Evidence.values();
            for (int i = 1; i < levels.length; i++) {
                assertTrue(
                        SimProposer.hintProbability(profile, levels[i - 1])
                                > SimProposer.hintProbability(profile, levels[i]),
                        levels[i - 1] + " over " + levels[i]);
            }
        }
    }

    @Test
    void everySignatureParsesWithEveryAdapter() {
        SimulatedModel model = SimulatedModel.of(SimModelProfile.MEDIUM);
        Map<SignatureDescriptor, Map<String, Object>> calls = new HashMap<>();
        calls.put(
                ProposerSignatures.DESCRIBE_DATASET,
                Map.of("examples", demos(QA.examples().subList(0, 4))));
        calls.put(
                ProposerSignatures.DESCRIBE_PROGRAM,
                Map.of(
                        "program_code",
                        "Predict(FactoidQa: question -> answer)",
                        "program_example",
                        demos(QA.examples().subList(0, 1))));
        calls.put(
                ProposerSignatures.DESCRIBE_MODULE,
                Map.of(
                        "program_code",
                        "Predict(FactoidQa: question -> answer)",
                        "program_description",
                        "Answers questions.",
                        "program_example",
                        demos(QA.examples().subList(0, 1)),
                        "module",
                        "predict = Predict(FactoidQa)"));
        calls.put(
                ProposerSignatures.GENERATE_INSTRUCTION,
                grounded(Map.of(
                        "task_demos",
                        demos(QA.examples().subList(0, 2)),
                        "tip",
                        "Keep the instruction clear and concise.")));
        calls.put(ProposerSignatures.BASIC_GENERATE_INSTRUCTION, Map.of("basic_instruction", QA_BASIC));
        calls.put(
                ProposerSignatures.GENERATE_INSTRUCTION_GIVEN_ATTEMPTS,
                Map.of(
                        "attempted_instructions",
                        "Instruction #1: Answer the question.\nPrefix #1: Answer:\nResulting Score #1: 20.0\n"
                                + "Instruction #2: " + QA_BASIC + "\nPrefix #2: Answer:\nResulting Score #2: 25.0"));
        calls.put(
                ProposerSignatures.REFLECT_ON_FEEDBACK,
                Map.of(
                        "current_instruction",
                        QA_BASIC,
                        "examples_with_feedback",
                        failuresWithFeedback(QA, QA.examples().subList(0, 2), "answer")));
        for (Adapter adapter : List.of(ChatAdapter.INSTANCE, JsonAdapter.INSTANCE, XmlAdapter.INSTANCE)) {
            for (Map.Entry<SignatureDescriptor, Map<String, Object>> call : calls.entrySet()) {
                SignatureDescriptor signature = call.getKey();
                Prediction prediction = propose(model, adapter, signature, call.getValue(), 3);
                String where = signature.name() + " with " + adapter.name();
                assertEquals(
                        signature.outputFields().stream().map(f -> f.name()).toList(),
                        List.copyOf(prediction.values().keySet()),
                        where);
                for (Object value : prediction.values().values()) {
                    assertTrue(value instanceof String text && !text.isBlank(), where + ": " + value);
                }
                assertEquals(adapter.name(), prediction.completion().adapter(), where + " parsed without fallback");
                prediction
                        .get("proposed_instruction")
                        .or(() -> prediction.get("new_instruction"))
                        .ifPresent(text -> assertTrue(
                                ((String) text).startsWith(QA_BASIC), where + " keeps the basic instruction: " + text));
                prediction
                        .get("proposed_prefix_for_output_field")
                        .ifPresent(prefix -> assertEquals("Answer:", prefix, where));
            }
        }
    }

    @Test
    void theSameRequestGivesTheSameProposalWhileRolloutsTemperaturesAndChoicesDiffer() {
        SimulatedModel model = SimulatedModel.of(SimModelProfile.LARGE);
        Map<String, Object> inputs = Map.of("basic_instruction", QA_BASIC);
        LmSettings settings = LmSettings.DEFAULTS.withTemperature(1.4).withRolloutId(5);
        assertEquals(
                propose(model, ChatAdapter.INSTANCE, ProposerSignatures.BASIC_GENERATE_INSTRUCTION, inputs, settings)
                        .values(),
                propose(
                                SimulatedModel.of(SimModelProfile.LARGE),
                                ChatAdapter.INSTANCE,
                                ProposerSignatures.BASIC_GENERATE_INSTRUCTION,
                                inputs,
                                settings)
                        .values());
        Set<Object> byRollout = new HashSet<>();
        Set<Object> byTemperature = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            byRollout.add(propose(
                            model,
                            ChatAdapter.INSTANCE,
                            ProposerSignatures.BASIC_GENERATE_INSTRUCTION,
                            inputs,
                            LmSettings.DEFAULTS.withTemperature(1.4).withRolloutId(i))
                    .values());
            byTemperature.add(propose(
                            model,
                            ChatAdapter.INSTANCE,
                            ProposerSignatures.BASIC_GENERATE_INSTRUCTION,
                            inputs,
                            LmSettings.DEFAULTS.withTemperature(0.5 + 0.1 * i).withRolloutId(1))
                    .values());
        }
        assertTrue(byRollout.size() >= 5, "rollouts give different proposals: " + byRollout);
        assertTrue(byTemperature.size() >= 5, "temperatures give different proposals: " + byTemperature);

        // COPRO asks for breadth - 1 completions in one call
        List<ChatMessage> messages =
                ChatAdapter.INSTANCE.format(ProposerSignatures.BASIC_GENERATE_INSTRUCTION, List.of(), inputs);
        LmResponse response = model.complete(
                new LmRequest(messages, LmSettings.DEFAULTS.withTemperature(1.4).withN(9)));
        assertEquals(9, response.choices().size());
        assertTrue(new HashSet<>(response.choices()).size() >= 5, "choices differ: " + response.choices());
    }

    @Test
    void theChatAdaptersClosingReminderIsNotTakenForPartOfTheBasicInstruction() {
        SimulatedModel model = SimulatedModel.of(SimModelProfile.LARGE);
        for (int rollout = 0; rollout < 5; rollout++) {
            Object proposed = propose(
                            model,
                            ChatAdapter.INSTANCE,
                            ProposerSignatures.BASIC_GENERATE_INSTRUCTION,
                            Map.of("basic_instruction", QA_BASIC),
                            LmSettings.DEFAULTS.withTemperature(1.4).withRolloutId(rollout))
                    .values()
                    .get("proposed_instruction");
            assertTrue(proposed.toString().startsWith(QA_BASIC), String.valueOf(proposed));
            assertFalse(proposed.toString().contains("Respond with"), String.valueOf(proposed));
        }
    }

    @Test
    void proposalsKeepTheCurrentInstructionAndDoNotGrowWithoutBound() {
        SimulatedModel model = SimulatedModel.of(SimModelProfile.LARGE);
        String withHint = QA_BASIC + " Keep the answer to 1-5 words.";
        String current = withHint;
        for (int round = 0; round < 20; round++) {
            current = (String) propose(
                            model,
                            ChatAdapter.INSTANCE,
                            ProposerSignatures.REFLECT_ON_FEEDBACK,
                            Map.of(
                                    "current_instruction",
                                    current,
                                    "examples_with_feedback",
                                    failuresWithFeedback(QA, QA.examples().subList(round, round + 3), "answer")),
                            round)
                    .values()
                    .get("new_instruction");
            assertTrue(current.startsWith(withHint), "round " + round + " keeps the instruction: " + current);
        }
        assertTrue(mentions(current, "short factoid"), "feedback over 20 rounds finds the other hint: " + current);
        int sentences = current.split("(?<=[.!?:])\\s+").length;
        assertTrue(sentences <= 5, "basic + 2 hints + one closing sentence at most: " + current);
    }

    @Test
    void coproAttemptsStartFromTheBestAttemptAndCarryHintsFromTheOthers() {
        SimulatedModel model = SimulatedModel.of(SimModelProfile.LARGE);
        String attempts = "Instruction #1: Answer the question. Be brief.\n"
                + "Prefix #1: Answer:\nResulting Score #1: 20.0\n"
                + "Instruction #2: Answer the question. Use 1-5 words and no explanation.\n"
                + "Prefix #2: Answer:\nResulting Score #2: 35.0\n"
                + "Instruction #3: " + QA_BASIC + "\nPrefix #3: Answer:\nResulting Score #3: 40.0";
        int carried = 0;
        for (int rollout = 0; rollout < 200; rollout++) {
            String proposed = (String) propose(
                            model,
                            ChatAdapter.INSTANCE,
                            ProposerSignatures.GENERATE_INSTRUCTION_GIVEN_ATTEMPTS,
                            Map.of("attempted_instructions", attempts),
                            rollout)
                    .values()
                    .get("proposed_instruction");
            assertTrue(proposed.startsWith(QA_BASIC), proposed);
            carried += mentions(proposed, "1-5 words") ? 1 : 0;
        }
        assertRate(
                "hint from an earlier attempt (COPRO)",
                SimModelProfile.LARGE,
                SimProposer.hintProbability(SimModelProfile.LARGE, Evidence.HINT_IN_PROMPT),
                carried / 200.0);
    }

    @Test
    void aCoproAttemptOfSeveralLinesIsKeptWhole() {
        SimulatedModel model = SimulatedModel.of(SimModelProfile.LARGE);
        // a ReAct step's instruction runs over many lines, its tool list among them
        String multiLine =
                QA_BASIC + "\n\nYou are an Agent.\n(1) calculator. It takes arguments {}.\n(2) finish. It takes"
                        + " arguments {}.";
        String attempts = "Instruction #1: Answer the question.\nPrefix #1: Answer:\nResulting Score #1: 20.0\n"
                + "Instruction #2: " + multiLine + "\nPrefix #2: Answer:\nResulting Score #2: 40.0";
        String proposed = (String) propose(
                        model,
                        ChatAdapter.INSTANCE,
                        ProposerSignatures.GENERATE_INSTRUCTION_GIVEN_ATTEMPTS,
                        Map.of("attempted_instructions", attempts),
                        0)
                .values()
                .get("proposed_instruction");
        assertTrue(proposed.startsWith(multiLine), proposed);
    }

    @Test
    void moduleAdviceIsAJsonObjectKeyedByTheGivenModuleNames() {
        SimulatedModel model = SimulatedModel.of(SimModelProfile.LARGE);
        List<String> modules = List.of("retrieve", "generate_answer");
        for (Adapter adapter : List.of(ChatAdapter.INSTANCE, JsonAdapter.INSTANCE, XmlAdapter.INSTANCE)) {
            Prediction simba = propose(
                    model,
                    adapter,
                    Simba.OFFER_FEEDBACK,
                    simbaInputs(QA.examples().get(7), modules),
                    2);
            assertEquals(adapter.name(), simba.completion().adapter(), "parsed without fallback");
            Map<?, ?> advice = (Map<?, ?>) simba.values().get("module_advice");
            assertEquals(Set.copyOf(modules), advice.keySet(), adapter.name());
            advice.values().forEach(text -> assertTrue(!String.valueOf(text).isBlank()));
            assertTrue(!((String) simba.values().get("discussion")).isBlank());

            Map<String, Object> refineInputs = new HashMap<>();
            refineInputs.put("program_code", "predict = Predict(FactoidQa)");
            refineInputs.put("modules_defn", "predict: question -> answer");
            refineInputs.put("program_inputs", QA.examples().get(7).inputs().get("question"));
            refineInputs.put("program_trajectory", "predict answered Nowhere");
            refineInputs.put("program_outputs", "Nowhere");
            refineInputs.put("reward_code", "exact match");
            refineInputs.put("target_threshold", 1.0);
            refineInputs.put("reward_value", 0.0);
            refineInputs.put("module_names", List.of("predict"));
            Map<?, ?> refineAdvice = (Map<?, ?>) propose(model, adapter, Refine.OFFER_FEEDBACK, refineInputs, 2)
                    .values()
                    .get("advice");
            assertEquals(Set.of("predict"), refineAdvice.keySet(), "Refine's advice field, " + adapter.name());
        }
        assertEquals(List.of("a", "b"), SimProposer.moduleNames("[1] «a»\n[2] «b»"));
        assertEquals(List.of("a", "b"), SimProposer.moduleNames("a, b"));
        assertEquals(List.of("program"), SimProposer.moduleNames(""));
    }

    @Test
    void aRequestThatIsNotAProposalIsAnsweredAsBefore() {
        SimulatedModel model = SimulatedModel.of(SimModelProfile.LARGE);
        SimExample example = QA.examples().get(3);
        SimDecision decision = model.explain(
                new LmRequest(SimPrompts.chat(SimPrompts.QA_SIGNATURE, example, List.of()), LmSettings.DEFAULTS));
        assertEquals(example.id(), decision.exampleId());
        SimDecision proposal = model.explain(new LmRequest(
                ChatAdapter.INSTANCE.format(
                        ProposerSignatures.REFLECT_ON_FEEDBACK,
                        List.of(),
                        Map.of(
                                "current_instruction",
                                QA_BASIC,
                                "examples_with_feedback",
                                failuresWithFeedback(QA, QA.examples().subList(3, 6), "answer"))),
                LmSettings.DEFAULTS));
        assertEquals(QA.name(), proposal.taskName(), "the proposal is recognised as about the QA task");
        assertTrue(!proposal.matched(), "a proposal answers no task example");
        assertNotEquals(decision.outputFields(), proposal.outputFields());
    }
}
