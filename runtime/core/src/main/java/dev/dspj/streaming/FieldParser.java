package dev.dspj.streaming;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads an answer's output fields out of its text as the text arrives, in one adapter's format:
 * each piece of text in, the pieces of field values it completes out. Not thread-safe: one per
 * model call.
 */
interface FieldParser {

    /**
     * A piece of one field's value.
     *
     * @param field the field's name
     * @param text the new text of its value
     * @param last whether the value ends with it
     */
    record Piece(String field, String text, boolean last) {}

    /**
     * Reads more of the answer.
     *
     * @param delta the new text
     * @return the pieces it completes, in order
     */
    List<Piece> feed(String delta);

    /**
     * Ends the answer: the field still open ends here.
     *
     * @return the last pieces
     */
    List<Piece> finish();

    /**
     * A parser for an adapter, by its name ({@code ChatAdapter}, {@code JSONAdapter}, {@code
     * XMLAdapter}, also behind native function calling).
     *
     * @param adapterName the adapter's name
     * @return the parser, or empty for an adapter whose format is not known
     */
    static Optional<FieldParser> forAdapter(String adapterName) {
        String name = adapterName.toLowerCase(Locale.ROOT);
        if (name.startsWith("chat")) {
            return Optional.of(MarkerFieldParser.chat());
        }
        if (name.startsWith("json")) {
            return Optional.of(new JsonFieldParser());
        }
        if (name.startsWith("xml")) {
            return Optional.of(MarkerFieldParser.xml());
        }
        return Optional.empty();
    }
}
