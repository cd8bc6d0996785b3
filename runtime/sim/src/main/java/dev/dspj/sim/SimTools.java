package dev.dspj.sim;

import dev.dspj.codec.Codecs;
import dev.dspj.tool.Tool;
import dev.dspj.tool.ToolArgument;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The tools of the tool-use tasks: a calculator and a directory lookup, real {@link Tool}s. */
final class SimTools {

    static final String CALCULATOR_DESCRIPTION = "Evaluates an arithmetic expression exactly and returns its value. "
            + "Supports integers, decimals, + - * / and parentheses.";
    static final String LOOKUP_DESCRIPTION =
            "Looks up a person in the directory by their exact full name and returns what is known about them.";

    private SimTools() {}

    /** {@code calculator(expression: str) -> str}: {@link Calculator}; a bad expression fails the call. */
    static Tool calculator() {
        ToolArgument<String> expression = ToolArgument.of(
                "expression", Codecs.STRING, "the arithmetic expression to evaluate, for example (12 + 3) * 4");
        return Tool.builder(ToolSpec.Kind.CALCULATOR.toolName())
                .description(CALCULATOR_DESCRIPTION)
                .arguments(expression)
                .function(Codecs.STRING, args -> Calculator.evaluate(args.get(expression)));
    }

    /**
     * {@code lookup(name: str) -> str}: the fact about the person of that name (case and spacing
     * ignored), or {@code No entry found for 'NAME'.}
     *
     * @param facts full name to fact, in any order
     */
    static Tool lookup(Map<String, String> facts) {
        Map<String, String> byKey = new LinkedHashMap<>();
        facts.forEach((name, fact) -> byKey.put(key(name), fact));
        ToolArgument<String> name = ToolArgument.of("name", Codecs.STRING, "the person's exact full name");
        return Tool.builder(ToolSpec.Kind.LOOKUP.toolName())
                .description(LOOKUP_DESCRIPTION)
                .arguments(name)
                .function(Codecs.STRING, args -> {
                    String asked = args.get(name);
                    String fact = byKey.get(key(asked));
                    return fact != null ? fact : "No entry found for '" + asked.strip() + "'.";
                });
    }

    private static String key(String name) {
        return name.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
