package dev.dspj.sim;

import dev.dspj.TestTypes;
import dev.dspj.adapter.ChatAdapter;
import dev.dspj.codec.Codecs;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmSettings;
import dev.dspj.primitives.Example;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Prompts for the simulated model's tests, built with the real Chat adapter or by hand in the JSON and XML formats. */
final class SimPrompts {

    static final SimTask QA = SimTasks.factoidQa();
    static final SimTask SENTIMENT = SimTasks.sentiment();
    static final SimTask ARITHMETIC = SimTasks.arithmetic();

    static final FieldDescriptor<String> REASONING = FieldDescriptor.output("reasoning", Codecs.STRING, "", null);

    /** question -> answer. */
    static final SignatureDescriptor QA_SIGNATURE = SignatureDescriptor.builder("FactoidQa")
            .field(FieldDescriptor.input("question", Codecs.STRING, "a question about a place or a person", null))
            .field(FieldDescriptor.output("answer", Codecs.STRING, "", null))
            .build();

    /** review -> sentiment (enum), confidence (float), keywords (list[str]), sarcastic (bool). */
    static final SignatureDescriptor REVIEW_SIGNATURE = SignatureDescriptor.builder("ReviewSentiment")
            .field(FieldDescriptor.input("review", Codecs.STRING, "the review text", null))
            .field(FieldDescriptor.output("sentiment", TestTypes.SENTIMENT, "the overall sentiment", null))
            .field(FieldDescriptor.output("confidence", Codecs.DOUBLE, "between 0 and 1", null))
            .field(FieldDescriptor.output("keywords", Codecs.list(Codecs.STRING), "", null))
            .field(FieldDescriptor.output("sarcastic", Codecs.BOOLEAN, "", null))
            .build();

    /** question -> answer (int). */
    static final SignatureDescriptor MATH_SIGNATURE = SignatureDescriptor.builder("Arithmetic")
            .field(FieldDescriptor.input("question", Codecs.STRING, "", null))
            .field(FieldDescriptor.output("answer", Codecs.INT, "", null))
            .build();

    private SimPrompts() {}

    /** The Chat adapter's prompt for an example, with demos. */
    static List<ChatMessage> chat(SignatureDescriptor signature, SimExample example, List<Example> demos) {
        return ChatAdapter.INSTANCE.format(signature, demos, Map.copyOf(example.inputs()));
    }

    static LmRequest request(List<ChatMessage> messages, LmSettings settings) {
        return new LmRequest(messages, settings);
    }

    /** The QA signature with a reasoning field first, as chain of thought makes it. */
    static SignatureDescriptor withReasoning(SignatureDescriptor signature) {
        return signature.prependOutput(REASONING);
    }

    /** Demos of the {@code count} examples after {@code index} (wrapping), showing gold answers. */
    static List<Example> goodDemos(SimTask task, int index, int count) {
        List<Example> demos = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            demos.add(task.examples().get((index + k) % task.size()).toExample());
        }
        return demos;
    }

    /** Demos of the {@code count} examples after {@code index}, each showing another example's answer. */
    static List<Example> badDemos(SimTask task, int index, int count) {
        List<Example> demos = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            SimExample shown = task.examples().get((index + k) % task.size());
            SimExample wrong = task.examples().get((index + k + 7) % task.size());
            demos.add(Example.of(
                    "question",
                    shown.inputs().get("question"),
                    "answer",
                    wrong.gold().get("answer")));
        }
        return demos;
    }

    /** A JSON-adapter-style prompt: the Chat adapter's system and inputs, the JSON reminder at the end. */
    static List<ChatMessage> json(SignatureDescriptor signature, SimExample example) {
        List<ChatMessage> chat = chat(signature, example, List.of());
        String user = chat.get(1).content();
        user = user.substring(0, user.indexOf("Respond with the corresponding output fields"))
                + "Respond with a JSON object in the following order of fields: "
                + String.join(
                        ", then ",
                        signature.outputFields().stream()
                                .map(f -> "`" + f.name() + "`")
                                .toList()) + ".";
        return List.of(chat.get(0), ChatMessage.user(user));
    }

    /** An XML-adapter-style prompt: inputs as tags, the XML reminder at the end. */
    static List<ChatMessage> xml(SignatureDescriptor signature, SimExample example) {
        StringBuilder user = new StringBuilder();
        example.inputs()
                .forEach((name, value) -> user.append('<')
                        .append(name)
                        .append(">\n")
                        .append(value)
                        .append("\n</")
                        .append(name)
                        .append(">\n\n"));
        user.append("Respond with the corresponding output fields wrapped in XML tags ")
                .append(String.join(
                        ", then ",
                        signature.outputFields().stream()
                                .map(f -> "`<" + f.name() + ">`")
                                .toList()))
                .append(", and then end with the `<completed>` tag.");
        return List.of(
                ChatMessage.system(ChatAdapter.INSTANCE.systemMessage(signature)), ChatMessage.user(user.toString()));
    }
}
