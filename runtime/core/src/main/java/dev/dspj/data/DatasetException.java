package dev.dspj.data;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A dataset file could not be loaded: it cannot be read, its header is unusable, or some of its
 * rows are bad. The message lists every bad row with its file and line (the first
 * {@value #LISTED}, then how many more); {@link #problems()} has all of them.
 */
public final class DatasetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** How many problems the message lists before summarising the rest. */
    public static final int LISTED = 20;

    private final transient Path file;
    private final transient List<DatasetProblem> problems;

    /**
     * Creates the exception for bad rows.
     *
     * @param file the data file
     * @param rows how many rows the file has
     * @param problems every bad row
     */
    public DatasetException(Path file, long rows, List<DatasetProblem> problems) {
        super(message(file, rows, problems));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    /**
     * Creates the exception for a file that cannot be read at all.
     *
     * @param file the data file
     * @param message what went wrong
     * @param cause the underlying error, or null
     */
    public DatasetException(Path file, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.file = file;
        this.problems = List.of();
    }

    private static String message(Path file, long rows, List<DatasetProblem> problems) {
        long badRows = problems.stream().map(DatasetProblem::line).distinct().count();
        StringBuilder out = new StringBuilder("Cannot load dataset ")
                .append(file)
                .append(": ")
                .append(badRows)
                .append(badRows == 1 ? " bad row" : " bad rows")
                .append(" of ")
                .append(rows)
                .append(" (fix them, or call skipBadRows() to load the others and see dataset.problems())");
        int listed = 0;
        for (DatasetProblem problem : problems) {
            if (listed == LISTED) {
                out.append("\n  ... and ").append(problems.size() - LISTED).append(" more");
                break;
            }
            out.append("\n  ").append(problem);
            listed++;
        }
        return out.toString();
    }

    /**
     * The file that could not be loaded.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }

    /**
     * Every bad row found, in file order; empty when the file could not be read at all.
     *
     * @return the problems
     */
    public List<DatasetProblem> problems() {
        return problems;
    }
}
