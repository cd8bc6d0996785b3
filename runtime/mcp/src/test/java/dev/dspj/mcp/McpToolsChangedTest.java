package dev.dspj.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.tool.Tool;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code notifications/tools/list_changed}: the server adds and removes tools, the client follows. */
class McpToolsChangedTest {

    @Test
    void theClientFollowsTheServersToolList() throws Exception {
        try (McpToolServer server =
                        McpToolServer.builder("changing").tool(TestTools.echo()).startHttp("127.0.0.1", 0);
                McpTools client = McpTools.http(server.url()).connect()) {
            LinkedBlockingQueue<List<String>> seen = new LinkedBlockingQueue<>();
            client.onToolsChanged(
                    tools -> seen.add(tools.stream().map(Tool::name).toList()));
            assertEquals(List.of("echo"), names(client));

            server.addTool(TestTools.add());
            assertEquals(List.of("echo", "add"), seen.poll(10, TimeUnit.SECONDS));
            assertEquals(List.of("echo", "add"), names(client));
            assertEquals(List.of("echo", "add"), server.toolNames());

            assertTrue(server.removeTool("echo"));
            assertEquals(List.of("add"), seen.poll(10, TimeUnit.SECONDS));
            assertEquals(List.of("add"), names(client));
            assertEquals(
                    List.of("add"), client.refresh().stream().map(Tool::name).toList());
            assertTrue(!server.removeTool("echo"));
            assertThrows(IllegalArgumentException.class, () -> server.addTool(TestTools.add()));
        }
    }

    private static List<String> names(McpTools client) {
        return client.tools().stream().map(Tool::name).toList();
    }
}
