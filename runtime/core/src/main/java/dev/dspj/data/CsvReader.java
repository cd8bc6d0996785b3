package dev.dspj.data;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads RFC 4180 records one at a time: fields separated by a delimiter, records by CRLF, LF or
 * CR; a field in double quotes may hold delimiters, line breaks and doubled quotes ({@code ""}).
 * Each record knows the line it starts on, and which of its fields were quoted (a quoted empty
 * field is an empty string; an unquoted empty field is no value). A line that is completely empty
 * is not a record. A quote inside an unquoted field is kept as it is, as most writers expect.
 * Line breaks inside quoted fields are read as {@code \n} whatever their form in the file.
 */
final class CsvReader {

    /** One record: its fields, which were quoted, the line it starts on, and a syntax error if any. */
    record Row(
            List<String> fields,
            List<Boolean> quoted,
            long line,
            @Nullable String error) {}

    private static final int EOF = -1;
    private static final int NONE = -2;

    private final Reader in;
    private final char delimiter;
    private long line = 1;
    private int pushedBack = NONE;

    CsvReader(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /**
     * The line the reader is on: where the next record starts, or where reading failed.
     *
     * @return the line, from 1
     */
    long line() {
        return line;
    }

    /**
     * Reads the next record.
     *
     * @return the record, or null at the end of the input
     * @throws IOException when the input cannot be read
     */
    @Nullable
    Row next() throws IOException {
        int c = read();
        while (c == '\n' || c == '\r') {
            c = read();
        }
        if (c == EOF) {
            return null;
        }
        long start = line;
        List<String> fields = new ArrayList<>();
        List<Boolean> quoted = new ArrayList<>();
        String error = null;
        StringBuilder field = new StringBuilder();
        boolean fieldQuoted = false;
        while (true) {
            if (c == '"' && field.length() == 0 && !fieldQuoted) {
                fieldQuoted = true;
                long quoteLine = line;
                boolean closed = false;
                while (true) {
                    c = read();
                    if (c == EOF) {
                        break;
                    }
                    if (c == '"') {
                        int next = read();
                        if (next == '"') {
                            field.append('"');
                            continue;
                        }
                        closed = true;
                        c = next;
                        break;
                    }
                    field.append((char) c);
                }
                if (!closed) {
                    if (error == null) {
                        error = "quoted field of column " + (fields.size() + 1) + " opened on line " + quoteLine
                                + " is never closed (a \" is missing)";
                    }
                    fields.add(field.toString());
                    quoted.add(true);
                    return new Row(fields, quoted, start, error);
                }
                if (c != delimiter && c != '\n' && c != '\r' && c != EOF) {
                    if (error == null) {
                        error = "unexpected character '" + (char) c + "' after the closing quote of column "
                                + (fields.size() + 1) + " (a quote inside a quoted field must be doubled: \"\")";
                    }
                    while (c != delimiter && c != '\n' && c != '\r' && c != EOF) {
                        field.append((char) c);
                        c = read();
                    }
                }
            } else {
                while (c != delimiter && c != '\n' && c != '\r' && c != EOF) {
                    field.append((char) c);
                    c = read();
                }
            }
            fields.add(field.toString());
            quoted.add(fieldQuoted);
            field.setLength(0);
            fieldQuoted = false;
            if (c == delimiter) {
                c = read();
                continue;
            }
            return new Row(fields, quoted, start, error);
        }
    }

    /** Reads one character, counting lines; CRLF and CR are read as one LF. */
    private int read() throws IOException {
        int c;
        if (pushedBack != NONE) {
            c = pushedBack;
            pushedBack = NONE;
        } else {
            c = in.read();
        }
        if (c == '\r') {
            int next = in.read();
            if (next != '\n') {
                pushedBack = next;
            }
            c = '\n';
        }
        if (c == '\n') {
            line++;
        }
        return c;
    }
}
