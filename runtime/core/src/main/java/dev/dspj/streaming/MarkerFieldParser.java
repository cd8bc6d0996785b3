package dev.dspj.streaming;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Fields marked by headers in the text: the Chat adapter's {@code [[ ## name ## ]]} (a field runs
 * to the next header) and the XML adapter's {@code <name>} … {@code </name>}. A value is left-trimmed
 * after its header and right-trimmed at its end, as DSPy's stream listener does; text that could
 * still turn out to be a marker, or white space that could still be trimmed, is held back until the
 * next piece says which.
 */
final class MarkerFieldParser implements FieldParser {

    private static final Pattern CHAT_HEADER = Pattern.compile("\\[\\[ ## (\\w+) ## \\]\\]");
    private static final Pattern XML_START = Pattern.compile("<(\\w+)>");
    private static final int LONGEST_MARKER = 128;

    private final Pattern start;
    private final boolean xml;
    private final StringBuilder text = new StringBuilder();
    private int position;
    private @Nullable String field;
    private @Nullable Pattern end;
    private boolean leading;

    private MarkerFieldParser(Pattern start, boolean xml) {
        this.start = start;
        this.xml = xml;
    }

    static MarkerFieldParser chat() {
        return new MarkerFieldParser(CHAT_HEADER, false);
    }

    static MarkerFieldParser xml() {
        return new MarkerFieldParser(XML_START, true);
    }

    @Override
    public List<Piece> feed(String delta) {
        text.append(delta);
        List<Piece> out = new ArrayList<>(2);
        while (nextMarker(out)) {
            // each marker found closes or opens a field; look for the next
        }
        String open = field;
        if (open != null) {
            skipLeadingSpace();
            int safe = safeEnd();
            if (safe > position) {
                out.add(new Piece(open, text.substring(position, safe), false));
                position = safe;
            }
        }
        return out;
    }

    @Override
    public List<Piece> finish() {
        List<Piece> out = new ArrayList<>(1);
        String open = field;
        if (open != null) {
            skipLeadingSpace();
            out.add(new Piece(open, rightTrimmed(position, text.length()), true));
            field = null;
            position = text.length();
        }
        return out;
    }

    /** Handles the next marker after the position, if the text holds a whole one. */
    private boolean nextMarker(List<Piece> out) {
        String open = field;
        Pattern ending = end;
        if (open != null && ending != null) {
            Matcher closing = ending.matcher(text);
            if (!closing.find(position)) {
                return false;
            }
            skipLeadingSpace();
            out.add(new Piece(open, rightTrimmed(position, Math.max(position, closing.start())), true));
            field = null;
            end = null;
            position = closing.end();
            return true;
        }
        Matcher opening = start.matcher(text);
        if (!opening.find(position)) {
            return false;
        }
        if (open != null) {
            skipLeadingSpace();
            out.add(new Piece(open, rightTrimmed(position, Math.max(position, opening.start())), true));
        }
        field = opening.group(1);
        end = xml ? Pattern.compile("</" + Pattern.quote(opening.group(1)) + ">") : null;
        position = opening.end();
        leading = true;
        return true;
    }

    private void skipLeadingSpace() {
        if (!leading) {
            return;
        }
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
        if (position < text.length()) {
            leading = false;
        }
    }

    /** Where the text stops being certainly part of the open value. */
    private int safeEnd() {
        int length = text.length();
        int safe = length;
        Pattern marker = end != null ? end : start;
        char first = xml ? '<' : '[';
        for (int i = Math.max(position, length - LONGEST_MARKER); i < length; i++) {
            if (text.charAt(i) == first) {
                Matcher partial = marker.matcher(text).region(i, length);
                if (partial.lookingAt() || partial.hitEnd()) {
                    safe = i;
                    break;
                }
            }
        }
        while (safe > position && Character.isWhitespace(text.charAt(safe - 1))) {
            safe--;
        }
        return safe;
    }

    private String rightTrimmed(int from, int to) {
        int stop = to;
        while (stop > from && Character.isWhitespace(text.charAt(stop - 1))) {
            stop--;
        }
        return text.substring(from, stop);
    }
}
