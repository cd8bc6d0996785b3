package dev.dspj.lm;

/** One event of a streamed completion: a piece of text, then one final event with the usage. */
public sealed interface StreamEvent {

    /**
     * A piece of the completion's text, in order.
     *
     * @param text the new text
     */
    record Delta(String text) implements StreamEvent {}

    /**
     * The end of the stream.
     *
     * @param response the whole completion, with its usage and finish reason
     */
    record End(LmResponse response) implements StreamEvent {}
}
