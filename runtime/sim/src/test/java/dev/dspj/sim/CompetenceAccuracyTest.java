package dev.dspj.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.adapter.ChatAdapter;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.primitives.Example;
import dev.dspj.signature.SignatureDescriptor;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The competence model holds end to end: over the 300 QA examples, prompts written by the Chat
 * adapter and answers parsed by it, the measured accuracy is within 5 points of
 * {@link SimTask#expectedAccuracy} for each model and condition. Each example is asked with four
 * rollout ids, so 1,200 draws per cell keep the sampling error near 1.4 points.
 */
class CompetenceAccuracyTest {

    private static final int ROLLOUTS = 4;
    private static final double TOLERANCE = 0.05;
    private static final String HINTED_INSTRUCTIONS = "Answer with a short factoid of 1-5 words.";

    /** The conditions measured, each with how its prompts are built. */
    enum Condition {
        BASELINE(SimConditions.BASELINE),
        FOUR_GOOD_DEMOS(SimConditions.BASELINE.withGoodDemos(4)),
        REASONING(SimConditions.BASELINE.withReasoning(true)),
        HOT(SimConditions.BASELINE.withTemperature(1.5)),
        BEST(new SimConditions(4, 0, true, 2, 0.0));

        @SuppressWarnings("ImmutableEnumChecker") // SimConditions is a record of numbers and booleans
        final SimConditions conditions;

        Condition(SimConditions conditions) {
            this.conditions = conditions;
        }
    }

    @Test
    void measuredAccuracyMatchesExpectedForEveryModelAndCondition() {
        StringBuilder report = new StringBuilder();
        Map<Condition, double[]> byModel = new EnumMap<>(Condition.class);
        List<SimModelProfile> profiles = SimModelProfile.builtIns();
        for (Condition condition : Condition.values()) {
            double[] measuredPerModel = new double[profiles.size()];
            for (int m = 0; m < profiles.size(); m++) {
                SimModelProfile profile = profiles.get(m);
                double expected = SimPrompts.QA.expectedAccuracy(profile, condition.conditions);
                double measured = measure(SimulatedModel.of(profile), condition);
                measuredPerModel[m] = measured;
                report.append(String.format(
                        "%-10s %-16s expected %.3f measured %.3f%n", profile.name(), condition, expected, measured));
                assertTrue(
                        Math.abs(measured - expected) <= TOLERANCE,
                        String.format(
                                "%s under %s: measured %.3f, expected %.3f%n%s",
                                profile.name(), condition, measured, expected, report));
            }
            byModel.put(condition, measuredPerModel);
            if (condition != Condition.BEST) {
                assertTrue(
                        measuredPerModel[2] > measuredPerModel[1] && measuredPerModel[1] > measuredPerModel[0],
                        "large > medium > small under " + condition + "\n" + report);
            }
        }
        double[] baseline = byModel.get(Condition.BASELINE);
        for (int m = 0; m < profiles.size(); m++) {
            assertTrue(
                    byModel.get(Condition.FOUR_GOOD_DEMOS)[m] > baseline[m],
                    "demos help " + profiles.get(m).name());
            assertTrue(
                    byModel.get(Condition.REASONING)[m] > baseline[m],
                    "reasoning helps " + profiles.get(m).name());
            assertTrue(
                    byModel.get(Condition.HOT)[m] < baseline[m],
                    "temperature hurts " + profiles.get(m).name());
            assertTrue(
                    byModel.get(Condition.BEST)[m] > byModel.get(Condition.FOUR_GOOD_DEMOS)[m],
                    "the best prompt beats demos alone for " + profiles.get(m).name());
        }
        System.out.print(report);
    }

    /** Asks every example ROLLOUTS times; the fraction of answers that the Chat adapter parses to the gold answer. */
    private static double measure(SimulatedModel model, Condition condition) {
        SimTask task = SimPrompts.QA;
        SimConditions wanted = condition.conditions;
        SignatureDescriptor signature = SimPrompts.QA_SIGNATURE;
        if (wanted.hintsFound() > 0) {
            signature = signature.withInstructions(HINTED_INSTRUCTIONS);
        }
        if (wanted.reasoning()) {
            signature = SimPrompts.withReasoning(signature);
        }
        LmSettings settings = wanted.temperature() > 0
                ? LmSettings.DEFAULTS.withTemperature(wanted.temperature())
                : LmSettings.DEFAULTS;
        int correct = 0;
        int total = 0;
        for (int i = 0; i < task.size(); i++) {
            SimExample example = task.examples().get(i);
            List<Example> demos = SimPrompts.goodDemos(task, i, wanted.goodDemos());
            var messages = SimPrompts.chat(signature, example, demos);
            for (int rollout = 0; rollout < ROLLOUTS; rollout++) {
                var request = SimPrompts.request(messages, settings.withRolloutId(rollout));
                if (i == 0 && rollout == 0) {
                    assertEquals(wanted, model.explain(request).conditions(), "conditions read from the prompt");
                }
                LmResponse response = model.complete(request);
                Map<String, Object> parsed = ChatAdapter.INSTANCE.parse(signature, response.text());
                if (Objects.equals(parsed.get("answer"), example.gold().get("answer"))) {
                    correct++;
                }
                total++;
            }
        }
        return (double) correct / total;
    }
}
