package dev.dspj.agent;

import dev.dspj.tool.Tool;
import java.util.List;

/**
 * A module that calls tools and lists them in its prompts, whose tool descriptions an optimizer may
 * rewrite as it rewrites instructions (GEPA's {@code optimizeToolDescriptions}, DSPy's {@code
 * enable_tool_optimization}). Tools are values: describing one anew replaces it in this module and
 * in the instructions that list it, and leaves copies made before untouched.
 */
public interface ToolUsing {

    /**
     * The tools the module may call, as its prompts list them; {@code finish} and other tools the
     * module adds itself are left out.
     *
     * @return the tools, in order
     */
    List<Tool> describableTools();

    /**
     * The name, among {@link dev.dspj.module.Module#namedPredictors()}, of the predictor that
     * chooses the tools: its calls show how the tools were used.
     *
     * @return the predictor's name
     */
    String toolChoosingPredictor();

    /**
     * Gives one tool a new description, in the module's tools and in the instructions of the
     * predictor that lists it.
     *
     * @param toolName the tool's name
     * @param description the new description
     * @throws IllegalArgumentException when the module has no tool of that name, or the description
     *     is blank
     */
    void describeTool(String toolName, String description);
}
