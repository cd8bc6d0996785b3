package dev.dspj.codec;

/**
 * Cleans the text a model wrote for a scalar value: surrounding whitespace, quotes, backticks,
 * markdown emphasis and trailing punctuation ({@code **"Positive".**} becomes {@code Positive}).
 */
final class ScalarText {

    private ScalarText() {}

    static String clean(String text) {
        String s = text.strip();
        boolean changed = true;
        while (changed && !s.isEmpty()) {
            changed = false;
            char last = s.charAt(s.length() - 1);
            if (last == '.' || last == ',' || last == ';' || last == '!') {
                s = s.substring(0, s.length() - 1).strip();
                changed = true;
                continue;
            }
            if (s.length() >= 2) {
                char first = s.charAt(0);
                if (isWrapper(first) && s.charAt(s.length() - 1) == first) {
                    s = s.substring(1, s.length() - 1).strip();
                    changed = true;
                }
            }
        }
        return s;
    }

    private static boolean isWrapper(char c) {
        return c == '"' || c == '\'' || c == '`' || c == '*' || c == '_';
    }
}
