package dev.dspj.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.dspj.codec.Codecs;
import dev.dspj.codec.PythonText;
import dev.dspj.codec.TypedValues;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every adapter reads back the answer it asks a model to give: a signature with output fields of
 * generated types (every supported type, nested) and generated values, formatted as the model's
 * answer ({@code assistantMessage}, what demos show the model), then parsed. And on arbitrary
 * completions an adapter fails only with {@link AdapterParseException}.
 */
class AdapterProperties {

    /** A signature and the values of its output fields. */
    record Answer(SignatureDescriptor signature, Map<String, Object> values) {
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            for (FieldDescriptor<?> field : signature.outputFields()) {
                out.append(field.name())
                        .append(": ")
                        .append(field.codec())
                        .append(" = ")
                        .append(TypedValues.brief(values.get(field.name())))
                        .append('\n');
            }
            return out.toString();
        }
    }

    private static final Pattern CHAT_HEADER = Pattern.compile("(?mU)^\\s*\\[\\[ ## \\w+ ## \\]\\]");

    @Provide
    Arbitrary<Answer> answers() {
        return TypedValues.typedValues(1, TypedValues.strings())
                .list()
                .ofMinSize(1)
                .ofMaxSize(4)
                .map(typed -> {
                    SignatureDescriptor.Builder builder = SignatureDescriptor.builder("Generated")
                            .field(FieldDescriptor.input("question", Codecs.STRING, "", null));
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (int i = 0; i < typed.size(); i++) {
                        String name = i == 0 ? "answer" : "field_" + i;
                        builder.field(FieldDescriptor.output(name, typed.get(i).codec(), "", null));
                        values.put(name, typed.get(i).value());
                    }
                    return new Answer(builder.build(), values);
                });
    }

    @Property(tries = 200)
    void chatAdapterRoundTrip(@ForAll("answers") Answer answer) {
        String message = ChatAdapter.INSTANCE.assistantMessage(answer.signature(), answer.values(), "?");
        // a value whose own text starts a line with a field header is ambiguous in this format
        Assume.that(count(CHAT_HEADER.matcher(message)) == answer.values().size() + 1);
        assertRoundTrip(answer, ChatAdapter.INSTANCE.parse(answer.signature(), message), message, true, true);
    }

    @Property(tries = 200)
    void jsonAdapterRoundTrip(@ForAll("answers") Answer answer) {
        String message = JsonAdapter.INSTANCE.assistantMessage(answer.signature(), answer.values(), "?");
        assertRoundTrip(answer, JsonAdapter.INSTANCE.parse(answer.signature(), message), message, false, false);
    }

    @Property(tries = 200)
    void xmlAdapterRoundTrip(@ForAll("answers") Answer answer) {
        String message = XmlAdapter.INSTANCE.assistantMessage(answer.signature(), answer.values(), "?");
        // a value holding a field's own tag is ambiguous in this format
        for (String name : answer.values().keySet()) {
            Assume.that(occurrences(message, "<" + name + ">") == 1 && occurrences(message, "</" + name + ">") == 1);
        }
        assertRoundTrip(answer, XmlAdapter.INSTANCE.parse(answer.signature(), message), message, true, false);
    }

    private static void assertRoundTrip(
            Answer answer, Map<String, Object> parsed, String message, boolean sections, boolean lines) {
        assertEquals(List.copyOf(answer.values().keySet()), List.copyOf(parsed.keySet()));
        for (Map.Entry<String, Object> entry : answer.values().entrySet()) {
            Object expected = expected(entry.getValue(), sections, lines);
            assertEquals(
                    expected,
                    parsed.get(entry.getKey()),
                    () -> entry.getKey() + " of\n" + answer + "in\n" + TypedValues.brief(message));
        }
    }

    /**
     * What a field's value reads back as: itself, except that text formats strip a field's
     * section, and an optional's text is read stripped, with blank, {@code None} or {@code null}
     * meaning absent (as DSPy reads them).
     */
    private static Object expected(Object value, boolean sections, boolean lines) {
        if (value instanceof String s && sections) {
            // the Chat format reads an answer line by line: CRLF line ends come back as LF
            return PythonText.strip(lines ? s.replace("\r\n", "\n") : s);
        }
        if (value instanceof Optional<?> optional && optional.orElse(null) instanceof String s) {
            String text = lines ? s.replace("\r\n", "\n") : s;
            String stripped = sections ? PythonText.strip(text).strip() : text.strip();
            return stripped.isEmpty() || stripped.equals("None") || stripped.equals("null")
                    ? Optional.empty()
                    : Optional.of(stripped);
        }
        return value;
    }

    @Example
    void jsonAnswerWithAFenceInsideAStringIsReadBack() {
        SignatureDescriptor signature = SignatureDescriptor.builder("Fenced")
                .field(FieldDescriptor.input("question", Codecs.STRING, "", null))
                .field(FieldDescriptor.output("answer", Codecs.list(Codecs.STRING), "", null))
                .build();
        Map<String, Object> values = Map.of("answer", List.of("```json "));
        String message = JsonAdapter.INSTANCE.assistantMessage(signature, values, "?");
        assertEquals(values, JsonAdapter.INSTANCE.parse(signature, message));
        assertEquals(
                Map.of("answer", List.of("```json\n", "x")),
                JsonAdapter.INSTANCE.parse(signature, "{\n  \"answer\": [\n    \"```json\\n\",\n    \"x\"\n  ]\n}"));
        assertEquals(
                List.of("see ```python\nx\n```"),
                Codecs.list(Codecs.STRING).parseText("[\"see ```python\\nx\\n```\"]"));
    }

    // ---- arbitrary completions -------------------------------------------------------------

    @Provide
    Arbitrary<String> completions() {
        Arbitrary<String> fragments = Arbitraries.of(
                        "[[ ## answer ## ]]",
                        "[[ ## field_1 ## ]]",
                        "[[ ## completed ## ]]",
                        "<answer>",
                        "</answer>",
                        "<field_1>",
                        "</field_1>",
                        "{",
                        "}",
                        "[",
                        "]",
                        "\"answer\": ",
                        "\"field_1\":",
                        "\"",
                        "'",
                        ",",
                        ":",
                        "1",
                        "-2.5",
                        "1e999",
                        "NaN",
                        "Infinity",
                        "None",
                        "True",
                        "null",
                        "\\",
                        "\\u00",
                        "```json\n",
                        "```",
                        "\n",
                        " ",
                        "x",
                        "é",
                        "👍",
                        "\ud800",
                        "ok",
                        "_HIDDEN_",
                        "POSITIVE",
                        "{\"street\": ",
                        "\"zip_code\": 9",
                        "**",
                        "\r\n")
                .list()
                .ofMaxSize(30)
                .map(l -> String.join("", l));
        return Arbitraries.oneOf(fragments, TypedValues.strings());
    }

    @Provide
    Arbitrary<SignatureDescriptor> signatures() {
        return answers().map(Answer::signature);
    }

    @Property(tries = 300)
    void adaptersFailOnlyWithTheirOwnException(
            @ForAll("signatures") SignatureDescriptor signature, @ForAll("completions") String completion) {
        for (Adapter adapter : List.of(ChatAdapter.INSTANCE, JsonAdapter.INSTANCE, XmlAdapter.INSTANCE)) {
            try {
                Map<String, Object> values = adapter.parse(signature, completion);
                assertEquals(signature.outputFields().size(), values.size(), adapter.name());
                values.values().forEach(v -> assertNotNull(v, adapter.name()));
            } catch (AdapterParseException expected) {
                assertEquals(false, expected.getMessage().isEmpty());
            }
        }
    }

    private static int count(Matcher matcher) {
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
