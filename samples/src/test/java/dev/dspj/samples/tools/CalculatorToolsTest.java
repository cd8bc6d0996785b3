package dev.dspj.samples.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.tool.Tool;
import dev.dspj.tool.ToolException;
import dev.dspj.tool.ToolResult;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The {@code @Tool} sample through the code the real processor generated: {@code CalculatorTools}
 * gives one tool per method, which reads a model's JSON arguments, calls the calculator and shows
 * itself to a model as DSPy does (text and OpenAI function).
 */
class CalculatorToolsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Tool> tools = CalculatorTools.of(new Calculator());

    private Tool tool(String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private ToolResult invoke(String name, String arguments) throws Exception {
        return tool(name).invoke(JSON.readTree(arguments)).join();
    }

    private ToolException failure(String name, String arguments) throws Exception {
        var node = JSON.readTree(arguments);
        CompletionException e = assertThrows(
                CompletionException.class, () -> tool(name).invoke(node).join());
        return assertInstanceOf(ToolException.class, e.getCause());
    }

    @Test
    void oneToolPerMethodInDeclarationOrder() {
        assertEquals(
                List.of("add", "multiply", "evaluate"),
                tools.stream().map(Tool::name).toList());
    }

    @Test
    void toolsCallTheCalculator() throws Exception {
        ToolResult sum = invoke("add", "{\"a\": 2, \"b\": 3.5}");
        assertEquals(5.5, sum.value());
        assertEquals("5.5", sum.text());
        assertEquals(12.0, invoke("multiply", "{\"a\": 3, \"b\": 4}").value());
        assertEquals(
                7.0,
                invoke("evaluate", "{\"expression\": \"(1 + 2) * 3 - 4 / 2\"}").value());
        assertEquals(-1.5, invoke("evaluate", "{\"expression\": \"-(3 / 2)\"}").value());
    }

    @Test
    void wrongArgumentsAreRejectedBeforeTheCalculatorRuns() throws Exception {
        ToolException wrongType = failure("add", "{\"a\": \"two\", \"b\": 3}");
        assertTrue(wrongType.isArgumentError());
        assertTrue(wrongType.getMessage().startsWith("Arg a is invalid"), wrongType.getMessage());
        assertEquals(
                "Arg b is required but was not given.",
                failure("multiply", "{\"a\": 3}").getMessage());
    }

    @Test
    void anExpressionThatIsNotArithmeticFailsWithWhatTheModelCanFix() throws Exception {
        ToolException failed = failure("evaluate", "{\"expression\": \"2 + x\"}");
        assertFalse(failed.isArgumentError());
        assertEquals(
                "IllegalArgumentException: unexpected 'x' at position 4 of \"2 + x\": use numbers, + - * /, and "
                        + "parentheses",
                failed.getMessage());
        assertTrue(
                failure("evaluate", "{\"expression\": \"1 / 0\"}").getMessage().contains("division by zero"));
        assertTrue(
                failure("evaluate", "{\"expression\": \"(1 + 2\"}").getMessage().contains("unexpected the end"));
    }

    @Test
    void aToolShowsItselfAsDspyDoes() {
        assertEquals(
                "add, whose description is <desc>Adds two numbers.</desc>. It takes arguments {'a': {'type': "
                        + "'number', 'description': 'the first number'}, 'b': {'type': 'number', 'description': "
                        + "'the second number'}}.",
                tool("add").toString());
        assertEquals(
                "multiply, whose description is <desc>Multiplies two numbers.</desc>. It takes arguments {'a': "
                        + "{'type': 'number', 'description': 'the first factor'}, 'b': {'type': 'number', "
                        + "'description': 'the second factor'}}.",
                tool("multiply").toString());
    }

    @Test
    void aToolIsAnOpenAiFunction() {
        assertEquals(
                "{\"type\":\"function\",\"function\":{\"name\":\"evaluate\",\"description\":\"Evaluates an "
                        + "arithmetic expression with numbers, + - * /, parentheses and unary minus.\","
                        + "\"parameters\":{\"type\":\"object\",\"properties\":{\"expression\":{\"type\":\"string\","
                        + "\"description\":\"the expression, such as (1 + 2) * 3\"}},\"required\":[\"expression\"]}}}",
                tool("evaluate").toFunctionCall().toString());
    }
}
