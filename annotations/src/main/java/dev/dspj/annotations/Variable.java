package dev.dspj.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a field of a program as a tunable variable that optimizers may set.
 *
 * <p>The field's type gives the variable's kind: an enum or {@code boolean} is a choice among its
 * values; {@code int}/{@code long} is an integer in [{@link #min()}, {@link #max()}] moving by
 * {@link #step()}; {@code double} is continuous in [{@link #min()}, {@link #max()}], optionally on
 * a log scale; {@code String} chooses among {@link #choices()}. The field's initial value is the
 * default. (Processing of this annotation arrives with the variable system; until then it is
 * accepted and ignored.)
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Variable {

    /**
     * The variable's name in configurations and reports.
     *
     * @return the name; empty to use the field name
     */
    String name() default "";

    /**
     * What the variable controls, shown in reports.
     *
     * @return the description; empty for none
     */
    String desc() default "";

    /**
     * Lower bound of a numeric variable, inclusive.
     *
     * @return the bound; negative infinity when unset
     */
    double min() default Double.NEGATIVE_INFINITY;

    /**
     * Upper bound of a numeric variable, inclusive.
     *
     * @return the bound; positive infinity when unset
     */
    double max() default Double.POSITIVE_INFINITY;

    /**
     * Step between the values of an integer variable.
     *
     * @return the step; 0 for the default step of 1
     */
    double step() default 0;

    /**
     * Whether a continuous variable is searched on a log scale (both bounds must then be positive).
     *
     * @return true for a log scale
     */
    boolean logScale() default false;

    /**
     * The allowed values of a {@code String} variable.
     *
     * @return the choices; empty for non-string variables
     */
    String[] choices() default {};

    /**
     * A condition under which the variable is meaningful, written {@code "other=value"}, for
     * example {@code "module=CHAIN_OF_THOUGHT"}.
     *
     * @return the condition; empty when the variable always applies
     */
    String when() default "";
}
