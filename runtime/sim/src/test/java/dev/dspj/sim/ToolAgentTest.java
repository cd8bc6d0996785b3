package dev.dspj.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dspj.adapter.AdapterParseException;
import dev.dspj.adapter.ChatAdapter;
import dev.dspj.adapter.JsonAdapter;
import dev.dspj.codec.Codecs;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ResponseFormat;
import dev.dspj.primitives.Example;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.tool.Tool;
import dev.dspj.tool.ToolArgument;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The simulated model as a ReAct agent's model: DSPy 3.3.1's prompts (built with the real Chat
 * adapter and hand-built signatures) are read, the steps choose tools as {@link ToolCompetence}
 * says, and an agent's measured accuracy matches {@link SimTask#expectedAgentAccuracy}.
 */
class ToolAgentTest {

    private static final int SIZE = 150;
    private static final int MAX_ITERS = 5;
    private static final double TOLERANCE = 0.07;
    private static final SimTask ARITHMETIC = SimTasks.toolArithmetic(SimTasks.DEFAULT_SEED, SIZE);
    private static final SimTask LOOKUP = SimTasks.toolLookup(SimTasks.DEFAULT_SEED, SIZE);
    private static final String DEFAULT_INSTRUCTIONS = ReactHarness.QA.instructions();
    private static final String HINTED_ARITHMETIC =
            "Answer the question. Always use the calculator and pass it the exact expression.";
    private static final String HINTED_LOOKUP = "Answer the question. Look up the person by their exact name.";

    private static SimulatedModel model(SimModelProfile profile) {
        return SimulatedModel.builder()
                .model(profile)
                .tasks(SimTasks.toolTasks())
                .task(ARITHMETIC)
                .task(LOOKUP)
                .build();
    }

    private static List<ChatMessage> firstStep(SimTask task, int index, String instructions, List<Example> demos) {
        return ChatAdapter.INSTANCE.format(
                ReactHarness.react(instructions, task.tools()),
                demos,
                Map.of("question", task.examples().get(index).inputs().get("question"), "trajectory", ""));
    }

    /** The fraction of the task's examples an agent answers right, and what its episodes did. */
    private record Run(double accuracy, int unparsed, int earlyFinishes, int errors, int wrongFacts) {}

    private static Run run(ReactHarness.Agent agent, SimTask task, boolean demos) {
        int correct = 0;
        int unparsed = 0;
        int early = 0;
        int errors = 0;
        int wrongFacts = 0;
        for (int i = 0; i < task.size(); i++) {
            SimExample example = task.examples().get(i);
            ReactHarness.Agent asked = demos ? agent.withDemos(ReactHarness.goodDemos(task, i, 4)) : agent;
            ReactHarness.Episode episode = asked.run(example.inputs().get("question"));
            if (episode.answer().equals(example.gold().get("answer"))) {
                correct++;
            }
            unparsed += episode.unparsed() ? 1 : 0;
            early += "finish".equals(episode.steps().get("tool_name_0")) ? 1 : 0;
            for (Map.Entry<String, String> step : episode.steps().entrySet()) {
                if (step.getKey().startsWith("observation_")) {
                    errors += step.getValue().startsWith("Execution error in ") ? 1 : 0;
                    wrongFacts += step.getValue().contains(" was born in ")
                                    && !step.getValue().contains(example.gold().get("answer"))
                            ? 1
                            : 0;
                }
            }
        }
        return new Run((double) correct / task.size(), unparsed, early, errors, wrongFacts);
    }

    @Test
    void reactStepIsRecognisedAndAnsweredInTheChatFormat() {
        SimulatedModel model = model(SimModelProfile.LARGE);
        List<ChatMessage> prompt = firstStep(ARITHMETIC, 3, DEFAULT_INSTRUCTIONS, List.of());
        assertTrue(
                prompt.get(0).content().contains("(1) calculator, whose description is <desc>"),
                prompt.get(0).content());
        assertTrue(
                prompt.get(0)
                        .content()
                        .contains("must exactly match (no extra characters) one of: calculator; lookup; finish"),
                prompt.get(0).content());
        SimDecision decision = model.explain(new LmRequest(prompt, LmSettings.DEFAULTS));
        assertEquals(ARITHMETIC.name(), decision.taskName());
        assertEquals(ARITHMETIC.examples().get(3).id(), decision.exampleId());
        assertEquals("chat", decision.answerFormat());
        assertEquals(List.of("next_thought", "next_tool_name", "next_tool_args"), decision.outputFields());
        double expected = ToolCompetence.toolProbability(SimModelProfile.LARGE, ToolConditions.BASELINE)
                * ToolCompetence.argumentProbability(
                        SimModelProfile.LARGE, ARITHMETIC.examples().get(3).difficulty(), ToolConditions.BASELINE);
        assertEquals(expected, decision.probability(), 1e-12);
        String text = model.complete(new LmRequest(prompt, LmSettings.DEFAULTS)).text();
        assertTrue(text.startsWith("[[ ## next_thought ## ]]\n") && text.endsWith("[[ ## completed ## ]]"), text);
        Map<String, Object> parsed =
                ChatAdapter.INSTANCE.parse(ReactHarness.react(DEFAULT_INSTRUCTIONS, ARITHMETIC.tools()), text);
        if (decision.correct().get(0)) {
            assertEquals("calculator", parsed.get("next_tool_name"));
            assertEquals(
                    ARITHMETIC
                            .expectedArguments(ARITHMETIC.examples().get(3).id())
                            .orElseThrow()
                            .get("expression"),
                    ((JsonNode) parsed.get("next_tool_args")).get("expression").asText());
        }
    }

    @Test
    void jsonOutputHasTheThreeKeys() {
        SimulatedModel model = model(SimModelProfile.MEDIUM);
        for (int i = 0; i < 10; i++) {
            List<ChatMessage> prompt = firstStep(LOOKUP, i, DEFAULT_INSTRUCTIONS, List.of());
            String text = model.complete(
                            new LmRequest(prompt, LmSettings.DEFAULTS.withResponseFormat(ResponseFormat.JSON_OBJECT)))
                    .text();
            JsonNode json = SimHttp.parse(text);
            assertEquals(3, json.size(), text);
            assertTrue(json.get("next_thought").isTextual(), text);
            assertTrue(json.get("next_tool_name").isTextual(), text);
            assertTrue(json.get("next_tool_args").isObject(), text);
        }
    }

    @Test
    void theJsonAdaptersStepsParse() {
        SimulatedModel model = model(SimModelProfile.LARGE);
        SignatureDescriptor react = ReactHarness.react(DEFAULT_INSTRUCTIONS, LOOKUP.tools());
        int calls = 0;
        for (int i = 0; i < 10; i++) {
            List<Example> demos = ReactHarness.goodDemos(LOOKUP, i, 2);
            Map<String, Object> inputs =
                    Map.of("question", LOOKUP.examples().get(i).inputs().get("question"), "trajectory", "");
            LmRequest request = new LmRequest(
                    JsonAdapter.INSTANCE.format(react, demos, inputs),
                    JsonAdapter.INSTANCE.requestSettings(react, model.capabilities()));
            SimDecision decision = model.explain(request);
            assertEquals("json", decision.answerFormat());
            assertEquals(2, decision.conditions().goodDemos(), "JSON demos are read");
            String text = model.complete(request).text();
            Map<String, Object> parsed;
            try {
                parsed = JsonAdapter.INSTANCE.parse(react, text);
            } catch (AdapterParseException unknownTool) {
                assertTrue(text.contains("\"next_tool_name\": \"search\""), text);
                continue;
            }
            assertTrue(parsed.get("next_tool_args") instanceof JsonNode, parsed.toString());
            calls += "lookup".equals(parsed.get("next_tool_name")) ? 1 : 0;
        }
        assertTrue(calls >= 7, "the large model mostly calls lookup: " + calls);
    }

    @Test
    void sameRequestSameAnswerAndRolloutsDrawAgain() {
        List<ChatMessage> prompt = firstStep(LOOKUP, 7, DEFAULT_INSTRUCTIONS, List.of());
        LmRequest request = new LmRequest(prompt, LmSettings.DEFAULTS);
        assertEquals(
                model(SimModelProfile.SMALL).complete(request).text(),
                model(SimModelProfile.SMALL).complete(request).text());
        SimulatedModel small = model(SimModelProfile.SMALL);
        long distinct = java.util.stream.IntStream.range(0, 20)
                .mapToObj(r -> small.complete(new LmRequest(prompt, LmSettings.DEFAULTS.withRolloutId(r)))
                        .text())
                .distinct()
                .count();
        assertTrue(distinct > 1, "rollouts draw again");
    }

    @Test
    void agentAccuracyMatchesTheExpectedAccuracyOfEveryModel() {
        StringBuilder report = new StringBuilder();
        for (SimTask task : List.of(ARITHMETIC, LOOKUP)) {
            double previous = -1;
            for (SimModelProfile profile : SimModelProfile.builtIns()) {
                SimulatedModel model = model(profile);
                Run run = run(ReactHarness.Agent.of(model, DEFAULT_INSTRUCTIONS, task.tools(), MAX_ITERS), task, false);
                double expected = task.expectedAgentAccuracy(
                        profile,
                        ToolConditions.BASELINE,
                        SimConditions.BASELINE.withReasoning(true),
                        MAX_ITERS,
                        UnknownToolPolicy.ENDS_EPISODE);
                double direct = task.expectedAccuracy(profile, SimConditions.BASELINE);
                report.append(String.format(
                        "%-16s %-10s agent expected %.3f measured %.3f (unparsed %d, early finishes %d, errors %d, "
                                + "wrong facts %d); direct %.3f%n",
                        task.name(),
                        profile.name(),
                        expected,
                        run.accuracy(),
                        run.unparsed(),
                        run.earlyFinishes(),
                        run.errors(),
                        run.wrongFacts(),
                        direct));
                assertTrue(Math.abs(run.accuracy() - expected) <= TOLERANCE, report.toString());
                assertTrue(run.accuracy() > previous, "larger models are better agents\n" + report);
                assertTrue(run.accuracy() > direct + 0.2, "tools help\n" + report);
                assertTrue(direct < 0.1, "direct answers are mostly wrong\n" + report);
                previous = run.accuracy();
                if (profile.equals(SimModelProfile.SMALL)) {
                    assertTrue(run.unparsed() > 0 && run.earlyFinishes() > 0 && run.errors() > 0, report.toString());
                }
            }
        }
        System.out.print(report);
    }

    @Test
    void goodDemosAndHintedInstructionsImproveTheAgent() {
        StringBuilder report = new StringBuilder();
        for (SimTask task : List.of(ARITHMETIC, LOOKUP)) {
            String hinted = task.name().equals(ARITHMETIC.name()) ? HINTED_ARITHMETIC : HINTED_LOOKUP;
            SimulatedModel model = model(SimModelProfile.SMALL);
            LmRequest probe =
                    new LmRequest(firstStep(task, 0, hinted, ReactHarness.goodDemos(task, 0, 4)), LmSettings.DEFAULTS);
            assertEquals(
                    new SimConditions(4, 0, false, 2, 0.0), model.explain(probe).conditions(), "demos and hints read");
            Run baseline =
                    run(ReactHarness.Agent.of(model, DEFAULT_INSTRUCTIONS, task.tools(), MAX_ITERS), task, false);
            Run best = run(ReactHarness.Agent.of(model, hinted, task.tools(), MAX_ITERS), task, true);
            double expected = task.expectedAgentAccuracy(
                    SimModelProfile.SMALL,
                    new ToolConditions(4, 0, 2, 0.0),
                    SimConditions.BASELINE.withReasoning(true).withHintsFound(2),
                    MAX_ITERS,
                    UnknownToolPolicy.ENDS_EPISODE);
            report.append(String.format(
                    "%-16s sim-small baseline %.3f, demos+hints %.3f (expected %.3f)%n",
                    task.name(), baseline.accuracy(), best.accuracy(), expected));
            assertTrue(best.accuracy() > baseline.accuracy() + 0.1, report.toString());
            assertTrue(Math.abs(best.accuracy() - expected) <= TOLERANCE, report.toString());
        }
        System.out.print(report);
    }

    @Test
    void hintsCountWhereverTheStepsInstructionsHoldThem() {
        SimulatedModel model = model(SimModelProfile.SMALL);
        String react = ReactHarness.reactInstructions(DEFAULT_INSTRUCTIONS, ARITHMETIC.tools());
        // an optimizer's sentence after ReAct's text, as a proposer that keeps the current instruction writes it
        String appended = react + "\nAlways use the calculator.";
        // and a tool description rewritten to carry the other hint
        List<Tool> described = ARITHMETIC.tools().stream()
                .map(tool -> tool.name().equals("calculator")
                        ? tool.withDescription(tool.description() + " Pass it the exact expression.")
                        : tool)
                .toList();
        for (int expected = 0; expected <= 2; expected++) {
            SignatureDescriptor step = expected == 0
                    ? ReactHarness.react(DEFAULT_INSTRUCTIONS, ARITHMETIC.tools())
                    : ReactHarness.reactWithInstructions(
                            expected == 1
                                    ? appended
                                    : ReactHarness.reactInstructions(DEFAULT_INSTRUCTIONS, described)
                                            + "\nAlways use the calculator.",
                            expected == 1 ? ARITHMETIC.tools() : described);
            List<ChatMessage> messages = ChatAdapter.INSTANCE.format(
                    step,
                    List.of(),
                    Map.of("question", ARITHMETIC.examples().get(0).inputs().get("question"), "trajectory", ""));
            assertEquals(
                    expected,
                    model.explain(new LmRequest(messages, LmSettings.DEFAULTS))
                            .conditions()
                            .hintsFound(),
                    "hints read from " + step.instructions());
        }
    }

    @Test
    void badDemosAreCountedAndHurt() {
        SimulatedModel model = model(SimModelProfile.MEDIUM);
        List<Example> bad = List.of(
                ReactHarness.demo(ARITHMETIC, ARITHMETIC.examples().get(1), true, false),
                ReactHarness.demo(ARITHMETIC, ARITHMETIC.examples().get(2), false, false));
        SimDecision decision =
                model.explain(new LmRequest(firstStep(ARITHMETIC, 0, DEFAULT_INSTRUCTIONS, bad), LmSettings.DEFAULTS));
        assertEquals(new SimConditions(0, 2, false, 0, 0.0), decision.conditions());
        assertTrue(decision.probability()
                < ToolCompetence.toolProbability(SimModelProfile.MEDIUM, ToolConditions.BASELINE)
                        * ToolCompetence.argumentProbability(
                                SimModelProfile.MEDIUM,
                                ARITHMETIC.examples().get(0).difficulty(),
                                ToolConditions.BASELINE));
    }

    @Test
    void renamedToolsAreFoundByTheirDescriptions() {
        ToolArgument<String> formula = ToolArgument.of("formula", Codecs.STRING, null);
        Tool math = Tool.builder("crunch")
                .description("Does arithmetic on a formula.")
                .arguments(formula)
                .function(Codecs.STRING, args -> Calculator.evaluate(args.get(formula)));
        ToolArgument<String> query = ToolArgument.of("query", Codecs.STRING, null);
        Tool weather = Tool.builder("weather")
                .description("Today's weather in a city.")
                .arguments(query)
                .function(Codecs.STRING, args -> "sunny");
        SimulatedModel model = model(SimModelProfile.LARGE);
        ReactHarness.Agent agent = ReactHarness.Agent.of(model, HINTED_ARITHMETIC, List.of(weather, math), MAX_ITERS);
        int correct = 0;
        int crunched = 0;
        for (int i = 0; i < 40; i++) {
            SimExample example = ARITHMETIC.examples().get(i);
            ReactHarness.Episode episode = agent.run(example.inputs().get("question"));
            correct += episode.answer().equals(example.gold().get("answer")) ? 1 : 0;
            crunched += episode.steps().containsValue("crunch") ? 1 : 0;
            if (episode.steps().containsValue("crunch")) {
                assertTrue(
                        episode.steps().values().stream().anyMatch(v -> v.startsWith("{\"formula\": ")),
                        episode.steps().toString());
            }
        }
        assertTrue(crunched >= 35, "the renamed calculator is used: " + crunched);
        assertTrue(correct >= 30, "and answers: " + correct);
        assertNotEquals(0, correct);
        assertFalse(ToolReading.expected(
                        ToolSpec.Kind.LOOKUP,
                        List.of(new ListedTool("weather", "Today's weather in a city.", List.of("query"))))
                != null);
    }

    @Test
    void knownOptimaPerModel() {
        StringBuilder report = new StringBuilder();
        for (SimTask task : SimTasks.toolTasks()) {
            for (int maxIters : new int[] {5, 20}) {
                for (SimModelProfile profile : SimModelProfile.builtIns()) {
                    ToolOptimum optimum = task.bestAgent(List.of(profile), maxIters);
                    report.append(String.format(
                            "%-16s maxIters %2d %-10s best agent %.3f, plain agent %.3f, best direct %.3f%n",
                            task.name(),
                            maxIters,
                            profile.name(),
                            optimum.expectedAccuracy(),
                            task.expectedAgentAccuracy(
                                    profile,
                                    ToolConditions.BASELINE,
                                    SimConditions.BASELINE.withReasoning(true),
                                    maxIters),
                            task.bestAchievable(List.of(profile)).expectedAccuracy()));
                }
                ToolOptimum best = task.bestAgent(SimModelProfile.builtIns(), maxIters);
                assertEquals(SimModelProfile.LARGE, best.profile());
            }
        }
        System.out.print(report);
    }
}
