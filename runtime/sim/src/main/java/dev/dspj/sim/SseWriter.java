package dev.dspj.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes server-sent events, flushing each so the client sees it at once. */
final class SseWriter {

    private final OutputStream out;

    SseWriter(OutputStream out) {
        this.out = out;
    }

    /** A {@code data:} event, OpenAI's style. */
    void data(String data) throws IOException {
        write("data: " + data + "\n\n");
    }

    /** A {@code data:} event holding JSON (compact, one line). */
    void data(JsonNode json) throws IOException {
        data(json.toString());
    }

    /** An {@code event:} plus {@code data:} event, Anthropic's style. */
    void event(String type, JsonNode json) throws IOException {
        write("event: " + type + "\ndata: " + json.toString() + "\n\n");
    }

    void close() throws IOException {
        out.close();
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
