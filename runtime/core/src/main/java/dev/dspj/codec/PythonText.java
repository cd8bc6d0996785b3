package dev.dspj.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Python's string operations that DSPy's prompt formatting relies on, reproduced exactly:
 * {@code str.strip}, {@code str.splitlines}, {@code str.isspace} and {@code textwrap.dedent}.
 */
public final class PythonText {

    private static final Pattern LINE_BREAK =
            Pattern.compile("\r\n|[\n\r\u000B\u000C\u001C\u001D\u001E\u0085\u2028\u2029]");

    private PythonText() {}

    /**
     * Python's {@code str.isspace()} for one character.
     *
     * @param c the character
     * @return whether Python counts it as whitespace
     */
    public static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    /**
     * Python's {@code str.strip()}.
     *
     * @param s the text
     * @return the text without leading and trailing whitespace
     */
    public static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /**
     * Python's {@code str.strip()} of a text being written, without first copying it whole.
     *
     * @param s the text
     * @return the text without leading and trailing whitespace
     */
    public static String strip(StringBuilder s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /**
     * Python's {@code str.splitlines()}: no trailing empty line for a final line break.
     *
     * @param s the text
     * @return the lines
     */
    public static List<String> splitLines(String s) {
        List<String> lines = new ArrayList<>();
        if (s.isEmpty()) {
            return lines;
        }
        String[] parts = LINE_BREAK.split(s, -1);
        for (String part : parts) {
            lines.add(part);
        }
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /**
     * Python's {@code textwrap.dedent}: removes the common leading blanks of non-blank lines.
     *
     * @param text the text
     * @return the dedented text
     */
    public static String dedent(String text) {
        String[] lines = text.split("\n", -1);
        String margin = null;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            int i = 0;
            while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            String indent = line.substring(0, i);
            if (margin == null) {
                margin = indent;
            } else {
                int common = 0;
                while (common < margin.length()
                        && common < indent.length()
                        && margin.charAt(common) == indent.charAt(common)) {
                    common++;
                }
                margin = margin.substring(0, common);
            }
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (i > 0) {
                out.append('\n');
            }
            if (line.isBlank()) {
                continue;
            }
            out.append(margin == null || margin.isEmpty() ? line : line.substring(margin.length()));
        }
        return out.toString();
    }
}
