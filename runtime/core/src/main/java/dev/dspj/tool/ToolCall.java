package dev.dspj.tool;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One call a model asked for: which tool, with which arguments (and the provider's id for it, when
 * function calling gave one).
 *
 * @param id the provider's call id, or null
 * @param name the tool's name
 * @param args the arguments as a JSON object
 */
public record ToolCall(@Nullable String id, String name, ObjectNode args) {

    /**
     * Checks the values and copies the arguments.
     *
     * @throws NullPointerException naming a missing value
     */
    public ToolCall {
        Objects.requireNonNull(name, "name");
        args = Objects.requireNonNull(args, "args").deepCopy();
    }

    /**
     * A call without an id.
     *
     * @param name the tool's name
     * @param args the arguments
     * @return the call
     */
    public static ToolCall of(String name, ObjectNode args) {
        return new ToolCall(null, name, args);
    }

    /**
     * A call without arguments or id.
     *
     * @param name the tool's name
     * @return the call
     */
    public static ToolCall of(String name) {
        return new ToolCall(null, name, JsonNodeFactory.instance.objectNode());
    }

    /**
     * The provider's call id.
     *
     * @return the id, or empty
     */
    public Optional<String> callId() {
        return Optional.ofNullable(id);
    }

    /**
     * The arguments; a copy, since JSON nodes can be changed.
     *
     * @return the arguments
     */
    @Override
    public ObjectNode args() {
        return args.deepCopy();
    }

    /**
     * Runs the call on the tool of its name (DSPy's {@code ToolCall.execute}).
     *
     * @param tools the tools to choose from
     * @return the result; fails with a {@link ToolException} when no tool has the name, the
     *     arguments are wrong or the tool fails
     */
    public CompletableFuture<ToolResult> execute(Collection<Tool> tools) {
        for (Tool tool : tools) {
            if (tool.name().equals(name)) {
                return tool.invoke(args);
            }
        }
        return CompletableFuture.failedFuture(new ToolException(
                name,
                "Tool function '" + name + "' not found. Available tools: "
                        + tools.stream().map(Tool::name).toList(),
                true,
                null));
    }
}
