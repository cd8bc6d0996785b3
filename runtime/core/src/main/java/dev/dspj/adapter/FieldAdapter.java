package dev.dspj.adapter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.dspj.codec.PythonText;
import dev.dspj.lm.ChatMessage;
import dev.dspj.primitives.Example;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What DSPy's Chat adapter and its two subclasses (JSON and XML) share: a system message made of
 * the field descriptions, the structure of an interaction and the task; demos as user/assistant
 * turns, incomplete demos first; then the user message with the inputs. Each adapter decides how
 * an interaction is structured, how the main request ends and how an answer is written and read.
 *
 * <p>Only the three adapters of this package extend it; use {@link ChatAdapter#INSTANCE},
 * {@link JsonAdapter#INSTANCE} or {@link XmlAdapter#INSTANCE}.
 */
public abstract sealed class FieldAdapter implements Adapter permits ChatAdapter, JsonAdapter, XmlAdapter {

    static final String INCOMPLETE_DEMO_PREFIX =
            "This is an example of the task, though some input or output fields are not supplied.";
    static final String MISSING_IN_DEMO = "Not supplied for this particular example. ";
    static final String MISSING_IN_HISTORY = "Not supplied for this conversation history message. ";
    static final String NOTE_INDENT = " ".repeat(8);
    static final String STRUCTURE_INTRO =
            "All interactions will be structured in the following way, with the appropriate values filled in.";

    /**
     * System messages already written, by signature (identity: descriptors are immutable, and a
     * changed instruction or field makes a new one). The system message depends only on the
     * signature, and rebuilding it was about a third of a prompt's formatting time.
     */
    private final RecentByIdentity<SignatureDescriptor, String> systemMessages = new RecentByIdentity<>();

    /** Each signature's output requirements, the closing paragraph of every request. */
    private final RecentByIdentity<SignatureDescriptor, String> requirements = new RecentByIdentity<>();

    /** What the two caches above compute, made once: a bound lambda at each lookup would be made per call. */
    private final java.util.function.Function<SignatureDescriptor, String> systemMessageLoader =
            this::formatSystemMessage;

    private final java.util.function.Function<SignatureDescriptor, String> requirementsLoader =
            this::outputRequirements;

    /**
     * Each demo list's messages, with the signature they were formatted for: a predictor sends the
     * same demos on every call, and examples are immutable (weak identity keys, so lists nobody
     * holds, such as an optimizer's discarded candidates, are dropped).
     */
    private final Cache<List<Example>, FormattedDemos> demoMessages = Caffeine.newBuilder()
            .weakKeys()
            .maximumSize(4_096)
            .executor(Runnable::run)
            .build();

    private record FormattedDemos(SignatureDescriptor signature, List<ChatMessage> messages) {}

    FieldAdapter() {}

    @Override
    public List<ChatMessage> format(SignatureDescriptor signature, List<Example> demos, Map<String, Object> inputs) {
        List<ChatMessage> demoMessages = demos.isEmpty() ? List.of() : demoMessages(signature, demos);
        List<ChatMessage> messages = new ArrayList<>(2 + demoMessages.size());
        messages.add(ChatMessage.system(systemMessage(signature)));
        messages.addAll(demoMessages);
        messages.add(ChatMessage.user(userMessage(signature, inputs, "", true)));
        return messages;
    }

    private List<ChatMessage> demoMessages(SignatureDescriptor signature, List<Example> demos) {
        FormattedDemos formatted = demoMessages.getIfPresent(demos);
        if (formatted == null || formatted.signature() != signature) {
            formatted = new FormattedDemos(signature, List.copyOf(formatDemos(signature, demos)));
            demoMessages.put(demos, formatted);
        }
        return formatted.messages();
    }

    /**
     * The system message: field descriptions, the interaction structure and the task, joined by
     * single line breaks, as DSPy's {@code format_system_message}.
     *
     * @param signature the signature
     * @return the message text
     */
    public final String systemMessage(SignatureDescriptor signature) {
        return systemMessages.get(signature, systemMessageLoader);
    }

    private String formatSystemMessage(SignatureDescriptor signature) {
        return fieldDescription(signature) + "\n" + fieldStructure(signature) + "\n" + taskDescription(signature);
    }

    /** DSPy's {@code format_field_description}: the numbered input and output fields with types. */
    final String fieldDescription(SignatureDescriptor signature) {
        return "Your input fields are:\n" + describe(signature.inputFields()) + "\nYour output fields are:\n"
                + describe(signature.outputFields());
    }

    private static String describe(List<FieldDescriptor<?>> fields) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            FieldDescriptor<?> field = fields.get(i);
            if (i > 0) {
                out.append('\n');
            }
            out.append(i + 1)
                    .append(". `")
                    .append(field.name())
                    .append("` (")
                    .append(field.typeName())
                    .append("): ")
                    .append(field.description());
        }
        return PythonText.strip(out.toString());
    }

    /**
     * DSPy's {@code format_field_structure}: how an interaction is laid out, with a placeholder
     * for every field.
     */
    abstract String fieldStructure(SignatureDescriptor signature);

    /** DSPy's {@code format_task_description}: the instructions, indented by eight spaces. */
    final String taskDescription(SignatureDescriptor signature) {
        StringBuilder objective = new StringBuilder();
        for (String line : PythonText.splitLines(PythonText.dedent(signature.instructions()))) {
            objective.append('\n').append(NOTE_INDENT).append(line);
        }
        return "In adhering to this structure, your objective is: " + objective;
    }

    /**
     * DSPy's {@code translate_field_type}: the placeholder a field gets in the structure block,
     * {@code {name}}, followed for a non-text output by the note on the value's form.
     */
    static String placeholder(FieldDescriptor<?> field) {
        String placeholder = "{" + field.name() + "}";
        String constraint = field.isInput() ? null : field.codec().outputConstraint();
        if (constraint != null) {
            placeholder += NOTE_INDENT + "# note: the value you produce " + constraint;
        }
        return placeholder;
    }

    /** DSPy's {@code format_demos}: incomplete demos first (with a prefix), then complete ones. */
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
    public abstract String userMessage(
            SignatureDescriptor signature, Map<String, Object> values, String prefix, boolean mainRequest);

    /**
     * The reminder that ends the main user message: the output fields in order, with their types
     * where the adapter shows them.
     *
     * @param signature the signature
     * @return the reminder
     */
    public abstract String outputRequirements(SignatureDescriptor signature);

    /**
     * An assistant message: every output field's value (or {@code missing} where a demo lacks it)
     * in this adapter's answer format. This is also the exact text a model should answer with.
     *
     * @param signature the signature
     * @param values output values by field name
     * @param missing the text shown for a missing value
     * @return the message text
     */
    public abstract String assistantMessage(SignatureDescriptor signature, Map<String, Object> values, String missing);

    /**
     * The user message of the Chat format, shared by the Chat and JSON adapters: each present
     * input under its {@code [[ ## name ## ]]} header, then the adapter's output reminder.
     */
    final String headedUserMessage(
            SignatureDescriptor signature, Map<String, Object> values, String prefix, boolean mainRequest) {
        StringBuilder out = new StringBuilder(256);
        out.append(prefix);
        for (FieldDescriptor<?> field : signature.inputFields()) {
            Object value = values.get(field.name());
            if (value != null) {
                out.append("\n\n[[ ## ").append(field.name()).append(" ## ]]\n").append(field.format(value));
            }
        }
        if (mainRequest) {
            out.append("\n\n").append(requirements.get(signature, requirementsLoader));
        }
        out.append("\n\n");
        return PythonText.strip(out);
    }
}
