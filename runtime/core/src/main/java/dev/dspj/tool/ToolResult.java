package dev.dspj.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dspj.codec.PythonJson;
import org.jspecify.annotations.Nullable;

/**
 * What a tool call returned: the Java value and its JSON form (through the tool's result codec).
 *
 * @param value the value the function returned, or null
 * @param json its JSON form ({@code null} node for none)
 */
public record ToolResult(@Nullable Object value, JsonNode json) {

    /**
     * The result as a prompt shows a value (DSPy's {@code format_field_value}): text as it is,
     * numbers and booleans as Python prints them, containers as JSON, {@code None} for none.
     *
     * @return the text
     */
    public String text() {
        return PythonJson.formatForPrompt(json);
    }
}
