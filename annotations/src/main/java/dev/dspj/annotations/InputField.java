package dev.dspj.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link Signature} interface as an input field: a value the caller supplies
 * and the prompt shows to the model.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface InputField {

    /**
     * What the field holds, shown to the model next to the field's name and type.
     *
     * @return the description; empty for none
     */
    String desc() default "";

    /**
     * The field's name on the wire (in prompts, parsed answers and saved programs) when it must
     * differ from the method name, for example to match a DSPy program's {@code snake_case} field.
     * Must be a valid identifier made of letters, digits and underscores.
     *
     * @return the wire name; empty to use the method name
     */
    String name() default "";
}
