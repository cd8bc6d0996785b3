package dev.dspj.sim;

import static dev.dspj.sim.ProposerPrompts.QA_BASIC;
import static dev.dspj.sim.ProposerPrompts.REVIEW_BASIC;
import static dev.dspj.sim.ProposerPrompts.ROLLOUTS;
import static dev.dspj.sim.ProposerPrompts.assertRate;
import static dev.dspj.sim.ProposerPrompts.demos;
import static dev.dspj.sim.ProposerPrompts.failuresWithFeedback;
import static dev.dspj.sim.ProposerPrompts.grounded;
import static dev.dspj.sim.ProposerPrompts.hintRate;
import static dev.dspj.sim.ProposerPrompts.mentions;
import static dev.dspj.sim.ProposerPrompts.propose;
import static dev.dspj.sim.ProposerPrompts.simbaInputs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.adapter.Adapter;
import dev.dspj.adapter.ChatAdapter;
import dev.dspj.adapter.JsonAdapter;
import dev.dspj.adapter.XmlAdapter;
import dev.dspj.optimize.Simba;
import dev.dspj.primitives.Prediction;
import dev.dspj.propose.ProposerSignatures;
import dev.dspj.sim.SimProposer.Evidence;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The simulated proposer's hint rates, measured over {@value ProposerPrompts#ROLLOUTS} rollouts
 * (spread over three temperatures) per evidence level and model, against the probabilities
 * {@link SimProposer} documents.
 */
class ProposerRatesTest {

    private static final SimTask QA = SimPrompts.QA;
    private static final SimTask SENTIMENT = SimPrompts.SENTIMENT;

    @Test
    void hintRatesFollowTheEvidenceInThePromptAndTheProposersCompetence() {
        Map<String, Object> feedback = Map.of(
                "current_instruction",
                QA_BASIC,
                "examples_with_feedback",
                failuresWithFeedback(QA, QA.examples().subList(0, 3), "answer"));
        Map<String, Object> withDemos =
                grounded(Map.of("task_demos", demos(QA.examples().subList(0, 3))));
        Map<String, Object> withSummary = grounded(
                Map.of("dataset_description", "Questions about places and people; every answer is a short factoid."));
        for (SimModelProfile profile : List.of(SimModelProfile.SMALL, SimModelProfile.LARGE)) {
            assertRate(
                    "nothing (review -> sentiment, basic instruction)",
                    profile,
                    SimProposer.hintProbability(profile, Evidence.NONE),
                    hintRate(
                            profile,
                            ProposerSignatures.BASIC_GENERATE_INSTRUCTION,
                            Map.of("basic_instruction", REVIEW_BASIC),
                            "proposed_instruction",
                            SENTIMENT.hints()));
            assertRate(
                    "task examples with gold answers",
                    profile,
                    SimProposer.hintProbability(profile, Evidence.GOLD_EXAMPLES),
                    hintRate(
                            profile,
                            ProposerSignatures.GENERATE_INSTRUCTION,
                            withDemos,
                            "proposed_instruction",
                            QA.hints()));
            assertRate(
                    "failure feedback",
                    profile,
                    SimProposer.hintProbability(profile, Evidence.FAILURE_FEEDBACK),
                    hintRate(profile, ProposerSignatures.REFLECT_ON_FEEDBACK, feedback, "new_instruction", QA.hints()));
            assertRate(
                    "hint phrase in the data summary",
                    profile,
                    SimProposer.hintProbability(profile, Evidence.HINT_IN_PROMPT),
                    hintRate(
                            profile,
                            ProposerSignatures.GENERATE_INSTRUCTION,
                            withSummary,
                            "proposed_instruction",
                            List.of("short factoid")));
            assertRate(
                    "the other hint, with that summary",
                    profile,
                    SimProposer.hintProbability(profile, Evidence.NONE),
                    hintRate(
                            profile,
                            ProposerSignatures.GENERATE_INSTRUCTION,
                            withSummary,
                            "proposed_instruction",
                            List.of("1-5 words")));
        }
    }

    @Test
    void hintRatesAreTheSameWithTheJsonAndXmlAdapters() {
        Map<String, Object> feedback = Map.of(
                "current_instruction",
                REVIEW_BASIC,
                "examples_with_feedback",
                failuresWithFeedback(SENTIMENT, ProposerPrompts.plainFailures(SENTIMENT, "sentiment", 3), "sentiment"));
        SimModelProfile large = SimModelProfile.LARGE;
        for (Adapter adapter : List.of(JsonAdapter.INSTANCE, XmlAdapter.INSTANCE)) {
            double measured = hintRate(
                    large,
                    adapter,
                    ProposerSignatures.REFLECT_ON_FEEDBACK,
                    feedback,
                    "new_instruction",
                    SENTIMENT.hints());
            assertRate(
                    "failure feedback (sentiment) with " + adapter.name(),
                    large,
                    SimProposer.hintProbability(large, Evidence.FAILURE_FEEDBACK),
                    measured);
        }
    }

    @Test
    void taskInputsWithoutAnswersOrFeedbackGiveOnlyTheBaseRate() {
        // the questions identify the task, but nothing in the prompt points at what a good answer looks like
        StringBuilder questions = new StringBuilder();
        QA.examples()
                .subList(30, 34)
                .forEach(e -> questions.append(e.inputs().get("question")).append('\n'));
        SimModelProfile large = SimModelProfile.LARGE;
        assertRate(
                "task inputs only (program example)",
                large,
                SimProposer.hintProbability(large, Evidence.NONE),
                hintRate(
                        large,
                        ProposerSignatures.DESCRIBE_PROGRAM,
                        Map.of("program_code", "predict = Predict(FactoidQa)", "program_example", questions.toString()),
                        "program_description",
                        QA.hints()));
    }

    @Test
    void tasksThatShareTheirFieldNamesAreGuessedBetween() {
        // question -> answer fits factoid QA and arithmetic alike: each completion guesses one
        SimModelProfile profile = SimModelProfile.LARGE;
        Map<String, Object> inputs = Map.of("basic_instruction", QA_BASIC);
        double qa = hintRate(
                profile, ProposerSignatures.BASIC_GENERATE_INSTRUCTION, inputs, "proposed_instruction", QA.hints());
        double arithmetic = hintRate(
                profile,
                ProposerSignatures.BASIC_GENERATE_INSTRUCTION,
                inputs,
                "proposed_instruction",
                SimPrompts.ARITHMETIC.hints());
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
            String observations = (String) propose(
                            model,
                            ChatAdapter.INSTANCE,
                            ProposerSignatures.DESCRIBE_DATASET,
                            Map.of("examples", examples),
                            rollout)
                    .values()
                    .get("observations");
            int mentioned = mentions(observations, "short factoid") ? 1 : 0;
            summaries[mentioned]++;
            String instruction = (String) propose(
                            model,
                            ChatAdapter.INSTANCE,
                            ProposerSignatures.GENERATE_INSTRUCTION,
                            grounded(Map.of("dataset_description", observations)),
                            rollout)
                    .values()
                    .get("proposed_instruction");
            carried[mentioned] += mentions(instruction, "short factoid") ? 1 : 0;
            String bare = (String) propose(
                            model,
                            ChatAdapter.INSTANCE,
                            ProposerSignatures.GENERATE_INSTRUCTION,
                            grounded(Map.of()),
                            rollout)
                    .values()
                    .get("proposed_instruction");
            withoutSummary += mentions(bare, "short factoid") ? 1 : 0;
        }
        SimModelProfile large = SimModelProfile.LARGE;
        assertRate(
                "summary mentions the hint (examples with gold)",
                large,
                SimProposer.hintProbability(large, Evidence.GOLD_EXAMPLES),
                summaries[1] / (double) ROLLOUTS);
        assertRate(
                "instruction, given a summary with the hint",
                large,
                SimProposer.hintProbability(large, Evidence.HINT_IN_PROMPT),
                carried[1] / (double) summaries[1]);
        assertRate(
                "instruction, given a summary without it",
                large,
                SimProposer.hintProbability(large, Evidence.NONE),
                carried[0] / (double) summaries[0]);
        double viaSummary = (carried[0] + carried[1]) / (double) ROLLOUTS;
        double bareRate = withoutSummary / (double) ROLLOUTS;
        System.out.printf(
                Locale.ROOT, "instruction hint rate: with a summary %.3f, without %.3f%n", viaSummary, bareRate);
        assertTrue(viaSummary > bareRate + 0.1, "a summary raises the rate: " + viaSummary + " vs " + bareRate);
    }

    @Test
    void moduleAdviceCarriesHintsAtTheRateTheWorseRunsFailureGives() {
        SimModelProfile large = SimModelProfile.LARGE;
        SimulatedModel model = SimulatedModel.of(large);
        int carried = 0;
        int discussed = 0;
        int agreed = 0;
        for (int rollout = 0; rollout < ROLLOUTS; rollout++) {
            Prediction simba = propose(
                    model,
                    ChatAdapter.INSTANCE,
                    Simba.OFFER_FEEDBACK,
                    simbaInputs(QA.examples().get(rollout % 50), List.of("predict")),
                    rollout);
            String advice = String.valueOf(((Map<?, ?>) simba.values().get("module_advice")).get("predict"));
            String discussion = (String) simba.values().get("discussion");
            for (String hint : QA.hints()) {
                carried += mentions(advice, hint) ? 1 : 0;
                discussed += mentions(discussion, hint) ? 1 : 0;
                agreed += mentions(advice, hint) == mentions(discussion, hint) ? 1 : 0;
            }
        }
        assertRate(
                "module advice, worse run failed (SIMBA)",
                large,
                SimProposer.hintProbability(large, Evidence.FAILURE_FEEDBACK),
                carried / (2.0 * ROLLOUTS));
        assertEquals(carried, discussed, "the discussion names the hints the advice gives");
        assertEquals(2 * ROLLOUTS, agreed, "discussion and advice agree on every completion");
    }
}
