package dev.dspj.lm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.tool.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Tools offered to a model through native function calling (OpenAI's {@code tools}, Anthropic's
 * {@code tools}), with the tool choice and whether calls may run in parallel. Immutable; two
 * values are equal when they send the same JSON.
 */
public final class FunctionTools {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final List<ObjectNode> functions;
    private final String json;
    private final @Nullable String choice;
    private final @Nullable Boolean parallel;

    private FunctionTools(List<ObjectNode> functions, @Nullable String choice, @Nullable Boolean parallel) {
        this.functions = functions;
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        functions.forEach(array::add);
        this.json = array.toString();
        this.choice = choice;
        this.parallel = parallel;
    }

    /**
     * The tools as functions ({@link Tool#toFunctionCall()}), the model choosing whether to call.
     *
     * @param tools the tools
     * @return the value
     * @throws IllegalArgumentException when there is no tool
     */
    public static FunctionTools of(List<Tool> tools) {
        if (tools.isEmpty()) {
            throw new IllegalArgumentException("function calling needs at least one tool");
        }
        List<ObjectNode> functions = new ArrayList<>();
        for (Tool tool : tools) {
            functions.add(tool.toFunctionCall());
        }
        return new FunctionTools(List.copyOf(functions), null, null);
    }

    /**
     * These tools with a tool choice: {@code auto}, {@code required}, {@code none}, or a tool's name
     * (that tool must be called).
     *
     * @param value the choice
     * @return a copy
     */
    public FunctionTools withChoice(String value) {
        return new FunctionTools(functions, Objects.requireNonNull(value, "choice"), parallel);
    }

    /**
     * These tools allowing (or not) several calls in one answer; sent with {@code tool_choice: auto}
     * when no choice is set, as DSPy does.
     *
     * @param value whether calls may be parallel
     * @return a copy
     */
    public FunctionTools withParallelToolCalls(boolean value) {
        return new FunctionTools(functions, choice, value);
    }

    /**
     * The functions, OpenAI-shaped: {@code {"type": "function", "function": {name, description,
     * parameters}}}.
     *
     * @return copies
     */
    public List<ObjectNode> functions() {
        return functions.stream().map(ObjectNode::deepCopy).toList();
    }

    /**
     * The functions as one JSON array, written once.
     *
     * @return the JSON text
     */
    public String functionsJson() {
        return json;
    }

    /**
     * The tool choice.
     *
     * @return the choice, or empty for the provider's default
     */
    public Optional<String> choice() {
        return Optional.ofNullable(choice != null ? choice : parallel != null ? "auto" : null);
    }

    /**
     * Whether calls may be parallel.
     *
     * @return the flag, or empty for the provider's default
     */
    public Optional<Boolean> parallelToolCalls() {
        return Optional.ofNullable(parallel);
    }

    /**
     * The functions' JSON parsed again, for a request tree.
     *
     * @return a new array
     */
    public JsonNode functionsTree() {
        try {
            return MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("tools JSON written by this class did not parse", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FunctionTools other
                && json.equals(other.json)
                && Objects.equals(choice, other.choice)
                && Objects.equals(parallel, other.parallel);
    }

    @Override
    public int hashCode() {
        return Objects.hash(json, choice, parallel);
    }

    @Override
    public String toString() {
        return "FunctionTools"
                + functions.stream()
                        .map(f -> f.path("function").path("name").asText())
                        .toList() + (choice == null ? "" : " choice=" + choice)
                + (parallel == null ? "" : " parallel=" + parallel);
    }
}
