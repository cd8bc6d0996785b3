package dev.dspj.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.codec.Codecs;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.tool.Tool;
import dev.dspj.tool.ToolArgument;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An agent's tools described anew, as GEPA's tool-description optimization does. */
class ToolDescriptionsTest {

    private static final SignatureDescriptor QA = SignatureDescriptor.builder("QA")
            .instructions("Answer the question.")
            .field(FieldDescriptor.input("question", Codecs.STRING, "", "java.lang.String"))
            .field(FieldDescriptor.output("answer", Codecs.STRING, "", "java.lang.String"))
            .build();

    private static final ToolArgument<String> EXPRESSION = ToolArgument.of("expression", Codecs.STRING, null);

    private static final Tool CALCULATOR = Tool.builder("calculator")
            .description("Evaluates arithmetic.")
            .arguments(EXPRESSION)
            .function(Codecs.STRING, args -> args.get(EXPRESSION));

    private static final Tool CLOCK = Tool.builder("clock").function(Codecs.STRING, args -> "noon");

    @Test
    void aNewDescriptionReplacesTheToolAndItsLineInTheStepInstructions() {
        ReAct agent = new ReAct(QA, List.of(CALCULATOR, CLOCK));
        ReAct before = agent.deepCopy();
        assertEquals(
                List.of("calculator", "clock"),
                agent.describableTools().stream().map(Tool::name).toList());
        assertEquals("react", agent.toolChoosingPredictor());

        agent.describeTool("calculator", "Evaluates the exact expression.\nUse it for all arithmetic.");

        Tool described = agent.describableTools().get(0);
        assertEquals(
                "Evaluates the exact expression.\nUse it for all arithmetic.",
                described.description().orElseThrow());
        String instructions = agent.react().instructions();
        assertTrue(
                instructions.contains("(1) calculator, whose description is <desc>Evaluates the exact expression.  Use "
                        + "it for all arithmetic.</desc>. It takes arguments"),
                instructions);
        assertFalse(instructions.contains("Evaluates arithmetic."), instructions);
        assertEquals(before.react().instructions().replace(CALCULATOR.toString(), described.toString()), instructions);
        assertEquals(CALCULATOR, before.describableTools().get(0), "a copy made before keeps its tools");
        assertTrue(before.react().instructions().contains("Evaluates arithmetic."));
        assertEquals(described, agent.deepCopy().describableTools().get(0), "a copy made after keeps the new one");
    }

    @Test
    void theLineIsFoundInRewrittenInstructionsAndForAToolWithoutDescription() {
        ReAct agent = new ReAct(QA, List.of(CALCULATOR, CLOCK));
        // an optimizer kept ReAct's text but wrote around it, with an older description of the calculator
        String rewritten = agent.react().instructions().replace("Evaluates arithmetic.", "Evaluates sums.")
                + "\nAlways use the calculator.";
        agent.react().setInstructions(rewritten);

        agent.describeTool("calculator", "Evaluates the exact expression.");
        agent.describeTool("clock", "Tells the time.");

        String instructions = agent.react().instructions();
        assertTrue(
                instructions.contains("calculator, whose description is <desc>Evaluates the exact expression.</desc>"));
        assertTrue(instructions.contains(
                "(2) clock, whose description is <desc>Tells the time.</desc>. It takes arguments"));
        assertTrue(instructions.endsWith("\nAlways use the calculator."), instructions);
        assertFalse(instructions.contains("Evaluates sums."), instructions);
    }

    @Test
    void unknownToolsFinishAndBlankDescriptionsAreRefused() {
        ReAct agent = new ReAct(QA, List.of(CALCULATOR));
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> agent.describeTool("search", "Searches."));
        assertEquals("ReAct has no tool named \"search\" to describe; its tools: [calculator]", unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> agent.describeTool("finish", "Ends."));
        IllegalArgumentException blank =
                assertThrows(IllegalArgumentException.class, () -> agent.describeTool("calculator", "  "));
        assertTrue(blank.getMessage().contains("\"calculator\""), blank.getMessage());
    }
}
