package dev.dspj.sim;

import static dev.dspj.sim.RagHarness.RAG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.dspj.adapter.ChatAdapter;
import dev.dspj.lm.LmSettings;
import dev.dspj.propose.ProposerSignatures;
import dev.dspj.sim.SimProposer.Evidence;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An optimizer's proposer on the retrieval task: it finds the task and carries its hints into instructions. */
class RagProposerTest {

    @Test
    void aGroundedProposalCarriesTheHintsAndTheQueryStepCountsThem() {
        SimulatedModel model = SimulatedModel.builder()
                .model(SimModelProfile.LARGE)
                .task(RAG.task())
                .build();
        Map<String, Object> inputs = ProposerPrompts.grounded(Map.of(
                "basic_instruction",
                "Given the fields `context`, `question`, produce the fields `query`.",
                "task_demos",
                ProposerPrompts.demos(RAG.examples().subList(0, 3)),
                "dataset_description",
                "Only the exact name finds an invented person; two-hop questions go through a bridge entity."));
        int rollouts = 300;
        int carried = 0;
        String both = null;
        for (int rollout = 0; rollout < rollouts; rollout++) {
            String instruction = String.valueOf(ProposerPrompts.propose(
                            model,
                            ChatAdapter.INSTANCE,
                            ProposerSignatures.GENERATE_INSTRUCTION,
                            inputs,
                            LmSettings.DEFAULTS.withTemperature(1.0).withRolloutId(rollout))
                    .values()
                    .get("proposed_instruction"));
            int found = 0;
            for (String hint : RAG.task().hints()) {
                if (ProposerPrompts.mentions(instruction, hint)) {
                    found++;
                }
            }
            carried += found;
            if (found == 2 && both == null) {
                both = instruction;
            }
        }
        double measured = carried / (2.0 * rollouts);
        assertEquals(SimProposer.hintProbability(SimModelProfile.LARGE, Evidence.HINT_IN_PROMPT), measured, 0.07);
        assertNotNull(both, "some proposal carries both hints");
        SimExample example = RAG.examples().get(0);
        SimDecision decision = model.explain(
                RagHarness.request(RagHarness.QUERY.withInstructions(both), example, java.util.List.of()));
        assertEquals(2, decision.conditions().hintsFound(), both);
    }
}
