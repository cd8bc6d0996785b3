package dev.dspj.streaming;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Fields of the JSON adapter's answer, one top-level key each, read as the object is written: a
 * string value comes out decoded (no quotes, escapes resolved) as it is generated, any other value
 * (number, list, object) as its JSON text. Text before the object's opening brace (a code fence)
 * is skipped, and the object's closing brace ends the answer.
 */
final class JsonFieldParser implements FieldParser {

    private enum State {
        BEFORE_OBJECT,
        BEFORE_KEY,
        IN_KEY,
        BEFORE_COLON,
        BEFORE_VALUE,
        IN_STRING,
        IN_OTHER,
        AFTER_VALUE,
        DONE
    }

    private final StringBuilder text = new StringBuilder();
    private int position;
    private State state = State.BEFORE_OBJECT;
    private final StringBuilder key = new StringBuilder();
    private final StringBuilder value = new StringBuilder();
    private @Nullable String field;
    private int depth;
    private boolean inNestedString;
    private boolean nestedEscape;

    @Override
    public List<Piece> feed(String delta) {
        text.append(delta);
        List<Piece> out = new ArrayList<>(2);
        while (position < text.length() && state != State.DONE) {
            if (!step(out)) {
                break;
            }
        }
        String open = field;
        if (open != null && state == State.IN_STRING && value.length() > 0) {
            out.add(new Piece(open, value.toString(), false));
            value.setLength(0);
        }
        return out;
    }

    @Override
    public List<Piece> finish() {
        List<Piece> out = new ArrayList<>(1);
        String open = field;
        if (open != null) {
            out.add(new Piece(open, state == State.IN_OTHER ? value.toString().strip() : value.toString(), true));
            field = null;
            value.setLength(0);
        }
        state = State.DONE;
        return out;
    }

    /** Reads one character (or escape); false when more text is needed first. */
    private boolean step(List<Piece> out) {
        char c = text.charAt(position);
        switch (state) {
            case BEFORE_OBJECT -> {
                if (c == '{') {
                    state = State.BEFORE_KEY;
                }
            }
            case BEFORE_KEY -> {
                if (c == '"') {
                    state = State.IN_KEY;
                    key.setLength(0);
                } else if (c == '}') {
                    state = State.DONE;
                }
            }
            case IN_KEY -> {
                if (c == '\\') {
                    int used = unescape(key);
                    if (used == 0) {
                        return false;
                    }
                    position += used;
                    return true;
                }
                if (c == '"') {
                    state = State.BEFORE_COLON;
                } else {
                    key.append(c);
                }
            }
            case BEFORE_COLON -> {
                if (c == ':') {
                    state = State.BEFORE_VALUE;
                }
            }
            case BEFORE_VALUE -> {
                if (!Character.isWhitespace(c)) {
                    field = key.toString();
                    value.setLength(0);
                    if (c == '"') {
                        state = State.IN_STRING;
                    } else {
                        state = State.IN_OTHER;
                        depth = 0;
                        inNestedString = false;
                        nestedEscape = false;
                        return readOther(c, out);
                    }
                }
            }
            case IN_STRING -> {
                if (c == '\\') {
                    int used = unescape(value);
                    if (used == 0) {
                        return false;
                    }
                    position += used;
                    return true;
                }
                if (c == '"') {
                    endValue(out, value.toString());
                } else {
                    value.append(c);
                }
            }
            case IN_OTHER -> {
                return readOther(c, out);
            }
            case AFTER_VALUE -> {
                if (c == ',') {
                    state = State.BEFORE_KEY;
                } else if (c == '}') {
                    state = State.DONE;
                }
            }
            case DONE -> {
                return false;
            }
        }
        position++;
        return true;
    }

    /** A character of a value that is not a string: it ends at a comma or brace outside nesting. */
    private boolean readOther(char c, List<Piece> out) {
        if (inNestedString) {
            if (nestedEscape) {
                nestedEscape = false;
            } else if (c == '\\') {
                nestedEscape = true;
            } else if (c == '"') {
                inNestedString = false;
            }
            value.append(c);
        } else if (c == '"') {
            inNestedString = true;
            value.append(c);
        } else if (c == '[' || c == '{') {
            depth++;
            value.append(c);
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
            value.append(c);
        } else if (depth == 0 && (c == ',' || c == '}')) {
            endValue(out, value.toString().strip());
            state = c == ',' ? State.BEFORE_KEY : State.DONE;
        } else {
            value.append(c);
        }
        position++;
        return true;
    }

    private void endValue(List<Piece> out, String rest) {
        String open = field;
        if (open != null) {
            out.add(new Piece(open, rest, true));
        }
        field = null;
        value.setLength(0);
        state = State.AFTER_VALUE;
    }

    /** Decodes the escape at the position into the builder; the characters it used, 0 if cut off. */
    private int unescape(StringBuilder into) {
        if (position + 1 >= text.length()) {
            return 0;
        }
        char next = text.charAt(position + 1);
        switch (next) {
            case 'n' -> into.append('\n');
            case 't' -> into.append('\t');
            case 'r' -> into.append('\r');
            case 'b' -> into.append('\b');
            case 'f' -> into.append('\f');
            case 'u' -> {
                if (position + 6 > text.length()) {
                    return 0;
                }
                try {
                    into.append((char) Integer.parseInt(text.substring(position + 2, position + 6), 16));
                } catch (NumberFormatException e) {
                    into.append(text, position, position + 6);
                }
                return 6;
            }
            default -> into.append(next);
        }
        return 2;
    }
}
