package dev.dspj.micronaut;

import dev.dspj.module.Module;
import dev.dspj.state.ConfiguredPrograms;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.io.ResourceResolver;
import io.micronaut.inject.qualifiers.Qualifiers;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates one program per {@code dspj.programs.<name>} entry at start-up, with its saved state,
 * and registers it as a singleton of its own class named {@code <name>} ({@code @Named("qa")
 * QaProgram qa}, or {@code context.getBean(QaProgram.class, Qualifiers.byName("qa"))}). A missing
 * or wrong class, or a state file that cannot be read or does not fit the program, fails the start
 * with a message naming the setting, the class and the file.
 */
@Context
public class ProgramRegistrar {

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
            Class<? extends Module> type =
                    ConfiguredPrograms.programClass(property, configuration.getType(), beans.getClassLoader());
            Module program = ConfiguredPrograms.create(property, type);
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

    static void loadState(String property, Module program, String location, ResourceResolver resources) {
        String resolvable = location.contains(":") ? location : "file:" + location;
        ConfiguredPrograms.loadState(
                property,
                program,
                location,
                resources.getResourceAsStream(resolvable).orElse(null));
    }
}
