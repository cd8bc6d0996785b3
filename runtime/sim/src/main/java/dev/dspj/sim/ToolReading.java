package dev.dspj.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dspj.codec.LenientJson;
import dev.dspj.codec.ValueParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads what a tool-use prompt shows: the tools DSPy's ReAct lists in its instructions, the
 * trajectory blocks of its {@code trajectory} input, and whether an observation holds the answer.
 */
final class ToolReading {

    /** The first of ReAct's fixed sentences: the tool list follows it. */
    static final String AGENT_SENTENCE = "You are an Agent. In each episode";

    static final String FINISH = "finish";
    static final String ERROR_PREFIX = "Execution error in ";

    private static final Pattern TOOL_LINE = Pattern.compile(
            "^\\s*\\(\\d+\\)\\s+([A-Za-z0-9_-]+)(?:, whose description is <desc>(.*?)</desc>)?\\. It takes arguments (.*)\\.\\s*$",
            Pattern.MULTILINE);

    private ToolReading() {}

    /** Whether the outputs are a ReAct step's: {@code next_tool_name} and {@code next_tool_args}. */
    static boolean isReactStep(List<FieldSpec> outputs) {
        boolean name = false;
        boolean args = false;
        for (FieldSpec field : outputs) {
            name |= field.name().equals("next_tool_name");
            args |= field.name().equals("next_tool_args");
        }
        return name && args;
    }

    /** The tools listed in ReAct instructions, {@code finish} included, in order. */
    static List<ListedTool> listedTools(String system) {
        List<ListedTool> tools = new ArrayList<>();
        int start = system.indexOf(AGENT_SENTENCE);
        if (start < 0) {
            return tools;
        }
        Matcher line = TOOL_LINE.matcher(system.substring(start));
        while (line.find()) {
            String description = line.group(2) == null ? "" : line.group(2);
            tools.add(new ListedTool(line.group(1), description, pythonDictKeys(line.group(3))));
        }
        return tools;
    }

    /** The top-level keys of a Python dict's repr, such as {@code {'x': {'type': 'integer'}}}, in order. */
    static List<String> pythonDictKeys(String repr) {
        List<String> keys = new ArrayList<>();
        int depth = 0;
        int i = 0;
        while (i < repr.length()) {
            char c = repr.charAt(i);
            if (c == '\'' || c == '"') {
                int end = i + 1;
                StringBuilder text = new StringBuilder();
                while (end < repr.length() && repr.charAt(end) != c) {
                    if (repr.charAt(end) == '\\' && end + 1 < repr.length()) {
                        end++;
                    }
                    text.append(repr.charAt(end));
                    end++;
                }
                int after = end + 1;
                while (after < repr.length() && repr.charAt(after) == ' ') {
                    after++;
                }
                if (depth == 1 && after < repr.length() && repr.charAt(after) == ':') {
                    keys.add(text.toString());
                }
                i = end + 1;
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
            i++;
        }
        return keys;
    }

    /** The trajectory blocks of a user message's sections: {@code tool_name_i}, {@code tool_args_i}, {@code observation_i}. */
    static List<TrajectoryStep> trajectory(Map<String, String> sections) {
        List<TrajectoryStep> steps = new ArrayList<>();
        for (int i = 0; ; i++) {
            String name = sections.get("tool_name_" + i);
            if (name == null) {
                return steps;
            }
            steps.add(new TrajectoryStep(
                    name, sections.getOrDefault("tool_args_" + i, "{}"), sections.get("observation_" + i)));
        }
    }

    /** Whether some step's observation holds the gold answer (and is no error). */
    static boolean observed(List<TrajectoryStep> steps, String gold) {
        for (TrajectoryStep step : steps) {
            if (step.observation() != null && holds(step.observation(), gold)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an observation holds the gold answer as a whole word, case ignored, and is no error; a
     * whole number may be written as a float ({@code 1728640.0}, as a tool returning a double shows
     * it), not with other decimals.
     */
    static boolean holds(String observation, String gold) {
        if (observation.startsWith(ERROR_PREFIX) || gold.isBlank()) {
            return false;
        }
        Pattern word = Pattern.compile(
                "(?<![\\w.])" + Pattern.quote(gold.strip()) + "(?!\\w)(?!\\.0*[1-9])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        return word.matcher(observation).find();
    }

    /**
     * The listed tool that does a kind's job: the one of the kind's own name (case ignored), else
     * the first whose name or description holds one of the kind's keywords; never {@code finish}.
     */
    static @Nullable ListedTool expected(ToolSpec.Kind kind, List<ListedTool> tools) {
        for (ListedTool tool : tools) {
            if (tool.name().toLowerCase(Locale.ROOT).equals(kind.toolName())) {
                return tool;
            }
        }
        for (ListedTool tool : tools) {
            if (!tool.name().equals(FINISH) && kind.describedBy(tool.name(), tool.description())) {
                return tool;
            }
        }
        return null;
    }

    /** The argument key a call of a listed tool uses: its first argument, or the kind's own. */
    static String argumentKey(@Nullable ListedTool tool, ToolSpec.Kind kind) {
        return tool == null || tool.argumentNames().isEmpty()
                ? kind.argumentName()
                : tool.argumentNames().get(0);
    }

    /** Whether a call's arguments hold a value under a key, whitespace and case aside. */
    static boolean argumentIs(String arguments, String key, String value) {
        JsonNode object;
        try {
            object = LenientJson.parseObject(arguments);
        } catch (ValueParseException notJson) {
            return false;
        }
        JsonNode given = object.get(key);
        return given != null
                && given.isTextual()
                && TextNormalizer.normalize(given.textValue()).equals(TextNormalizer.normalize(value));
    }
}
