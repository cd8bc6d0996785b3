package dev.dspj.micronaut;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import org.jspecify.annotations.Nullable;

/**
 * One program to create as a bean ({@code dspj.programs.<name>.type} and {@code .state}): see
 * {@link ProgramRegistrar}.
 */
@EachProperty("dspj.programs")
public class ProgramConfiguration {

    private final String name;
    private @Nullable String type;
    private @Nullable String state;

    /**
     * The configuration of the program named {@code name}.
     *
     * @param name the bean's name: the key under {@code dspj.programs}
     */
    public ProgramConfiguration(@Parameter String name) {
        this.name = name;
    }

    /**
     * The program's bean name.
     *
     * @return the name
     */
    public String getName() {
        return name;
    }

    /**
     * The program's class: a Module with a no-arg constructor (a generated predictor or a
     * {@code @Program} class).
     *
     * @return its name, or null when unset
     */
    public @Nullable String getType() {
        return type;
    }

    /**
     * Sets the program's class.
     *
     * @param type the class's name
     */
    public void setType(@Nullable String type) {
        this.type = type;
    }

    /**
     * Where its saved state (JSON, from ProgramState.save) is: a file path, {@code file:} or
     * {@code classpath:} location.
     *
     * @return it, or null for none
     */
    public @Nullable String getState() {
        return state;
    }

    /**
     * Sets where its saved state is.
     *
     * @param state the location
     */
    public void setState(@Nullable String state) {
        this.state = state;
    }
}
