package dev.dspj.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads a byte stream as UTF-8 one line at a time (lines end at {@code \n}, which is kept), so a
 * byte sequence that is not UTF-8 is reported with the line it is on. A leading byte-order mark
 * is dropped.
 */
final class Utf8Lines {

    /** A line that is not valid UTF-8. */
    static final class MalformedLineException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long line;

        MalformedLineException(long line, CharacterCodingException cause) {
            super("line " + line + " is not valid UTF-8", cause);
            this.line = line;
        }

        long line() {
            return line;
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private long line;

    Utf8Lines(InputStream in) {
        this.in = in;
    }

    /**
     * The number of the line last returned, from 1.
     *
     * @return the line
     */
    long line() {
        return line;
    }

    /**
     * The next line with its {@code \n}, or null at the end.
     *
     * @return the line
     * @throws MalformedLineException when the line is not valid UTF-8 (the reader moves past it)
     * @throws IOException when the stream cannot be read
     */
    @Nullable
    String next() throws IOException {
        buffer.reset();
        int b;
        while ((b = in.read()) != -1) {
            buffer.write(b);
            if (b == '\n') {
                break;
            }
        }
        if (buffer.size() == 0) {
            return null;
        }
        line++;
        byte[] bytes = buffer.toByteArray();
        int offset = 0;
        if (line == 1
                && bytes.length >= 3
                && (bytes[0] & 0xFF) == 0xEF
                && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF) {
            offset = 3;
        }
        try {
            return decoder.decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedLineException(line, e);
        }
    }

    /**
     * The lines as one character stream; a line that is not UTF-8 fails the read with a
     * {@link MalformedLineException}.
     *
     * @return the reader
     */
    Reader asReader() {
        return new Reader() {
            private String current = "";
            private int position;

            @Override
            public int read(char[] target, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (position >= current.length()) {
                    String nextLine = next();
                    if (nextLine == null) {
                        return -1;
                    }
                    current = nextLine;
                    position = 0;
                }
                int count = Math.min(len, current.length() - position);
                current.getChars(position, position + count, target, off);
                position += count;
                return count;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }
}
