package dev.dspj.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.module.Module;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.jspecify.annotations.Nullable;

/**
 * Programs named in an application's configuration ({@code dspj.programs.<name>.type} and {@code
 * .state}, as the Spring Boot and Micronaut integrations read them): the class checked, an instance
 * made with its static {@code predict()} factory (generated predictors) or its no-arg constructor, and a saved state loaded into it. Every failure names the
 * property, the class and the file.
 */
public final class ConfiguredPrograms {

    /** The factory of a generated predictor that makes a plain {@code Predict}. */
    public static final String PREDICT = "predict";

    /** The factory of a generated predictor that makes a chain of thought. */
    public static final String CHAIN_OF_THOUGHT = "chainOfThought";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfiguredPrograms() {}

    /**
     * The program class a property names.
     *
     * @param property the property's prefix ({@code dspj.programs.qa}), for messages
     * @param className the class's name
     * @param loader where to look for it
     * @return the class: a {@link Module} with a no-arg constructor
     * @throws IllegalStateException when it is not set, not found, not a module or has no no-arg constructor
     */
    public static Class<? extends Module> programClass(
            String property, @Nullable String className, ClassLoader loader) {
        if (className == null || className.isBlank()) {
            throw new IllegalStateException(property + ".type is not set: name the program's class, a "
                    + Module.class.getName() + " with a no-arg constructor");
        }
        Class<?> type;
        try {
            type = Class.forName(className.strip(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException(
                    property + ".type=" + className + ": no such class on the class path (" + e + ")", e);
        }
        if (!Module.class.isAssignableFrom(type)) {
            throw new IllegalStateException(property + ".type=" + className + ": the class is not a "
                    + Module.class.getName() + " (a generated predictor or a @Program class)");
        }
        Class<? extends Module> program = type.asSubclass(Module.class);
        if (factory(program, PREDICT) == null && noArgConstructor(program) == null) {
            throw new IllegalStateException(property + ".type=" + className
                    + ": the class has no no-arg constructor and no static " + PREDICT + "() factory");
        }
        return program;
    }

    /**
     * Makes a program: a generated predictor with its static {@code predict()} factory, any other
     * module with its no-arg constructor.
     *
     * @param property the property's prefix, for messages
     * @param type the class, from {@link #programClass}
     * @return the program
     * @throws IllegalStateException when the constructor fails
     */
    public static Module create(String property, Class<? extends Module> type) {
        try {
            return instantiate(type, PREDICT);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(property + ".type=" + type.getName() + ": " + e.getMessage(), e.getCause());
        }
    }

    /**
     * Makes a program with a static no-arg factory of its class that returns it (a generated
     * predictor's {@code predict()} or {@code chainOfThought()}), else with its no-arg constructor.
     *
     * @param type the program's class
     * @param factoryName the factory to prefer
     * @return the program
     * @throws IllegalStateException saying why it cannot be made (no factory or constructor, or it failed)
     */
    public static Module instantiate(Class<? extends Module> type, String factoryName) {
        Method factory = factory(type, factoryName);
        Constructor<? extends Module> constructor = factory == null ? noArgConstructor(type) : null;
        if (factory == null && constructor == null) {
            throw new IllegalStateException(
                    "the class has no no-arg constructor and no static " + factoryName + "() factory returning it");
        }
        try {
            if (factory != null) {
                return type.cast(factory.invoke(null));
            }
            Constructor<? extends Module> made = java.util.Objects.requireNonNull(constructor, "constructor");
            made.setAccessible(true);
            return made.newInstance();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(
                    (factory != null ? factoryName + "()" : "its constructor") + " failed: " + cause, cause);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot make it: " + e, e);
        }
    }

    private static @Nullable Method factory(Class<? extends Module> type, String name) {
        try {
            Method method = type.getMethod(name);
            return Modifier.isStatic(method.getModifiers()) && type.isAssignableFrom(method.getReturnType())
                    ? method
                    : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static <M extends Module> @Nullable Constructor<M> noArgConstructor(Class<M> type) {
        if (Modifier.isAbstract(type.getModifiers())) {
            return null;
        }
        try {
            return type.getDeclaredConstructor();
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /**
     * Loads a saved state into a program.
     *
     * @param property the property's prefix, for messages
     * @param program the program
     * @param location the state file as configured, for messages
     * @param in the file's content, or null when the file does not exist
     * @throws IllegalStateException when the file is missing, not JSON or for another program
     */
    public static void loadState(String property, Module program, String location, @Nullable InputStream in) {
        String what =
                property + ".state=" + location + " for " + program.getClass().getName();
        if (in == null) {
            throw new IllegalStateException(what + ": the file does not exist");
        }
        JsonNode tree;
        try (InputStream stream = in) {
            tree = JSON.readTree(stream);
        } catch (IOException e) {
            throw new IllegalStateException(what + ": cannot read it as JSON: " + e.getMessage(), e);
        }
        try {
            ProgramState.fromJson(program, tree);
        } catch (RuntimeException e) {
            throw new IllegalStateException(what + ": the saved state does not fit the program: " + e.getMessage(), e);
        }
    }
}
