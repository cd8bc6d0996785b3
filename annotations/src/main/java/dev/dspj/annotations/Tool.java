package dev.dspj.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a method as a tool a model may call. The annotation processor generates {@code
 * <Class>Tools} next to the class (for {@code Calculator}, {@code CalculatorTools}): one {@code
 * dev.dspj.tool.Tool} per annotated method, with the arguments' JSON schemas from the parameter
 * types and a function that calls the method directly (no reflection), returned by {@code
 * CalculatorTools.of(calculator)} in declaration order.
 *
 * <pre>{@code
 * public class Calculator {
 *     @Tool("Adds two numbers.")
 *     public double add(@ToolParam("the first number") double a, double b) { return a + b; }
 * }
 * List<dev.dspj.tool.Tool> tools = CalculatorTools.of(new Calculator());
 * }</pre>
 *
 * <p>The description is {@link #value()}, or the method's javadoc (its first sentences, without
 * block tags) when empty; a parameter's description is its {@link ToolParam}, or the javadoc's
 * {@code @param} text. The tool's name is {@link #name()}, or the method's name.
 *
 * <p>Parameter and return types are those signature fields support (scalars, enums, records,
 * {@code List}, {@code Set}, {@code Map<String, T>}, {@code Optional}); an {@code Optional}
 * parameter may be left out by the model. A method may return {@code void} (the observation is
 * {@code None}) or a {@code CompletableFuture}/{@code CompletionStage} of a supported type (an
 * async tool). Compile errors, each on the exact element: a method that is not public, is static
 * or generic, or has an unsupported parameter or return type; a class the generated code cannot
 * reach (private, local, anonymous, generic, inner); two tools of one class with the same name or
 * two arguments of one tool; a name that function calling does not accept.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Tool {

    /**
     * What the tool does; empty for the method's javadoc.
     *
     * @return the description
     */
    String value() default "";

    /**
     * The tool's name as the model calls it; empty for the method's name. Letters, digits,
     * {@code _} and {@code -}, at most 64 characters.
     *
     * @return the name
     */
    String name() default "";

    /**
     * Whether the method may block its thread (input and output, sleeps, locks): an agent runs a
     * tool that may block on a thread of its own, within its timeout, and one that cannot on its
     * own thread, without that hop. Write {@code false} for a method that returns promptly without
     * waiting on anything (a computation, a lookup in memory). Unless written, a method that returns
     * a value or nothing may block, and one that returns a future does not.
     *
     * @return whether it may block
     */
    boolean blocking() default true;
}
