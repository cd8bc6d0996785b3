package dev.dspj.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.tool.Tool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The client starting the test tools' server as a child process and speaking MCP over its stdio. */
class McpStdioTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static McpTools.Builder child(String... mode) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> args = new java.util.ArrayList<>(
                List.of("-cp", System.getProperty("java.class.path"), EchoToolsServer.class.getName()));
        args.addAll(List.of(mode));
        return McpTools.stdio(java, args.toArray(String[]::new))
                .env("DSPJ_TEST", "1")
                .timeout(Duration.ofSeconds(5))
                .connectTimeout(Duration.ofSeconds(30));
    }

    private static List<ProcessHandle> children() {
        return ProcessHandle.current()
                .descendants()
                .filter(process -> process.info().commandLine().orElse("").contains(EchoToolsServer.class.getName()))
                .filter(ProcessHandle::isAlive)
                .toList();
    }

    @Test
    void aChildProcessServesItsToolsAndEndsWithTheSession() throws Exception {
        McpTools tools = child().connect();
        try {
            assertEquals(
                    List.of("echo", "add", "count", "fail", "slow", "huge"),
                    tools.tools().stream().map(Tool::name).toList());
            assertTrue(tools.server().contains(EchoToolsServer.class.getName()), tools.server());
            Tool add = tools.tool("add").orElseThrow();
            assertEquals(
                    "42",
                    add.invoke(JSON.readTree("{\"a\": 40, \"b\": 2}"))
                            .get(10, TimeUnit.SECONDS)
                            .value());
            CompletionException failed = assertThrows(
                    CompletionException.class,
                    () -> tools.tool("fail")
                            .orElseThrow()
                            .invoke(JSON.readTree("{}"))
                            .join());
            assertTrue(failed.getCause().getMessage().contains("Failed to call a MCP tool: IllegalStateException"));
            assertFalse(children().isEmpty(), "the server runs as a child process");
        } finally {
            tools.close();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!children().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), children(), "close() ends the child process");
    }

    @Test
    void aCommandThatIsNotFoundIsNamed() {
        McpException thrown = assertThrows(
                McpException.class,
                () -> McpTools.stdio("/nonexistent/dspj-mcp-server", "--flag").connect());
        assertTrue(
                thrown.getMessage()
                        .startsWith(
                                "could not start MCP server /nonexistent/dspj-mcp-server --flag: command not found"),
                thrown.getMessage());
    }

    @Test
    void aCommandNotOnThePathIsNamed() {
        McpException thrown = assertThrows(
                McpException.class,
                () -> McpTools.stdio("dspj-no-such-mcp-server").connect());
        assertEquals(
                "could not start MCP server dspj-no-such-mcp-server: command not found or not executable:"
                        + " dspj-no-such-mcp-server",
                thrown.getMessage());
    }

    @Test
    void aServerThatDoesNotAnswerIsNamedAfterTheConnectTimeout() {
        McpException thrown = assertThrows(
                McpException.class,
                () -> child("silent").connectTimeout(Duration.ofSeconds(3)).connect());
        assertTrue(thrown.getMessage().startsWith("MCP server "), thrown.getMessage());
        assertTrue(thrown.getMessage().contains(" silent did not answer within 3 s"), thrown.getMessage());
    }

    @Test
    void aProtocolVersionTheClientDoesNotSpeakIsNamed() {
        McpException thrown =
                assertThrows(McpException.class, () -> child("old-protocol").connect());
        assertTrue(thrown.getMessage().contains("old-protocol refused the protocol"), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("1999-01-01"), thrown.getMessage());
    }
}
