package dev.dspj.samples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.Dspj;
import dev.dspj.agent.ReAct;
import dev.dspj.agent.ReActResult;
import dev.dspj.agent.TypedReAct;
import dev.dspj.evaluate.Metric;
import dev.dspj.evaluate.Metrics;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.Provider;
import dev.dspj.mcp.McpToolServer;
import dev.dspj.mcp.McpTools;
import dev.dspj.optimize.BootstrapFewShot;
import dev.dspj.optimize.Gepa;
import dev.dspj.primitives.Example;
import dev.dspj.samples.tools.Calculator;
import dev.dspj.samples.tools.CalculatorTools;
import dev.dspj.samples.tools.ToolQuestionInput;
import dev.dspj.samples.tools.ToolQuestionOutput;
import dev.dspj.samples.tools.ToolQuestionSignature;
import dev.dspj.sim.SimMetrics;
import dev.dspj.sim.SimTask;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.tool.Tool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's "Tools and agents" snippets, run against the simulated model over loopback HTTP. */
class AgentSnippetsTest {

    @Test
    void toolsAnAgentAndMcpRunAsTheReadmeSays() throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        List<Example> trainset =
                SimTask.toExamples(SimTasks.toolArithmetic().trainDevSplit().train());
        List<Example> train = trainset.subList(0, 40);
        // GEPA's split, as the ToolAgent sample's
        List<Example> gepaTrain = trainset.subList(0, 60);
        List<Example> gepaVal = trainset.subList(60, trainset.size());
        Metric feedbackMetric = SimMetrics.exactMatchWithFeedback(SimTasks.toolArithmetic(), "answer");
        try (SimulatedModelServer server = SimulatedModelServer.builder()
                        .tasks(SimTasks.toolTasks())
                        .latencyScale(0)
                        .build()
                        .start();
                HttpLanguageModel simSmall = HttpLanguageModel.builder(Provider.SIM)
                        .model("sim-small")
                        .baseUrl(server.baseUrl())
                        .cache(ResponseCache.memory(10_000))
                        .build();
                HttpLanguageModel simLarge = HttpLanguageModel.builder(Provider.SIM)
                        .model("sim-large")
                        .baseUrl(server.baseUrl())
                        .cache(ResponseCache.memory(10_000))
                        .build()) {
            Dspj.configure(simSmall);
            // snippet:tool-text
            List<Tool> conversions = ConverterTools.of(new Converter()); // generated from the @Tool methods
            System.out.println(conversions.get(1));
            // km_to_miles, whose description is <desc>Converts kilometres to miles.</desc>. It takes arguments {'km':
            // {'type': 'number'}}.
            // end-snippet

            // snippet:agent
            List<Tool> tools = CalculatorTools.of(new Calculator()); // add, multiply, evaluate
            TypedReAct<ToolQuestionInput, ToolQuestionOutput> agent = ReAct.typed(
                    ToolQuestionSignature.INSTANCE,
                    ReAct.builder(ToolQuestionSignature.DESCRIPTOR, tools).maxIters(5));
            ReActResult<ToolQuestionOutput> result = agent.run(new ToolQuestionInput("What is 2701 * 640?"));
            result.trajectory()
                    .steps()
                    .forEach(step ->
                            System.out.println(step.toolName() + " " + step.toolArgs() + " -> " + step.observation()));
            // evaluate {"expression":"2710 * 640"} -> 1734400.0   (sim-small slipped a digit, and saw it)
            // evaluate {"expression":"2701 * 640"} -> 1728640.0
            // finish {} -> Completed.
            System.out.println(result.output().answer()); // 1728640

            // predictors "react" and "extract.predict", as DSPy names them: every optimizer reaches them
            TypedReAct<ToolQuestionInput, ToolQuestionOutput> optimized = BootstrapFewShot.builder(
                            Metrics.exactMatch("answer"))
                    .maxBootstrappedDemos(4)
                    .build()
                    .compile(agent, train);
            // end-snippet

            // snippet:mcp
            try (McpToolServer published = McpToolServer.builder("calculator")
                            .tools(tools)
                            .startHttp("127.0.0.1", 0); // streamable HTTP at published.url(); or startStdio()
                    McpTools remote = McpTools.http(published.url()).connect()) {
                List<Tool> overMcp = remote.tools(); // an MCP server's tools as DSPJ tools
                TypedReAct<ToolQuestionInput, ToolQuestionOutput> mcpAgent =
                        ReAct.typed(ToolQuestionSignature.INSTANCE, overMcp);
                System.out.println(mcpAgent.call(new ToolQuestionInput("What is 2701 * 640?"))
                        .answer()); // 1728640
            }
            // end-snippet

            // snippet:gepa-tools
            TypedReAct<ToolQuestionInput, ToolQuestionOutput> reflected = Gepa.builder(feedbackMetric)
                    .maxMetricCalls(900)
                    .reflectionModel(simLarge)
                    .valset(gepaVal)
                    .optimizeToolDescriptions(true) // each tool is a component "tool:NAME" beside the predictors
                    .build()
                    .compile(agent, gepaTrain);
            reflected
                    .describableTools()
                    .forEach(tool -> System.out.println(
                            tool.name() + ": " + tool.description().orElse("")));
            // add: Adds two numbers.
            // multiply: Multiplies two numbers.
            // evaluate: Evaluates an arithmetic expression with numbers, + - * /, parentheses and unary minus.
            //   Keep this in mind: use the calculator. Keep this in mind: exact expression. Answer every output field.
            // end-snippet
            assertEquals(2, optimized.namedPredictors().size());
            assertTrue(!optimized.agent().react().demos().isEmpty(), "bootstrapped demos for the react step");
        } finally {
            System.setOut(console);
            Dspj.configure(null);
        }
        List<String> lines = printed.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> !l.startsWith("SLF4J"))
                .toList();
        assertEquals(
                "km_to_miles, whose description is <desc>Converts kilometres to miles.</desc>. It takes arguments "
                        + "{'km': {'type': 'number'}}.",
                lines.get(0));
        assertEquals("evaluate {\"expression\":\"2710 * 640\"} -> 1734400.0", lines.get(1), lines.toString());
        assertEquals("evaluate {\"expression\":\"2701 * 640\"} -> 1728640.0", lines.get(2), lines.toString());
        assertEquals("finish {} -> Completed.", lines.get(3), lines.toString());
        assertEquals("1728640", lines.get(4), lines.toString());
        assertEquals("1728640", lines.get(5), lines.toString());
        assertEquals("add: Adds two numbers.", lines.get(6), lines.toString());
        assertTrue(
                lines.get(8)
                                .startsWith("evaluate: Evaluates an arithmetic expression with numbers, + - * /, "
                                        + "parentheses and unary minus. ")
                        && lines.get(8).contains("exact expression"),
                "GEPA rewrote the evaluate tool's description: " + lines);
    }
}
