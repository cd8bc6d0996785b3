package dev.dspj.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes a parameter of a {@link Tool} method to the model, and may rename it.
 *
 * <pre>{@code
 * @Tool("Looks a person up by name.")
 * public Person lookup(@ToolParam(value = "the full name", name = "full_name") String name) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface ToolParam {

    /**
     * What the argument means; empty for the javadoc's {@code @param} text.
     *
     * @return the description
     */
    String value() default "";

    /**
     * What the argument means, spelled as {@code @InputField(desc = ...)} spells it; the same as
     * {@link #value()}, of which only one may be given.
     *
     * @return the description
     */
    String desc() default "";

    /**
     * The argument's name as the model writes it; empty for the parameter's name.
     *
     * @return the name
     */
    String name() default "";
}
