package dev.dspj.processor.validation;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a javadoc comment as {@code Elements.getDocComment} returns it: the main description (the
 * text before the first block tag) and the text of a {@code @param} tag.
 */
final class DocComments {

    private DocComments() {}

    /**
     * The main description: every line before the first block tag, trimmed.
     *
     * @param doc the comment, or null for none
     * @return the description, or null when there is none
     */
    static @Nullable String mainDescription(@Nullable String doc) {
        if (doc == null) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        for (String line : doc.split("\n", -1)) {
            String stripped = line.strip();
            if (stripped.startsWith("@")) {
                break;
            }
            lines.add(stripped);
        }
        return nonBlank(String.join("\n", lines));
    }

    /**
     * The text of the name's {@code param} tag, its continuation lines joined with spaces.
     *
     * @param doc the comment, or null for none
     * @param name the parameter's name
     * @return the text, or null when there is no such tag or it is empty
     */
    static @Nullable String param(@Nullable String doc, String name) {
        if (doc == null) {
            return null;
        }
        List<String> words = new ArrayList<>();
        boolean inTag = false;
        for (String line : doc.split("\n", -1)) {
            String stripped = line.strip();
            if (stripped.startsWith("@")) {
                if (inTag) {
                    break;
                }
                String[] parts = stripped.split("\\s+", 3);
                if (parts.length >= 2 && parts[0].equals("@param") && parts[1].equals(name)) {
                    inTag = true;
                    if (parts.length == 3) {
                        words.add(parts[2]);
                    }
                }
            } else if (inTag && !stripped.isEmpty()) {
                words.add(stripped);
            }
        }
        return nonBlank(String.join(" ", words));
    }

    private static @Nullable String nonBlank(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? null : stripped;
    }
}
