package dev.dspj.adapter;

import dev.dspj.codec.PythonText;
import dev.dspj.codec.ValueCodec;
import dev.dspj.codec.ValueParseException;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
 *
 * <p>As DSPy's {@code ChatAdapter(use_json_adapter_fallback=True)}, {@link #INSTANCE} falls back
 * to the {@link JsonAdapter} when an answer cannot be parsed: the predictor retries the whole
 * call once with the JSON adapter's prompt and response format. {@link #withoutFallback()}
 * returns the adapter that does not.
 */
public final class ChatAdapter extends FieldAdapter {

    /** The shared instance, which falls back to the JSON adapter; the adapter holds no state. */
    public static final ChatAdapter INSTANCE = new ChatAdapter(true);

    private static final ChatAdapter NO_FALLBACK = new ChatAdapter(false);

    private final boolean jsonFallback;

    private ChatAdapter(boolean jsonFallback) {
        this.jsonFallback = jsonFallback;
    }

    /**
     * The Chat adapter without the JSON fallback (DSPy's
     * {@code ChatAdapter(use_json_adapter_fallback=False)}): an answer that does not parse fails
     * the call at once, with one model call.
     *
     * @return the shared instance without fallback
     */
    public static ChatAdapter withoutFallback() {
        return NO_FALLBACK;
    }

    /**
     * Whether this instance retries with the JSON adapter when an answer does not parse.
     *
     * @return true for {@link #INSTANCE}
     */
    public boolean usesJsonFallback() {
        return jsonFallback;
    }

    @Override
    public String name() {
        return "ChatAdapter";
    }

    /**
     * The JSON adapter for {@link #INSTANCE}, nothing for {@link #withoutFallback()}.
     *
     * @return the fallback adapter
     */
    @Override
    public Optional<Adapter> fallback() {
        return jsonFallback ? Optional.of(JsonAdapter.INSTANCE) : Optional.empty();
    }

    @Override
    String fieldStructure(SignatureDescriptor signature) {
        List<String> parts = new ArrayList<>(4);
        parts.add(STRUCTURE_INTRO);
        parts.add(structureBlock(signature.inputFields()));
        parts.add(structureBlock(signature.outputFields()));
        parts.add("[[ ## completed ## ]]\n");
        return PythonText.strip(String.join("\n\n", parts));
    }

    /** The {@code [[ ## name ## ]]} blocks with placeholders, as the structure shows them. */
    static String structureBlock(List<FieldDescriptor<?>> fields) {
        List<String> sections = new ArrayList<>(fields.size());
        for (FieldDescriptor<?> field : fields) {
            sections.add(header(field.name()) + "\n" + placeholder(field));
        }
        return PythonText.strip(String.join("\n\n", sections));
    }

    @Override
    public String userMessage(
            SignatureDescriptor signature, Map<String, Object> values, String prefix, boolean mainRequest) {
        return headedUserMessage(signature, values, prefix, mainRequest);
    }

    @Override
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
                out.append(" (must be formatted as a valid Python ")
                        .append(field.typeName())
                        .append(')');
            }
        }
        return out.append(", and then ending with the marker for `[[ ## completed ## ]]`.")
                .toString();
    }

    /**
     * {@inheritDoc}
     *
     * <p>In the Chat format: each field under its header, then the completion marker.
     */
    @Override
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
                    problems.add(new AdapterParseException.FieldProblem(
                            field.name(), "missing: the answer has no " + header(field.name()) + " section", null));
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
            int lineEnd = end > start && completion.charAt(end - 1) == '\r' ? end - 1 : end;
            int[] marker = headerAt(completion, start, lineEnd);
            if (marker != null) {
                if (current != null) {
                    sections.putIfAbsent(current, PythonText.strip(body));
                }
                current = completion.substring(marker[0], marker[1]);
                body.setLength(0);
                int restStart = marker[2];
                int restEnd = lineEnd;
                while (restStart < restEnd && PythonText.isSpace(completion.charAt(restStart))) {
                    restStart++;
                }
                while (restEnd > restStart && PythonText.isSpace(completion.charAt(restEnd - 1))) {
                    restEnd--;
                }
                bodyLines = restStart == restEnd ? 0 : 1;
                body.append(completion, restStart, restEnd);
            } else if (current != null) {
                if (bodyLines++ > 0) {
                    body.append('\n');
                }
                body.append(completion, start, lineEnd);
            }
            start = end + 1;
        }
        if (current != null) {
            sections.putIfAbsent(current, PythonText.strip(body));
        }
        return sections;
    }

    /**
     * Finds a header at the start of the stripped line {@code text[start, end)}: {name start, name
     * end, marker end} in {@code text}, or null.
     */
    private static int @Nullable [] headerAt(String text, int start, int end) {
        int i = start;
        while (i < end && PythonText.isSpace(text.charAt(i))) {
            i++;
        }
        if (end - i < 6 || !text.startsWith("[[ ## ", i)) {
            return null;
        }
        int nameStart = i + 6;
        int nameEnd = nameStart;
        while (nameEnd < end && isWordChar(text.charAt(nameEnd))) {
            nameEnd++;
        }
        if (nameEnd == nameStart || end - nameEnd < 6 || !text.startsWith(" ## ]]", nameEnd)) {
            return null;
        }
        return new int[] {nameStart, nameEnd, nameEnd + 6};
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    static String header(String name) {
        return "[[ ## " + name + " ## ]]";
    }
}
