package dev.dspj.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as a DSPJ program: a composition of predictors (and other programs) that
 * optimizers tune as one unit.
 *
 * <p>The processor generates a {@code <Name>Variables} descriptor listing the program's
 * predictors by field name and its {@link Variable} fields, so optimizers walk the program
 * without reflection. (Processing of this annotation arrives with the variable system; until
 * then it is accepted and ignored.)
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Program {

    /**
     * A short description of what the program does, used in reports and by instruction
     * proposers.
     *
     * @return the description; empty for none
     */
    String value() default "";
}
