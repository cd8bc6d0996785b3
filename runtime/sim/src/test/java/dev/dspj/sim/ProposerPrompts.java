package dev.dspj.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dspj.adapter.Adapter;
import dev.dspj.adapter.ChatAdapter;
import dev.dspj.evaluate.Metric;
import dev.dspj.evaluate.MetricResult;
import dev.dspj.lm.LmSettings;
import dev.dspj.module.Predict;
import dev.dspj.module.Trace;
import dev.dspj.primitives.Completion;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.SignatureDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Calls the simulated proposer through a real Predict and builds the texts optimizers put into its inputs. */
final class ProposerPrompts {

    /** The instruction an unoptimized question -> answer predictor has (DSPy's default; no hint phrase). */
    static final String QA_BASIC = "Given the fields `question`, produce the fields `answer`.";

    static final String REVIEW_BASIC = "Given the fields `review`, produce the fields `sentiment`.";

    /** Rollouts per measured rate. */
    static final int ROLLOUTS = 1000;
    /** How far a measured rate may be from the documented probability. */
    static final double TOLERANCE = 0.035;

    private static final double[] TEMPERATURES = {0.7, 1.0, 1.4};

    private ProposerPrompts() {}

    /** Every input of the grounded instruction signature, empty unless given. */
    static Map<String, Object> grounded(Map<String, Object> given) {
        Map<String, Object> inputs = new HashMap<>();
        for (String field : List.of(
                "dataset_description",
                "program_code",
                "program_description",
                "module",
                "module_description",
                "task_demos",
                "previous_instructions",
                "basic_instruction",
                "tip")) {
            inputs.put(field, "");
        }
        inputs.put("basic_instruction", QA_BASIC);
        inputs.putAll(given);
        return inputs;
    }

    /** The share of (rollout, hint) pairs whose output field mentions the hint, rollouts spread over three temperatures. */
    static double hintRate(
            SimModelProfile profile,
            SignatureDescriptor signature,
            Map<String, Object> inputs,
            String field,
            List<String> hints) {
        return hintRate(profile, ChatAdapter.INSTANCE, signature, inputs, field, hints);
    }

    static double hintRate(
            SimModelProfile profile,
            Adapter adapter,
            SignatureDescriptor signature,
            Map<String, Object> inputs,
            String field,
            List<String> hints) {
        SimulatedModel model = SimulatedModel.of(profile);
        int carried = 0;
        for (int rollout = 0; rollout < ROLLOUTS; rollout++) {
            LmSettings settings = LmSettings.DEFAULTS
                    .withTemperature(TEMPERATURES[rollout % TEMPERATURES.length])
                    .withRolloutId(rollout);
            String text = String.valueOf(propose(model, adapter, signature, inputs, settings)
                    .values()
                    .get(field));
            for (String hint : hints) {
                if (mentions(text, hint)) {
                    carried++;
                }
            }
        }
        return carried / (double) (ROLLOUTS * hints.size());
    }

    /** Prints and checks a measured rate against the documented one, within {@link #TOLERANCE}. */
    static void assertRate(String what, SimModelProfile profile, double expected, double measured) {
        System.out.printf(
                Locale.ROOT, "%-50s %-10s expected %.3f measured %.3f%n", what, profile.name(), expected, measured);
        assertEquals(expected, measured, TOLERANCE, what + " on " + profile.name());
    }

    /** SIMBA's append-a-rule inputs for a QA example: a worse run (reward 0) and a better one (reward 1). */
    static Map<String, Object> simbaInputs(SimExample example, List<String> modules) {
        String question = example.inputs().get("question");
        String wrong = wrongAnswer(SimPrompts.QA, example, "answer");
        String gold = example.gold().get("answer");
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("program_code", "predict = Predict(FactoidQa)");
        inputs.put("modules_defn", "predict: question -> answer");
        inputs.put("program_inputs", "{\"question\": \"" + question + "\"}");
        inputs.put("oracle_metadata", "{\"answer\": \"" + gold + "\"}");
        inputs.put(
                "worse_program_trajectory",
                "[{\"module_name\": \"predict\", \"inputs\": {\"question\": \"" + question
                        + "\"}, \"outputs\": {\"answer\": \"" + wrong + "\"}}]");
        inputs.put("worse_program_outputs", "{\"answer\": \"" + wrong + "\"}");
        inputs.put("worse_reward_value", 0.0);
        inputs.put("worse_reward_info", "{}");
        inputs.put(
                "better_program_trajectory",
                "[{\"module_name\": \"predict\", \"inputs\": {\"question\": \"" + question
                        + "\"}, \"outputs\": {\"answer\": \"" + gold + "\"}}]");
        inputs.put("better_program_outputs", "{\"answer\": \"" + gold + "\"}");
        inputs.put("better_reward_value", 1.0);
        inputs.put("better_reward_info", "{}");
        inputs.put("module_names", modules);
        return inputs;
    }

    /** One proposal call at temperature 1.0 with a rollout id. */
    static Prediction propose(
            SimulatedModel model,
            Adapter adapter,
            SignatureDescriptor signature,
            Map<String, Object> inputs,
            int rolloutId) {
        return propose(
                model,
                adapter,
                signature,
                inputs,
                LmSettings.DEFAULTS.withTemperature(1.0).withRolloutId(rolloutId));
    }

    static Prediction propose(
            SimulatedModel model,
            Adapter adapter,
            SignatureDescriptor signature,
            Map<String, Object> inputs,
            LmSettings settings) {
        Predict predict = new Predict(signature);
        predict.setModel(model);
        predict.setAdapter(adapter);
        predict.setSettings(settings.withCache(false));
        return predict.forward(inputs);
    }

    /** "Question: ...\nAnswer: ..." for each example: demos with their gold answers. */
    static String demos(List<SimExample> examples) {
        StringBuilder text = new StringBuilder();
        for (SimExample example : examples) {
            example.inputs()
                    .forEach((k, v) ->
                            text.append(capitalized(k)).append(": ").append(v).append('\n'));
            example.gold()
                    .forEach((k, v) ->
                            text.append(capitalized(k)).append(": ").append(v).append('\n'));
            text.append('\n');
        }
        return text.toString().strip();
    }

    /**
     * GEPA's reflective dataset in its markdown shape: each example's inputs, the task model's
     * output (another example's answer, a short wrong answer) and the feedback metric's text.
     */
    static String failuresWithFeedback(SimTask task, List<SimExample> examples, String field) {
        Metric metric = SimMetrics.exactMatchWithFeedback(task, field);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < examples.size(); i++) {
            SimExample example = examples.get(i);
            String wrong = wrongAnswer(task, example, field);
            MetricResult result = metric.score(example.toExample(), prediction(field, wrong), Trace.empty());
            text.append("# Example ").append(i + 1).append('\n');
            text.append("## Inputs\n");
            example.inputs()
                    .forEach((k, v) ->
                            text.append("### ").append(k).append('\n').append(v).append("\n\n"));
            text.append("## Generated Outputs\n### ")
                    .append(field)
                    .append('\n')
                    .append(wrong)
                    .append("\n\n");
            text.append("## Feedback\n").append(result.feedback()).append("\n\n");
        }
        return text.toString().strip();
    }

    private static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** The gold value of the first later example of the task whose gold value differs from this one's. */
    static String wrongAnswer(SimTask task, SimExample example, String field) {
        int at = task.examples().indexOf(example);
        for (int i = 1; i < task.size(); i++) {
            String other = task.examples().get((at + i) % task.size()).gold().get(field);
            if (!other.equalsIgnoreCase(example.gold().get(field))) {
                return other;
            }
        }
        throw new IllegalArgumentException("every example of " + task.name() + " has the same " + field);
    }

    /** The first {@code count} examples whose failure feedback names none of the task's hint phrases. */
    static List<SimExample> plainFailures(SimTask task, String field, int count) {
        Metric metric = SimMetrics.exactMatchWithFeedback(task, field);
        List<SimExample> plain = new ArrayList<>();
        for (SimExample example : task.examples()) {
            String feedback = metric.score(
                            example.toExample(), prediction(field, wrongAnswer(task, example, field)), Trace.empty())
                    .feedback();
            if (task.hints().stream().noneMatch(hint -> mentions(feedback, hint))) {
                plain.add(example);
                if (plain.size() == count) {
                    break;
                }
            }
        }
        return plain;
    }

    static Prediction prediction(String field, Object value) {
        return new Prediction(Map.of(field, value), Completion.none());
    }

    /** Whether a text holds a phrase, case-insensitively (as the competence model reads hints). */
    static boolean mentions(String text, String phrase) {
        return text.toLowerCase(Locale.ROOT).contains(phrase.toLowerCase(Locale.ROOT));
    }

    /** Examples of a task from index {@code from}, as dataset rows. */
    static List<Example> rows(SimTask task, int from, int count) {
        return new ArrayList<>(task.toExamples().subList(from, from + count));
    }
}
