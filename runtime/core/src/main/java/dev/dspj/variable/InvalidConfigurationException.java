package dev.dspj.variable;

import java.util.List;

/**
 * A configuration that does not fit its {@link VariableSpace}; the message lists every problem,
 * each naming the variable and what it allows.
 */
public final class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    /**
     * Creates the exception.
     *
     * @param configuration the configuration that was checked
     * @param problems what is wrong, one entry per problem
     */
    public InvalidConfigurationException(Configuration configuration, List<String> problems) {
        super("invalid configuration " + configuration + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * What is wrong, one entry per problem.
     *
     * @return the problems
     */
    public List<String> problems() {
        return problems;
    }
}
