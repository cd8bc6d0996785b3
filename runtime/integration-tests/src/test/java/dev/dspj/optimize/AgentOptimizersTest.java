package dev.dspj.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.agent.ReAct;
import dev.dspj.codec.Codecs;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.Metric;
import dev.dspj.evaluate.Metrics;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.module.Module;
import dev.dspj.primitives.Example;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.sim.SimMetrics;
import dev.dspj.sim.SimTask;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.tool.Tool;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The instruction optimizers on a ReAct agent over the simulated calculator task, over loopback
 * HTTP: each reaches the agent's two predictors ({@code react}, {@code extract.predict}) and
 * improves the held-out score, and GEPA also rewrites the tools' descriptions when asked.
 */
class AgentOptimizersTest {

    private static final SimTask TASK = SimTasks.toolArithmetic();
    private static final SignatureDescriptor QA = SignatureDescriptor.builder("ToolQa")
            .instructions("Answer the question.")
            .field(FieldDescriptor.input("question", Codecs.STRING, "", "java.lang.String"))
            .field(FieldDescriptor.output("answer", Codecs.STRING, "", "java.lang.String"))
            .build();
    private static final List<Example> ALL = TASK.toExamples();
    private static final List<Example> TRAIN = ALL.subList(0, 40);
    private static final List<Example> VAL = ALL.subList(40, 70);
    private static final List<Example> DEV = ALL.subList(100, 250);
    private static final Metric EXACT = Metrics.exactMatch("answer");
    private static final Metric FEEDBACK = SimMetrics.exactMatchWithFeedback(TASK, "answer");

    private static SimulatedModelServer server;
    private static HttpLanguageModel small;
    private static HttpLanguageModel large;
    private static double baseline;

    @BeforeAll
    static void start() {
        server = SimulatedModelServer.builder()
                .tasks(SimTasks.toolTasks())
                .latencyScale(0)
                .build()
                .start();
        small = model("sim-small");
        large = model("sim-large");
        baseline = score(agent());
    }

    @AfterAll
    static void stop() {
        small.close();
        large.close();
        server.close();
    }

    private static HttpLanguageModel model(String name) {
        return HttpLanguageModel.builder("sim/" + name)
                .baseUrl(server.baseUrl())
                .cache(ResponseCache.memory(100_000))
                .build();
    }

    private static ReAct agent() {
        return ReAct.builder(QA, TASK.tools()).maxIters(5).build().withModel(small);
    }

    private static double score(Module program) {
        return Evaluate.builder(DEV, EXACT)
                .progress(false)
                .concurrency(8)
                .build()
                .run(program)
                .score();
    }

    private static void assertImproves(String optimizer, Module optimized) {
        double after = score(optimized);
        assertTrue(
                after >= baseline + 0.1,
                String.format(Locale.ROOT, "%s: held-out %.3f -> %.3f", optimizer, baseline, after));
    }

    @Test
    void gepaRewritesInstructionsAndToolDescriptions() {
        ReAct student = agent();
        String calculator = student.describableTools().get(0).description().orElseThrow();
        var run = Gepa.builder(FEEDBACK)
                .maxMetricCalls(300)
                .reflectionModel(large)
                .valset(VAL)
                .optimizeToolDescriptions(true)
                .trackStats(true)
                .seed(0)
                .build()
                .compileWithResult(student, TRAIN);

        GepaResult details = run.details();
        assertEquals(
                List.of("react", "extract.predict", "tool:calculator", "tool:lookup"),
                List.copyOf(details.candidates().get(0).instructions().keySet()),
                "the tools are components beside the predictors");
        assertEquals(calculator, details.candidates().get(0).instructions().get("tool:calculator"));
        assertTrue(
                details.iterations().stream()
                        .anyMatch(i -> i.predictors().stream().anyMatch(p -> p.startsWith(Gepa.TOOL_COMPONENT_PREFIX))),
                "some iteration reflects on a tool");
        int rewritten = 0;
        for (GepaResult.Candidate candidate : details.candidates()) {
            String description = candidate.instructions().get("tool:calculator");
            if (description.equals(calculator)) {
                continue;
            }
            rewritten++;
            ReAct program = (ReAct) details.program(candidate.index()).orElseThrow();
            Tool tool = program.describableTools().get(0);
            assertEquals(description, tool.description().orElseThrow());
            assertTrue(
                    program.react().instructions().contains("<desc>" + description.replace("\n", "  ") + "</desc>"),
                    "the step's instructions list the tool as described");
        }
        assertTrue(rewritten > 0, "some candidate carries a rewritten calculator description\n" + details.report());
        assertEquals(calculator, student.describableTools().get(0).description().orElseThrow(), "student unchanged");
        assertNotEquals(student.react().instructions(), run.program().react().instructions());
        assertImproves("GEPA", run.program());
    }

    @Test
    void simbaAndMiproV2ReachBothPredictors() {
        ReAct simba = Simba.builder(FEEDBACK)
                .bsize(16)
                .numCandidates(4)
                .maxSteps(4)
                .promptModel(large)
                .seed(0)
                .build()
                .compile(agent(), TRAIN);
        assertImproves("SIMBA", simba);

        ReAct mipro = MiproV2.builder(EXACT)
                .auto(MiproV2.Auto.LIGHT)
                .valset(VAL)
                .promptModel(large)
                .seed(0)
                .build()
                .compile(agent(), TRAIN);
        assertImproves("MIPROv2", mipro);
        assertTrue(
                !mipro.react().demos().isEmpty()
                        || !mipro.react().instructions().equals(agent().react().instructions()),
                "MIPROv2 changed the react step");
    }

    @Test
    void toolDescriptionsNeedAToolUsingStudent() {
        Gepa gepa = Gepa.builder(FEEDBACK)
                .maxMetricCalls(100)
                .reflectionModel(large)
                .optimizeToolDescriptions(true)
                .build();
        LanguageModel model = small;
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class, () -> gepa.compileWithResult(QaFixture.student(model), TRAIN));
        assertTrue(
                refused.getMessage().contains("optimizeToolDescriptions is on")
                        && refused.getMessage().contains("dev.dspj.module.Predict"),
                refused.getMessage());
    }
}
