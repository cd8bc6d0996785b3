package dev.dspj.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.module.Module;
import dev.dspj.state.ProgramState;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
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
import org.springframework.util.ClassUtils;

/**
 * Registers one bean per {@code dspj.programs.<name>} entry: a bean of the program's own class, named
 * {@code <name>}, created with its no-arg constructor and given its saved state. A missing or wrong
 * class, or a state file that cannot be read or does not fit the program, fails the start with a
 * message naming the property, the class and the file.
 */
public class ProgramBeans implements ImportBeanDefinitionRegistrar {

    private static final ObjectMapper JSON = new ObjectMapper();

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
        Class<? extends Module> type = programClass(property, program.getType(), resources.getClassLoader());
        RootBeanDefinition definition = new RootBeanDefinition(type);
        String state = program.getState();
        definition.setInstanceSupplier(() -> create(property, type, state));
        definition.setDescription("DSPJ program from " + property);
        registry.registerBeanDefinition(name, definition);
    }

    /**
     * Loads a program's class and checks it is a module with a no-arg constructor.
     *
     * @param property the property's prefix, for messages
     * @param className the class's name
     * @param loader where to load it from
     * @return the class
     * @throws IllegalStateException naming the property and the class when it is unusable
     */
    static Class<? extends Module> programClass(
            String property, @Nullable String className, @Nullable ClassLoader loader) {
        if (className == null || className.isBlank()) {
            throw new IllegalStateException(property + ".type is not set: name the program's class, a "
                    + Module.class.getName() + " with a no-arg constructor");
        }
        Class<?> type;
        try {
            type = ClassUtils.forName(className.strip(), loader);
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

    private Module create(String property, Class<? extends Module> type, @Nullable String state) {
        // the model first: a program built without one uses the default the model bean configures
        beans.getBeanProvider(DspjAutoConfiguration.DefaultModelBinding.class).getIfAvailable();
        Module program;
        try {
            Constructor<? extends Module> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            program = constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(
                    property + ".type=" + type.getName() + ": its constructor failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(property + ".type=" + type.getName() + ": cannot create it: " + e, e);
        }
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
        String what = property + ".state=" + resource.getDescription() + " for "
                + program.getClass().getName();
        if (!resource.exists()) {
            throw new IllegalStateException(what + ": the file does not exist");
        }
        JsonNode tree;
        try (InputStream in = resource.getInputStream()) {
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
