package dev.dspj.sim;

import static dev.dspj.sim.ProposerPrompts.QA_BASIC;
import static dev.dspj.sim.ProposerPrompts.REVIEW_BASIC;
import static dev.dspj.sim.ProposerPrompts.demos;
import static dev.dspj.sim.ProposerPrompts.failuresWithFeedback;
import static dev.dspj.sim.ProposerPrompts.mentions;
import static dev.dspj.sim.ProposerPrompts.propose;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.dspj.module.Prediction;
import dev.dspj.propose.ProposerSignatures;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.sim.SimProposer.Evidence;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The simulated model as a proposer: hint rates per evidence level and model match
 * {@link SimProposer}'s documented probabilities; answers parse with every adapter; proposals are
 * deterministic yet differ between rollouts, temperatures and choices.
 */
class ProposerTest {

    private static final SimTask QA = SimPrompts.QA;
    private static final SimTask SENTIMENT = SimPrompts.SENTIMENT;
    private static final int ROLLOUTS = 1000;
    private static final double TOLERANCE = 0.035;
    private static final double[] TEMPERATURES = {0.7, 1.0, 1.4};

    /** Every input of the grounded instruction signature, empty unless given. */
    private static Map<String, Object> grounded(Map<String, Object> given) {
        Map<String, Object> inputs = new HashMap<>();
        for (String field : List.of("dataset_description", "program_code", "program_description", "module",
                "module_description", "task_demos", "previous_instructions", "basic_instruction", "tip")) {
            inputs.put(field, "");
        }
        inputs.put("basic_instruction", QA_BASIC);
        inputs.putAll(given);
        return inputs;
    }

    /** The share of (rollout, hint) pairs whose output field mentions the hint, rollouts spread over three temperatures. */
    private static double hintRate(SimModelProfile profile, SignatureDescriptor signature, Map<String, Object> inputs,
            String field, List<String> hints) {
        return hintRate(profile, ChatAdapter.INSTANCE, signature, inputs, field, hints);
    }

    private static double hintRate(SimModelProfile profile, Adapter adapter, SignatureDescriptor signature,
            Map<String, Object> inputs, String field, List<String> hints) {
        SimulatedModel model = SimulatedModel.of(profile);
        int carried = 0;
        for (int rollout = 0; rollout < ROLLOUTS; rollout++) {
            LmSettings settings = LmSettings.DEFAULTS.withTemperature(TEMPERATURES[rollout % TEMPERATURES.length])
                    .withRolloutId(rollout);
            String text = String.valueOf(propose(model, adapter, signature, inputs, settings).values()
                    .get(field));
            for (String hint : hints) {
                if (mentions(text, hint)) {
                    carried++;
                }
            }
        }
        return carried / (double) (ROLLOUTS * hints.size());
    }

    private static void assertRate(String what, SimModelProfile profile, double expected, double measured) {
        System.out.printf(Locale.ROOT, "%-46s %-10s expected %.3f measured %.3f%n", what, profile.name(), expected,
                measured);
        assertEquals(expected, measured, TOLERANCE, what + " on " + profile.name());
    }

    @Test
    void hintRatesFollowTheEvidenceInThePromptAndTheProposersCompetence() {
        Map<String, Object> feedback = Map.of("current_instruction", QA_BASIC,
                "examples_with_feedback", failuresWithFeedback(QA, QA.examples().subList(0, 3), "answer"));
        Map<String, Object> withDemos = grounded(Map.of("task_demos", demos(QA.examples().subList(0, 3))));
        Map<String, Object> withSummary = grounded(Map.of("dataset_description",
                "Questions about places and people; every answer is a short factoid."));
        for (SimModelProfile profile : List.of(SimModelProfile.SMALL, SimModelProfile.LARGE)) {
            assertRate("nothing (review -> sentiment, basic instruction)", profile,
                    SimProposer.hintProbability(profile, Evidence.NONE),
                    hintRate(profile, ProposerSignatures.BASIC_GENERATE_INSTRUCTION,
                            Map.of("basic_instruction", REVIEW_BASIC), "proposed_instruction", SENTIMENT.hints()));
            assertRate("task examples with gold answers", profile,
                    SimProposer.hintProbability(profile, Evidence.GOLD_EXAMPLES),
                    hintRate(profile, ProposerSignatures.GENERATE_INSTRUCTION, withDemos, "proposed_instruction",
                            QA.hints()));
            assertRate("failure feedback", profile, SimProposer.hintProbability(profile, Evidence.FAILURE_FEEDBACK),
                    hintRate(profile, ProposerSignatures.REFLECT_ON_FEEDBACK, feedback, "new_instruction",
                            QA.hints()));
            assertRate("hint phrase in the data summary", profile,
                    SimProposer.hintProbability(profile, Evidence.HINT_IN_PROMPT),
                    hintRate(profile, ProposerSignatures.GENERATE_INSTRUCTION, withSummary, "proposed_instruction",
                            List.of("short factoid")));
            assertRate("the other hint, with that summary", profile,
                    SimProposer.hintProbability(profile, Evidence.NONE),
                    hintRate(profile, ProposerSignatures.GENERATE_INSTRUCTION, withSummary, "proposed_instruction",
                            List.of("1-5 words")));
        }
    }

    @Test
    void hintRatesAreTheSameWithTheJsonAndXmlAdapters() {
        Map<String, Object> feedback = Map.of("current_instruction", REVIEW_BASIC, "examples_with_feedback",
                failuresWithFeedback(SENTIMENT, ProposerPrompts.plainFailures(SENTIMENT, "sentiment", 3), "sentiment"));
        SimModelProfile large = SimModelProfile.LARGE;
        for (Adapter adapter : List.of(JsonAdapter.INSTANCE, XmlAdapter.INSTANCE)) {
            double measured = hintRate(large, adapter, ProposerSignatures.REFLECT_ON_FEEDBACK, feedback, "new_instruction",
                    SENTIMENT.hints());
            assertRate("failure feedback (sentiment) with " + adapter.name(), large,
                    SimProposer.hintProbability(large, Evidence.FAILURE_FEEDBACK), measured);
        }
    }

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
                assertTrue(SimProposer.hintProbability(profile, levels[i - 1])
                        > SimProposer.hintProbability(profile, levels[i]), levels[i - 1] + " over " + levels[i]);
            }
        }
    }

    @Test
    void tasksThatShareTheirFieldNamesAreGuessedBetween() {
        // question -> answer fits factoid QA and arithmetic alike: each completion guesses one
        SimModelProfile profile = SimModelProfile.LARGE;
        Map<String, Object> inputs = Map.of("basic_instruction", QA_BASIC);
        double qa = hintRate(profile, ProposerSignatures.BASIC_GENERATE_INSTRUCTION, inputs, "proposed_instruction",
                QA.hints());
        double arithmetic = hintRate(profile, ProposerSignatures.BASIC_GENERATE_INSTRUCTION, inputs,
                "proposed_instruction", SimPrompts.ARITHMETIC.hints());
        double half = SimProposer.hintProbability(profile, Evidence.NONE) / 2;
        assertRate("nothing, question -> answer (QA hints)", profile, half, qa);
        assertRate("nothing, question -> answer (arithmetic hints)", profile, half, arithmetic);
    }

    @Test
    void aDataSummaryCarriesAHintIntoTheInstruction() {
        SimulatedModel model = SimulatedModel.of(SimModelProfile.LARGE);
        String examples = demos(QA.examples().subList(10, 20));
        int[] summaries = new int[2];
        int[] carried = new int[2];
        int withoutSummary = 0;
        for (int rollout = 0; rollout < ROLLOUTS; rollout++) {
            String observations = (String) propose(model, ChatAdapter.INSTANCE, ProposerSignatures.DESCRIBE_DATASET,
                    Map.of("examples", examples), rollout).values().get("observations");
            int mentioned = mentions(observations, "short factoid") ? 1 : 0;
            summaries[mentioned]++;
            String instruction = (String) propose(model, ChatAdapter.INSTANCE, ProposerSignatures.GENERATE_INSTRUCTION,
                    grounded(Map.of("dataset_description", observations)), rollout).values().get("proposed_instruction");
            carried[mentioned] += mentions(instruction, "short factoid") ? 1 : 0;
            String bare = (String) propose(model, ChatAdapter.INSTANCE, ProposerSignatures.GENERATE_INSTRUCTION,
                    grounded(Map.of()), rollout).values().get("proposed_instruction");
            withoutSummary += mentions(bare, "short factoid") ? 1 : 0;
        }
        SimModelProfile large = SimModelProfile.LARGE;
        assertRate("summary mentions the hint (examples with gold)", large,
                SimProposer.hintProbability(large, Evidence.GOLD_EXAMPLES), summaries[1] / (double) ROLLOUTS);
        assertRate("instruction, given a summary with the hint", large,
                SimProposer.hintProbability(large, Evidence.HINT_IN_PROMPT), carried[1] / (double) summaries[1]);
        assertRate("instruction, given a summary without it", large,
                SimProposer.hintProbability(large, Evidence.NONE), carried[0] / (double) summaries[0]);
        double viaSummary = (carried[0] + carried[1]) / (double) ROLLOUTS;
        double bareRate = withoutSummary / (double) ROLLOUTS;
        System.out.printf(Locale.ROOT, "instruction hint rate: with a summary %.3f, without %.3f%n", viaSummary, bareRate);
        assertTrue(viaSummary > bareRate + 0.1, "a summary raises the rate: " + viaSummary + " vs " + bareRate);
    }

    @Test
    void everySignatureParsesWithEveryAdapter() {
        SimulatedModel model = SimulatedModel.of(SimModelProfile.MEDIUM);
        Map<SignatureDescriptor, Map<String, Object>> calls = new HashMap<>();
        calls.put(ProposerSignatures.DESCRIBE_DATASET, Map.of("examples", demos(QA.examples().subList(0, 4))));
        calls.put(ProposerSignatures.DESCRIBE_PROGRAM, Map.of("program_code", "Predict(FactoidQa: question -> answer)",
                "program_example", demos(QA.examples().subList(0, 1))));
        calls.put(ProposerSignatures.DESCRIBE_MODULE, Map.of("program_code", "Predict(FactoidQa: question -> answer)",
                "program_description", "Answers questions.", "program_example", demos(QA.examples().subList(0, 1)),
                "module", "predict = Predict(FactoidQa)"));
        calls.put(ProposerSignatures.GENERATE_INSTRUCTION, grounded(Map.of("task_demos",
                demos(QA.examples().subList(0, 2)), "tip", "Keep the instruction clear and concise.")));
        calls.put(ProposerSignatures.BASIC_GENERATE_INSTRUCTION, Map.of("basic_instruction", QA_BASIC));
        calls.put(ProposerSignatures.GENERATE_INSTRUCTION_GIVEN_ATTEMPTS, Map.of("attempted_instructions",
                "Instruction #1: Answer the question.\nPrefix #1: Answer:\nResulting Score #1: 20.0\n"
                        + "Instruction #2: " + QA_BASIC + "\nPrefix #2: Answer:\nResulting Score #2: 25.0"));
        calls.put(ProposerSignatures.REFLECT_ON_FEEDBACK, Map.of("current_instruction", QA_BASIC,
                "examples_with_feedback", failuresWithFeedback(QA, QA.examples().subList(0, 2), "answer")));
        for (Adapter adapter : List.of(ChatAdapter.INSTANCE, JsonAdapter.INSTANCE, XmlAdapter.INSTANCE)) {
            for (Map.Entry<SignatureDescriptor, Map<String, Object>> call : calls.entrySet()) {
                SignatureDescriptor signature = call.getKey();
                Prediction prediction = propose(model, adapter, signature, call.getValue(), 3);
                String where = signature.name() + " with " + adapter.name();
                assertEquals(signature.outputFields().stream().map(f -> f.name()).toList(),
                        List.copyOf(prediction.values().keySet()), where);
                for (Object value : prediction.values().values()) {
                    assertTrue(value instanceof String text && !text.isBlank(), where + ": " + value);
                }
                assertEquals(adapter.name(), prediction.completion().adapter(), where + " parsed without fallback");
                prediction.get("proposed_instruction").or(() -> prediction.get("new_instruction")).ifPresent(text ->
                        assertTrue(((String) text).startsWith(QA_BASIC), where + " keeps the basic instruction: " + text));
                prediction.get("proposed_prefix_for_output_field").ifPresent(prefix ->
                        assertEquals("Answer:", prefix, where));
            }
        }
    }

    @Test
    void theSameRequestGivesTheSameProposalWhileRolloutsTemperaturesAndChoicesDiffer() {
        SimulatedModel model = SimulatedModel.of(SimModelProfile.LARGE);
        Map<String, Object> inputs = Map.of("basic_instruction", QA_BASIC);
        LmSettings settings = LmSettings.DEFAULTS.withTemperature(1.4).withRolloutId(5);
        assertEquals(propose(model, ChatAdapter.INSTANCE, ProposerSignatures.BASIC_GENERATE_INSTRUCTION, inputs,
                settings).values(), propose(SimulatedModel.of(SimModelProfile.LARGE), ChatAdapter.INSTANCE,
                ProposerSignatures.BASIC_GENERATE_INSTRUCTION, inputs, settings).values());
        Set<Object> byRollout = new HashSet<>();
        Set<Object> byTemperature = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            byRollout.add(propose(model, ChatAdapter.INSTANCE, ProposerSignatures.BASIC_GENERATE_INSTRUCTION, inputs,
                    LmSettings.DEFAULTS.withTemperature(1.4).withRolloutId(i)).values());
            byTemperature.add(propose(model, ChatAdapter.INSTANCE, ProposerSignatures.BASIC_GENERATE_INSTRUCTION,
                    inputs, LmSettings.DEFAULTS.withTemperature(0.5 + 0.1 * i).withRolloutId(1)).values());
        }
        assertTrue(byRollout.size() >= 5, "rollouts give different proposals: " + byRollout);
        assertTrue(byTemperature.size() >= 5, "temperatures give different proposals: " + byTemperature);

        // COPRO asks for breadth - 1 completions in one call
        List<ChatMessage> messages = ChatAdapter.INSTANCE.format(ProposerSignatures.BASIC_GENERATE_INSTRUCTION,
                List.of(), inputs);
        LmResponse response = model.complete(new LmRequest(messages, LmSettings.DEFAULTS.withTemperature(1.4).withN(9)));
        assertEquals(9, response.choices().size());
        assertTrue(new HashSet<>(response.choices()).size() >= 5, "choices differ: " + response.choices());
    }

    @Test
    void proposalsKeepTheCurrentInstructionAndDoNotGrowWithoutBound() {
        SimulatedModel model = SimulatedModel.of(SimModelProfile.LARGE);
        String withHint = QA_BASIC + " Keep the answer to 1-5 words.";
        String current = withHint;
        for (int round = 0; round < 20; round++) {
            current = (String) propose(model, ChatAdapter.INSTANCE, ProposerSignatures.REFLECT_ON_FEEDBACK,
                    Map.of("current_instruction", current, "examples_with_feedback",
                            failuresWithFeedback(QA, QA.examples().subList(round, round + 3), "answer")), round)
                    .values().get("new_instruction");
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
            String proposed = (String) propose(model, ChatAdapter.INSTANCE,
                    ProposerSignatures.GENERATE_INSTRUCTION_GIVEN_ATTEMPTS, Map.of("attempted_instructions", attempts),
                    rollout).values().get("proposed_instruction");
            assertTrue(proposed.startsWith(QA_BASIC), proposed);
            carried += mentions(proposed, "1-5 words") ? 1 : 0;
        }
        assertRate("hint from an earlier attempt (COPRO)", SimModelProfile.LARGE,
                SimProposer.hintProbability(SimModelProfile.LARGE, Evidence.HINT_IN_PROMPT), carried / 200.0);
    }

    @Test
    void aRequestThatIsNotAProposalIsAnsweredAsBefore() {
        SimulatedModel model = SimulatedModel.of(SimModelProfile.LARGE);
        SimExample example = QA.examples().get(3);
        SimDecision decision = model.explain(new LmRequest(SimPrompts.chat(SimPrompts.QA_SIGNATURE, example, List.of()),
                LmSettings.DEFAULTS));
        assertEquals(example.id(), decision.exampleId());
        SimDecision proposal = model.explain(new LmRequest(ChatAdapter.INSTANCE.format(
                ProposerSignatures.REFLECT_ON_FEEDBACK, List.of(), Map.of("current_instruction", QA_BASIC,
                        "examples_with_feedback", failuresWithFeedback(QA, QA.examples().subList(3, 6), "answer"))),
                LmSettings.DEFAULTS));
        assertEquals(QA.name(), proposal.taskName(), "the proposal is recognised as about the QA task");
        assertTrue(!proposal.matched(), "a proposal answers no task example");
        assertNotEquals(decision.outputFields(), proposal.outputFields());
    }
}
