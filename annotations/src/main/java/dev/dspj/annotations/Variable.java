package dev.dspj.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a field as a tunable variable that optimizers may set. The annotation processor
 * generates {@code <Name>Variables} next to the class (for {@code TunableQa},
 * {@code TunableQaVariables}): one {@code Variable} constant per field, their {@code SPACE}, and
 * {@code read(program)}/{@code apply(program, configuration)} as plain field reads and writes.
 * {@code @Program} classes always get one, returned by their descriptor's {@code variables()};
 * other classes with {@code @Variable} fields work too.
 *
 * <pre>{@code
 * @Variable(min = 1, max = 4, desc = "passages the answer step sees")
 * int passages = 2;
 * }</pre>
 *
 * <p><b>Kinds.</b> The field's type gives the variable's kind:
 * <ul>
 *   <li>an enum: a choice among its constants ({@code Variable.ofEnum});</li>
 *   <li>{@code boolean}: true or false ({@code Variable.bool});</li>
 *   <li>{@code int}, {@code long}: a whole number in [{@link #min()}, {@link #max()}] moving by
 *       {@link #step()} from {@code min} ({@code Variable.integer}); both bounds are required,
 *       whole and within the type's range; the step is 1 unless given, and must divide
 *       {@code max - min};</li>
 *   <li>{@code double}: a real number in [{@link #min()}, {@link #max()}], both required and
 *       finite, searched on a log scale with {@link #logScale()} (then {@code min > 0})
 *       ({@code Variable.real});</li>
 *   <li>{@code String}: one of {@link #choices()}, at least one, no duplicates
 *       ({@code Variable.choice}).</li>
 * </ul>
 * Other types are compile errors; boxed types too ({@code Integer} → use {@code int}): a variable
 * always has a value. An attribute that does not apply to the field's kind ({@code choices} on an
 * {@code int}, {@code step} on a {@code double}...) is an error.
 *
 * <p><b>The default is the field's initializer</b>, read at compile time: a literal ({@code 2},
 * {@code -0.5}, {@code true}, {@code "short"}), an enum constant ({@code Style.SHORT}, or
 * {@code SHORT} statically imported) or a compile-time constant ({@code DEFAULT_HOPS},
 * {@code Limits.HOPS}). It must be a value of the variable (within the bounds, on the step, one of
 * the choices). Without an initializer a {@code boolean} defaults to false and a number to 0; a
 * {@code String} or enum field needs one. Values a constructor assigns are not defaults.
 *
 * <p><b>The field</b> must be an instance field, neither {@code private} (the generated class sets
 * it) nor {@code final}, of a class the generated code can reach: not private, local, anonymous,
 * generic or an inner (non-static nested) class.
 *
 * <p><b>Names</b> are {@link #name()} or the field's name: letters, digits and underscores, not
 * starting with a digit, distinct within the class. The constant is the name in upper snake case
 * ({@code maxHops} → {@code MAX_HOPS}); {@code INSTANCE} and {@code SPACE} are taken.
 *
 * <p><b>Conditions.</b> {@link #when()} makes a variable active only while another variable of the
 * same class has one of the listed values: {@code "style=DETAILED"},
 * {@code "format=markdown|json"}, {@code "reasoning=true"}, {@code "hops=2|3"}. The other variable
 * must be a boolean, enum, {@code String} or integer variable, the values must be among its values,
 * and conditions must not form a cycle. Every rule is checked at compile time, with a tagged
 * message ({@code [DSPJ-VARIABLE-...]}) on the field or the attribute at fault.
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
     * @return the description; empty for the first sentence of the field's javadoc, if any
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
     * A condition under which the variable is meaningful, written {@code "other=value"} or
     * {@code "other=value1|value2"}, for example {@code "module=CHAIN_OF_THOUGHT"}, where
     * {@code other} is the name of another variable of the class.
     *
     * @return the condition; empty when the variable always applies
     */
    String when() default "";
}
