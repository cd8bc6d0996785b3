package dev.dspj.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.adapter.ChatAdapter;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmSettings;
import dev.dspj.tool.Tool;
import dev.dspj.tool.ToolException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The tool-use tasks: generation, their tools, the calculator, and how prompts about them are read. */
class ToolTasksTest {

    private static ObjectNode args(String key, String value) {
        return SimHttp.JSON.createObjectNode().put(key, value);
    }

    private static String call(Tool tool, String key, String value) {
        return tool.invoke(args(key, value)).join().text();
    }

    @Test
    void calculatorEvaluatesArithmeticExactlyAndNothingElse() {
        assertEquals("1411381", Calculator.evaluate("4817 * 293"));
        assertEquals("62208", Calculator.evaluate("(1234 + 5678) * 9"));
        assertEquals("14", Calculator.evaluate("2 + 3 * 4"));
        assertEquals("-7", Calculator.evaluate("-(3 + 4)"));
        assertEquals("2.5", Calculator.evaluate("5 / 2"));
        assertEquals("0.33333333333333333333", Calculator.evaluate("1/3"));
        assertEquals("3", Calculator.evaluate(" 1.5 * 2 "));
        assertEquals("99999999999999999999999999", Calculator.evaluate("99999999999999999999999999"));
        for (String bad :
                List.of("4817 x 293", "2 ** 3", "", "(1 + 2", "1 +", "Math.exp(1)", "1 / 0", "1..2", ")", "1 2")) {
            assertThrows(IllegalArgumentException.class, () -> Calculator.evaluate(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Calculator.evaluate("(".repeat(60) + "1" + ")".repeat(60)));
        assertThrows(IllegalArgumentException.class, () -> Calculator.evaluate("1+".repeat(300) + "1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Calculator.evaluate("4817 x 293"))
                .getMessage()
                .contains("unexpected character 'x' at position 5"));
    }

    @Test
    void tasksAreGeneratedDeterministically() {
        for (SimTask task : SimTasks.toolTasks()) {
            assertEquals(SimTasks.DEFAULT_SIZE, task.size());
            assertEquals(List.of("question"), task.inputFields());
            assertEquals(List.of("answer"), task.outputFields());
            assertEquals(2, task.hints().size());
            assertEquals(150, task.trainDevSplit().train().size());
        }
        assertEquals("tool-arithmetic", SimTasks.toolArithmetic().name());
        assertEquals("tool-lookup", SimTasks.toolLookup().name());
        assertEquals(
                SimTasks.toolArithmetic(3, 40).examples(),
                SimTasks.toolArithmetic(3, 40).examples());
        assertEquals(
                SimTasks.toolLookup(3, 40).examples(),
                SimTasks.toolLookup(3, 40).examples());
        assertNotEquals(
                SimTasks.toolLookup(3, 40).examples(),
                SimTasks.toolLookup(4, 40).examples());
        assertEquals("calc-001", SimTasks.toolArithmetic().examples().get(0).id());
        assertEquals("who-001", SimTasks.toolLookup().examples().get(0).id());
        assertThrows(IllegalArgumentException.class, () -> SimTasks.toolArithmetic(1, 0));
        assertThrows(IllegalArgumentException.class, () -> SimTasks.toolLookup(1, SimTasks.MAX_SIZE + 1));
        SimTask qa = SimTasks.factoidQa();
        assertTrue(qa.tools().isEmpty());
        assertTrue(qa.expectedTool().isEmpty());
        assertTrue(qa.expectedArguments("qa-001").isEmpty());
        assertThrows(
                IllegalStateException.class,
                () -> qa.expectedAgentAccuracy(
                        SimModelProfile.SMALL, ToolConditions.BASELINE, SimConditions.BASELINE, 5));
        assertThrows(IllegalArgumentException.class, () -> SimTasks.toolLookup().bestAgent(List.of(), 5));
    }

    @Test
    void theCalculatorAnswersEveryArithmeticQuestionAndTheNearMissesDoNot() {
        SimTask task = SimTasks.toolArithmetic();
        ToolSpec spec = Objects.requireNonNull(task.toolSpec());
        Tool calculator = task.tools().get(0);
        Tool lookup = task.tools().get(1);
        assertEquals(
                List.of("calculator", "lookup"),
                task.tools().stream().map(Tool::name).toList());
        assertEquals("calculator", task.expectedTool().orElseThrow());
        assertTrue(calculator.toString().startsWith("calculator, whose description is <desc>Evaluates"));
        assertTrue(
                calculator
                        .toString()
                        .endsWith("It takes arguments {'expression': {'type': 'string', 'description': "
                                + "'the arithmetic expression to evaluate, for example (12 + 3) * 4'}}."),
                calculator.toString());
        for (SimExample example : task.examples()) {
            ToolSpec.Arguments arguments = spec.arguments(example.id());
            String gold = example.gold().get("answer");
            assertTrue(example.inputs().get("question").contains(arguments.exact()), example.toString());
            assertEquals(
                    Map.of("expression", arguments.exact()),
                    task.expectedArguments(example.id()).orElseThrow());
            assertEquals(gold, call(calculator, "expression", arguments.exact()));
            assertNotEquals(gold, call(calculator, "expression", arguments.wrongValue()));
            assertFalse(ToolReading.holds(call(calculator, "expression", arguments.wrongValue()), gold));
            CompletionException failed = assertThrows(
                    CompletionException.class,
                    () -> calculator
                            .invoke(args("expression", arguments.malformed()))
                            .join());
            assertTrue(failed.getCause() instanceof ToolException);
            assertTrue(call(lookup, "name", arguments.exact()).startsWith("No entry found for '"));
        }
    }

    @Test
    void theLookupFindsEveryPersonAndTheDistractorsAreBornElsewhere() {
        SimTask task = SimTasks.toolLookup();
        ToolSpec spec = Objects.requireNonNull(task.toolSpec());
        Tool lookup = task.tools().get(1);
        assertEquals("lookup", task.expectedTool().orElseThrow());
        for (SimExample example : task.examples()) {
            ToolSpec.Arguments arguments = spec.arguments(example.id());
            String gold = example.gold().get("answer");
            assertTrue(example.inputs().get("question").contains(arguments.exact()));
            String fact = call(lookup, "name", arguments.exact());
            assertEquals(arguments.exact() + " was born in " + gold + ".", fact);
            assertTrue(ToolReading.holds(fact, gold));
            assertEquals(fact, call(lookup, "name", "  " + arguments.exact().toUpperCase(java.util.Locale.ROOT) + " "));
            String wrong = call(lookup, "name", arguments.wrongValue());
            assertTrue(wrong.startsWith(arguments.wrongValue() + " was born in "), wrong);
            assertFalse(ToolReading.holds(wrong, gold), wrong);
            assertEquals(
                    "No entry found for '" + arguments.malformed() + "'.", call(lookup, "name", arguments.malformed()));
        }
    }

    @Test
    void promptPartsAreRead() {
        assertEquals(
                List.of("x", "y"),
                ToolReading.pythonDictKeys("{'x': {'type': 'integer', 'enum': ['a: b', 'c']}, 'y': {'type': 'integer', "
                        + "'default': 0, 'description': \"it's: {odd}\"}}"));
        assertEquals(List.of(), ToolReading.pythonDictKeys("{}"));
        String instructions = ReactHarness.reactInstructions(
                "Be precise.", SimTasks.toolLookup().tools());
        List<ListedTool> listed = ToolReading.listedTools(instructions);
        assertEquals(
                List.of("calculator", "lookup", "finish"),
                listed.stream().map(ListedTool::name).toList());
        assertEquals(List.of("name"), listed.get(1).argumentNames());
        assertEquals(List.of(), listed.get(2).argumentNames());
        assertEquals(listed.get(1), ToolReading.expected(ToolSpec.Kind.LOOKUP, listed));
        assertEquals(listed.get(0), ToolReading.expected(ToolSpec.Kind.CALCULATOR, listed));
        assertTrue(ToolReading.holds("1411381", "1411381"));
        assertTrue(ToolReading.holds("The result is 1411381.", "1411381"));
        assertFalse(ToolReading.holds("14113810", "1411381"));
        assertFalse(ToolReading.holds("1411381.5", "1411381"));
        assertFalse(ToolReading.holds("1411381.05", "1411381"));
        assertTrue(ToolReading.holds("1411381.0", "1411381"), "a double's whole number");
        assertTrue(ToolReading.holds("It is 1411381.00.", "1411381"));
        assertFalse(ToolReading.holds("Execution error in calculator: 1411381", "1411381"));
        assertTrue(ToolReading.holds("Korva was born in Quendaport.", "quendaport"));
    }

    @Test
    void directQuestionsAreMostlyWrongAsExpected() {
        SimTask task = SimTasks.toolArithmetic(SimTasks.DEFAULT_SEED, 200);
        SimulatedModel model =
                SimulatedModel.builder().model(SimModelProfile.LARGE).task(task).build();
        int correct = 0;
        for (SimExample example : task.examples()) {
            String text = model.complete(new LmRequest(
                            ChatAdapter.INSTANCE.format(ReactHarness.QA, List.of(), Map.copyOf(example.inputs())),
                            LmSettings.DEFAULTS))
                    .text();
            if (example.gold()
                    .get("answer")
                    .equals(ChatAdapter.INSTANCE.parse(ReactHarness.QA, text).get("answer"))) {
                correct++;
            }
        }
        double expected = task.expectedAccuracy(SimModelProfile.LARGE, SimConditions.BASELINE);
        assertEquals(expected, correct / 200.0, 0.04);
        assertTrue(expected < 0.05, "direct answers are mostly wrong: " + expected);
        assertTrue(task.expectedAccuracy(SimModelProfile.LARGE, SimConditions.BASELINE)
                < SimTasks.arithmetic().expectedAccuracy(SimModelProfile.LARGE, SimConditions.BASELINE));
    }

    @Test
    void competenceRisesWithTheModelAndTheHelp() {
        double previous = 0;
        for (SimModelProfile profile : SimModelProfile.builtIns()) {
            double tool = ToolCompetence.toolProbability(profile, ToolConditions.BASELINE);
            assertTrue(tool > previous);
            previous = tool;
            assertTrue(ToolCompetence.toolProbability(profile, ToolConditions.BEST) > tool);
            assertTrue(ToolCompetence.argumentProbability(profile, 0.2, ToolConditions.BASELINE)
                    > ToolCompetence.argumentProbability(profile, 0.8, ToolConditions.BASELINE));
            assertTrue(ToolCompetence.finishProbability(profile, ToolConditions.BASELINE.withGoodDemos(2))
                    > ToolCompetence.finishProbability(profile, ToolConditions.BASELINE));
            assertTrue(ToolCompetence.reachProbability(profile, 0.5, ToolConditions.BASELINE, 20)
                    >= ToolCompetence.reachProbability(profile, 0.5, ToolConditions.BASELINE, 1));
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> ToolCompetence.reachProbability(SimModelProfile.SMALL, 0.5, ToolConditions.BASELINE, 0));
        assertThrows(IllegalArgumentException.class, () -> new ToolConditions(-1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ToolConditions(0, 0, 0, Double.NaN));
    }
}
