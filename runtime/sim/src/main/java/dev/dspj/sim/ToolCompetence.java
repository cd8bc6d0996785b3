package dev.dspj.sim;

/**
 * The competence model of tool use: the probabilities that a ReAct step of the simulated model
 * chooses the right tool, writes the exact argument, and finishes once the right observation is
 * in its trajectory.
 *
 * <pre>
 * help   = {@value #DEMO_WEIGHT} * min(goodDemos, {@value #MAX_DEMOS}) - {@value #BAD_DEMO_WEIGHT} * badDemos
 *        + {@value #HINT_WEIGHT} * min(hintsFound, {@value #MAX_HINTS}) - {@value #TEMPERATURE_WEIGHT} * temperature
 * p(tool)     = sigmoid(profile.baseLogit + {@value #TOOL_BASE} + help)
 * p(argument) = sigmoid(profile.baseLogit + {@value #ARGUMENT_BASE} - {@value #ARGUMENT_DIFFICULTY_WEIGHT} * difficulty + help)
 * p(finish)   = sigmoid(profile.baseLogit + {@value #FINISH_BASE} + help)
 * </pre>
 *
 * <p>A step whose trajectory lacks the right observation calls the expected tool with probability
 * p(tool), and then writes the exact argument with probability p(argument); otherwise it writes a
 * near miss ({@value #WRONG_VALUE_SHARE} of the misses: a digit slip, a distractor's name), a
 * malformed one ({@value #MALFORMED_SHARE}: an expression the calculator rejects, a family name
 * alone) or one under the wrong key ({@value #WRONG_KEY_SHARE}). A wrong tool choice is a call to
 * another listed tool ({@value #DISTRACTOR_SHARE} of them; to finish when there is none), an early
 * {@code finish} ({@value #EARLY_FINISH_SHARE}) or a tool name not in the list
 * ({@value #UNKNOWN_TOOL_SHARE}). A step whose trajectory holds the right observation finishes
 * with probability p(finish), else calls the tool again with the same argument. Every draw is
 * hashed from the seed, the model, the example and the whole prompt, like {@link Competence}'s.
 *
 * <p>Answers without the right observation (an extract step after a failed episode, or a direct
 * question) are correct with {@link Competence}'s probability at a logit lower by the task's
 * unaided penalty (4 for arithmetic, 8 for invented people); with it, always.
 */
public final class ToolCompetence {

    /** Logit of choosing the expected tool, on top of the model's base logit. */
    public static final double TOOL_BASE = 1.0;
    /** Logit of writing the exact argument, on top of the model's base logit. */
    public static final double ARGUMENT_BASE = 0.8;
    /** How much an example's difficulty (0..1) lowers the logit of the exact argument. */
    public static final double ARGUMENT_DIFFICULTY_WEIGHT = 1.5;
    /** Logit of finishing once the right observation is in, on top of the model's base logit. */
    public static final double FINISH_BASE = 1.5;
    /** How much each good demo raises every logit. */
    public static final double DEMO_WEIGHT = 0.3;
    /** Good demos beyond this many do not help. */
    public static final int MAX_DEMOS = 4;
    /** How much each bad demo lowers every logit. */
    public static final double BAD_DEMO_WEIGHT = 0.5;
    /** How much each of the task's hint phrases in the instructions raises every logit. */
    public static final double HINT_WEIGHT = 0.5;
    /** Hint phrases beyond this many do not help. */
    public static final int MAX_HINTS = 2;
    /** How much each unit of temperature lowers every logit. */
    public static final double TEMPERATURE_WEIGHT = 1.0;
    /** Share of wrong tool choices that call another listed tool. */
    public static final double DISTRACTOR_SHARE = 0.4;
    /** Share of wrong tool choices that finish before any observation. */
    public static final double EARLY_FINISH_SHARE = 0.4;
    /** Share of wrong tool choices that name a tool not in the list. */
    public static final double UNKNOWN_TOOL_SHARE = 0.2;
    /** Share of wrong arguments that are a plausible near miss. */
    public static final double WRONG_VALUE_SHARE = 0.5;
    /** Share of wrong arguments that the tool rejects or finds nothing for. */
    public static final double MALFORMED_SHARE = 0.35;
    /** Share of wrong arguments written under a key the tool does not have. */
    public static final double WRONG_KEY_SHARE = 0.15;

    private ToolCompetence() {}

    private static double help(ToolConditions conditions) {
        return DEMO_WEIGHT * Math.min(conditions.goodDemos(), MAX_DEMOS)
                - BAD_DEMO_WEIGHT * conditions.badDemos()
                + HINT_WEIGHT * Math.min(conditions.hintsFound(), MAX_HINTS)
                - TEMPERATURE_WEIGHT * conditions.temperature();
    }

    /**
     * The probability that a step without the right observation calls the expected tool.
     *
     * @param profile the model
     * @param conditions what the step's prompt does
     * @return the probability
     */
    public static double toolProbability(SimModelProfile profile, ToolConditions conditions) {
        return sigmoid(profile.baseLogit() + TOOL_BASE + help(conditions));
    }

    /**
     * The probability that a call of the expected tool has the exact argument.
     *
     * @param profile the model
     * @param difficulty the example's difficulty, 0..1
     * @param conditions what the step's prompt does
     * @return the probability
     */
    public static double argumentProbability(SimModelProfile profile, double difficulty, ToolConditions conditions) {
        return sigmoid(
                profile.baseLogit() + ARGUMENT_BASE - ARGUMENT_DIFFICULTY_WEIGHT * difficulty + help(conditions));
    }

    /**
     * The probability that a step whose trajectory holds the right observation finishes.
     *
     * @param profile the model
     * @param conditions what the step's prompt does
     * @return the probability
     */
    public static double finishProbability(SimModelProfile profile, ToolConditions conditions) {
        return sigmoid(profile.baseLogit() + FINISH_BASE + help(conditions));
    }

    /**
     * The probability of a correct answer without the tool's observation.
     *
     * @param profile the model
     * @param difficulty the example's difficulty
     * @param conditions what the answering prompt does
     * @param unaidedPenalty the task's unaided penalty
     * @return the probability
     */
    static double unaidedProbability(
            SimModelProfile profile, double difficulty, SimConditions conditions, double unaidedPenalty) {
        return sigmoid(Competence.logit(profile, difficulty, conditions) - unaidedPenalty);
    }

    /**
     * The probability that an agent's episode gets the right observation into its trajectory within
     * {@code maxIters} steps, when the task's tools (the expected one and a distractor) are listed
     * and an unknown tool name is observed ({@link UnknownToolPolicy#OBSERVED}).
     *
     * @param profile the model
     * @param difficulty the example's difficulty
     * @param conditions what the step's prompt does
     * @param maxIters the agent's iteration limit, at least 1
     * @return the probability
     */
    public static double reachProbability(
            SimModelProfile profile, double difficulty, ToolConditions conditions, int maxIters) {
        return reachProbability(profile, difficulty, conditions, maxIters, UnknownToolPolicy.OBSERVED);
    }

    /**
     * The probability that an agent's episode gets the right observation into its trajectory within
     * {@code maxIters} steps, when the task's tools (the expected one and a distractor) are listed:
     * each step without it succeeds with {@code s = p(tool) p(argument)}, ends the episode with
     * {@code e} (an early finish, and an unknown tool name when the loop ends on one), or tries
     * again with {@code c = 1 - s - e}, so the chance is {@code s (1 - c^maxIters) / (1 - c)}.
     *
     * @param profile the model
     * @param difficulty the example's difficulty
     * @param conditions what the step's prompt does
     * @param maxIters the agent's iteration limit, at least 1
     * @param unknownTool what the loop does with a tool name not in its list
     * @return the probability
     */
    public static double reachProbability(
            SimModelProfile profile,
            double difficulty,
            ToolConditions conditions,
            int maxIters,
            UnknownToolPolicy unknownTool) {
        if (maxIters < 1) {
            throw new IllegalArgumentException("maxIters must be at least 1, got " + maxIters);
        }
        double tool = toolProbability(profile, conditions);
        double success = tool * argumentProbability(profile, difficulty, conditions);
        double endShare = unknownTool == UnknownToolPolicy.ENDS_EPISODE
                ? EARLY_FINISH_SHARE + UNKNOWN_TOOL_SHARE
                : EARLY_FINISH_SHARE;
        double ends = (1 - tool) * endShare;
        double again = 1 - success - ends;
        return success * (1 - Math.pow(again, maxIters)) / (1 - again);
    }

    static double sigmoid(double logit) {
        return 1.0 / (1.0 + Math.exp(-logit));
    }
}
