package dev.dspj.adapter;

import dev.dspj.codec.ValueCodec;
import dev.dspj.codec.ValueParseException;
import dev.dspj.data.Example;
import dev.dspj.lm.ChatMessage;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DSPy's Chat adapter, in its exact wire format, so prompts and saved programs move between DSPy
 * and DSPJ unchanged.
 *
 * <p>The system message lists the input and output fields with their types and descriptions,
 * shows the structure of an interaction with {@code [[ ## field ## ]]} markers ending in
 * {@code [[ ## completed ## ]]}, and states the instructions. Demos follow as user/assistant
 * turns (incomplete demos first), then the user message with the inputs and a reminder of the
 * output fields in order. Answers are split at the markers; each output field's text is read by
 * its codec.
 */
public final class ChatAdapter implements Adapter {

    /** The shared instance; the adapter holds no state. */
    public static final ChatAdapter INSTANCE = new ChatAdapter();

    static final String INCOMPLETE_DEMO_PREFIX =
            "This is an example of the task, though some input or output fields are not supplied.";
    static final String MISSING_IN_DEMO = "Not supplied for this particular example. ";
    static final String MISSING_IN_HISTORY = "Not supplied for this conversation history message. ";
    private static final String NOTE_INDENT = " ".repeat(8);

    private ChatAdapter() {
    }

    @Override
    public String name() {
        return "ChatAdapter";
    }

    @Override
    public List<ChatMessage> format(SignatureDescriptor signature, List<Example> demos, Map<String, Object> inputs) {
        List<ChatMessage> messages = new ArrayList<>(2 + 2 * demos.size());
        messages.add(ChatMessage.system(systemMessage(signature)));
        messages.addAll(formatDemos(signature, demos));
        messages.add(ChatMessage.user(userMessage(signature, inputs, "", true)));
        return messages;
    }

    /**
     * The system message: field descriptions, the interaction structure and the task, joined by
     * single line breaks, as DSPy's {@code format_system_message}.
     *
     * @param signature the signature
     * @return the message text
     */
    public String systemMessage(SignatureDescriptor signature) {
        return fieldDescription(signature) + "\n" + fieldStructure(signature) + "\n" + taskDescription(signature);
    }

    String fieldDescription(SignatureDescriptor signature) {
        return "Your input fields are:\n" + describe(signature.inputFields())
                + "\nYour output fields are:\n" + describe(signature.outputFields());
    }

    private static String describe(List<FieldDescriptor<?>> fields) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            FieldDescriptor<?> field = fields.get(i);
            if (i > 0) {
                out.append('\n');
            }
            out.append(i + 1).append(". `").append(field.name()).append("` (").append(field.typeName()).append("): ")
                    .append(field.description());
        }
        return PythonText.strip(out.toString());
    }

    String fieldStructure(SignatureDescriptor signature) {
        List<String> parts = new ArrayList<>(4);
        parts.add("All interactions will be structured in the following way, with the appropriate values filled in.");
        parts.add(structureBlock(signature.inputFields()));
        parts.add(structureBlock(signature.outputFields()));
        parts.add("[[ ## completed ## ]]\n");
        return PythonText.strip(String.join("\n\n", parts));
    }

    private static String structureBlock(List<FieldDescriptor<?>> fields) {
        List<String> sections = new ArrayList<>(fields.size());
        for (FieldDescriptor<?> field : fields) {
            String placeholder = "{" + field.name() + "}";
            String constraint = field.isInput() ? null : field.codec().outputConstraint();
            if (constraint != null) {
                placeholder += NOTE_INDENT + "# note: the value you produce " + constraint;
            }
            sections.add(header(field.name()) + "\n" + placeholder);
        }
        return PythonText.strip(String.join("\n\n", sections));
    }

    String taskDescription(SignatureDescriptor signature) {
        StringBuilder objective = new StringBuilder();
        for (String line : PythonText.splitLines(PythonText.dedent(signature.instructions()))) {
            objective.append('\n').append(NOTE_INDENT).append(line);
        }
        return "In adhering to this structure, your objective is: " + objective;
    }

    private List<ChatMessage> formatDemos(SignatureDescriptor signature, List<Example> demos) {
        List<Example> complete = new ArrayList<>();
        List<Example> incomplete = new ArrayList<>();
        for (Example demo : demos) {
            boolean hasAll = true;
            for (FieldDescriptor<?> field : signature.fields()) {
                hasAll &= demo.has(field.name());
            }
            if (hasAll) {
                complete.add(demo);
            } else if (hasAny(demo, signature.inputFields()) && hasAny(demo, signature.outputFields())) {
                incomplete.add(demo);
            }
        }
        List<ChatMessage> messages = new ArrayList<>(2 * (complete.size() + incomplete.size()));
        for (Example demo : incomplete) {
            messages.add(ChatMessage.user(userMessage(signature, demo.values(), INCOMPLETE_DEMO_PREFIX, false)));
            messages.add(ChatMessage.assistant(assistantMessage(signature, demo.values(), MISSING_IN_DEMO)));
        }
        for (Example demo : complete) {
            messages.add(ChatMessage.user(userMessage(signature, demo.values(), "", false)));
            messages.add(ChatMessage.assistant(assistantMessage(signature, demo.values(), MISSING_IN_HISTORY)));
        }
        return messages;
    }

    private static boolean hasAny(Example demo, List<FieldDescriptor<?>> fields) {
        for (FieldDescriptor<?> field : fields) {
            if (demo.has(field.name())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A user message: the inputs present in {@code values}, and, for the main request, the
     * reminder of the output fields in order.
     *
     * @param signature the signature
     * @param values field values (inputs are taken; the rest is ignored)
     * @param prefix text before the fields, empty for none
     * @param mainRequest whether to add the output reminder
     * @return the message text
     */
    public String userMessage(SignatureDescriptor signature, Map<String, Object> values, String prefix,
            boolean mainRequest) {
        StringBuilder out = new StringBuilder(256);
        out.append(prefix);
        for (FieldDescriptor<?> field : signature.inputFields()) {
            Object value = values.get(field.name());
            if (value != null) {
                out.append("\n\n").append(header(field.name())).append('\n').append(field.format(value));
            }
        }
        if (mainRequest) {
            out.append("\n\n").append(outputRequirements(signature));
        }
        out.append("\n\n");
        return PythonText.strip(out.toString());
    }

    /**
     * The reminder that ends the main user message: the output fields in order, with their types.
     *
     * @param signature the signature
     * @return the reminder
     */
    public String outputRequirements(SignatureDescriptor signature) {
        StringBuilder out = new StringBuilder("Respond with the corresponding output fields, starting with the field ");
        List<FieldDescriptor<?>> outputs = signature.outputFields();
        for (int i = 0; i < outputs.size(); i++) {
            FieldDescriptor<?> field = outputs.get(i);
            if (i > 0) {
                out.append(", then ");
            }
            out.append('`').append(header(field.name())).append('`');
            if (!field.codec().isText()) {
                out.append(" (must be formatted as a valid Python ").append(field.typeName()).append(')');
            }
        }
        return out.append(", and then ending with the marker for `[[ ## completed ## ]]`.").toString();
    }

    /**
     * An assistant message: every output field's value (or {@code missing} where a demo lacks it),
     * then the completion marker. This is also the exact text a model should answer with.
     *
     * @param signature the signature
     * @param values output values by field name
     * @param missing the text shown for a missing value
     * @return the message text
     */
    public String assistantMessage(SignatureDescriptor signature, Map<String, Object> values, String missing) {
        StringBuilder out = new StringBuilder(128);
        boolean first = true;
        for (FieldDescriptor<?> field : signature.outputFields()) {
            Object value = values.get(field.name());
            if (!first) {
                out.append("\n\n");
            }
            first = false;
            out.append(header(field.name())).append('\n').append(value == null ? missing : field.format(value));
        }
        return PythonText.strip(out.toString()) + "\n\n[[ ## completed ## ]]\n";
    }

    @Override
    public Map<String, Object> parse(SignatureDescriptor signature, String completion) {
        Map<String, String> sections = sections(completion);
        Map<String, Object> values = new LinkedHashMap<>();
        List<AdapterParseException.FieldProblem> problems = new ArrayList<>();
        for (FieldDescriptor<?> field : signature.outputFields()) {
            String text = sections.get(field.name());
            ValueCodec<?> codec = field.codec();
            if (text == null) {
                if (codec.isOptional()) {
                    values.put(field.name(), codec.absentValue());
                } else {
                    problems.add(new AdapterParseException.FieldProblem(field.name(),
                            "missing: the answer has no " + header(field.name()) + " section", null));
                }
                continue;
            }
            try {
                values.put(field.name(), codec.parseText(text));
            } catch (ValueParseException e) {
                problems.add(new AdapterParseException.FieldProblem(field.name(), e.getMessage(), text));
            }
        }
        if (!problems.isEmpty()) {
            throw new AdapterParseException(name(), signature.name(), problems, completion);
        }
        return values;
    }

    /**
     * Splits a completion at its {@code [[ ## name ## ]]} headers. Text on a header's own line
     * after the marker belongs to that field; only a field's first section counts; each section
     * is stripped.
     *
     * @param completion the model's text
     * @return field name to section text, in order of appearance
     */
    public static Map<String, String> sections(String completion) {
        Map<String, String> sections = new HashMap<>();
        String current = null;
        StringBuilder body = new StringBuilder();
        int bodyLines = 0;
        int length = completion.length();
        int start = 0;
        while (start <= length) {
            int end = completion.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            String line = completion.substring(start, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            int[] marker = headerAt(line);
            if (marker != null) {
                if (current != null) {
                    sections.putIfAbsent(current, PythonText.strip(body.toString()));
                }
                current = line.substring(marker[0], marker[1]);
                body.setLength(0);
                String rest = PythonText.strip(line.substring(marker[2]));
                bodyLines = rest.isEmpty() ? 0 : 1;
                body.append(rest);
            } else if (current != null) {
                if (bodyLines++ > 0) {
                    body.append('\n');
                }
                body.append(line);
            }
            start = end + 1;
        }
        if (current != null) {
            sections.putIfAbsent(current, PythonText.strip(body.toString()));
        }
        return sections;
    }

    /** Finds a header at the start of the stripped line: {name start, name end, marker end}, or null. */
    private static int[] headerAt(String line) {
        int i = 0;
        while (i < line.length() && PythonText.isSpace(line.charAt(i))) {
            i++;
        }
        if (!line.startsWith("[[ ## ", i)) {
            return null;
        }
        int nameStart = i + 6;
        int nameEnd = nameStart;
        while (nameEnd < line.length() && isWordChar(line.charAt(nameEnd))) {
            nameEnd++;
        }
        if (nameEnd == nameStart || !line.startsWith(" ## ]]", nameEnd)) {
            return null;
        }
        return new int[] {nameStart, nameEnd, nameEnd + 6};
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static String header(String name) {
        return "[[ ## " + name + " ## ]]";
    }
}
