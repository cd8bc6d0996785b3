package dev.dspj.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.codec.LenientJson;
import dev.dspj.lm.ChatMessage;
import dev.dspj.tool.Tool;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Native function calling on the OpenAI endpoint: a request with {@code tools} is answered with
 * {@code tool_calls} (plain and streamed), and the tool results sent back as {@code tool}
 * messages are the trajectory that the final answer is drawn from.
 */
class ToolFunctionCallingTest {

    private static final SimTask ARITHMETIC = SimTasks.toolArithmetic();
    private static final SimTask LOOKUP = SimTasks.toolLookup();

    private static SimulatedModelServer server;
    private static String url;

    @BeforeAll
    static void start() {
        server = SimulatedModelServer.builder()
                .latencyScale(0)
                .tasks(SimTasks.toolTasks())
                .build()
                .start();
        url = server.baseUrl() + "/chat/completions";
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ObjectNode body(String model, SimTask task, int index) {
        ObjectNode body = SimHttp.openAi(
                model,
                List.of(
                        ChatMessage.system("Answer the question. Use the tools when they help."),
                        ChatMessage.user(task.examples().get(index).inputs().get("question"))));
        ArrayNode tools = body.putArray("tools");
        task.tools().forEach(tool -> tools.add(tool.toFunctionCall()));
        return body;
    }

    private static JsonNode post(ObjectNode body) throws Exception {
        HttpResponse<String> response = SimHttp.post(url, body);
        assertEquals(200, response.statusCode(), response.body());
        return SimHttp.json(response);
    }

    /** The first example (from {@code from}) whose first turn the model answers with the expected call. */
    private static int firstRightCall(String model, SimTask task, int from) throws Exception {
        for (int i = from; i < task.size(); i++) {
            JsonNode message = post(body(model, task, i)).get("choices").get(0).get("message");
            JsonNode calls = message.path("tool_calls");
            if (calls.isArray()
                    && calls.get(0)
                            .get("function")
                            .get("name")
                            .asText()
                            .equals(task.expectedTool().orElseThrow())
                    && LenientJson.parseObject(calls.get(0)
                                    .get("function")
                                    .get("arguments")
                                    .asText())
                            .equals(SimHttp.JSON.valueToTree(task.expectedArguments(
                                            task.examples().get(i).id())
                                    .orElseThrow()))) {
                return i;
            }
        }
        throw new AssertionError("no right first call");
    }

    @Test
    void aStepIsAnsweredWithToolCallsInOpenAisShape() throws Exception {
        int index = firstRightCall("sim-large", ARITHMETIC, 0);
        JsonNode body = post(body("sim-large", ARITHMETIC, index));
        JsonNode choice = body.get("choices").get(0);
        assertEquals("tool_calls", choice.get("finish_reason").asText());
        JsonNode message = choice.get("message");
        assertEquals("assistant", message.get("role").asText());
        assertTrue(message.get("content").isNull(), message.toString());
        JsonNode call = message.get("tool_calls").get(0);
        assertTrue(call.get("id").asText().matches("call_[0-9a-f]{24}"), call.toString());
        assertEquals("function", call.get("type").asText());
        assertEquals("calculator", call.get("function").get("name").asText());
        assertTrue(call.get("function").get("arguments").isTextual(), "arguments are a JSON string");
        assertTrue(body.get("usage").get("completion_tokens").asLong() > 0);
        assertEquals(
                body.get("choices"), post(body("sim-large", ARITHMETIC, index)).get("choices"), "deterministic");
    }

    @Test
    void toolResultsSentBackAreTheTrajectory() throws Exception {
        for (SimTask task : SimTasks.toolTasks()) {
            int correct = 0;
            int episodes = 30;
            for (int i = 0; i < episodes; i++) {
                SimExample example = task.examples().get(i);
                ObjectNode body = body("sim-large", task, i);
                ArrayNode messages = (ArrayNode) body.get("messages");
                String answer = null;
                for (int turn = 0; turn < 6 && answer == null; turn++) {
                    JsonNode choice = post(body).get("choices").get(0);
                    JsonNode message = choice.get("message");
                    if (!message.path("tool_calls").isArray()) {
                        assertEquals("stop", choice.get("finish_reason").asText());
                        answer = message.get("content").asText();
                        break;
                    }
                    messages.add(message);
                    for (JsonNode call : message.get("tool_calls")) {
                        messages.addObject()
                                .put("role", "tool")
                                .put("tool_call_id", call.get("id").asText())
                                .put("content", run(task.tools(), call.get("function")));
                    }
                }
                if (example.gold().get("answer").equals(answer)) {
                    correct++;
                }
            }
            assertTrue(correct >= 24, task.name() + ": " + correct + " of " + episodes + " answered right");
        }
    }

    @Test
    void toolCallsStreamAsArgumentFragments() throws Exception {
        int index = firstRightCall("sim-medium", LOOKUP, 0);
        JsonNode plain =
                post(body("sim-medium", LOOKUP, index)).get("choices").get(0).get("message");
        ObjectNode body = body("sim-medium", LOOKUP, index).put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        HttpResponse<String> response = SimHttp.post(url, body.toString(), Map.of(), Duration.ofSeconds(10));
        assertEquals(200, response.statusCode(), response.body());
        List<String> data = SimHttp.dataLines(response.body());
        assertEquals("[DONE]", data.get(data.size() - 1));
        JsonNode first = SimHttp.parse(data.get(0)).get("choices").get(0).get("delta");
        JsonNode start = first.get("tool_calls").get(0);
        assertEquals(0, start.get("index").asInt());
        assertEquals(plain.get("tool_calls").get(0).get("id"), start.get("id"));
        assertEquals("lookup", start.get("function").get("name").asText());
        StringBuilder arguments =
                new StringBuilder(start.get("function").get("arguments").asText());
        String finish = null;
        for (String line : data.subList(1, data.size() - 1)) {
            JsonNode chunk = SimHttp.parse(line);
            if (chunk.get("choices").isEmpty()) {
                assertTrue(chunk.get("usage").get("completion_tokens").asLong() > 0);
                continue;
            }
            JsonNode choice = chunk.get("choices").get(0);
            if (!choice.get("finish_reason").isNull()) {
                finish = choice.get("finish_reason").asText();
            } else {
                arguments.append(choice.get("delta")
                        .get("tool_calls")
                        .get(0)
                        .get("function")
                        .get("arguments")
                        .asText());
            }
        }
        assertEquals("tool_calls", finish);
        assertEquals(
                plain.get("tool_calls").get(0).get("function").get("arguments").asText(), arguments.toString());
    }

    @Test
    void requestsWithoutToolsAreAnsweredAsBefore() throws Exception {
        ObjectNode body = body("sim-small", ARITHMETIC, 0);
        body.remove("tools");
        JsonNode choice = post(body).get("choices").get(0);
        assertEquals("stop", choice.get("finish_reason").asText());
        assertTrue(choice.get("message").get("content").isTextual());
        ObjectNode bad = body("sim-small", ARITHMETIC, 0);
        bad.set(
                "tools",
                SimHttp.JSON
                        .createArrayNode()
                        .add(SimHttp.JSON.createObjectNode().put("type", "function")));
        assertEquals(400, SimHttp.post(url, bad).statusCode());
    }

    private static ObjectNode anthropicBody(SimTask task, int index) {
        ObjectNode body = SimHttp.anthropic(
                "sim-large",
                List.of(
                        ChatMessage.system("Answer the question. Use the tools when they help."),
                        ChatMessage.user(task.examples().get(index).inputs().get("question"))),
                256);
        ArrayNode tools = body.putArray("tools");
        for (Tool tool : task.tools()) {
            ObjectNode described = tools.addObject()
                    .put("name", tool.name())
                    .put("description", tool.description().orElse(""));
            described.set("input_schema", tool.parameters());
        }
        return body;
    }

    @Test
    void anthropicToolUseBlocksAndToolResults() throws Exception {
        String messagesUrl = server.rootUrl() + "/v1/messages";
        int correct = 0;
        int calls = 0;
        for (int i = 0; i < 20; i++) {
            SimExample example = LOOKUP.examples().get(i);
            ObjectNode body = anthropicBody(LOOKUP, i);
            ArrayNode messages = (ArrayNode) body.get("messages");
            String answer = null;
            for (int turn = 0; turn < 6 && answer == null; turn++) {
                HttpResponse<String> response =
                        SimHttp.post(messagesUrl, body.toString(), SimHttp.anthropicHeaders(), Duration.ofSeconds(10));
                assertEquals(200, response.statusCode(), response.body());
                JsonNode reply = SimHttp.json(response);
                JsonNode content = reply.get("content");
                if (!reply.get("stop_reason").asText().equals("tool_use")) {
                    assertEquals("end_turn", reply.get("stop_reason").asText());
                    answer = content.get(0).get("text").asText();
                    break;
                }
                calls++;
                messages.addObject().put("role", "assistant").set("content", content);
                ArrayNode results = messages.addObject().put("role", "user").putArray("content");
                for (JsonNode block : content) {
                    assertEquals("tool_use", block.get("type").asText(), content.toString());
                    assertTrue(block.get("id").asText().startsWith("toolu_"));
                    assertTrue(block.get("input").isObject());
                    ObjectNode function = SimHttp.JSON
                            .createObjectNode()
                            .put("name", block.get("name").asText())
                            .put("arguments", block.get("input").toString());
                    results.addObject()
                            .put("type", "tool_result")
                            .put("tool_use_id", block.get("id").asText())
                            .put("content", run(LOOKUP.tools(), function));
                }
            }
            if (example.gold().get("answer").equals(answer)) {
                correct++;
            }
        }
        assertTrue(calls >= 20, "calls: " + calls);
        assertTrue(correct >= 16, correct + " of 20 answered right");

        int index = 0;
        JsonNode plain = null;
        for (; index < LOOKUP.size(); index++) {
            plain = SimHttp.json(SimHttp.post(
                    messagesUrl,
                    anthropicBody(LOOKUP, index).toString(),
                    SimHttp.anthropicHeaders(),
                    Duration.ofSeconds(10)));
            if (plain.get("stop_reason").asText().equals("tool_use")) {
                break;
            }
        }
        HttpResponse<String> streamed = SimHttp.post(
                messagesUrl,
                anthropicBody(LOOKUP, index).put("stream", true).toString(),
                SimHttp.anthropicHeaders(),
                Duration.ofSeconds(10));
        List<String> types = SimHttp.eventTypes(streamed.body());
        assertEquals("message_start", types.get(0));
        assertEquals("message_stop", types.get(types.size() - 1));
        StringBuilder input = new StringBuilder();
        for (String data : SimHttp.dataLines(streamed.body())) {
            JsonNode event = SimHttp.parse(data);
            if (event.path("type").asText().equals("content_block_start")) {
                assertEquals(
                        plain.get("content").get(0).get("id"),
                        event.get("content_block").get("id"));
            }
            if (event.path("delta").path("type").asText().equals("input_json_delta")) {
                input.append(event.get("delta").get("partial_json").asText());
            }
            if (event.path("type").asText().equals("message_delta")) {
                assertEquals("tool_use", event.get("delta").get("stop_reason").asText());
            }
        }
        assertEquals(plain.get("content").get(0).get("input"), SimHttp.parse(input.toString()));
    }

    private static String run(List<Tool> tools, JsonNode function) {
        String name = function.get("name").asText();
        for (Tool tool : tools) {
            if (tool.name().equals(name)) {
                try {
                    return tool.invoke(LenientJson.parseObject(
                                    function.get("arguments").asText()))
                            .join()
                            .text();
                } catch (CompletionException failed) {
                    return "Execution error in " + name + ": "
                            + failed.getCause().getMessage();
                }
            }
        }
        return "Execution error in " + name + ": no such tool";
    }
}
