/**
 * The Model Context Protocol both ways, on the MCP Java SDK: {@link dev.dspj.mcp.McpTools} connects
 * to an MCP server (a child process over stdio, or streamable HTTP) and turns its tools into {@link
 * dev.dspj.tool.Tool}s, as DSPy's {@code Tool.from_mcp_tool} does; {@link dev.dspj.mcp.McpToolServer}
 * publishes DSPJ tools, and programs through {@link dev.dspj.module.ModuleTool}, as an MCP server
 * over stdio or streamable HTTP (the JDK's HTTP server).
 */
@NullMarked
package dev.dspj.mcp;

import org.jspecify.annotations.NullMarked;
