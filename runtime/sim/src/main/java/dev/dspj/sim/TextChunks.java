package dev.dspj.sim;

import java.util.ArrayList;
import java.util.List;

/** Splits an answer into the small deltas a streamed response sends, never inside a surrogate pair. */
final class TextChunks {

    /** Code points per delta: about one and a half tokens. */
    static final int CODE_POINTS_PER_CHUNK = 6;

    private TextChunks() {}

    static List<String> split(String text) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = start;
            for (int i = 0; i < CODE_POINTS_PER_CHUNK && end < text.length(); i++) {
                end = text.offsetByCodePoints(end, 1);
            }
            pieces.add(text.substring(start, end));
            start = end;
        }
        return pieces;
    }
}
