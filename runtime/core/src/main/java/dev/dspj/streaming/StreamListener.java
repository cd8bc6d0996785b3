package dev.dspj.streaming;

import dev.dspj.signature.FieldDescriptor;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which output field to stream, DSPy's {@code StreamListener}: a field's name, and the predictor
 * whose field it is when more than one predictor of the program has it. Immutable.
 *
 * <pre>{@code
 * StreamListener.field("answer")                               // the one predictor with an answer
 * StreamListener.of(QaSignature.ANSWER).predictor("generate_answer")
 * StreamListener.field("next_thought").allowReuse()            // every step of a ReAct agent
 * }</pre>
 */
public final class StreamListener {

    private final String field;
    private final @Nullable String predictor;
    private final boolean allowReuse;

    private StreamListener(String field, @Nullable String predictor, boolean allowReuse) {
        this.field = field;
        this.predictor = predictor;
        this.allowReuse = allowReuse;
    }

    /**
     * A listener for an output field by name.
     *
     * @param name the field's name, as in the signature
     * @return the listener
     */
    public static StreamListener field(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a stream listener needs a field name, got a blank one");
        }
        return new StreamListener(name, null, false);
    }

    /**
     * A listener for a generated signature's output field.
     *
     * @param field the field's constant ({@code QaSignature.ANSWER})
     * @return the listener
     */
    public static StreamListener of(FieldDescriptor<?> field) {
        return field(Objects.requireNonNull(field, "field").name());
    }

    /**
     * Listens to the field of one predictor, by its path in the program (as {@code
     * namedPredictors()} names it).
     *
     * @param path the predictor's path
     * @return a new listener
     */
    public StreamListener predictor(String path) {
        return new StreamListener(field, Objects.requireNonNull(path, "path"), allowReuse);
    }

    /**
     * Streams the field every time the predictor writes it (each step of an agent), not only the
     * first time.
     *
     * @return a new listener
     */
    public StreamListener allowReuse() {
        return new StreamListener(field, predictor, true);
    }

    /**
     * The field's name.
     *
     * @return the name
     */
    public String fieldName() {
        return field;
    }

    /**
     * The predictor's path, when given.
     *
     * @return the path
     */
    public Optional<String> predictorPath() {
        return Optional.ofNullable(predictor);
    }

    /**
     * Whether the field is streamed every time, not only the first.
     *
     * @return true when reused
     */
    public boolean reused() {
        return allowReuse;
    }

    @Override
    public String toString() {
        return "StreamListener(" + (predictor == null ? "" : predictor + ".") + field + (allowReuse ? ", reused" : "")
                + ")";
    }
}
