package dev.dspj.cli;

import dev.dspj.data.Dataset;
import dev.dspj.data.DatasetLoader;
import dev.dspj.data.Datasets;
import dev.dspj.signature.SignatureDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The data files of a command and how they are shown: {@code --inputs} and {@code --progress}.
 * Files are read through {@link DatasetLoader}, every value checked against the program's signature.
 */
final class DataOptions {

    @Option(
            names = "--inputs",
            split = ",",
            paramLabel = "FIELD",
            description = "the input fields (default: the signature's; for a @Program, run passes every field of the"
                    + " row, evaluate and optimize need them named)")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--progress", negatable = true, description = "draw progress bars (default: on a terminal)")
    @Nullable
    Boolean progress;

    /** Whether to draw progress bars: as asked, else when the process has a terminal. */
    @SuppressWarnings("SystemConsoleNull") // Java 17: null exactly when there is no terminal
    boolean progress() {
        return progress != null ? progress : System.console() != null;
    }

    /**
     * Checks that a program's inputs are known: from its signature, or named by {@code --inputs}.
     *
     * @param program the program
     * @throws CliException when neither tells them
     */
    void requireInputs(ProgramOptions.LoadedProgram program) {
        if (program.signature() == null && inputs.isEmpty()) {
            throw new CliException("--inputs: name the input fields of " + program.className()
                    + ", a program of several predictors whose inputs cannot be told from its class");
        }
    }

    /**
     * Loads a file for a program with this command's {@code --inputs}.
     *
     * @param option the option that named the file, for messages
     * @param file the file
     * @param program the program, whose signature types the values
     * @param label a field every row must have (a metric's label), or null
     * @return the rows, in file order
     */
    Dataset load(String option, Path file, ProgramOptions.LoadedProgram program, @Nullable String label) {
        return load(option, file, program.signature(), inputs, label == null ? List.of() : List.of(label));
    }

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
