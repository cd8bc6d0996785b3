package dev.dspj.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dspj.adapter.AdapterParseException;
import dev.dspj.adapter.ChatAdapter;
import dev.dspj.codec.Codecs;
import dev.dspj.codec.LenientJson;
import dev.dspj.codec.PythonJson;
import dev.dspj.codec.SchemaDefinitions;
import dev.dspj.codec.ValueCodec;
import dev.dspj.codec.ValueParseException;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmSettings;
import dev.dspj.primitives.Example;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.tool.Tool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * DSPy 3.3.1's ReAct, written out by hand for the simulated model's tests: the {@code react} and
 * {@code extract.predict} signatures with DSPy's exact instructions, formatted by the real Chat
 * adapter, and the loop that runs the task's tools and builds the trajectory string.
 */
final class ReactHarness {

    static final String FINISH_DESCRIPTION = "Marks the task as complete. That is, signals that all information for "
            + "producing the outputs, i.e. `answer`, are now available to be extracted.";

    /** question -> answer, DSPy's default instructions. */
    static final SignatureDescriptor QA = SignatureDescriptor.builder("ToolQa")
            .field(FieldDescriptor.input("question", Codecs.STRING, "", null))
            .field(FieldDescriptor.output("answer", Codecs.STRING, "", null))
            .build();

    private ReactHarness() {}

    /** DSPy's {@code Literal[...]} of the tool names, with its Chat note; an unknown name fails the parse. */
    static final class LiteralCodec implements ValueCodec<String> {
        private final List<String> values;

        LiteralCodec(List<String> values) {
            this.values = List.copyOf(values);
        }

        @Override
        public String typeName() {
            return "Literal[" + values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", ")) + "]";
        }

        @Override
        public ObjectNode schema(SchemaDefinitions definitions) {
            ObjectNode schema = JsonNodeFactory.instance.objectNode();
            schema.put("type", "string");
            values.forEach(schema.withArray("enum")::add);
            return schema;
        }

        @Override
        public String parseText(String text) {
            String value = text.strip();
            if (!values.contains(value)) {
                throw new ValueParseException("expected one of " + values + ", got " + value);
            }
            return value;
        }

        @Override
        public String fromJson(JsonNode node) {
            return parseText(node.asText());
        }

        @Override
        public JsonNode toJson(String value) {
            return TextNode.valueOf(value);
        }

        @Override
        public String outputConstraint() {
            return "must exactly match (no extra characters) one of: " + String.join("; ", values);
        }
    }

    /** DSPy's {@code dict[str, Any]}. */
    static final class DictCodec implements ValueCodec<ObjectNode> {
        @Override
        public String typeName() {
            return "dict[str, Any]";
        }

        @Override
        public ObjectNode schema(SchemaDefinitions definitions) {
            ObjectNode schema = JsonNodeFactory.instance.objectNode();
            schema.put("type", "object");
            schema.put("additionalProperties", true);
            return schema;
        }

        @Override
        public ObjectNode parseText(String text) {
            JsonNode node = LenientJson.parseObject(text);
            if (!node.isObject()) {
                throw new ValueParseException("expected a JSON object, got " + text);
            }
            return (ObjectNode) node;
        }

        @Override
        public ObjectNode fromJson(JsonNode node) {
            if (!node.isObject()) {
                throw new ValueParseException("expected a JSON object, got " + node);
            }
            return (ObjectNode) node;
        }

        @Override
        public JsonNode toJson(ObjectNode value) {
            return value;
        }

        @Override
        public String outputConstraint() {
            return "must adhere to the JSON schema: {\"type\": \"object\", \"additionalProperties\": true}";
        }
    }

    /** ReAct's {@code finish} tool. */
    static Tool finish() {
        return Tool.builder("finish").description(FINISH_DESCRIPTION).function(Codecs.STRING, args -> "Completed.");
    }

    /** DSPy's ReAct instructions for the QA signature with some instructions and tools ({@code finish} added last). */
    static String reactInstructions(String original, List<Tool> tools) {
        List<String> lines = new ArrayList<>();
        lines.add(original + "\n");
        lines.add("You are an Agent. In each episode, you will be given the fields `question` as input. And you can "
                + "see your past trajectory so far.");
        lines.add("Your goal is to use one or more of the supplied tools to collect any necessary information for "
                + "producing `answer`.\n");
        lines.add("To do this, you will interleave next_thought, next_tool_name, and next_tool_args in each turn, and "
                + "also when finishing the task.");
        lines.add(
                "After each tool call, you receive a resulting observation, which gets appended to your trajectory.\n");
        lines.add("When writing next_thought, you may reason about the current situation and plan for future steps.");
        lines.add("When selecting the next_tool_name and its next_tool_args, the tool must be one of:\n");
        List<Tool> all = new ArrayList<>(tools);
        all.add(finish());
        for (int i = 0; i < all.size(); i++) {
            lines.add("(" + (i + 1) + ") " + all.get(i));
        }
        lines.add("When providing `next_tool_args`, the value inside the field must be in JSON format");
        return String.join("\n", lines);
    }

    /** The {@code react} signature. */
    static SignatureDescriptor react(String original, List<Tool> tools) {
        return reactWithInstructions(reactInstructions(original, tools), tools);
    }

    /** The {@code react} signature with whole instructions of its own, as an optimizer may have rewritten them. */
    static SignatureDescriptor reactWithInstructions(String instructions, List<Tool> tools) {
        List<String> names = new ArrayList<>();
        tools.forEach(t -> names.add(t.name()));
        names.add("finish");
        return SignatureDescriptor.builder("react")
                .instructions(instructions)
                .field(FieldDescriptor.input("question", Codecs.STRING, "", null))
                .field(FieldDescriptor.input("trajectory", Codecs.STRING, "", null))
                .field(FieldDescriptor.output("next_thought", Codecs.STRING, "", null))
                .field(FieldDescriptor.output("next_tool_name", new LiteralCodec(names), "", null))
                .field(FieldDescriptor.output("next_tool_args", new DictCodec(), "", null))
                .build();
    }

    /** The {@code extract.predict} signature: chain of thought over the inputs and the trajectory. */
    static SignatureDescriptor extract(String original) {
        return SignatureDescriptor.builder("extract")
                .instructions(original)
                .field(FieldDescriptor.input("question", Codecs.STRING, "", null))
                .field(FieldDescriptor.input("trajectory", Codecs.STRING, "", null))
                .field(SimPrompts.REASONING)
                .field(FieldDescriptor.output("answer", Codecs.STRING, "", null))
                .build();
    }

    /** DSPy's trajectory string: {@code [[ ## key ## ]]\nvalue} blocks joined by a blank line. */
    static String trajectory(Map<String, String> steps) {
        List<String> blocks = new ArrayList<>();
        steps.forEach((key, value) -> blocks.add("[[ ## " + key + " ## ]]\n" + value));
        return String.join("\n\n", blocks);
    }

    /**
     * An episode's outcome.
     *
     * @param answer the extracted answer, or null when it did not parse
     * @param steps the trajectory
     * @param reactCalls calls of the react step
     * @param unparsed whether a react step could not be parsed (which ends the loop)
     */
    record Episode(String answer, Map<String, String> steps, int reactCalls, boolean unparsed) {}

    /** An agent: the model, the two signatures, the react demos and the tools. */
    record Agent(
            LanguageModel model,
            SignatureDescriptor react,
            SignatureDescriptor extract,
            List<Example> demos,
            List<Tool> tools,
            int maxIters,
            LmSettings settings) {

        static Agent of(LanguageModel model, String instructions, List<Tool> tools, int maxIters) {
            return new Agent(
                    model,
                    ReactHarness.react(instructions, tools),
                    ReactHarness.extract(instructions),
                    List.of(),
                    tools,
                    maxIters,
                    LmSettings.DEFAULTS);
        }

        Agent withDemos(List<Example> value) {
            return new Agent(model, react, extract, value, tools, maxIters, settings);
        }

        Agent withSettings(LmSettings value) {
            return new Agent(model, react, extract, demos, tools, maxIters, value);
        }

        /** Runs DSPy's loop on one question. */
        Episode run(String question) {
            Map<String, String> steps = new LinkedHashMap<>();
            int calls = 0;
            boolean unparsed = false;
            for (int i = 0; i < maxIters; i++) {
                List<ChatMessage> messages = ChatAdapter.INSTANCE.format(
                        react, demos, Map.of("question", question, "trajectory", trajectory(steps)));
                calls++;
                String text = model.complete(new LmRequest(messages, settings)).text();
                Map<String, Object> parsed;
                try {
                    parsed = ChatAdapter.INSTANCE.parse(react, text);
                } catch (AdapterParseException bad) {
                    unparsed = true;
                    break;
                }
                String name = (String) parsed.get("next_tool_name");
                ObjectNode args = (ObjectNode) parsed.get("next_tool_args");
                steps.put("thought_" + i, (String) parsed.get("next_thought"));
                steps.put("tool_name_" + i, name);
                steps.put("tool_args_" + i, PythonJson.dumps(args));
                steps.put("observation_" + i, observe(name, args));
                if (name.equals("finish")) {
                    break;
                }
            }
            List<ChatMessage> messages = ChatAdapter.INSTANCE.format(
                    extract, List.of(), Map.of("question", question, "trajectory", trajectory(steps)));
            String text = model.complete(new LmRequest(messages, settings)).text();
            String answer =
                    String.valueOf(ChatAdapter.INSTANCE.parse(extract, text).get("answer"));
            return new Episode(answer, steps, calls, unparsed);
        }

        private String observe(String name, ObjectNode args) {
            if (name.equals("finish")) {
                return "Completed.";
            }
            for (Tool tool : tools) {
                if (tool.name().equals(name)) {
                    try {
                        return tool.invoke(args).join().text();
                    } catch (CompletionException failed) {
                        return "Execution error in " + name + ": \n"
                                + failed.getCause().getMessage();
                    }
                }
            }
            return "Execution error in " + name + ": \nno tool named " + name;
        }
    }

    /**
     * Good ReAct demos: for each of {@code count} examples after {@code index}, the first step (the
     * expected tool with the exact argument) when {@code k} is even, the finishing step after the
     * right observation when odd.
     */
    static List<Example> goodDemos(SimTask task, int index, int count) {
        List<Example> demos = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            SimExample shown = task.examples().get((index + k) % task.size());
            demos.add(demo(task, shown, k % 2 == 1, true));
        }
        return demos;
    }

    /** A demo of one step on an example: the first (a call) or the last (finish), right or wrong. */
    static Example demo(SimTask task, SimExample shown, boolean first, boolean right) {
        String tool = task.expectedTool().orElseThrow();
        Map.Entry<String, String> argument = task.expectedArguments(shown.id())
                .orElseThrow()
                .entrySet()
                .iterator()
                .next();
        ObjectNode args = JsonNodeFactory.instance.objectNode().put(argument.getKey(), argument.getValue());
        String question = shown.inputs().get("question");
        if (first) {
            ObjectNode shownArgs =
                    right ? args : JsonNodeFactory.instance.objectNode().put(argument.getKey(), "?");
            return Example.of(
                            "question", question,
                            "trajectory", "",
                            "next_thought", "I will use " + tool + ".",
                            "next_tool_name", tool,
                            "next_tool_args", shownArgs)
                    .withInputs(java.util.Set.of("question", "trajectory"));
        }
        Map<String, String> steps = new LinkedHashMap<>();
        steps.put("thought_0", "I will use " + tool + ".");
        steps.put("tool_name_0", tool);
        steps.put("tool_args_0", PythonJson.dumps(args));
        steps.put(
                "observation_0",
                String.valueOf(task.tools().stream()
                        .filter(t -> t.name().equals(tool))
                        .findFirst()
                        .orElseThrow()
                        .invoke(args)
                        .join()
                        .text()));
        return Example.of(
                        "question",
                        question,
                        "trajectory",
                        trajectory(steps),
                        "next_thought",
                        "I have what I need.",
                        "next_tool_name",
                        right ? "finish" : tool,
                        "next_tool_args",
                        JsonNodeFactory.instance.objectNode())
                .withInputs(java.util.Set.of("question", "trajectory"));
    }
}
