package dev.dspj.adapter;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A model's answer could not be parsed into a signature's output fields. Names the signature,
 * the adapter, every field that was missing or malformed and why, and carries the raw completion.
 */
public final class AdapterParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final int SHOWN_COMPLETION_CHARS = 2_000;

    private final String adapterName;
    private final String signatureName;
    private final List<FieldProblem> problems;
    private final String completion;

    /**
     * Creates the exception.
     *
     * @param adapterName the adapter that parsed
     * @param signatureName the signature's name
     * @param problems one entry per failed field
     * @param completion the raw completion
     */
    public AdapterParseException(
            String adapterName, String signatureName, List<FieldProblem> problems, String completion) {
        super(message(adapterName, signatureName, problems, completion));
        this.adapterName = adapterName;
        this.signatureName = signatureName;
        this.problems = List.copyOf(problems);
        this.completion = completion;
    }

    private static String message(String adapter, String signature, List<FieldProblem> problems, String completion) {
        StringBuilder m = new StringBuilder(adapter)
                .append(" could not parse the answer for signature ")
                .append(signature)
                .append(':');
        for (FieldProblem problem : problems) {
            m.append("\n  - field '").append(problem.field()).append("': ").append(problem.problem());
        }
        String shown = completion.length() > SHOWN_COMPLETION_CHARS
                ? completion.substring(0, SHOWN_COMPLETION_CHARS) + "\n[... "
                        + (completion.length() - SHOWN_COMPLETION_CHARS) + " more characters]"
                : completion;
        return m.append("\nCompletion:\n").append(shown).toString();
    }

    /**
     * The adapter that failed.
     *
     * @return its name
     */
    public String adapterName() {
        return adapterName;
    }

    /**
     * The signature whose outputs were expected.
     *
     * @return its name
     */
    public String signatureName() {
        return signatureName;
    }

    /**
     * Every field that could not be read, with the reason.
     *
     * @return the problems
     */
    public List<FieldProblem> problems() {
        return problems;
    }

    /**
     * The model's raw answer.
     *
     * @return the completion
     */
    public String completion() {
        return completion;
    }

    /**
     * One output field that could not be read.
     *
     * @param field the field's name
     * @param problem what was expected and what was found
     * @param text the field's text, or null when the field was missing
     */
    public record FieldProblem(
            String field, String problem, @Nullable String text) {}
}
