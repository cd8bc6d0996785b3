package dev.dspj.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The output file of {@code dspj run}, which is also its record of finished rows: each row is
 * appended as one JSON line ({@code "_row"} first, its number in the input from 1) the moment it
 * finishes, in one write, so a killed run leaves every finished row on disk and at most one torn
 * last line. Started again, the file is read back, a torn line cut off, and the rows it holds are
 * not run again. When every row is done the file is rewritten in input order, one line a row, and
 * replaced atomically.
 *
 * <p>A sidecar {@code <output>.run.json} names the run (program, state, input, model): a run that
 * differs is refused rather than mixed into the same file.
 */
final class RunOutput implements AutoCloseable {

    /** The key of a line's row number. */
    static final String ROW = "_row";

    /** The key of a failed row's error. */
    static final String ERROR = "_error";

    /** How every line this class writes starts. */
    private static final String ROW_PREFIX = "{\"" + ROW + "\":";

    /** A failed row's error key as it appears in a line (values are escaped, so it cannot appear in one). */
    private static final String ERROR_KEY = "\"" + ERROR + "\":\"";

    private final Path file;
    private final Path sidecar;
    private final Map<Integer, Boolean> earlier;
    private final FileChannel channel;

    private RunOutput(Path file, Path sidecar, Map<Integer, Boolean> earlier, FileChannel channel) {
        this.file = file;
        this.sidecar = sidecar;
        this.earlier = earlier;
        this.channel = channel;
    }

    /**
     * Opens the output of a run, reading back what an earlier run of the same name wrote.
     *
     * @param file the output file
     * @param run what the run is (program, state, input, model)
     * @param restart whether to discard an earlier run's output
     * @return the output, positioned at its end
     * @throws CliException when the file belongs to another run or cannot be read
     */
    static RunOutput open(Path file, ObjectNode run, boolean restart) {
        Path sidecar = file.resolveSibling(file.getFileName() + ".run.json");
        try {
            if (restart) {
                Files.deleteIfExists(file);
                Files.deleteIfExists(sidecar);
            }
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (Files.exists(sidecar)) {
                JsonNode before = RowJson.JSON.readTree(sidecar.toFile());
                List<String> differences = differences(before, run);
                if (!differences.isEmpty()) {
                    throw new CliException(
                            "--output " + file + " holds rows of another run (" + String.join("; ", differences)
                                    + "): choose another --output, or give --restart to start over");
                }
            } else if (Files.exists(file) && Files.size(file) > 0) {
                throw new CliException("--output " + file + " exists and was not written by dspj run: choose another"
                        + " --output, or give --restart to replace it");
            }
            Map<Integer, Boolean> earlier = Files.exists(file) ? readBack(file) : new TreeMap<>();
            writeAtomically(
                    sidecar,
                    List.of(RowJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(run)));
            FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new RunOutput(file, sidecar, earlier, channel);
        } catch (IOException e) {
            throw new CliException("--output " + file + ": " + e.getMessage(), 1, e);
        }
    }

    private static List<String> differences(JsonNode before, ObjectNode now) {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : now.properties()) {
            JsonNode old = before.path(entry.getKey());
            if (!old.equals(entry.getValue())) {
                differences.add(entry.getKey() + " was " + (old.isMissingNode() ? "not set" : old.toString()) + ", now "
                        + entry.getValue());
            }
        }
        return differences;
    }

    /** The rows an earlier run finished, each with whether it failed; a torn last line is cut off. */
    private static Map<Integer, Boolean> readBack(Path file) throws IOException {
        Map<Integer, Boolean> rows = new TreeMap<>();
        byte[] bytes = Files.readAllBytes(file);
        int start = 0;
        int lineNumber = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                lineNumber++;
                readLine(file, lineNumber, new String(bytes, start, i - start, StandardCharsets.UTF_8), rows);
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(start);
            }
        }
        return rows;
    }

    private static void readLine(Path file, int lineNumber, String line, Map<Integer, Boolean> rows) {
        if (line.isBlank()) {
            return;
        }
        int row = rowOf(line);
        if (row > 0) {
            rows.put(row, line.contains(ERROR_KEY));
            return;
        }
        JsonNode node;
        try {
            node = RowJson.JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new CliException(
                    file + ":" + lineNumber + ": not a JSON line of dspj run: " + e.getOriginalMessage());
        }
        JsonNode number = node.path(ROW);
        if (!number.canConvertToInt() || number.asInt() < 1) {
            throw new CliException(file + ":" + lineNumber + ": the line has no \"" + ROW + "\" number");
        }
        rows.put(number.asInt(), node.hasNonNull(ERROR));
    }

    /**
     * The row number of a line as this class writes it ({@code {"_row":12,...}}), read without
     * parsing the line; 0 when the line does not start that way (then it is parsed).
     */
    static int rowOf(String line) {
        if (!line.startsWith(ROW_PREFIX)) {
            return 0;
        }
        int row = 0;
        int i = ROW_PREFIX.length();
        for (; i < line.length() && i < ROW_PREFIX.length() + 10; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            row = row * 10 + (c - '0');
        }
        boolean ends = i < line.length() && (line.charAt(i) == ',' || line.charAt(i) == '}');
        return ends && i > ROW_PREFIX.length() ? row : 0;
    }

    /**
     * Whether an earlier run finished a row.
     *
     * @param row the row's number, from 1
     * @param retryFailed whether a row that failed counts as not finished
     * @return true to skip the row
     */
    boolean done(int row, boolean retryFailed) {
        Boolean failed = earlier.get(row);
        return failed != null && !(retryFailed && failed);
    }

    /**
     * The rows an earlier run finished.
     *
     * @return their count
     */
    int earlierRows() {
        return earlier.size();
    }

    /**
     * Appends a finished row in one write.
     *
     * @param line the row, {@value #ROW} first
     */
    void append(ObjectNode line) {
        byte[] bytes;
        try {
            bytes = (RowJson.JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a row could not be written as JSON", e);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        synchronized (this) {
            try {
                while (buffer.hasRemaining()) {
                    int unused = channel.write(buffer);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write to " + file, e);
            }
        }
    }

    /**
     * Rewrites the file in input order, the last line of each row kept, when it holds every row.
     *
     * @param rows how many rows the input has
     * @return the rows missing (none when the file was rewritten)
     */
    synchronized List<Integer> finish(int rows) {
        try {
            channel.force(false);
            Map<Integer, String> lines = new TreeMap<>();
            int previous = 0;
            boolean inOrder = true;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    int row = rowOf(line);
                    if (row == 0) {
                        row = RowJson.JSON.readTree(line).path(ROW).asInt();
                    }
                    inOrder &= row == previous + 1;
                    previous = row;
                    lines.put(row, line);
                }
            }
            List<Integer> missing = new ArrayList<>();
            for (int row = 1; row <= rows; row++) {
                if (!lines.containsKey(row)) {
                    missing.add(row);
                }
            }
            if (missing.isEmpty() && !(inOrder && previous == rows)) {
                lines.keySet().removeIf(row -> row > rows);
                writeAtomically(file, lines.values());
            }
            return missing;
        } catch (IOException e) {
            throw new CliException("--output " + file + ": " + e.getMessage(), 1, e);
        }
    }

    private static void writeAtomically(Path target, Iterable<String> lines) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            for (String line : lines) {
                writer.write(line);
                writer.write('\n');
            }
        }
        try (FileChannel sync = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            sync.force(true);
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file + " (run record " + sidecar + ")", e);
        }
    }
}
