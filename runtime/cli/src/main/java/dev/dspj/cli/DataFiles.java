package dev.dspj.cli;

import dev.dspj.data.Dataset;
import dev.dspj.data.DatasetLoader;
import dev.dspj.data.Datasets;
import dev.dspj.signature.SignatureDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Reads the JSONL and CSV files commands take, every value checked against the program's signature. */
final class DataFiles {

    private DataFiles() {}

    /**
     * Loads a file: JSONL unless its name ends in {@code .csv} or {@code .tsv}.
     *
     * @param option the option that named the file, for messages
     * @param file the file
     * @param signature the program's signature: values converted and checked by its fields' types, its
     *     input fields required; or null for a program of several predictors
     * @param inputs the input fields when given on the command line, else empty
     * @param required other fields every row must have (a metric's labels)
     * @return the rows, in file order
     * @throws CliException when the file does not exist
     * @throws dev.dspj.data.DatasetException listing every bad row with its file and line
     */
    static Dataset load(
            String option,
            Path file,
            @Nullable SignatureDescriptor signature,
            List<String> inputs,
            List<String> required) {
        if (!Files.isRegularFile(file)) {
            throw new CliException(option + " " + file + ": no such file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        DatasetLoader loader;
        if (name.endsWith(".csv")) {
            loader = Datasets.csv(file);
        } else if (name.endsWith(".tsv")) {
            loader = Datasets.csv(file).delimiter('\t');
        } else {
            loader = Datasets.jsonl(file);
        }
        if (signature != null) {
            loader.types(signature);
        }
        if (!inputs.isEmpty()) {
            loader.inputs(inputs.toArray(String[]::new));
        }
        if (!required.isEmpty()) {
            loader.require(required.toArray(String[]::new));
        }
        return loader.load();
    }
}
