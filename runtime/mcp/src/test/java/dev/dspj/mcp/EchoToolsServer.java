package dev.dspj.mcp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The test tools as an MCP server over stdio, for tests to start as a child process: {@code java
 * -cp <test classpath> dev.dspj.mcp.EchoToolsServer}. With {@code silent} it reads and never
 * answers; with {@code old-protocol} it answers {@code initialize} with a protocol version no client
 * supports.
 */
public final class EchoToolsServer {

    private EchoToolsServer() {}

    /**
     * Serves until the client closes standard input.
     *
     * @param args nothing, {@code silent} or {@code old-protocol}
     * @throws Exception when serving fails
     */
    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "serve" : args[0];
        if (mode.equals("silent")) {
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
            return;
        }
        if (mode.equals("old-protocol")) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            String line;
            while ((line = in.readLine()) != null) {
                if (line.contains("\"initialize\"")) {
                    String id = line.replaceAll(".*\"id\"\\s*:\\s*(\"[^\"]*\"|[0-9]+).*", "$1");
                    out.println("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"protocolVersion\":\"1999-01-01\","
                            + "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"old\",\"version\":\"0\"}}}");
                }
            }
            return;
        }
        McpToolServer.builder("echo-tools").tools(TestTools.all()).startStdio().awaitInputClosed();
    }
}
