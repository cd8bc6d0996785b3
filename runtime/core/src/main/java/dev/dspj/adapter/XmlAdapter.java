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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * DSPy's XML adapter ({@code dspy.XMLAdapter}), in its exact wire format: every field, input or
 * output, is written between XML-style tags, {@code <name>\nvalue\n</name>}, with no completion
 * marker.
 *
 * <p>The system message is the Chat adapter's with the structure shown in tags; the main request
 * ends with "Respond with the corresponding output fields wrapped in XML tags `&lt;a&gt;`, then
 * `&lt;b&gt;`." Answers are scanned for {@code <name>...</name>} pairs (the first pair of each
 * output field counts; the content is trimmed) and each field's text is read by its codec, as the
 * Chat adapter reads a section.
 *
 * <p>It has no fallback adapter.
 */
public final class XmlAdapter extends FieldAdapter {

    /** The shared instance; the adapter holds no state. */
    public static final XmlAdapter INSTANCE = new XmlAdapter();

    /**
     * DSPy's {@code <(?P<name>\w+)>((?P<content>.*?))</\1>} with {@code re.DOTALL}: Python's
     * {@code \w} matches any Unicode letter or digit.
     */
    private static final Pattern FIELD =
            Pattern.compile("<(\\w+)>(.*?)</\\1>", Pattern.DOTALL | Pattern.UNICODE_CHARACTER_CLASS);

    private XmlAdapter() {}

    @Override
    public String name() {
        return "XMLAdapter";
    }

    @Override
    String fieldStructure(SignatureDescriptor signature) {
        List<String> parts = new ArrayList<>(3);
        parts.add(STRUCTURE_INTRO);
        parts.add(tagged(signature.inputFields(), null, null));
        if (!signature.outputFields().isEmpty()) {
            parts.add(tagged(signature.outputFields(), null, null));
        }
        return PythonText.strip(String.join("\n\n", parts));
    }

    /**
     * {@inheritDoc}
     *
     * <p>In tags: each present input as {@code <name>\nvalue\n</name>}.
     */
    @Override
    public String userMessage(
            SignatureDescriptor signature, Map<String, Object> values, String prefix, boolean mainRequest) {
        List<String> parts = new ArrayList<>(4);
        parts.add(prefix);
        List<FieldDescriptor<?>> present = new ArrayList<>();
        for (FieldDescriptor<?> field : signature.inputFields()) {
            if (values.get(field.name()) != null) {
                present.add(field);
            }
        }
        parts.add(tagged(present, values, null));
        if (mainRequest && !signature.outputFields().isEmpty()) {
            parts.add(outputRequirements(signature));
        }
        parts.add("");
        return PythonText.strip(String.join("\n\n", parts));
    }

    @Override
    public String outputRequirements(SignatureDescriptor signature) {
        StringBuilder out = new StringBuilder("Respond with the corresponding output fields wrapped in XML tags ");
        List<FieldDescriptor<?>> outputs = signature.outputFields();
        for (int i = 0; i < outputs.size(); i++) {
            if (i > 0) {
                out.append(", then ");
            }
            out.append("`<").append(outputs.get(i).name()).append(">`");
        }
        return out.append('.').toString();
    }

    /**
     * {@inheritDoc}
     *
     * <p>In tags: each output field as {@code <name>\nvalue\n</name>}, blocks separated by a blank
     * line, with no completion marker.
     */
    @Override
    public String assistantMessage(SignatureDescriptor signature, Map<String, Object> values, String missing) {
        return tagged(signature.outputFields(), values, missing);
    }

    /**
     * DSPy's {@code XMLAdapter.format_field_with_value}: {@code <name>\ntext\n</name>} blocks joined
     * by blank lines, stripped. With no values, each field shows its structure placeholder.
     */
    private static String tagged(
            List<FieldDescriptor<?>> fields, @Nullable Map<String, Object> values, @Nullable String missing) {
        List<String> blocks = new ArrayList<>(fields.size());
        for (FieldDescriptor<?> field : fields) {
            String text;
            if (values == null) {
                text = placeholder(field);
            } else {
                Object value = values.get(field.name());
                text = value == null ? String.valueOf(missing) : field.format(value);
            }
            blocks.add("<" + field.name() + ">\n" + text + "\n</" + field.name() + ">");
        }
        return PythonText.strip(String.join("\n\n", blocks));
    }

    @Override
    public Map<String, Object> parse(SignatureDescriptor signature, String completion) {
        Map<String, String> texts = elements(completion);
        Map<String, Object> values = new LinkedHashMap<>();
        List<AdapterParseException.FieldProblem> problems = new ArrayList<>();
        for (FieldDescriptor<?> field : signature.outputFields()) {
            String text = texts.get(field.name());
            ValueCodec<?> codec = field.codec();
            if (text == null) {
                if (codec.isOptional()) {
                    values.put(field.name(), codec.absentValue());
                } else {
                    problems.add(new AdapterParseException.FieldProblem(
                            field.name(),
                            "missing: the answer has no <" + field.name() + ">...</" + field.name() + "> element",
                            null));
                }
                continue;
            }
            try {
                values.put(field.name(), codec.parseText(text));
            } catch (ValueParseException e) {
                problems.add(new AdapterParseException.FieldProblem(
                        field.name(), e.getMessage() + " (the field's type is " + field.typeName() + ")", text));
            }
        }
        if (!problems.isEmpty()) {
            throw new AdapterParseException(name(), signature.name(), problems, completion);
        }
        return values;
    }

    /**
     * Scans a completion for {@code <name>...</name>} elements left to right, as DSPy's pattern
     * does: matches do not overlap (an element inside a matched element is not seen), only the
     * first element of a name counts, and its content is trimmed.
     *
     * @param completion the model's text
     * @return tag name to trimmed content
     */
    public static Map<String, String> elements(String completion) {
        Map<String, String> elements = new HashMap<>();
        Matcher matcher = FIELD.matcher(completion);
        while (matcher.find()) {
            elements.putIfAbsent(matcher.group(1), PythonText.strip(matcher.group(2)));
        }
        return elements;
    }
}
