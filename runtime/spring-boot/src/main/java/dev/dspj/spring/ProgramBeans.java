package dev.dspj.spring;

import dev.dspj.module.Module;
import dev.dspj.state.ConfiguredPrograms;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one bean per {@code dspj.programs.<name>} entry: a bean of the program's own class, named
 * {@code <name>}, created with its no-arg constructor and given its saved state. A missing or wrong
 * class, or a state file that cannot be read or does not fit the program, fails the start with a
 * message naming the property, the class and the file.
 */
public class ProgramBeans implements ImportBeanDefinitionRegistrar {

    private final Environment environment;
    private final ResourceLoader resources;
    private final BeanFactory beans;

    /**
     * Called by Spring with the context's environment, resource loader and bean factory.
     *
     * @param environment where the properties are
     * @param resources what reads state locations
     * @param beans the bean factory
     */
    public ProgramBeans(Environment environment, ResourceLoader resources, BeanFactory beans) {
        this.environment = environment;
        this.resources = resources;
        this.beans = beans;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        Map<String, DspjProperties.Program> programs = Binder.get(environment)
                .bind(DspjProperties.PREFIX + ".programs", Bindable.mapOf(String.class, DspjProperties.Program.class))
                .orElse(Map.of());
        programs.forEach((name, program) -> register(registry, name, program));
    }

    private void register(BeanDefinitionRegistry registry, String name, DspjProperties.Program program) {
        String property = DspjProperties.PREFIX + ".programs." + name;
        Class<? extends Module> type = ConfiguredPrograms.programClass(
                property,
                program.getType(),
                java.util.Objects.requireNonNullElse(resources.getClassLoader(), ProgramBeans.class.getClassLoader()));
        RootBeanDefinition definition = new RootBeanDefinition(type);
        String state = program.getState();
        definition.setInstanceSupplier(() -> create(property, type, state));
        definition.setDescription("DSPJ program from " + property);
        registry.registerBeanDefinition(name, definition);
    }

    private Module create(String property, Class<? extends Module> type, @Nullable String state) {
        // the model first: a program built without one uses the default the model bean configures
        beans.getBeanProvider(DspjAutoConfiguration.DefaultModelBinding.class).getIfAvailable();
        Module program = ConfiguredPrograms.create(property, type);
        if (state != null && !state.isBlank()) {
            loadState(property, program, resources.getResource(state.strip()));
        }
        return program;
    }

    /**
     * Loads a saved state into a program.
     *
     * @param property the property's prefix, for messages
     * @param program the program
     * @param resource the state file
     * @throws IllegalStateException naming the property, the class and the file when it fails
     */
    static void loadState(String property, Module program, Resource resource) {
        InputStream in;
        try {
            in = resource.exists() ? resource.getInputStream() : null;
        } catch (IOException e) {
            throw new IllegalStateException(
                    property + ".state=" + resource.getDescription() + " for "
                            + program.getClass().getName() + ": cannot read it: " + e.getMessage(),
                    e);
        }
        ConfiguredPrograms.loadState(property, program, resource.getDescription(), in);
    }
}
