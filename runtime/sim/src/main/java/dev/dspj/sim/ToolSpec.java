package dev.dspj.sim;

import dev.dspj.tool.Tool;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a tool-use task expects of an agent: the tool to call, the exact argument each example
 * needs (and the plausible wrong ones a model writes instead), the tools the task offers, and how
 * much harder the task is answered without the tool. Immutable.
 */
final class ToolSpec {

    /** The two kinds of tool the simulated model knows how to use. */
    enum Kind {
        /** Evaluates an arithmetic expression. */
        CALCULATOR("calculator", "expression", List.of("calculat", "arithmetic", "evaluat", "math")),
        /** Looks an entity up by name. */
        LOOKUP("lookup", "name", List.of("lookup", "look up", "look-up", "directory", "encyclopedia", "search"));

        private final String toolName;
        private final String argumentName;

        @SuppressWarnings("ImmutableEnumChecker") // an unmodifiable list of strings
        private final List<String> keywords;

        Kind(String toolName, String argumentName, List<String> keywords) {
            this.toolName = toolName;
            this.argumentName = argumentName;
            this.keywords = keywords;
        }

        /** The tool's name in the task's own tools. */
        String toolName() {
            return toolName;
        }

        /** The argument's name in the task's own tools. */
        String argumentName() {
            return argumentName;
        }

        /** Whether a tool of another name does this job: its name or description holds one of the keywords. */
        boolean describedBy(String name, String description) {
            String text = (name + " " + description).toLowerCase(Locale.ROOT);
            for (String keyword : keywords) {
                if (text.contains(keyword)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The arguments of one example.
     *
     * @param exact the argument that gets the right observation
     * @param wrongValue a near miss that gets a wrong observation (a digit slip, a distractor's name)
     * @param malformed one the tool rejects or finds nothing for
     */
    record Arguments(String exact, String wrongValue, String malformed) {}

    private final Kind kind;
    private final double unaidedPenalty;
    private final Map<String, Arguments> arguments;
    private final List<Tool> tools;

    ToolSpec(Kind kind, double unaidedPenalty, Map<String, Arguments> arguments, List<Tool> tools) {
        this.kind = kind;
        this.unaidedPenalty = unaidedPenalty;
        this.arguments = Map.copyOf(arguments);
        this.tools = List.copyOf(tools);
    }

    Kind kind() {
        return kind;
    }

    /** How much lower the logit of a correct answer is without the tool's observation than {@link Competence} says. */
    double unaidedPenalty() {
        return unaidedPenalty;
    }

    /** The arguments of an example of the task. */
    Arguments arguments(String exampleId) {
        return Objects.requireNonNull(arguments.get(exampleId), "arguments of a task example");
    }

    List<Tool> tools() {
        return tools;
    }
}
