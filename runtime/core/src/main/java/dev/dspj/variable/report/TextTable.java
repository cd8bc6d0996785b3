package dev.dspj.variable.report;

import java.util.ArrayList;
import java.util.List;

/** A monospace table: columns padded to their widest cell, numbers right-aligned, a rule under the header. */
final class TextTable {

    private static final String GAP = "  ";

    private final List<String> headers;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(List<String> headers, boolean[] rightAligned) {
        if (headers.size() != rightAligned.length) {
            throw new IllegalArgumentException(headers.size() + " headers but " + rightAligned.length + " alignments");
        }
        this.headers = List.copyOf(headers);
        this.rightAligned = rightAligned.clone();
    }

    void row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException(
                    "a row of " + cells.size() + " cells in a table of " + headers.size() + " columns: " + cells);
        }
        rows.add(List.copyOf(cells));
    }

    /** The table, each line starting with {@code indent} and ending with a line break. */
    String render(String indent) {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = width(headers.get(c));
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], width(row.get(c)));
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, indent, headers, widths);
        List<String> rules = new ArrayList<>();
        for (int width : widths) {
            rules.add("-".repeat(width));
        }
        line(out, indent, rules, widths);
        for (List<String> row : rows) {
            line(out, indent, row, widths);
        }
        return out.toString();
    }

    private void line(StringBuilder out, String indent, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder(indent);
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String padding = " ".repeat(widths[c] - width(cell));
            if (c > 0) {
                line.append(GAP);
            }
            line.append(rightAligned[c] ? padding + cell : cell + padding);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static int width(String text) {
        return text.codePointCount(0, text.length());
    }
}
