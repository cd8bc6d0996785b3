package dev.dspj.propose;

import dev.dspj.codec.Codecs;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * The signatures of instruction proposal, with DSPy's signature names, field names, output
 * prefixes and the meaning of its instructions and field descriptions. Every field is a
 * {@code String}; the caller renders lists (examples, earlier attempts, traces) into text.
 *
 * <ul>
 *   <li>{@link #DESCRIBE_DATASET}: observations about a batch of training examples (MIPROv2's
 *       dataset summary, DSPy's {@code DatasetDescriptor}).
 *   <li>{@link #DESCRIBE_PROGRAM} and {@link #DESCRIBE_MODULE}: what the program does and what
 *       one of its modules contributes (DSPy's {@code DescribeProgram}, {@code DescribeModule}).
 *   <li>{@link #GENERATE_INSTRUCTION}: MIPROv2's grounded instruction from all of the above plus
 *       demos, earlier instructions with scores and a tip ({@code GenerateSingleModuleInstruction}).
 *   <li>{@link #BASIC_GENERATE_INSTRUCTION} and {@link #GENERATE_INSTRUCTION_GIVEN_ATTEMPTS}:
 *       COPRO's first round and its later rounds.
 *   <li>{@link #REFLECT_ON_FEEDBACK}: GEPA's rewrite of one predictor's instruction from examples
 *       with the task model's outputs and the metric's feedback.
 *   <li>{@link #IMPROVE_TOOL_DESCRIPTION}: GEPA's rewrite of one tool's description from an
 *       agent's steps and the metric's feedback.
 * </ul>
 *
 * <p>SIMBA's append-a-rule uses {@link dev.dspj.module.Refine#OFFER_FEEDBACK}.
 */
public final class ProposerSignatures {

    /** DSPy's {@code DatasetDescriptor}: input {@code examples}, output {@code observations}. */
    public static final SignatureDescriptor DESCRIBE_DATASET = SignatureDescriptor.builder("DatasetDescriptor")
            .instructions("Given several examples from a dataset, write observations about trends that hold for most "
                    + "or all of the samples. Areas you may consider include topics, content, syntax and "
                    + "conciseness. It helps to make an educated guess about the nature of the task the dataset "
                    + "enables. Don't be afraid to be creative.")
            .field(input("examples", "Sample data points from the dataset", null))
            .field(output("observations", "Things that hold true for most or all of the data you observed", null))
            .build();

    /**
     * DSPy's {@code DescribeProgram}: inputs {@code program_code}, {@code program_example}, output
     * {@code program_description}.
     */
    public static final SignatureDescriptor DESCRIBE_PROGRAM = SignatureDescriptor.builder("DescribeProgram")
            .instructions("Below is some pseudo-code for a pipeline that solves tasks with calls to language models. "
                    + "Describe what type of task this program appears to be designed to solve, and how it appears "
                    + "to work.")
            .field(input(
                    "program_code",
                    "Pseudocode for a language model program designed to solve a particular task.",
                    "PROGRAM CODE:"))
            .field(input("program_example", "An example of the program in use.", "EXAMPLE OF PROGRAM IN USE:"))
            .field(output(
                    "program_description",
                    "Describe what task the program is designed to solve, and how it goes about solving this task.",
                    "SUMMARY OF PROGRAM ABOVE:"))
            .build();

    /**
     * DSPy's {@code DescribeModule}: inputs {@code program_code}, {@code program_description},
     * {@code program_example}, {@code module}, output {@code module_description}.
     */
    public static final SignatureDescriptor DESCRIBE_MODULE = SignatureDescriptor.builder("DescribeModule")
            .instructions("Below is some pseudo-code for a pipeline that solves tasks with calls to language models. "
                    + "Describe the purpose of one of the specified modules in this pipeline.")
            .field(input(
                    "program_code",
                    "Pseudocode for a language model program designed to solve a particular task.",
                    "PROGRAM CODE:"))
            .field(input(
                    "program_description",
                    "Summary of the task the program is designed to solve, and how it goes about solving it.",
                    "SUMMARY OF PROGRAM ABOVE:"))
            .field(input("program_example", "An example of the program in use.", "EXAMPLE OF PROGRAM IN USE:"))
            .field(input("module", "The module in the program that we want to describe.", "MODULE:"))
            .field(output(
                    "module_description",
                    "Description of the module's role in the broader program.",
                    "MODULE DESCRIPTION:"))
            .build();

    /**
     * DSPy's {@code GenerateSingleModuleInstruction} with every optional input present: inputs
     * {@code dataset_description}, {@code program_code}, {@code program_description},
     * {@code module}, {@code module_description}, {@code task_demos},
     * {@code previous_instructions}, {@code basic_instruction}, {@code tip}, output
     * {@code proposed_instruction}. An input the optimizer does not use is passed as an empty
     * string.
     */
    public static final SignatureDescriptor GENERATE_INSTRUCTION = SignatureDescriptor.builder(
                    "GenerateSingleModuleInstruction")
            .instructions("Use the information below to learn about a task that we are trying to solve using "
                    + "calls to an LM, then generate a new instruction that will be used to prompt a Language "
                    + "Model to better solve the task.")
            .field(input("dataset_description", "A description of the dataset that we are using.", "DATASET SUMMARY:"))
            .field(input(
                    "program_code", "Language model program designed to solve a particular task.", "PROGRAM CODE:"))
            .field(input(
                    "program_description",
                    "Summary of the task the program is designed to solve, and how it goes about solving it.",
                    "PROGRAM DESCRIPTION:"))
            .field(input("module", "The module to create an instruction for.", "MODULE:"))
            .field(input(
                    "module_description",
                    "Description of the module to create an instruction for.",
                    "MODULE DESCRIPTION:"))
            .field(input("task_demos", "Example inputs/outputs of our module.", "TASK DEMO(S):"))
            .field(input(
                    "previous_instructions",
                    "Previous instructions we've attempted, along with their associated scores.",
                    "PREVIOUS INSTRUCTIONS:"))
            .field(input("basic_instruction", "Basic instruction.", "BASIC INSTRUCTION:"))
            .field(input("tip", "A suggestion for how to go about generating the new instruction.", "TIP:"))
            .field(output(
                    "proposed_instruction",
                    "Propose an instruction that will be used to prompt a Language Model to perform this task.",
                    "PROPOSED INSTRUCTION:"))
            .build();

    /**
     * COPRO's {@code BasicGenerateInstruction}: input {@code basic_instruction}, outputs
     * {@code proposed_instruction}, {@code proposed_prefix_for_output_field}.
     */
    public static final SignatureDescriptor BASIC_GENERATE_INSTRUCTION = SignatureDescriptor.builder(
                    "BasicGenerateInstruction")
            .instructions("You are an instruction optimizer for large language models. I will give you a "
                    + "``signature`` of fields (inputs and outputs) in English. Your task is to propose an "
                    + "instruction that will lead a good language model to perform the task well. Don't be "
                    + "afraid to be creative.")
            .field(input("basic_instruction", "The initial instructions before optimization", null))
            .field(output("proposed_instruction", "The improved instructions for the language model", null))
            .field(output(
                    "proposed_prefix_for_output_field",
                    "The string at the end of the prompt, which will help the model start solving the task",
                    null))
            .build();

    /**
     * COPRO's {@code GenerateInstructionGivenAttempts}: input {@code attempted_instructions}
     * (earlier instructions, prefixes and scores in increasing order of score), outputs
     * {@code proposed_instruction}, {@code proposed_prefix_for_output_field}.
     */
    public static final SignatureDescriptor GENERATE_INSTRUCTION_GIVEN_ATTEMPTS = SignatureDescriptor.builder(
                    "GenerateInstructionGivenAttempts")
            .instructions("You are an instruction optimizer for large language models. I will give some task "
                    + "instructions I've tried, along with their corresponding validation scores. The "
                    + "instructions are arranged in increasing order based on their scores, where higher "
                    + "scores indicate better quality.\n\n"
                    + "Your task is to propose a new instruction that will lead a good language model to "
                    + "perform the task even better. Don't be afraid to be creative.")
            .field(input(
                    "attempted_instructions",
                    "Instructions tried so far, each with its output prefix and resulting score",
                    null))
            .field(output("proposed_instruction", "The improved instructions for the language model", null))
            .field(output(
                    "proposed_prefix_for_output_field",
                    "The string at the end of the prompt, which will help the model start solving the task",
                    null))
            .build();

    /**
     * GEPA's instruction proposal as a signature (DSPy's
     * {@code GenerateEnhancedInstructionFromFeedback}, with GEPA's output name): inputs
     * {@code current_instruction}, {@code examples_with_feedback}, output {@code new_instruction}.
     */
    public static final SignatureDescriptor REFLECT_ON_FEEDBACK = SignatureDescriptor.builder("ReflectOnFeedback")
            .instructions("I provided an assistant with instructions to perform a task, and its performance needs "
                    + "improvement according to the examples and feedback below.\n\n"
                    + "Your task is to write a new instruction for the assistant that addresses the issues the "
                    + "feedback identifies.\n\n"
                    + "1. Read the inputs carefully; identify the input format and infer a detailed description of "
                    + "the task.\n"
                    + "2. Read every assistant response and its feedback to understand what went wrong and what "
                    + "worked.\n"
                    + "3. Identify niche and domain-specific facts about the task and put them in the instruction, "
                    + "since the assistant may not have them in the future.\n"
                    + "4. If the assistant used a generalizable strategy successfully, include it.\n"
                    + "5. Address the specific issues in the feedback so the same mistakes are not repeated.\n\n"
                    + "Write a clear, precise and actionable instruction.")
            .field(input(
                    "current_instruction",
                    "The current instruction that was provided to the assistant to perform the task",
                    null))
            .field(input(
                    "examples_with_feedback",
                    "Task examples showing inputs, assistant outputs, and feedback. Read these carefully to "
                            + "identify patterns, successful strategies, and specific issues that need to be addressed.",
                    null))
            .field(output(
                    "new_instruction",
                    "A better instruction for the assistant that addresses the identified issues, includes necessary "
                            + "domain-specific knowledge, incorporates successful strategies, and provides clear "
                            + "guidance to prevent the mistakes shown in the examples.",
                    null))
            .build();

    /**
     * GEPA's rewrite of one tool's description from an agent's tool-choosing calls and the metric's
     * feedback ({@link dev.dspj.optimize.Gepa.Builder#optimizeToolDescriptions}): inputs {@code
     * tool_name}, {@code current_description}, {@code examples_with_feedback}; output {@code
     * new_description}.
     */
    public static final SignatureDescriptor IMPROVE_TOOL_DESCRIPTION = SignatureDescriptor.builder(
                    "ImproveToolDescription")
            .instructions("An agent chooses among tools by their descriptions, and its performance needs improvement "
                    + "according to the examples and feedback below, which show the agent's steps: its thoughts, "
                    + "the tools it called with which arguments, and what they returned.\n\n"
                    + "Your task is to write a new description of one tool so that the agent calls it when it "
                    + "should, with the right arguments, and reads its results correctly.\n\n"
                    + "1. Read the steps and the feedback to see where the tool was missed, misused or given wrong "
                    + "arguments.\n"
                    + "2. Keep what the tool does and what it returns accurate: describe the tool, not the task.\n"
                    + "3. Say when to use it and what exact form its arguments need.\n\n"
                    + "Write a clear, precise description.")
            .field(input("tool_name", "The tool whose description is rewritten", null))
            .field(input("current_description", "The tool's current description", null))
            .field(input(
                    "examples_with_feedback",
                    "The agent's steps on task examples, with the feedback on its final outputs",
                    null))
            .field(output(
                    "new_description",
                    "A better description of the tool that tells the agent when and how to call it",
                    null))
            .build();

    private ProposerSignatures() {}

    private static FieldDescriptor<String> input(String name, String description, @Nullable String prefix) {
        FieldDescriptor<String> field = FieldDescriptor.input(name, Codecs.STRING, description, "java.lang.String");
        return prefix == null ? field : field.withPrefix(prefix);
    }

    private static FieldDescriptor<String> output(String name, String description, @Nullable String prefix) {
        FieldDescriptor<String> field = FieldDescriptor.output(name, Codecs.STRING, description, "java.lang.String");
        return prefix == null ? field : field.withPrefix(prefix);
    }
}
