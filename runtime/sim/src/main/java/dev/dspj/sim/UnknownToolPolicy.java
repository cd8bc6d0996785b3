package dev.dspj.sim;

/**
 * What an agent's loop does when a step names a tool that is not in its list, which the simulated
 * model does for {@value ToolCompetence#UNKNOWN_TOOL_SHARE} of its wrong tool choices. The known
 * optima ({@link SimTask#expectedAgentAccuracy}, {@link SimTask#bestAgent}) depend on it.
 */
public enum UnknownToolPolicy {

    /**
     * The error becomes the step's observation and the agent takes another step, as DSPJ's {@code
     * ReAct} does: the unknown name costs one iteration.
     */
    OBSERVED,

    /**
     * The step cannot be read and the episode ends, as in DSPy's {@code dspy.ReAct}, whose {@code
     * next_tool_name} is a {@code Literal} of the tool names: the answer is extracted from the
     * trajectory so far.
     */
    ENDS_EPISODE
}
