package dev.dspj.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.codec.Codecs;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.Provider;
import dev.dspj.lm.limit.ModelLimits;
import dev.dspj.module.ModuleTool;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Example;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.sim.SimExample;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.state.ProgramState;
import dev.dspj.tool.Tool;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A saved program published as a typed MCP tool and called through the MCP client: a {@link
 * Predict} whose demos and instructions are saved, loaded into a fresh program, published over
 * streamable HTTP and answered by the simulated model, all on 127.0.0.1.
 */
class McpProgramToolTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SignatureDescriptor QA = SignatureDescriptor.builder("QA")
            .instructions("Answer questions with a short factoid answer.")
            .field(FieldDescriptor.input("question", Codecs.STRING, "a factoid question", "String"))
            .field(FieldDescriptor.output("answer", Codecs.STRING, "often between 1 and 5 words", "String"))
            .build();

    private static SimulatedModelServer sim;
    private static HttpLanguageModel model;

    @BeforeAll
    static void start() {
        sim = SimulatedModelServer.builder().latencyScale(0).build().start();
        model = HttpLanguageModel.builder(Provider.SIM)
                .model("sim-large")
                .baseUrl(sim.baseUrl())
                .apiKey("sk-test")
                .cache(ResponseCache.none())
                .privateLimits(ModelLimits.DEFAULT)
                .build();
    }

    @AfterAll
    static void stop() {
        model.close();
        sim.close();
    }

    @Test
    void aSavedProgramIsPublishedAsATypedToolAndAnsweredThroughTheClient(@TempDir Path directory) throws Exception {
        List<SimExample> examples = SimTasks.factoidQa().examples();
        SimExample demo = examples.get(1);
        String demoQuestion = demo.inputs().get("question");
        Predict trained = new Predict(QA);
        trained.setInstructions("Answer the question with a short factoid answer, as the examples do.");
        trained.setDemos(List.of(
                Example.of("question", demoQuestion, "answer", demo.gold().get("answer"))
                        .withInputs("question")));
        Path saved = directory.resolve("qa.json");
        ProgramState.save(trained, saved);

        Predict loaded = new Predict(QA);
        ProgramState.load(loaded, saved);
        loaded.setModel(model);
        assertEquals(1, loaded.demos().size());

        String question = examples.get(0).inputs().get("question");
        String direct = loaded.forward(Map.of("question", question)).getString("answer");
        try (McpToolServer server = McpToolServer.builder("qa-program")
                        .program("qa", loaded, QA)
                        .startHttp("127.0.0.1", 0);
                McpTools client =
                        McpTools.http(server.url()).resultMode("structured").connect()) {
            Tool qa = client.tool("qa").orElseThrow();
            assertEquals(QA.instructions(), qa.description().orElseThrow());
            assertEquals(
                    "{\"question\":{\"type\":\"string\",\"description\":\"a factoid question (Required)\"}}",
                    qa.args().toString());

            long before = sim.requestCount();
            Object answered = qa.invoke(JSON.readTree("{\"question\": " + JSON.writeValueAsString(question) + "}"))
                    .get(30, TimeUnit.SECONDS)
                    .value();
            JsonNode outputs = assertInstanceOf(JsonNode.class, answered);
            assertEquals(direct, outputs.get("answer").asText(), "the same program, over MCP");
            assertFalse(outputs.get("answer").asText().isBlank());
            assertEquals(before + 1, sim.requestCount(), "the published program calls the model once");
            String prompt = sim.lastRequestBody();
            assertTrue(prompt.contains("as the examples do"), "the loaded instructions are in the prompt");
            assertTrue(
                    prompt.contains(demoQuestion.substring(0, Math.min(20, demoQuestion.length()))),
                    "the loaded demo is in the prompt");
        }
    }

    @Test
    void aProgramToolChecksItsArgumentsLikeAnyTool() throws Exception {
        Tool tool = ModuleTool.of("qa", new Predict(QA), QA);
        assertEquals("[\"question\"]", tool.parameters().get("required").toString());
        Throwable failed = tool.invoke(JSON.readTree("{\"query\": \"x\"}"))
                .handle((result, error) -> error)
                .get(5, TimeUnit.SECONDS);
        assertTrue(failed.getMessage().contains("Arg query is not in the tool's args."), String.valueOf(failed));
    }
}
