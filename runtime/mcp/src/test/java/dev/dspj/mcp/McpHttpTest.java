package dev.dspj.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.tool.Tool;
import dev.dspj.tool.ToolException;
import dev.dspj.tool.ToolResult;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client and the server in one JVM, over streamable HTTP on 127.0.0.1. */
class McpHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static McpToolServer server;
    private static McpTools client;

    @BeforeAll
    static void start() {
        server = McpToolServer.builder("test-tools").tools(TestTools.all()).startHttp("127.0.0.1", 0);
        client = McpTools.http(server.url()).timeout(Duration.ofSeconds(2)).connect();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static Object call(McpTools tools, String name, String arguments) throws Exception {
        Tool tool = tools.tool(name).orElseThrow();
        ToolResult result = tool.invoke(JSON.readTree(arguments)).get(10, TimeUnit.SECONDS);
        return result.value();
    }

    private static ToolException failure(McpTools tools, String name, String arguments) throws Exception {
        Tool tool = tools.tool(name).orElseThrow();
        CompletionException thrown = assertThrows(
                CompletionException.class,
                () -> tool.invoke(JSON.readTree(arguments)).join());
        return assertInstanceOf(ToolException.class, thrown.getCause());
    }

    @Test
    void theServersToolsBecomeToolsWithTheirNamesDescriptionsAndSchemas() {
        assertEquals(
                List.of("echo", "add", "count", "fail", "slow", "huge"),
                client.tools().stream().map(Tool::name).toList());
        assertTrue(server.url().startsWith("http://127.0.0.1:"), server.url());
        assertTrue(client.serverInfo().startsWith("test-tools"), client.serverInfo());
        Tool echo = client.tool("echo").orElseThrow();
        assertEquals("Echoes the text back.", echo.description().orElseThrow());
        assertEquals(
                "{\"text\":{\"type\":\"string\",\"description\":\"what to echo (Required)\"},"
                        + "\"times\":{\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"null\"}],\"default\":null,"
                        + "\"description\":\"how many times\"}}",
                echo.args().toString());
        assertEquals("[\"text\"]", echo.parameters().get("required").toString());
        assertEquals("str", echo.arguments().get(0).codec().typeName());
        assertEquals("Any", echo.arguments().get(1).codec().typeName(), "a union is untyped, as in DSPy");
        Tool add = client.tool("add").orElseThrow();
        assertEquals(
                "No description provided. (Required)", add.arguments().get(1).description());
        Tool count = client.tool("count").orElseThrow();
        assertEquals("list", count.arguments().get(0).codec().typeName());
        assertEquals(Duration.ofSeconds(2), echo.timeout().orElseThrow());
    }

    @Test
    void aCallReturnsTheTextOfTheResult() throws Exception {
        assertEquals("hi", call(client, "echo", "{\"text\": \"hi\"}"));
        assertEquals("hihihi", call(client, "echo", "{\"text\": \"hi\", \"times\": 3}"));
        assertEquals("5", call(client, "add", "{\"a\": 2, \"b\": 3}"));
        assertEquals("{\"words\": 2, \"letters\": 8}", call(client, "count", "{\"words\": [\"four\", \"more\"]}"));
    }

    @Test
    void structuredModeReturnsTheStructuredContent() throws Exception {
        try (McpTools structured =
                McpTools.http(server.url()).resultMode("structured").connect()) {
            Object counted = call(structured, "count", "{\"words\": [\"a\", \"bb\"]}");
            assertEquals(JSON.readTree("{\"words\": 2, \"letters\": 3}"), counted);
            assertEquals("5", call(structured, "add", "{\"a\": 2, \"b\": 3}"), "no structured content: the text");
        }
    }

    @Test
    void anUnsupportedResultModeIsNamed() {
        IllegalArgumentException thrown = assertThrows(
                IllegalArgumentException.class,
                () -> McpTools.http(server.url()).resultMode("json"));
        assertTrue(thrown.getMessage().startsWith("Unsupported MCP result mode: 'json'"), thrown.getMessage());
    }

    @Test
    void aToolThatThrowsFailsTheCallWithTheServersMessage() throws Exception {
        ToolException failed = failure(client, "fail", "{}");
        assertTrue(
                failed.getMessage().contains("Failed to call a MCP tool: IllegalStateException: the disk is full"),
                failed.getMessage());
        assertFalse(failed.isArgumentError());
    }

    @Test
    void aHangingToolTimesOut() throws Exception {
        long started = System.nanoTime();
        ToolException failed = failure(client, "slow", "{}");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(
                failed.getMessage().contains("Failed to call a MCP tool: slow did not answer within 2 s"),
                failed.getMessage());
        assertTrue(millis < 8_000, "timed out after " + millis + " ms");
        assertEquals("5", call(client, "add", "{\"a\": 2, \"b\": 3}"), "the session still works");
    }

    @Test
    void aHugeResultArrivesWhole() throws Exception {
        Object text = call(client, "huge", "{\"size\": 3000000}");
        assertEquals(3_000_000, ((String) text).length());
    }

    @Test
    void malformedArgumentsAreRefusedBeforeTheCall() throws Exception {
        ToolException failed = failure(client, "add", "{\"a\": \"two\", \"b\": 3}");
        assertTrue(failed.isArgumentError());
        assertTrue(failed.getMessage().startsWith("Arg a is invalid"), failed.getMessage());
        assertTrue(failure(client, "add", "{\"b\": 3}").getMessage().contains("Arg a is required"));
    }

    @Test
    void theServerAnswersMalformedArgumentsAndUnknownToolsWithoutCrashing() {
        try (McpSyncClient raw = McpClient.sync(
                        HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + server.port())
                                .endpoint(McpToolServer.ENDPOINT)
                                .jsonMapper(McpJson.SDK_MAPPER)
                                .build())
                .jsonSchemaValidator(McpJson.ACCEPT_ALL)
                .requestTimeout(Duration.ofSeconds(5))
                .build()) {
            raw.initialize();
            McpSchema.CallToolResult bad = raw.callTool(McpSchema.CallToolRequest.builder("add")
                    .arguments(Map.of("a", "two", "b", 3))
                    .build());
            assertTrue(bad.isError());
            String text = ((McpSchema.TextContent) bad.content().get(0)).text();
            assertTrue(text.startsWith("Arg a is invalid"), text);
            McpSchema.CallToolResult unknown = raw.callTool(McpSchema.CallToolRequest.builder("add")
                    .arguments(Map.of("a", 1, "b", 2, "c", 3))
                    .build());
            assertTrue(unknown.isError());
            McpError missing = assertThrows(
                    McpError.class,
                    () -> raw.callTool(McpSchema.CallToolRequest.builder("nope")
                            .arguments(Map.of())
                            .build()));
            assertTrue(String.valueOf(missing.getJsonRpcError().data()).contains("nope"), missing.toString());
            McpSchema.CallToolResult fine = raw.callTool(McpSchema.CallToolRequest.builder("add")
                    .arguments(Map.of("a", 1, "b", 2))
                    .build());
            assertFalse(fine.isError());
            assertEquals("3", ((McpSchema.TextContent) fine.content().get(0)).text());
        }
    }

    @Test
    void aToolTheServerWithdrewFailsWithTheServersWords() throws Exception {
        McpToolServer other =
                McpToolServer.builder("other").tool(TestTools.echo()).startHttp("127.0.0.1", 0);
        try (McpTools tools = McpTools.http(other.url()).connect()) {
            Tool echo = tools.tool("echo").orElseThrow();
            other.removeTool("echo");
            CompletionException thrown = assertThrows(
                    CompletionException.class,
                    () -> echo.invoke(JSON.readTree("{\"text\":\"a\"}")).join());
            String message = thrown.getCause().getMessage();
            assertTrue(message.contains("Failed to call a MCP tool: Unknown tool"), message);
            assertTrue(message.contains("Tool not found: echo"), message);
        } finally {
            other.close();
        }
    }

    @Test
    void aBrowserPageFromElsewhereIsRefused() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url()))
                .header("Accept", "application/json, text/event-stream")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"));
        HttpResponse<String> foreign = http.send(
                request.copy().header("Origin", "https://evil.example").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, foreign.statusCode());
        HttpResponse<String> local = http.send(
                request.copy().header("Origin", "http://localhost:3000").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, local.statusCode(), "allowed, then refused for its missing session: " + local.body());
        assertTrue(local.body().contains("Session ID required"), local.body());
        assertFalse(JdkStreamableServerTransport.localOrigin("not a uri at all ::"));
    }

    @Test
    void theStructuredContentOfAnObjectResultIsSent() throws Exception {
        JsonNode counted = JSON.readTree(String.valueOf(call(client, "count", "{\"words\": []}")));
        assertEquals(0, counted.get("words").asInt());
    }
}
