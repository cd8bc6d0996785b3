package dev.dspj.lm.http;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a server-sent-events byte stream, chunk by chunk, into events ({@code event:} and
 * {@code data:} fields, multi-line data joined with line breaks, events ended by a blank line).
 */
final class SseDecoder {

    /**
     * One event.
     *
     * @param event the event type, empty when not given
     * @param data the data
     */
    record Event(String event, String data) {}

    private final StringBuilder pending = new StringBuilder();
    private String eventType = "";
    private @Nullable StringBuilder data;

    /** Feeds a chunk of text; returns the events completed by it. */
    List<Event> feed(String chunk) {
        pending.append(chunk);
        List<Event> events = new ArrayList<>();
        int lineStart = 0;
        for (int i = 0; i < pending.length(); i++) {
            char c = pending.charAt(i);
            if (c != '\n' && c != '\r') {
                continue;
            }
            String line = pending.substring(lineStart, i);
            if (c == '\r' && i + 1 < pending.length() && pending.charAt(i + 1) == '\n') {
                i++;
            } else if (c == '\r' && i + 1 == pending.length()) {
                // a CR at the end of the chunk may be followed by LF in the next chunk
                pending.delete(0, lineStart);
                return events;
            }
            lineStart = i + 1;
            line(line, events);
        }
        pending.delete(0, lineStart);
        return events;
    }

    /** Ends the stream, returning a last event not followed by a blank line. */
    List<Event> finish() {
        List<Event> events = new ArrayList<>();
        if (pending.length() > 0) {
            line(pending.toString(), events);
            pending.setLength(0);
        }
        line("", events);
        return events;
    }

    private void line(String line, List<Event> events) {
        if (line.isEmpty()) {
            if (data != null) {
                events.add(new Event(eventType, data.toString()));
            }
            data = null;
            eventType = "";
            return;
        }
        if (line.startsWith(":")) {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("event")) {
            eventType = value;
        } else if (field.equals("data")) {
            if (data == null) {
                data = new StringBuilder(value);
            } else {
                data.append('\n').append(value);
            }
        }
    }
}
