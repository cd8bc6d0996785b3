package dev.dspj.micronaut;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.module.Module;
import dev.dspj.state.ProgramState;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.io.ResourceResolver;
import io.micronaut.inject.qualifiers.Qualifiers;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Creates one program per {@code dspj.programs.<name>} entry at start-up, with its saved state,
 * and registers it as a singleton of its own class named {@code <name>} ({@code @Named("qa")
 * QaProgram qa}, or {@code context.getBean(QaProgram.class, Qualifiers.byName("qa"))}). A missing
 * or wrong class, or a state file that cannot be read or does not fit the program, fails the start
 * with a message naming the setting, the class and the file.
 */
@Context
public class ProgramRegistrar {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Module> programs = new LinkedHashMap<>();

    /**
     * Creates and registers the programs.
     *
     * @param configurations the {@code dspj.programs.*} entries
     * @param beans the context to register them in
     * @param resources what reads the state locations
     * @param binding the default model, bound before any program is created
     */
    public ProgramRegistrar(
            Collection<ProgramConfiguration> configurations,
            BeanContext beans,
            ResourceResolver resources,
            DefaultModelBinding binding) {
        for (ProgramConfiguration configuration : configurations) {
            String property = "dspj.programs." + configuration.getName();
            Class<? extends Module> type = programClass(property, configuration.getType(), beans.getClassLoader());
            Module program = create(property, type);
            String state = configuration.getState();
            if (state != null && !state.isBlank()) {
                loadState(property, program, state.strip(), resources);
            }
            register(beans, type, program, configuration.getName());
            programs.put(configuration.getName(), program);
        }
    }

    /**
     * The programs created, by name.
     *
     * @return them
     */
    public Map<String, Module> programs() {
        return Map.copyOf(programs);
    }

    private static <T extends Module> void register(BeanContext beans, Class<T> type, Module program, String name) {
        beans.registerSingleton(type, type.cast(program), Qualifiers.byName(name));
    }

    static Class<? extends Module> programClass(String property, @Nullable String className, ClassLoader loader) {
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
        try {
            Constructor<?> unused = type.getDeclaredConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(
                    property + ".type=" + className + ": the class has no no-arg constructor", e);
        }
        return type.asSubclass(Module.class);
    }

    private static Module create(String property, Class<? extends Module> type) {
        try {
            Constructor<? extends Module> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(
                    property + ".type=" + type.getName() + ": its constructor failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(property + ".type=" + type.getName() + ": cannot create it: " + e, e);
        }
    }

    static void loadState(String property, Module program, String location, ResourceResolver resources) {
        String what =
                property + ".state=" + location + " for " + program.getClass().getName();
        String resolvable = location.contains(":") ? location : "file:" + location;
        Optional<InputStream> stream = resources.getResourceAsStream(resolvable);
        if (stream.isEmpty()) {
            throw new IllegalStateException(what + ": the file does not exist");
        }
        JsonNode tree;
        try (InputStream in = stream.get()) {
            tree = JSON.readTree(in);
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
