package dev.dspj.cli;

import dev.dspj.evaluate.Metric;
import dev.dspj.evaluate.Metrics;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The metric a command scores with: {@code --metric} (a built-in name or a {@link Metric} class) and
 * {@code --metric-field} (the output field it compares with the file's label).
 */
final class MetricOptions {

    /** The built-in metrics by name. */
    static final List<String> BUILT_IN = List.of("exact_match", "f1", "hotpot_f1", "passage_match");

    @Option(
            names = "--metric",
            paramLabel = "METRIC",
            defaultValue = "exact_match",
            description = "exact_match, f1, hotpot_f1, passage_match, or a class implementing dev.dspj.evaluate.Metric"
                    + " with a no-arg constructor (default: ${DEFAULT-VALUE})")
    String metric = "exact_match";

    @Option(
            names = "--metric-field",
            paramLabel = "FIELD",
            description = "the output field compared with the row's label of the same name (default: the signature's"
                    + " first output field)")
    @Nullable
    String field;

    /**
     * The field the metric reads, which every labeled row must have.
     *
     * @param program the program
     * @return the field, or null for a metric class (it reads what it wants)
     * @throws CliException when it cannot be told
     */
    @Nullable
    String labelField(ProgramOptions.LoadedProgram program) {
        if (!BUILT_IN.contains(name())) {
            return null;
        }
        if (name().equals("passage_match")) {
            return "answer";
        }
        if (field != null) {
            return field;
        }
        SignatureDescriptor signature = program.signature();
        if (signature == null) {
            throw new CliException("--metric-field: name the output field to score: " + program.className()
                    + " is a program of several predictors, so its outputs cannot be told from its class");
        }
        return signature.outputFields().stream()
                .map(FieldDescriptor::name)
                .filter(name -> !name.equals("reasoning"))
                .findFirst()
                .orElseThrow(() -> new CliException("--metric-field: " + program.className() + " has no output field"));
    }

    private String name() {
        return metric.strip().toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * Makes the metric.
     *
     * @param program the program, for the default field
     * @param loader where a metric class is looked for
     * @return the metric
     * @throws CliException naming {@code --metric} when it is unknown or cannot be made
     */
    Metric create(ProgramOptions.LoadedProgram program, ClassLoader loader) {
        String label = labelField(program);
        switch (name()) {
            case "exact_match":
                return Metrics.exactMatch(java.util.Objects.requireNonNull(label));
            case "f1":
                return Metrics.f1(java.util.Objects.requireNonNull(label));
            case "hotpot_f1":
                return Metrics.hotpotF1(java.util.Objects.requireNonNull(label));
            case "passage_match":
                return Metrics.passageMatch();
            default:
                return custom(loader);
        }
    }

    private Metric custom(ClassLoader loader) {
        String name = metric.strip();
        Class<?> type;
        try {
            type = Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new CliException("--metric " + name + ": not a built-in metric (" + String.join(", ", BUILT_IN)
                    + ") and no such class on the class path");
        }
        if (!Metric.class.isAssignableFrom(type)) {
            throw new CliException("--metric " + name + ": the class is not a " + Metric.class.getName());
        }
        try {
            return (Metric) type.getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new CliException("--metric " + name + ": its constructor failed: "
                    + DspjCli.describe(e.getCause() == null ? e : e.getCause()));
        } catch (ReflectiveOperationException e) {
            throw new CliException("--metric " + name + ": cannot make it with a no-arg constructor: " + e);
        }
    }
}
