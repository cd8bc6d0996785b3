package dev.dspj.data;

import dev.dspj.primitives.Example;
import java.nio.file.Path;
import java.util.List;

/**
 * Where datasets come from: JSONL and CSV files (with field mapping, input marking and type
 * checks, see {@link DatasetLoader}), lists of examples, and the simulated model's built-in tasks.
 *
 * <pre>{@code
 * Dataset qa = Datasets.jsonl(Path.of("data/qa.jsonl"))
 *         .field("question", "q")          // the file calls it "q"
 *         .inputs("question")
 *         .types(QaSignature.DESCRIPTOR)   // optional: check and convert each value now
 *         .load();                         // DatasetException listing every bad row with its line
 * }</pre>
 */
public final class Datasets {

    private Datasets() {}

    /**
     * Starts loading a JSONL file: one JSON object per line.
     *
     * @param file the file
     * @return a loader to configure, then {@link DatasetLoader#load()}
     */
    public static DatasetLoader jsonl(Path file) {
        return new DatasetLoader(file, DatasetLoader.Format.JSONL);
    }

    /**
     * Starts loading a CSV file (RFC 4180, with a header row).
     *
     * @param file the file
     * @return a loader to configure, then {@link DatasetLoader#load()}
     */
    public static DatasetLoader csv(Path file) {
        return new DatasetLoader(file, DatasetLoader.Format.CSV);
    }

    /**
     * Wraps examples as a dataset.
     *
     * @param examples the examples
     * @return the dataset
     */
    public static Dataset of(List<Example> examples) {
        return Dataset.of(examples);
    }
}
