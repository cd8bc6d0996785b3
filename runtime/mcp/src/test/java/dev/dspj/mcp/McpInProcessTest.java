package dev.dspj.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.tool.Tool;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Client and server in one process over two pipes, in MCP's stdio framing: no network, no child process. */
class McpInProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aClientAndAServerTalkOverPipes() throws Exception {
        Pipe toServer = Pipe.open();
        Pipe toClient = Pipe.open();
        McpToolServer server = McpToolServer.builder("in-process")
                .tool(TestTools.echo())
                .tool(TestTools.fail())
                .startStdio(Channels.newInputStream(toServer.source()), Channels.newOutputStream(toClient.sink()));
        try (McpTools client = McpTools.streams(
                        "in-process",
                        Channels.newInputStream(toClient.source()),
                        Channels.newOutputStream(toServer.sink()))
                .connect()) {
            assertEquals("in-process", client.server());
            assertEquals(
                    List.of("echo", "fail"),
                    client.tools().stream().map(Tool::name).toList());
            Tool echo = client.tool("echo").orElseThrow();
            assertEquals(
                    "abab",
                    echo.invoke(JSON.readTree("{\"text\": \"ab\", \"times\": 2}"))
                            .get(10, TimeUnit.SECONDS)
                            .value());
            CompletionException failed = assertThrows(
                    CompletionException.class,
                    () -> client.tool("fail").orElseThrow().invoke(null).join());
            assertTrue(failed.getCause().getMessage().contains("Failed to call a MCP tool: IllegalStateException"));

            LinkedBlockingQueue<List<String>> seen = new LinkedBlockingQueue<>();
            client.onToolsChanged(
                    tools -> seen.add(tools.stream().map(Tool::name).toList()));
            server.addTool(TestTools.add());
            assertEquals(List.of("echo", "fail", "add"), seen.poll(10, TimeUnit.SECONDS));
        } finally {
            server.close();
        }
        assertThrows(IllegalStateException.class, server::port, "a stdio server has no port");
    }
}
